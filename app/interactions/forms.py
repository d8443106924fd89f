"""Forms of the interaction screens."""

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Optional

from app.choices import measure_groups, options
from app.editing import EditForm
from app.extensions import db
from app.fields import SelectField
from app.incoming import record_id, record_number
from models import Contact, Stakeholder, clock
from models.operations import create_interaction, update_interaction
from models.scoping import possible_assignees, visible_contacts, visible_stakeholders


class InteractionForm(EditForm):
    """The quick log (and the edit form): who, when, what was discussed, a follow-up."""

    create = staticmethod(create_interaction)
    update = staticmethod(update_interaction)
    created = _l("Interaction logged.")

    occurred_on = DateField(_l("Date"), validators=[DataRequired()], default=clock.today)
    kind = SelectField(_l("Kind"), default="meeting")
    stakeholder_ids = SelectMultipleField(
        _l("Stakeholders"), coerce=record_number, validate_choice=False
    )
    contact_ids = SelectMultipleField(
        _l("Contacts present"), coerce=record_number, validate_choice=False
    )
    measure_codes = SelectMultipleField(_l("Measures discussed"))
    summary = TextAreaField(_l("Summary"), render_kw={"rows": 3})
    follow_up_on = DateField(_l("Follow-up on"), validators=[Optional()])
    past_follow_up = BooleanField(_l("Yes, this date is past"))
    # Any value goes to the operation, which names the user and why one may not take it.
    assigned_to_id = SelectField(
        _l("Assigned to"),
        validate_choice=False,
        description=_l("Sees the follow-up on their home page; told by email."),
    )
    submit = SubmitField(_l("Save"))
    another = SubmitField(_l("Save and log another"))
    # The follow-up stored before this edit (None for a new interaction): keeping it, even
    # past, asks nothing.
    stored_follow_up: date | None = None
    # The measures, grouped by theme: [(theme, {code: label})] (`fill_choices`).
    measure_groups: list = []
    asking_past = False
    # The edited interaction's assignee, kept among the choices whoever it is.
    assigned = None

    FIELDS = ("occurred_on", "kind", "summary", "follow_up_on")
    LINKS = ("stakeholder_ids", "contact_ids", "measure_codes")

    def fill_choices(self, stakeholders=(), contacts=(), measures=()) -> "InteractionForm":
        """Fill the selects; chosen stakeholders and contacts are kept as options, and a
        deactivated measure only among the edited interaction's `measures`."""
        self.kind.choices = options("interaction_kind")
        self.measure_groups = measure_groups(keep=measures)
        self.measure_codes.choices = {
            code: label for _theme, group in self.measure_groups for code, label in group.items()
        }
        self.stakeholder_ids.choices = {s.id: s.name for s in stakeholders}
        self.assigned_to_id.choices = assignee_options(stakeholders or None, self.assigned)
        self.contact_ids.choices = {c.id: c.full_name for c in contacts}
        # Only the stakeholders the user may log for are offered (`?engage=1`); the cursor
        # starts in this first field.
        self.stakeholder_ids.render_kw = {
            "data-lookup": url_for("stakeholders.lookup", engage=1),
            "data-placeholder": _("Type a name…"),
            "autofocus": True,
        }
        # The contacts of the stakeholders chosen above come first, all of them on focus.
        self.contact_ids.render_kw = {
            "data-lookup": url_for("contacts.lookup"),
            "data-lookup-first": self.stakeholder_ids.id,
            "data-placeholder": _("Type a name…"),
        }
        return self

    def load(self, interaction) -> None:
        """Show `interaction`'s values in the form."""
        for name in self.FIELDS:
            getattr(self, name).data = getattr(interaction, name)
        self.stakeholder_ids.data = [s.id for s in interaction.stakeholders]
        self.contact_ids.data = [c.id for c in interaction.contacts]
        self.measure_codes.data = [m.code for m in interaction.measures]
        # Nobody yet (no follow-up): the logger, as saving would choose, if still there.
        owner = interaction.assigned_to or interaction.logged_by
        self.assigned_to_id.data = str(owner.id if owner and owner.active else current_user.id)

    @classmethod
    def stored(cls, record) -> "InteractionForm":
        """Return the form of `record`'s stored values; without an assignee (no follow-up)
        nothing is stored to compare the select's choice with."""
        form = super().stored(record)
        if record.assigned_to_id is None:
            del form["assigned_to_id"]
        return form

    def pick_stakeholder(self, stakeholder_id: int) -> None:
        """Start the quick log with the stakeholder whose page it was opened from."""
        self.stakeholder_ids.data = [stakeholder_id]

    def prepare(self, interaction) -> "InteractionForm":
        """Fill the choices of the quick log, or to edit `interaction` (a deactivated measure
        of its own stays)."""
        measures = [] if interaction is None else [m.code for m in interaction.measures]
        self.stored_follow_up = None if interaction is None else interaction.follow_up_on
        self.assigned = None if interaction is None else interaction.assigned_to
        if interaction is None and not self.is_submitted():
            self.assigned_to_id.data = str(current_user.id)  # me, by default
        return self.fill_choices(*chosen(self), measures=measures)

    def validate_follow_up_on(self, field) -> None:
        """A follow-up date in the past is asked about once: saved only when the user ticks
        that it is (a date kept from before is not asked about again)."""
        day = field.data
        past = day and day < clock.today() and day != self.stored_follow_up
        if past and not self.past_follow_up.data:
            self.asking_past = True
            raise ValidationError(
                _("This date is past. Tick “Yes, this date is past” to save it anyway.")
            )

    @property
    def asks_past_follow_up(self) -> bool:
        """Whether the form shows the box that confirms a past follow-up date."""
        return self.asking_past or bool(self.past_follow_up.data)

    def values(self) -> dict:
        """Return the operation's data: this form's own fields only."""
        values = {name: getattr(self, name).data for name in (*self.FIELDS, *self.LINKS)}
        raw = self.assigned_to_id.data
        if raw not in (None, ""):
            values["assigned_to_id"] = record_id(raw) or raw  # a forged value is named
        return values


