"""Views of the commitment screens: the five pages of a record (`app.records`), and the
change of status made from the stakeholder's page."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager

from app.access import get_or_404, require
from app.choices import labels
from app.commitments import bp
from app.commitments.forms import CommitmentForm, StatusForm
from app.records import RecordPages
from app.saving import save
from models import Commitment
from models.lists import CommitmentList
from models.operations import update_commitment
from models.stakeholder import named_only

# A status change is kept in the commitment's history (`models.operations`).
RecordPages(
    CommitmentList,
    CommitmentForm,
    lambda query: query.options(named_only(contains_eager(Commitment.stakeholder))),
).register(bp)


@bp.post("/<int:commitment_id>/status")
@login_required
def status(commitment_id: int):
    """Change a commitment's status from its stakeholder's page (audited, kept in its
    history; refused if someone changed the commitment since the page was shown)."""
    commitment = get_or_404(CommitmentList(current_user).scoped(), Commitment, commitment_id)
    require(current_user.can_edit(commitment))
    L = labels()
    form = StatusForm.of(commitment, L.of("measure", commitment.measure_code))
    if form.validate_on_submit():
        new = form.status.data
        said = _("%(measure)s: the status is now “%(status)s”.",
                 measure=L.of("measure", commitment.measure_code),
                 status=L.of("commitment_status", new))  # fmt: skip
        values, version = {"status": new}, form.version.data or None
        save(form, update_commitment, current_user, commitment, values, version, success=said)
    for message in form.status.errors or form.form_errors:
        flash(str(message), "danger")
    return redirect(url_for("stakeholders.detail", stakeholder_id=commitment.stakeholder_id))
