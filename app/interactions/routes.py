"""Views of the interaction screens: the five pages of a record (`app.records`), the quick
log being its `new` page, and marking a follow-up done."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.extensions import db
from app.interactions import bp
from app.interactions.forms import DoneForm, InteractionForm, follow_up_buttons
from app.interactions.listing import SHOWN
from app.records import RecordPages
from models import Interaction
from models.lists import InteractionList
from models.operations import update_interaction
from models.scoping import visible_interactions

RecordPages(
    InteractionList,
    InteractionForm,
    lambda query: query.options(*SHOWN),
    context=follow_up_buttons,
).register(bp)


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