def assignee_options(stakeholders=None, current=None) -> dict[str, str]:
    """Return the users the current user may assign a follow-up of `stakeholders` to, as
    {id: name} options, the current user first ("me") and the `current` assignee kept."""
    users = db.session.scalars(possible_assignees(current_user, stakeholders)).all()
    if current is not None and current not in users:
        users.insert(0, current)
    users.sort(key=lambda u: u.id != current_user.id)  # stable: the others stay by name
    return {str(u.id): _name(u) for u in users}


def _name(user) -> str:
    name = user.name or user.email
    if user.id == current_user.id:
        return _("%(name)s (me)", name=name)
    return name if user.active else _("%(name)s (deactivated)", name=name)


def chosen(form: InteractionForm) -> tuple[list, list]:
    """Return the stakeholders and contacts the form names, within the user's scope."""
    ids = [i for i in form.stakeholder_ids.data or [] if isinstance(i, int)]
    contact_ids = [i for i in form.contact_ids.data or [] if isinstance(i, int)]
    stakeholders = db.session.scalars(
        visible_stakeholders(current_user).where(Stakeholder.id.in_(ids))
    ).all()
    contacts = db.session.scalars(
        visible_contacts(current_user).where(Contact.id.in_(contact_ids))
    ).all()
    return stakeholders, contacts


class DoneForm(FlaskForm):
    """Mark a follow-up as done (a POST with its CSRF token)."""

    submit = SubmitField(_l("Mark as done"))


def follow_up_buttons() -> dict:
    """What a list or page of interactions needs to show follow-ups and their button (the
    button's form carries the CSRF token only: `interactions/_item.html`)."""
    return {"today": clock.today()}
