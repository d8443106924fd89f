"""Views of the commitment screens."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager

from app.access import get_or_404, require, visible_stakeholder
from app.commitments import bp
from app.commitments.forms import CommitmentForm
from app.editing import edit_page
from app.lists import list_page, open_list, send_list
from app.saving import save, save_edit
from models import Commitment
from models.lists import CommitmentList
from models.operations import create_commitment, update_commitment
from models.scoping import visible_commitments


@bp.get("/")
@login_required
def index():
    """List the commitments of the stakeholders in the user's scope, filtered and sorted."""
    listing = open_list(CommitmentList)
    query = listing.select().options(contains_eager(Commitment.stakeholder))
    return render_template(
        "commitments/index.html", listing=listing, page=list_page(listing, query)
    )


@bp.get("/export.<any(xlsx, csv):fmt>")
@login_required
def export(fmt: str):
    """Download the commitment list as on screen, as .xlsx or .csv (audited)."""
    return send_list(CommitmentList, fmt)


@bp.get("/<int:commitment_id>")
@login_required
def detail(commitment_id: int):
    """Show a commitment with its status history."""
    commitment = get_or_404(visible_commitments(current_user), Commitment, commitment_id)
    return render_template("commitments/detail.html", commitment=commitment)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Record a commitment to a measure, optionally for `?stakeholder=`."""
    require(current_user.can_log_interactions)
    form = CommitmentForm()
    if request.method == "GET" and request.args.get("stakeholder", "").isdigit():
        form.stakeholder_id.data = request.args["stakeholder"]
    form.fill_choices(visible_stakeholder(form.stakeholder_id.data))
    if form.validate_on_submit() and (
        commitment := save(
            form, create_commitment, current_user, form.values(), success=_("Commitment recorded.")
        )
    ):
        return redirect(url_for(".detail", commitment_id=commitment.id))
    return render_template("commitments/edit.html", form=form, commitment=None)


@bp.route("/<int:commitment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(commitment_id: int):
    """Edit a commitment; a status change is kept in its history; stale forms are refused."""
    commitment = get_or_404(visible_commitments(current_user), Commitment, commitment_id)
    require(current_user.can_engage(commitment.stakeholder))
    form = CommitmentForm.editing(commitment)
    if form.validate_on_submit() and save_edit(
        form, update_commitment, commitment, success=_("Changes saved.")
    ):
        return redirect(url_for(".detail", commitment_id=commitment.id))
    return edit_page("commitments/edit.html", form, commitment=commitment)
