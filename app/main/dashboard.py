"""The dashboards' lists, each read in the user's scope (the counts are in `counts`)."""

from collections import namedtuple
from datetime import date, timedelta

from app.extensions import db
from app.interactions.listing import Listed, listed
from app.main.counts import DEPENDS_ON
from models import Interaction, Stakeholder
from models.cache import remembered
from models.dormant import is_dormant
from models.scoping import visible_interactions, visible_scope, visible_stakeholders

Dormant = namedtuple("Dormant", "id name region_code")


def follow_ups(user, days_ahead: int = 7) -> dict[str, list[Listed]]:
    """Return the user's own open follow-ups: overdue, and due within `days_ahead` days."""
    today = date.today()
    query = (
        visible_interactions(user)
        .where(
            Interaction.logged_by_id == user.id,
            Interaction.follow_up_done.is_(False),
            Interaction.follow_up_on.is_not(None),
            Interaction.follow_up_on <= today + timedelta(days=days_ahead),
        )
        .order_by(Interaction.follow_up_on, Interaction.id)
        .limit(50)
    )
    items = listed(query)
    return {
        "overdue": [i for i in items if i.follow_up_on < today],
        "due": [i for i in items if i.follow_up_on >= today],
    }


def recent_interactions(user, limit: int = 8) -> list[Listed]:
    """Return the latest interactions in the user's scope."""
    query = (
        visible_interactions(user)
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(limit)
    )
    return listed(query)


def dormant(user, limit: int = 10) -> list[Dormant]:
    """Return the first stakeholders in scope, by name, with no interaction in 180 days
    (remembered until the data changes: the query reads every recent interaction)."""
    key = (visible_scope(user), limit)
    return remembered("dormant", key, lambda: _dormant(user, limit), DEPENDS_ON)


def _dormant(user, limit: int) -> list[Dormant]:
    query = (
        visible_stakeholders(user)
        .with_only_columns(Stakeholder.id, Stakeholder.name, Stakeholder.region_code)
        .where(is_dormant())
        .order_by(Stakeholder.name_key)
        .limit(limit)
    )
    return [Dormant(*row) for row in db.session.execute(query)]
