"""The dashboards' lists, each read in the user's scope (the counts are in `counts`)."""

from collections import namedtuple
from dataclasses import dataclass

from sqlalchemy import func, select

from app.choices import labels
from app.extensions import db
from app.interactions.listing import Listed, listed
from app.main.counts import DORMANT_DEPENDS_ON
from models import Interaction, Stakeholder, User, interaction_stakeholder
from models.cache import remembered
from models.dormant import is_dormant
from models.lists import InteractionList
from models.saved_view import views_shown
from models.scoping import (
    visible_interactions,
    visible_scope,
    visible_stakeholders,
)

Dormant = namedtuple("Dormant", "id name level region_code last_contact owner")

SHOWN_FOLLOW_UPS = 5
SHOWN_VIEWS = 12


@dataclass
class FollowUps:
    """One list of the user's own open follow-ups on the home page: how many there are,
    the first few, and the interaction list's filters that show them all."""

    count: int
    shown: list[Listed]
    args: dict[str, str]


# The home page's lists of follow-ups, as the interaction list's filters: those assigned to
# the user, overdue and due this week (`models.scoping.assigned_follow_ups`, in the list's
# words), and the open ones the user logged and someone else now holds.
FOLLOW_UP_LISTS = {
    "overdue": {"follow_up": "overdue", "assigned": "me"},
    "week": {"follow_up": "week", "assigned": "me"},
    "handed": {"follow_up": "due", "mine": "1", "assigned": "others"},
}


def follow_ups(user, shown: int = SHOWN_FOLLOW_UPS) -> dict[str, FollowUps]:
    """Return the user's open follow-ups (`FOLLOW_UP_LISTS`), each counted in full and the
    first `shown` listed: the interaction list's own filters, so that its count is the
    same as the list the home page links to. Remembered until anything is written
    (`models.cache`): the home page is read far more often than anyone logs or assigns."""
    return remembered("follow_ups", (user.id, shown), lambda: _follow_ups(user, shown))


def _follow_ups(user, shown: int) -> dict[str, FollowUps]:
    lists = {}
    for state, filters in FOLLOW_UP_LISTS.items():
        args = {**filters, "sort": "follow_up"}
        listing = InteractionList.parse(user, args, labels())
        query = listing.scoped().where(*listing.conditions()).order_by(*listing.order_by())
        first = listed(query.limit(shown))
        # Fewer than `shown`: they are all there, and counting them again is a round trip.
        count = len(first) if len(first) < shown else listing.count()
        lists[state] = FollowUps(count, first, args)
    return lists


def recent_interactions(user, limit: int = 8) -> list[Listed]:
    """Return the latest interactions in the user's scope, remembered until anything is
    written."""
    key = (visible_scope(user), limit)
    return remembered("recent_interactions", key, lambda: _recent_interactions(user, limit))


def _recent_interactions(user, limit: int) -> list[Listed]:
    query = (
        visible_interactions(user)
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(limit)
    )
    return listed(query)


def dormant(user, limit: int = 10) -> list[Dormant]:
    """Return the first stakeholders in scope, by name, with no interaction in 180 days,
    with their last contact (None: never) and their owner's name (remembered until the
    data changes: the query reads every recent interaction)."""
    key = (visible_scope(user), limit)
    depends_on = (*DORMANT_DEPENDS_ON, "user")  # the owner's name
    return remembered("dormant", key, lambda: _dormant(user, limit), depends_on)


def _dormant(user, limit: int) -> list[Dormant]:
    link = interaction_stakeholder.c
    last_contact = (
        select(func.max(Interaction.occurred_on))
        .select_from(Interaction)
        .join(interaction_stakeholder, link.interaction_id == Interaction.id)
        .where(link.stakeholder_id == Stakeholder.id)
        .correlate(Stakeholder)
        .scalar_subquery()
    )
    query = (
        visible_stakeholders(user)
        .with_only_columns(
            Stakeholder.id,
            Stakeholder.name,
            Stakeholder.level,
            Stakeholder.region_code,
            last_contact,
            func.coalesce(func.nullif(User.name, ""), User.email),
        )
        .outerjoin(User, User.id == Stakeholder.owner_id)
        .where(is_dormant())
        .order_by(Stakeholder.name_key)
        .limit(limit)
    )
    return [Dormant(*row) for row in db.session.execute(query)]


def saved_views(user, shown: int = SHOWN_VIEWS) -> list[tuple]:
    """Return the first views the user may open (theirs and the shared ones), each with
    the number of rows it holds for them, remembered as the list pages remember it."""
    found = []
    for view in views_shown(user, limit=shown):
        listing = view.listing(user, labels())
        count = remembered("count", listing.count_key(), listing.count, listing.depends_on)
        found.append((view, count))
    return found
