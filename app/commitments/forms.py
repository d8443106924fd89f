"""Forms of the commitment screens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SubmitField, TextAreaField
from wtforms.validators import Optional

from app.access import visible_stakeholder
from app.choices import active_options, options, stakeholder_picker
from app.editing import EditForm
from app.fields import SelectField
from app.incoming import record_id
from models.operations import create_commitment, update_commitment


class CommitmentForm(EditForm):
    """Record or edit a commitment; a new status is kept in the history."""

    create = staticmethod(create_commitment)
    update = staticmethod(update_commitment)
    created = _l("Commitment recorded.")

    stakeholder_id = SelectField(_l("Stakeholder"), coerce=str, validate_choice=False)
    measure_code = SelectField(_l("Measure"))
    status = SelectField(_l("Status"), default="committed")
    involvement = SelectField(_l("Involvement"), default="supporter")
    committed_on = DateField(_l("Committed on"), validators=[Optional()])
    due_on = DateField(_l("Due on"), validators=[Optional()])
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})
    submit = SubmitField(_l("Save"))

    FIELDS = ("status", "involvement", "committed_on", "due_on", "description")

    def fill_choices(self, stakeholder=None, editing=False) -> "CommitmentForm":
        """Fill the selects; stakeholder and measure are fixed once the commitment exists."""
        self.measure_code.choices = active_options("measure")
        self.status.choices = options("commitment_status")
        self.involvement.choices = options("involvement")
        stakeholder_picker(self.stakeholder_id, stakeholder)
        if editing:
            del self.stakeholder_id
            del self.measure_code
        return self

    def load(self, commitment) -> None:
        """Show `commitment`'s values in the form."""
        for name in self.FIELDS:
            getattr(self, name).data = getattr(commitment, name)

    def prepare(self, commitment) -> "CommitmentForm":
        """Fill the choices of a new commitment (the stakeholder chosen), or to edit one
        (its stakeholder and measure are fixed)."""
        if commitment is None:
            return self.fill_choices(visible_stakeholder(self.stakeholder_id.data))
        return self.fill_choices(editing=True)

    def values(self) -> dict:
        """Return the operation's data: this form's own fields only."""
        data = {name: getattr(self, name).data for name in self.FIELDS}
        if getattr(self, "stakeholder_id", None) is not None:
            chosen = self.stakeholder_id.data or ""
            data["stakeholder_id"] = record_id(chosen)
            data["measure_code"] = self.measure_code.data
        return data


class StatusForm(FlaskForm):
    """Change a commitment's status from its stakeholder's page; `version` is the
    commitment's as the page showed it (a change saved in between is refused)."""

    status = SelectField(_l("Status"))
    version = HiddenField()
    submit = SubmitField(_l("Change the status"))

    @classmethod
    def of(cls, commitment, measure: str) -> "StatusForm":
        """Return the form of `commitment`'s row (its own field ids), showing its status."""
        form = cls(prefix=f"commitment-{commitment.id}")
        form.status.choices = options("commitment_status")
        form.status.label.text = _l("Status of %(measure)s", measure=measure)
        if not form.is_submitted():
            form.status.data = commitment.status
            form.version.data = str(commitment.version)
        return form
