"""The home page's figures: stakeholders and active commitments per region, in scope."""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from models import Commitment, Stakeholder
from models.labels import Labels
from models.reference import ACTIVE_STATUSES
from models.scoping import visible_stakeholders


@dataclass
class RegionCount:
    """One row of the home page table."""

    code: str
    label: str
    stakeholders: int
    commitments: int


def counts_by_region(user, lang: str) -> list[RegionCount]:
    """Return one row per region the user sees (plus National), with their counts."""
    scoped = visible_stakeholders(user).where(Stakeholder.archived.is_(False)).subquery()
    people = dict(
        db.session.execute(
            select(scoped.c.region_code, func.count()).group_by(scoped.c.region_code)
        ).all()
    )
    active = dict(
        db.session.execute(
            select(scoped.c.region_code, func.count(Commitment.id))
            .join(Commitment, Commitment.stakeholder_id == scoped.c.id)
            .where(Commitment.status.in_(ACTIVE_STATUSES))
            .group_by(scoped.c.region_code)
        ).all()
    )
    labels = Labels(lang)
    codes = labels.codes("region")
    if not user.sees_everything:
        codes = [c for c in codes if c in user.region_codes]
    rows = [
        RegionCount(c, labels.of("region", c), people.get(c, 0), active.get(c, 0)) for c in codes
    ]
    rows.append(
        RegionCount(
            "national", labels.of("region", "national"), people.get(None, 0), active.get(None, 0)
        )
    )
    return rows
