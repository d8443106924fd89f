"""Views of the commitment screens."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require, visible_stakeholder
from app.commitments import bp
from app.commitments.forms import CommitmentFilterForm, CommitmentForm
from app.downloads import send_export
from app.editing import edit_page
from app.pagination import page_of
from app.saving import save, save_edit
from models import Commitment, Measure, Stakeholder
from models.operations import create_commitment, update_commitment
from models.reference import ACTIVE_STATUSES
from models.scoping import visible_commitments


def list_conditions(args) -> list:
    """Return the SQL conditions of the commitment list's filters (shared with its export)."""
    conditions = []
    if args.get("measure"):
        conditions.append(Commitment.measure_code == args["measure"])
    if args.get("theme"):
        conditions.append(Commitment.measure.has(Measure.theme_code == args["theme"]))
    if args.get("status") == "active":
        conditions.append(Commitment.status.in_(ACTIVE_STATUSES))
    elif args.get("status"):
        conditions.append(Commitment.status == args["status"])
    region = args.get("region")
    if region:
        conditions.append(
            Commitment.stakeholder.has(
                Stakeholder.region_code.is_(None)
                if region == "national"
                else Stakeholder.region_code == region
            )
        )
    return conditions


@bp.get("/")
@login_required
def index():
    """List the commitments of the stakeholders in the user's scope."""
    query = (
        visible_commitments(current_user)
        .where(*list_conditions(request.args))
        .join(Commitment.stakeholder)
        .order_by(Stakeholder.name_key, Commitment.id)
    )
    form = CommitmentFilterForm(request.args).fill_choices()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("commitments/index.html", page=page_of(query), form=form, args=args)


@bp.get("/export.<any(xlsx, csv):fmt>")
@login_required
def export(fmt: str):
    """Download the filtered commitment list as .xlsx or .csv (audited)."""
    return send_export("commitments", fmt, where=list_conditions(request.args))


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
