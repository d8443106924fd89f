"""Ties between stakeholders, recorded from a stakeholder's page: add one, edit it, end it
today (and put that back, once), remove it after a confirmation.

Who may is the operations' decision (`User.can_tie`, enforced in
`models.operations.relationships`); a view loads the tie among the ties of the page's
stakeholder in the user's scope (`models.scoping.ties_of`), 404 otherwise, and answers 403
before any form for a tie the user may not change. The operations audit every change.
Then back to the stakeholder's page (#ties), with a message naming the other stakeholder.
"""

from datetime import date

from flask import abort, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require, visible_stakeholder
from app.editing import edit_page
from app.extensions import db
from app.saving import save, save_edit
from app.stakeholders import bp
from app.stakeholders.detail import TIE_UNDO, tie_type
from app.stakeholders.tie_forms import EndTieForm, RemoveTieForm, TieForm, UndoEndTieForm
from models import Relationship, Stakeholder, clock
from models.operations import create_relationship, delete_relationship, update_relationship
from models.scoping import ties_of, visible_stakeholders


def _stakeholder(stakeholder_id: int) -> Stakeholder:
    """Return the stakeholder in the user's scope, if the user records ties at all."""
    stakeholder = get_or_404(visible_stakeholders(current_user), Stakeholder, stakeholder_id)
    require(current_user.can_record_ties)
    return stakeholder


def _tie(stakeholder: Stakeholder, tie_id: int) -> tuple[Relationship, Stakeholder]:
    """Return a tie of `stakeholder` and its other end: 404 when it is none of its ties,
    403 when the user may not change it (its other end out of their scope, say)."""
    found = db.session.execute(
        ties_of(current_user, stakeholder.id, clock.today()).where(Relationship.id == tie_id)
    ).first()
    if found is None:
        abort(404)
    tie, other = found
    require(other is not None and current_user.can_tie(stakeholder, other))
    return tie, other


def _page(stakeholder: Stakeholder):
    return redirect(url_for(".detail", stakeholder_id=stakeholder.id) + "#ties")


@bp.route("/<int:stakeholder_id>/ties/new", methods=["GET", "POST"])
@login_required
def add_tie(stakeholder_id: int):
    """The form that ties the stakeholder to another one (audited); the form again with
    what was typed and its errors, if not."""
    stakeholder = _stakeholder(stakeholder_id)
    form = TieForm().fill_choices(stakeholder)
    other = visible_stakeholder(form.other_id.data)
    if form.validate_on_submit():
        if other is None:
            form.other_id.errors.append(_("Choose the other stakeholder."))
        else:
            ends = [stakeholder.id, other.id]
            if form.seen_from_target:  # "Has as member": the other one is the member
                ends.reverse()
            values = {"source_id": ends[0], "target_id": ends[1], **form.values()}
            said = _("Tie with %(name)s added.", name=other.name)
            if save(form, create_relationship, current_user, values, success=said):
                return _page(stakeholder)
    return render_template("stakeholders/new_tie.html", form=form, stakeholder=stakeholder)


@bp.route("/<int:stakeholder_id>/ties/<int:tie_id>/edit", methods=["GET", "POST"])
@login_required
def edit_tie(stakeholder_id: int, tie_id: int):
    """The form that edits a tie; a stale one (saved by someone in between) keeps what was
    typed and shows what is stored (`app.editing`)."""
    stakeholder = _stakeholder(stakeholder_id)
    tie, other = _tie(stakeholder, tie_id)
    g.tie_seen_from = stakeholder.id  # a directed type reads from this page's stakeholder
    form = TieForm.editing(tie)
    said = _("Tie with %(name)s saved.", name=other.name)
    if form.validate_on_submit() and save_edit(form, update_relationship, tie, success=said):
        return _page(stakeholder)
    context = {"stakeholder": stakeholder, "tie": tie, "other": other}
    return edit_page("stakeholders/edit_tie.html", form, **context)


@bp.post("/<int:stakeholder_id>/ties/<int:tie_id>/end")
@login_required
def end_tie(stakeholder_id: int, tie_id: int):
    """End the tie today (audited); its page offers, once, to put it back."""
    stakeholder = _stakeholder(stakeholder_id)
    tie, other = _tie(stakeholder, tie_id)
    form, today, before = EndTieForm(prefix=f"tie-{tie.id}"), clock.today(), tie.ends_on
    session.pop(TIE_UNDO, None)
    if not form.validate_on_submit():
        flash(_("The tie could not be changed: reload the page and try again."), "danger")
    elif before is not None and before <= today:
        flash(_("The tie with %(name)s had already ended.", name=other.name), "info")
    else:
        said = _("Tie with %(name)s ended today.", name=other.name)
        args = (current_user, tie, {"ends_on": today}, form.version.data or None)
        if save(form, update_relationship, *args, success=said):
            before_text = before.isoformat() if before else ""
            session[TIE_UNDO] = {"stakeholder_id": stakeholder.id, "id": tie.id,
                                 "version": tie.version, "ends_on": before_text}  # fmt: skip
        for message in form.form_errors:  # e.g. a tie that starts after today
            flash(message, "danger")
    return _page(stakeholder)


@bp.post("/<int:stakeholder_id>/ties/<int:tie_id>/undo")
@login_required
def undo_end_tie(stakeholder_id: int, tie_id: int):
    """Put back the end date the tie had before "end today" (audited), unless someone
    changed it since."""
    stakeholder = _stakeholder(stakeholder_id)
    tie, other = _tie(stakeholder, tie_id)
    form = UndoEndTieForm(prefix="undo-tie")
    session.pop(TIE_UNDO, None)
    try:
        previous = date.fromisoformat(form.ends_on.data) if form.ends_on.data else None
    except ValueError:
        abort(400)
    if form.validate_on_submit():
        said = _("Tie with %(name)s back as it was.", name=other.name)
        args = (current_user, tie, {"ends_on": previous}, form.version.data or None)
        save(form, update_relationship, *args, success=said)
    return _page(stakeholder)


@bp.route("/<int:stakeholder_id>/ties/<int:tie_id>/remove", methods=["GET", "POST"])
@login_required
def remove_tie(stakeholder_id: int, tie_id: int):
    """Ask to confirm the removal of a tie; remove it (audited) once confirmed."""
    stakeholder = _stakeholder(stakeholder_id)
    tie, other = _tie(stakeholder, tie_id)
    form = RemoveTieForm()
    said = _("Tie with %(name)s removed.", name=other.name)
    if form.validate_on_submit() and save(form, delete_relationship, current_user, tie,
                                          success=said):  # fmt: skip
        return _page(stakeholder)
    return render_template(
        "stakeholders/remove_tie.html",
        stakeholder=stakeholder,
        tie=tie,
        other=other,
        form=form,
        type_label=tie_type(tie, stakeholder),
    )
