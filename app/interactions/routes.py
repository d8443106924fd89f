"""Views of the interaction screens."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.editing import edit_page
from app.extensions import db
from app.incoming import record_id
from app.interactions import bp
from app.interactions.forms import DoneForm, InteractionForm, chosen
from app.interactions.listing import SHOWN
from app.lists import list_page, open_list, send_list
from app.saving import save, save_edit
from models import Interaction
from models.lists import InteractionList
from models.operations import create_interaction, update_interaction
from models.scoping import visible_interactions


@bp.get("/")
@login_required
def index():
    """List the interactions in the user's scope, newest first unless sorted otherwise."""
    listing = open_list(InteractionList)
    return render_template(
        "interactions/index.html",
        listing=listing,
        page=list_page(listing, listing.select().options(*SHOWN)),
        done_form=DoneForm(),
        today=date.today(),
    )


@bp.get("/export.<any(xlsx, csv):fmt>")
@login_required
def export(fmt: str):
    """Download the interaction list as on screen, as .xlsx or .csv (audited)."""
    return send_list(InteractionList, fmt)


@bp.get("/<int:interaction_id>")
@login_required
def detail(interaction_id: int):
    """Show an interaction (only the participants the user may see)."""
    interaction = get_or_404(visible_interactions(current_user), Interaction, interaction_id)
    return render_template(
        "interactions/detail.html",
        interaction=interaction,
        done_form=DoneForm(),
        today=date.today(),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Quick log: one form, stakeholders picked by type-ahead, date defaulting to today."""
    require(current_user.can_log_interactions)
    form = InteractionForm()
    picked = record_id(request.args.get("stakeholder"))
    if request.method == "GET" and picked is not None:
        form.stakeholder_ids.data = [picked]
    form.fill_choices(*chosen(form))
    if form.validate_on_submit() and (
        interaction := save(
            form, create_interaction, current_user, form.values(), success=_("Interaction logged.")
        )
    ):
        return redirect(url_for(".detail", interaction_id=interaction.id))
    return render_template("interactions/edit.html", form=form, interaction=None)


@bp.route("/<int:interaction_id>/edit", methods=["GET", "POST"])
@login_required
def edit(interaction_id: int):
    """Edit an interaction; a stale form (someone saved in between) is refused."""
    interaction = get_or_404(visible_interactions(current_user), Interaction, interaction_id)
    require(current_user.can_edit_interaction(interaction))
    form = InteractionForm.editing(interaction)
    if form.validate_on_submit() and save_edit(
        form, update_interaction, interaction, success=_("Changes saved.")
    ):
        return redirect(url_for(".detail", interaction_id=interaction.id))
    return edit_page("interactions/edit.html", form, interaction=interaction)


@bp.post("/<int:interaction_id>/done")
@login_required
def done(interaction_id: int):
    """Mark the interaction's follow-up as done."""
    interaction = get_or_404(visible_interactions(current_user), Interaction, interaction_id)
    require(current_user.can_edit_interaction(interaction))
    if DoneForm().validate_on_submit():
        update_interaction(current_user, interaction, {"follow_up_done": True})
        db.session.commit()
        flash(_("Follow-up marked as done."), "success")
    return redirect(
        request.referrer
        if request.referrer and request.referrer.startswith(request.host_url)
        else url_for(".index")
    )
