"""Forms of a stakeholder's ties: record one, edit it, end it today and undo that, remove it."""

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SubmitField, TextAreaField
from wtforms.validators import Optional

from app.choices import options, stakeholder_picker
from app.editing import EditForm
from app.fields import SelectField
from models.labels import TIE_TYPES_SEEN_FROM_TARGET
from models.operations import update_relationship
from models.reference import DIRECTED_TIES

# A directed type chosen from its other end's page: "~member_of" is "Has as member".
SEEN_FROM_TARGET = "~"
SEEN_FROM = "tie_seen_from"  # g's key: the stakeholder whose page the tie is edited from


def tie_type_options() -> dict[str, str]:
    """Return the tie types, each directed one followed by its reading from the other end
    ("Member of", then "Has as member"), so that a tie is recorded from either page."""
    choices = {}
    for code, label in options("relationship_type").items():
        choices[code] = label
        if code in DIRECTED_TIES:
            choices[SEEN_FROM_TARGET + code] = str(TIE_TYPES_SEEN_FROM_TARGET[code])
    return choices


class TieForm(EditForm):
    """Record a tie from a stakeholder's page (the other stakeholder by type-ahead), or edit
    one: its two stakeholders are then fixed (a tie to someone else is another tie)."""

    update = staticmethod(update_relationship)

    other_id = SelectField(_l("Other stakeholder"), coerce=str, validate_choice=False)
    type = SelectField(_l("Type of tie"))
    intensity = SelectField(
        _l("Intensity"),
        default="",
        description=_l("From knowing of each other (awareness) to working as one (integration)."),
    )
    starts_on = DateField(_l("Start date"), validators=[Optional()])
    ends_on = DateField(_l("End date"), validators=[Optional()])
    notes = TextAreaField(_l("Note"), render_kw={"rows": 2})
    submit = SubmitField(_l("Add the tie"))

    FIELDS = ("type", "intensity", "starts_on", "ends_on", "notes")

    def fill_choices(self, stakeholder=None) -> "TieForm":
        """Fill the selects of a new tie of `stakeholder` (the type-ahead holding the chosen
        stakeholder), or of an edited tie when `stakeholder` is None (no type-ahead).

        A regional lead ties a stakeholder of their regions to any stakeholder they see, but
        a national one (which they only read) to one of their regions only."""
        from flask_login import current_user

        from app.access import visible_stakeholder

        self.type.choices = tie_type_options()
        unsaid = pgettext("intensity", "Not specified")
        self.intensity.choices = options("relationship_intensity", unsaid)
        if stakeholder is None:
            del self.other_id
            self.submit.label.text = _("Save")
        else:
            chosen = visible_stakeholder(self.other_id.data)
            engage = not current_user.can_engage(stakeholder)
            stakeholder_picker(self.other_id, chosen, engage=engage)
        return self

    tie = None  # the tie edited (None: a new one)

    def load(self, tie) -> None:
        """Show `tie`'s values in the form, a directed type as read from the page's
        stakeholder (`g.tie_seen_from`)."""
        for name in self.FIELDS:
            value = getattr(tie, name)
            getattr(self, name).data = "" if value is None and name == "intensity" else value
        if tie.type in DIRECTED_TIES and g.get(SEEN_FROM) == tie.target_id:
            self.type.data = SEEN_FROM_TARGET + tie.type

    def prepare(self, tie) -> "TieForm":
        """Fill the choices to edit `tie` (its stakeholders fixed, but for which of the two
        is the member or the funder)."""
        self.tie = tie
        return self.fill_choices(None)

    @property
    def seen_from_target(self) -> bool:
        """Return whether the type chosen reads from the tie's other end ("Has as member")."""
        return (self.type.data or "").startswith(SEEN_FROM_TARGET)

    def values(self) -> dict:
        """Return the operation's data: the tie's own fields ("" intensity: not specified);
        for an edited tie whose direction the type turned, its two ends swapped."""
        data = {name: getattr(self, name).data for name in self.FIELDS}
        data["intensity"] = data["intensity"] or None
        data["type"] = (data["type"] or "").removeprefix(SEEN_FROM_TARGET)
        tie, page = self.tie, g.get(SEEN_FROM)
        if tie is not None and page in (tie.source_id, tie.target_id):
            other = tie.target_id if page == tie.source_id else tie.source_id
            source, target = (other, page) if self.seen_from_target else (page, other)
            if data["type"] not in DIRECTED_TIES:
                source, target = tie.source_id, tie.target_id  # either way round
            if (source, target) != (tie.source_id, tie.target_id):
                data |= {"source_id": source, "target_id": target}
        return data


class EndTieForm(FlaskForm):
    """End a tie today (a POST with its CSRF token and the version the page showed)."""

    version = HiddenField()


class UndoEndTieForm(FlaskForm):
    """Put back the end date a tie had before "end today" (and the version after it)."""

    version = HiddenField()
    ends_on = HiddenField()


class RemoveTieForm(FlaskForm):
    """Confirm the removal of a tie."""

    submit = SubmitField(_l("Remove the tie"))
