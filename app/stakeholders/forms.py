"""Forms of the stakeholder screens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.choices import active_options, options, region_options, score_options
from app.editing import EditForm
from app.fields import SelectField
from models.operations import create_stakeholder, update_stakeholder
from models.operations.stakeholders import FIELDS as STAKEHOLDER_FIELDS


class StakeholderForm(EditForm):
    """Create or edit a stakeholder."""

    create = staticmethod(create_stakeholder)
    update = staticmethod(update_stakeholder)
    created = _l("Stakeholder created.")

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"))
    sector_code = SelectField(_l("Sector"), default="")
    level = SelectField(_l("Level"))
    region_code = SelectField(_l("Region"), description=_l("Empty for a national stakeholder."))
    locality = StringField(_l("Municipality or MRC"), validators=[Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=50)])
    website = URLField(_l("Website"), validators=[Length(max=300)])
    stage = SelectField(_l("Mobilization stage"))
    influence = SelectField(_l("Influence (1 to 5)"), default="")
    interest = SelectField(_l("Interest (1 to 5)"), default="")
    tags = StringField(_l("Tags"), description=_l("Separated by commas."))
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 4})
    external_ref = StringField(_l("External reference"), validators=[Length(max=100)])
    submit = SubmitField(_l("Save"))

    # The operation's fields but the owner, which this form does not offer.
    FIELDS = tuple(name for name in STAKEHOLDER_FIELDS if name != "owner_id")

    def fill_choices(self, stakeholder=None) -> "StakeholderForm":
        """Fill the selects from the reference lists (a deactivated sector only when it is
        the edited `stakeholder`'s)."""
        self.kind.choices = options("stakeholder_kind")
        keep = [stakeholder.sector_code] if stakeholder is not None else []
        self.sector_code.choices = active_options("sector", "—", keep)
        self.level.choices = options("level")
        self.region_code.choices = region_options("—")
        self.stage.choices = options("stage")
        self.influence.choices = self.interest.choices = score_options()
        return self

    def load(self, stakeholder) -> None:
        """Show `stakeholder`'s values in the form."""
        for name in self.FIELDS:
            value = getattr(stakeholder, name)
            getattr(self, name).data = "" if value is None else str(value)
        self.tags.data = ", ".join(stakeholder.tag_names)

    def prepare(self, stakeholder) -> "StakeholderForm":
        """Fill the choices to edit `stakeholder`."""
        return self.fill_choices(stakeholder)

    def values(self) -> dict:
        """Return the operation's data: this form's own fields only."""
        data = {name: getattr(self, name).data for name in self.FIELDS}
        data["tags"] = [t.strip() for t in (self.tags.data or "").split(",") if t.strip()]
        return data


class ArchiveForm(FlaskForm):
    """Archive or restore a stakeholder (a POST with its CSRF token)."""

    submit = SubmitField(_l("Archive"))
