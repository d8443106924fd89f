"""Forms of the confidentiality incident register."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from app.editing import EditForm
from models.labels import RISK_LABELS
from models.operations.incidents import FIELDS


class IncidentForm(EditForm):
    """Record or correct an incident of the register."""

    occurred_on = DateField(_l("Date of the incident"), validators=[DataRequired()])
    discovered_on = DateField(_l("Date it was discovered"), validators=[DataRequired()])
    description = TextAreaField(
        _l("What happened"), validators=[DataRequired()], render_kw={"rows": 4}
    )
    information_concerned = TextAreaField(
        _l("Personal information concerned"),
        validators=[DataRequired()],
        render_kw={"rows": 3},
    )
    people_count = IntegerField(
        _l("Number of people concerned"),
        validators=[InputRequired(), NumberRange(min=0)],
        default=0,
    )
    serious_injury_risk = SelectField(_l("Assessment"))
    risk_assessment = TextAreaField(
        _l("Why"),
        description=_l(
            "The sensitivity of the information, what it could be used for, and the likely "
            "consequences for the people concerned."
        ),
        render_kw={"rows": 3},
    )
    cai_notified_on = DateField(
        _l("Commission d'accès à l'information notified on"), validators=[Optional()]
    )
    people_notified_on = DateField(_l("People concerned notified on"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels in the request's language (lazy strings are not accepted as choices).
        self.serious_injury_risk.choices = {code: str(label) for code, label in RISK_LABELS.items()}

    def load(self, incident) -> None:
        """Show `incident`'s values in the form."""
        for name in FIELDS:
            getattr(self, name).data = getattr(incident, name)

    def values(self) -> dict:
        """Return the operation's data: this form's own fields only."""
        return {name: getattr(self, name).data for name in FIELDS}
