"""Views of the interaction screens: the five pages of a record (`app.records`), the quick
log being its `new` page, and marking a follow-up done."""

from flask_babel import gettext as _
from flask_login import current_user

from app.interactions import bp
from app.interactions.forms import DoneForm, InteractionForm, follow_up_buttons
from app.interactions.listing import SHOWN
from app.records import RecordPages
from models.lists import InteractionList
from models.operations import update_interaction


def _mark_done(interaction) -> str:
    """Mark the interaction's follow-up as done."""
    update_interaction(current_user, interaction, {"follow_up_done": True})
    return _("Follow-up marked as done.")


RecordPages(
    InteractionList,
    InteractionForm,
    lambda query: query.options(*SHOWN),
    context=follow_up_buttons,
    buttons={"done": (DoneForm, _mark_done)},
).register(bp)
