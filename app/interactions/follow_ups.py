"""The buttons of a follow-up on the home page: mark it done, put it off a week, move it to
another date, hand it to someone else; and undo all but the date.

Each is a POST with its CSRF token and the version of the interaction the page showed, so
that a follow-up someone changed in between is refused (`models.operations.StaleRecord`)
rather than overwritten. The change goes through `update_interaction` (the user's rights,
the audit log). Back on the home page, a message names the stakeholders and the date.

Handing it over (`reassign`) offers the users who may take it (`assignees`); the new
assignee is told by email (`app.interactions.notify`) once the change is committed.

A week later (`snoozed`): a week from today for an overdue follow-up (a week after a date
already gone would still be overdue, or nearly), a week after its date otherwise.
"""

import functools
from datetime import date, timedelta

from flask import flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField
from wtforms.validators import Optional

from app.access import get_or_404, require
from app.extensions import db
from app.incoming import record_id
from app.interactions import bp
from app.interactions.notify import tell_assignee
from app.navigation import day
from app.saving import save
from models import Interaction, User, clock
from models.lists import InteractionList
from models.operations import update_interaction
from models.scoping import possible_assignees, visible_participants

SNOOZE_DAYS = 7
UNDO = "follow_up_undo"  # the session's key for the last change that can be undone


class FollowUpForm(FlaskForm):
    """A follow-up's button: the version it was read at, and for "another date" the date."""

    version = HiddenField()
    follow_up_on = DateField(_l("New follow-up date"), validators=[Optional()])
    assigned_to_id = HiddenField()


class UndoForm(FlaskForm):
    """Put a follow-up back as it was (the values before, the version after the change)."""

    version = HiddenField()
    follow_up_on = HiddenField()
    follow_up_done = HiddenField()
    assigned_to_id = HiddenField()


def snoozed(follow_up_on: date, today: date | None = None) -> date:
    """Return the date a follow-up put off a week moves to: a week from today when it is
    overdue, a week after its date otherwise."""
    today = today or clock.today()
    return max(follow_up_on, today) + timedelta(days=SNOOZE_DAYS)


def _found(interaction_id: int) -> Interaction:
    interaction = get_or_404(InteractionList(current_user).scoped(), Interaction, interaction_id)
    require(current_user.can_edit(interaction))
    return interaction


def _names(interaction: Interaction) -> str:
    return ", ".join(s.name for s in visible_participants(current_user, interaction))


@bp.post("/<int:interaction_id>/follow-up/<any(done, snooze, reschedule, reassign):action>")
@login_required
def follow_up(interaction_id: int, action: str):
    """Mark the follow-up done, put it off a week, move it or hand it over; back home."""
    interaction = _found(interaction_id)
    form = FollowUpForm()
    home = redirect(url_for("main.index"))
    if not form.validate_on_submit() or interaction.follow_up_on is None:
        flash(_("The follow-up could not be changed: reload the page and try again."), "danger")
        return home
    before = {
        "follow_up_on": interaction.follow_up_on,
        "follow_up_done": interaction.follow_up_done,
        "assigned_to_id": interaction.assigned_to_id,
    }
    names = _names(interaction)
    if action == "reassign":
        raw = form.assigned_to_id.data or ""
        changes = {"assigned_to_id": record_id(raw) or raw}
        target = db.session.get(User, record_id(raw)) if record_id(raw) else None
        said = _(
            "Follow-up with %(names)s assigned to %(name)s.",
            names=names,
            name=(target.name or target.email) if target else raw,
        )
    elif action == "done":
        changes = {"follow_up_done": True}
        said = _("Follow-up with %(names)s marked as done.", names=names)
    else:
        if action == "snooze":
            new = snoozed(interaction.follow_up_on)
        else:
            new = form.follow_up_on.data
            if new is None or new < clock.today():
                flash(_("Choose a follow-up date from today on."), "danger")
                return home
        changes = {"follow_up_on": new, "follow_up_done": False}
        said = _("Follow-up with %(names)s moved to %(date)s.", names=names, date=day(new, "long"))
    args = (current_user, interaction, changes, form.version.data or None)
    saved = save(form, update_interaction, *args, success=said)
    for error in form.assigned_to_id.errors:  # who may not take it, and why
        flash(error, "danger")
    if saved and action != "reschedule":
        session[UNDO] = {
            "id": interaction.id,
            "version": interaction.version,
            "follow_up_on": before["follow_up_on"].isoformat(),
            "follow_up_done": "1" if before["follow_up_done"] else "",
            "assigned_to_id": before["assigned_to_id"] or "",
            "names": names,
        }
    else:
        session.pop(UNDO, None)
    if saved and action == "reassign":
        tell_assignee(interaction, current_user)
    return home


@bp.post("/<int:interaction_id>/follow-up/undo")
@login_required
def undo_follow_up(interaction_id: int):
    """Put the follow-up back as it was before "done" or "a week later"."""
    interaction = _found(interaction_id)
    form = UndoForm()
    session.pop(UNDO, None)
    try:
        previous = date.fromisoformat(form.follow_up_on.data or "")
    except ValueError:
        previous = None
    if form.validate_on_submit() and previous is not None:
        changes = {"follow_up_on": previous, "follow_up_done": form.follow_up_done.data == "1"}
        if assignee := record_id(form.assigned_to_id.data):
            changes["assigned_to_id"] = assignee
        said = _(
            "Follow-up with %(names)s back to %(date)s.",
            names=_names(interaction),
            date=day(previous, "long"),
        )
        save(
            form,
            update_interaction,
            current_user,
            interaction,
            changes,
            form.version.data or None,
            success=said,
        )
    return redirect(url_for("main.index"))


def pending_undo() -> tuple[dict, UndoForm] | None:
    """Return the change the home page offers to undo, once, with its form."""
    undo = session.pop(UNDO, None)
    if not undo:
        return None
    form = UndoForm(
        version=str(undo["version"]),
        follow_up_on=undo["follow_up_on"],
        follow_up_done=undo["follow_up_done"],
        assigned_to_id=str(undo.get("assigned_to_id") or ""),
    )
    return undo, form


def assignees(user):
    """Return a function giving, for a listed follow-up, the users other than `user` to
    whom `user` may hand it over: read once for the page, then chosen per follow-up
    (`User.can_take_follow_up`, on the stakeholders the list loaded)."""

    @functools.cache
    def candidates() -> list:  # read at the first follow-up asked about (a page may have none)
        return [u for u in db.session.scalars(possible_assignees(user)) if u.id != user.id]

    def of(interaction) -> list:
        stakeholders = interaction.stakeholders
        return [u for u in candidates() if u.can_take_follow_up(stakeholders)]

    return of
