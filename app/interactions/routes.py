"""Views of the interaction screens."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.downloads import send_export
from app.editing import edit_page
from app.extensions import db
from app.incoming import record_id
from app.interactions import bp
from app.interactions.forms import DoneForm, InteractionFilterForm, InteractionForm, chosen
from app.interactions.listing import SHOWN
from app.pagination import page_of
from app.saving import save, save_edit
from models import Interaction, Stakeholder
from models.normalize import parse_date
from models.operations import create_interaction, update_interaction
from models.scoping import (
    visible_interactions,
    visible_scope,
)


def list_conditions(args) -> list:
    """Return the SQL conditions of the interaction list's filters (shared with its export)."""
    conditions, today = [], date.today()
    if args.get("kind"):
        conditions.append(Interaction.kind == args["kind"])
    if args.get("region"):
        conditions.append(Interaction.stakeholders.any(Stakeholder.region_code == args["region"]))
    for name, test in (
        ("since", Interaction.occurred_on.__ge__),
        ("until", Interaction.occurred_on.__le__),
    ):
        try:
            day = parse_date(args.get(name))
        except ValueError:
            day = None
        if day:
            conditions.append(test(day))
    follow_up = args.get("follow_up")
    if follow_up in ("due", "overdue"):
        conditions += [Interaction.follow_up_on.is_not(None), Interaction.follow_up_done.is_(False)]
        if follow_up == "overdue":
            conditions.append(Interaction.follow_up_on < today)
    elif follow_up == "done":
        conditions.append(Interaction.follow_up_done.is_(True))
    if args.get("mine") == "1":
        conditions.append(Interaction.logged_by_id == current_user.id)
    return conditions


@bp.get("/")
@login_required
def index():
    """List the interactions in the user's scope, newest first."""
    query = (
        visible_interactions(current_user)
        .where(*list_conditions(request.args))
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .options(*SHOWN)
    )
    form = InteractionFilterForm(request.args).fill_choices()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    page = page_of(
        query,
        count_key=("interactions", visible_scope(current_user), tuple(sorted(args.items()))),
        depends_on=("interaction", "stakeholder", "import_batch"),
    )
    return render_template(
        "interactions/index.html",
        page=page,
        form=form,
        args=args,
        done_form=DoneForm(),
        today=date.today(),
    )


@bp.get("/export.<any(xlsx, csv):fmt>")
@login_required
def export(fmt: str):
    """Download the filtered interaction list as .xlsx or .csv (audited)."""
    return send_export("interactions", fmt, where=list_conditions(request.args))


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
