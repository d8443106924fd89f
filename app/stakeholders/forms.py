"""Forms of the stakeholder screens."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.choices import (
    active_options,
    mrc_options,
    municipality_options,
    options,
    owner_options,
    region_options,
    score_options,
)
from app.editing import EditForm
from app.fields import SelectField
from app.incoming import record_id
from models.municipality import DIRECTORY_CREDIT
from models.operations import create_stakeholder, update_stakeholder
from models.operations.stakeholders import FIELDS as STAKEHOLDER_FIELDS
from models.reference import NATIONAL
from models.scoping import visible_areas


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
    # The place: a municipality of the directory (its MRC and region follow), else an MRC,
    # else a place in words; `models.operations.stakeholders` settles them.
    municipality_code = SelectField(_l("Municipality"), default="", validate_choice=False)
    mrc_code = SelectField(
        _l("MRC"),
        default="",
        validate_choice=False,
        description=_l(
            "For a stakeholder without a municipality (a table covering a whole MRC); "
            "a municipality gives its own."
        ),
    )
    locality = StringField(
        _l("Place (if not a municipality)"),
        validators=[Length(max=200)],
        description=_l(
            "A neighbourhood, a community not in the directory: the region is then required."
        ),
    )
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=50)])
    website = URLField(_l("Website"), validators=[Length(max=300)])
    stage = SelectField(_l("Mobilization stage"))
    owner_id = SelectField(_l("Owner"), default="", description=_l("Who follows it up."))
    influence = SelectField(_l("Influence (1 to 5)"), default="")
    interest = SelectField(_l("Interest (1 to 5)"), default="")
    tags = StringField(_l("Tags"), description=_l("Separated by commas."))
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 4})
    external_ref = StringField(_l("External reference"), validators=[Length(max=100)])
    submit = SubmitField(_l("Save"))

    FIELDS = STAKEHOLDER_FIELDS

    def fill_choices(self, stakeholder=None) -> "StakeholderForm":
        """Fill the selects from the reference lists (a deactivated sector, or an owner who
        left, only when it is the edited `stakeholder`'s)."""
        self.kind.choices = options("stakeholder_kind")
        keep = [stakeholder.sector_code] if stakeholder is not None else []
        self.sector_code.choices = active_options("sector", "—", keep)
        # A new stakeholder's level is chosen, never preset to a level its region lacks.
        self.level.choices = options("level", "—" if stakeholder is None else None)
        self.region_code.choices = region_options("—")
        self.fill_place(stakeholder)
        self.stage.choices = options("stage")
        self.influence.choices = self.interest.choices = score_options()
        self.owner_id.choices = (
            owner_options(stakeholder.owner, stakeholder.level, stakeholder.region_code)
            if stakeholder is not None
            else owner_options()
        )
        return self

    def fill_place(self, stakeholder) -> None:
        """Make the municipality a type-ahead over the directory (without script, a place
        typed in the free-text field is linked by the place rule) and fill the MRCs of the
        user's regions."""
        regions = visible_areas(current_user)
        keep = stakeholder.municipality_code if stakeholder is not None else None
        self.municipality_code.choices = municipality_options(keep)
        self.municipality_code.description = " ".join(
            (_("From the official directory: its MRC and region follow."), DIRECTORY_CREDIT)
        )
        self.municipality_code.render_kw = {
            "data-lookup": url_for("stakeholders.municipalities"),
            "data-placeholder": _("Type a name…"),
            "data-remove": _("Remove %(name)s", name="{name}"),
        }
        self.mrc_code.choices = mrc_options(regions)

    def preset(self, user) -> None:
        """Preset a new stakeholder's place: a user of one region gets a local stakeholder
        of that region, anyone else chooses the level."""
        if len(user.region_codes) == 1:
            self.level.data, self.region_code.data = "local", user.region_codes[0]

    def load(self, stakeholder) -> None:
        """Show `stakeholder`'s values in the form."""
        for name in self.FIELDS:
            value = getattr(stakeholder, name)
            getattr(self, name).data = "" if value is None else str(value)
        self.tags.data = ", ".join(stakeholder.tag_names)
        if stakeholder.municipality_code:  # the municipality gives both
            self.mrc_code.data = self.locality.data = ""

    def prepare(self, stakeholder) -> "StakeholderForm":
        """Fill the choices to edit `stakeholder`, or to create one (its place preset)."""
        if stakeholder is None and not self.is_submitted():
            from flask_login import current_user

            self.preset(current_user)
        return self.fill_choices(stakeholder)

    def values(self) -> dict:
        """Return the operation's data: this form's own fields only; a national stakeholder's
        region is left out (the form may have kept one from before the level changed)."""
        data = {name: getattr(self, name).data for name in self.FIELDS}
        data["tags"] = [t.strip() for t in (self.tags.data or "").split(",") if t.strip()]
        data["owner_id"] = record_id(self.owner_id.data)
        if data["level"] == NATIONAL:
            data["region_code"] = None
        return data


class ArchiveForm(FlaskForm):
    """Archive or restore a stakeholder (a POST with its CSRF token)."""

    submit = SubmitField(_l("Archive"))
