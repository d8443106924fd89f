"""Views of the stakeholder screens."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.editing import edit_page
from app.extensions import db
from app.lists import list_page, open_list, send_list
from app.saving import save, save_edit
from app.stakeholders import bp
from app.stakeholders.detail import stakeholder_detail
from app.stakeholders.forms import ArchiveForm, StakeholderForm
from models import Stakeholder
from models.lists import StakeholderList
from models.operations import archive_stakeholder, create_stakeholder, update_stakeholder
from models.scoping import visible_stakeholders

# The list's columns: plain rows, lighter to load than whole stakeholders.
LISTED = (
    Stakeholder.id,
    Stakeholder.name,
    Stakeholder.region_code,
    Stakeholder.sector_code,
    Stakeholder.level,
    Stakeholder.stage,
    Stakeholder.locality,
)


@bp.get("/")
@login_required
def index():
    """List the stakeholders in the user's scope, searched, filtered and sorted."""
    listing = open_list(StakeholderList)
    query = listing.select().with_only_columns(*LISTED)
    return render_template(
        "stakeholders/index.html", listing=listing, page=list_page(listing, query)
    )


@bp.get("/export.<any(xlsx, csv):fmt>")
@login_required
def export(fmt: str):
    """Download the stakeholder list as on screen, as .xlsx or .csv (audited)."""
    return send_list(StakeholderList, fmt)


@bp.get("/<int:stakeholder_id>")
@login_required
def detail(stakeholder_id: int):
    """Show a stakeholder: profile, contacts, interactions, commitments and ties."""
    stakeholder = get_or_404(visible_stakeholders(current_user), Stakeholder, stakeholder_id)
    return render_template(
        "stakeholders/detail.html",
        stakeholder=stakeholder,
        archive_form=ArchiveForm(),
        **stakeholder_detail(stakeholder),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a stakeholder."""
    require(current_user.can_manage_stakeholders)
    form = StakeholderForm().fill_choices()
    if form.validate_on_submit() and (
        stakeholder := save(
            form, create_stakeholder, current_user, form.values(), success=_("Stakeholder created.")
        )
    ):
        return redirect(url_for(".detail", stakeholder_id=stakeholder.id))
    return render_template("stakeholders/edit.html", form=form, stakeholder=None)


@bp.route("/<int:stakeholder_id>/edit", methods=["GET", "POST"])
@login_required
def edit(stakeholder_id: int):
    """Edit a stakeholder; a stale form (someone saved in between) is refused."""
    stakeholder = get_or_404(visible_stakeholders(current_user), Stakeholder, stakeholder_id)
    require(current_user.can_manage_stakeholders)
    form = StakeholderForm.editing(stakeholder)
    if form.validate_on_submit() and save_edit(
        form, update_stakeholder, stakeholder, success=_("Changes saved.")
    ):
        return redirect(url_for(".detail", stakeholder_id=stakeholder.id))
    return edit_page("stakeholders/edit.html", form, stakeholder=stakeholder)


@bp.post("/<int:stakeholder_id>/archive")
@login_required
def archive(stakeholder_id: int):
    """Archive a stakeholder, or restore an archived one."""
    stakeholder = get_or_404(visible_stakeholders(current_user), Stakeholder, stakeholder_id)
    require(current_user.can_manage_stakeholders)
    if ArchiveForm().validate_on_submit():
        archive_stakeholder(current_user, stakeholder, not stakeholder.archived)
        db.session.commit()
        flash(
            _("Stakeholder archived.") if stakeholder.archived else _("Stakeholder restored."),
            "success",
        )
    return redirect(url_for(".detail", stakeholder_id=stakeholder.id))


@bp.get("/lookup")
@login_required
def lookup():
    """Return up to 10 stakeholders matching `q` in the user's scope, as JSON (type-ahead)."""
    q = request.args.get("q", "").strip()
    if len(q) < 2:
        return {"results": []}
    query = StakeholderList.parse(current_user, {"q": q}).select().limit(10)
    return {
        "results": [
            {
                "id": stakeholder.id,
                "label": f"{stakeholder.name} "
                f"({stakeholder.locality or stakeholder.region_code or 'national'})",
                "engage": current_user.can_engage(stakeholder),
            }
            for stakeholder in db.session.scalars(query)
        ]
    }
