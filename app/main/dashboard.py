"""The dashboards' figures, each computed in the user's scope with aggregate queries."""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from models import Interaction, Stakeholder, interaction_stakeholder
from models.reference import Vocabulary
from models.scoping import visible_interactions, visible_stakeholders

DORMANT_DAYS = 180


def follow_ups(user, days_ahead: int = 7) -> dict[str, list[Interaction]]:
    """Return the user's own open follow-ups: overdue, and due within `days_ahead` days."""
    today = date.today()
    query = (
        visible_interactions(user)
        .where(
            Interaction.user_id == user.id,
            Interaction.follow_up_done.is_(False),
            Interaction.follow_up_on.is_not(None),
            Interaction.follow_up_on <= today + timedelta(days=days_ahead),
        )
        .order_by(Interaction.follow_up_on, Interaction.id)
        .limit(50)
    )
    items = db.session.scalars(query).all()
    return {
        "overdue": [i for i in items if i.follow_up_on < today],
        "due": [i for i in items if i.follow_up_on >= today],
    }


def recent_interactions(user, limit: int = 8) -> list[Interaction]:
    """Return the latest interactions in the user's scope."""
    query = (
        visible_interactions(user)
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(limit)
    )
    return db.session.scalars(query).all()


def stage_funnel(user) -> list[tuple[str, int]]:
    """Return (stage, count) of the non-archived stakeholders in scope, in stage order
    (the stages of the reference list, an admin's additions included)."""
    scoped = visible_stakeholders(user).where(Stakeholder.archived.is_(False)).subquery()
    counts = dict(
        db.session.execute(select(scoped.c.stage, func.count()).group_by(scoped.c.stage)).all()
    )
    stages = db.session.scalars(
        select(Vocabulary.code).where(Vocabulary.list == "stage").order_by(Vocabulary.position)
    ).all()
    return [(stage, counts.get(stage, 0)) for stage in stages]


def dormant(user, limit: int = 10) -> tuple[int, list[Stakeholder]]:
    """Return how many stakeholders in scope had no interaction in 180 days, and the first."""
    cutoff = date.today() - timedelta(days=DORMANT_DAYS)
    active = (
        select(interaction_stakeholder.c.stakeholder_id)
        .join(Interaction, Interaction.id == interaction_stakeholder.c.interaction_id)
        .where(Interaction.occurred_on >= cutoff)
    )
    query = visible_stakeholders(user).where(
        Stakeholder.archived.is_(False), Stakeholder.id.not_in(active)
    )
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
    first = db.session.scalars(query.order_by(Stakeholder.name_key).limit(limit)).all()
    return total, first
