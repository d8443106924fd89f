"""Ties between stakeholders, added and removed from a stakeholder's page."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.extensions import db
from app.incoming import record_id
from app.saving import save
from app.stakeholders import bp
from app.stakeholders.forms import RemoveTieForm, TieForm
from models import Relationship, Stakeholder
from models.operations import create_relationship, delete_relationship
from models.scoping import visible_relationships, visible_stakeholders


def _stakeholder(stakeholder_id: int) -> Stakeholder:
    """Return the stakeholder in the user's scope, if the user may change its ties."""
    stakeholder = get_or_404(visible_stakeholders(current_user), Stakeholder, stakeholder_id)
    require(current_user.can_manage_stakeholders)
    return stakeholder


def _page(stakeholder: Stakeholder):
    return redirect(url_for(".detail", stakeholder_id=stakeholder.id) + "#ties")


@bp.post("/<int:stakeholder_id>/ties")
@login_required
def add_tie(stakeholder_id: int):
    """Tie the stakeholder to another one (audited); back to its page."""
    stakeholder = _stakeholder(stakeholder_id)
    form = TieForm().fill_choices()
    if form.validate_on_submit():
        values = {"source_id": stakeholder.id, "target_id": record_id(form.other_id.data),
                  "type": form.type.data}  # fmt: skip
        save(form, create_relationship, current_user, values, success=_("Tie added."))
    errors = [*form.form_errors, *(e for f in form for e in f.errors)]
    if form.is_submitted() and not form.other_id.data:
        errors = [_("Choose the other stakeholder.")]
    for message in dict.fromkeys(map(str, errors)):
        flash(message, "danger")
    return _page(stakeholder)


@bp.route("/<int:stakeholder_id>/ties/<int:tie_id>/remove", methods=["GET", "POST"])
@login_required
def remove_tie(stakeholder_id: int, tie_id: int):
    """Ask to confirm the removal of a tie; remove it (audited) once confirmed."""
    stakeholder = _stakeholder(stakeholder_id)
    tie = get_or_404(visible_relationships(current_user), Relationship, tie_id)
    if stakeholder.id not in (tie.source_id, tie.target_id):
        return _page(stakeholder)
    form = RemoveTieForm()
    if form.validate_on_submit():
        delete_relationship(current_user, tie)
        db.session.commit()
        flash(_("Tie removed."), "success")
        return _page(stakeholder)
    other = tie.target if tie.source_id == stakeholder.id else tie.source
    return render_template("stakeholders/remove_tie.html", stakeholder=stakeholder, tie=tie,
                           other=other, form=form)  # fmt: skip
