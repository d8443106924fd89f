"""The stakeholder list's search, filters and sort, read from the query string.

The list on screen and its export use the same conditions, so the export holds exactly
what the user sees.
"""

from dataclasses import dataclass, fields

from sqlalchemy import exists, func, select

from models import Commitment, Stakeholder, StakeholderTag
from models.reference import ACTIVE_STATUSES
from models.search import is_rare_search, stakeholder_search

SORTS = {
    "name": (Stakeholder.name_key, Stakeholder.id),
    "-updated": (Stakeholder.updated_at.desc(), Stakeholder.id.desc()),
    "region": (Stakeholder.region_code, Stakeholder.name_key, Stakeholder.id),
    "stage": (Stakeholder.stage, Stakeholder.name_key, Stakeholder.id),
}


@dataclass
class StakeholderFilters:
    """What the user asked the list for; empty strings mean "any"."""

    q: str = ""
    region: str = ""
    sector: str = ""
    level: str = ""
    stage: str = ""
    measure: str = ""
    tag: str = ""
    archived: str = ""
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> "StakeholderFilters":
        """Read the filters from `request.args`."""
        return cls(**{f.name: args.get(f.name, f.default).strip() for f in fields(cls)})

    def conditions(self) -> list:
        """Return the SQL conditions on Stakeholder that these filters mean."""
        archived = Stakeholder.archived.is_(self.archived == "1")
        search = stakeholder_search(self.q)
        if search is not None and self.archived != "1" and is_rare_search(self.q):
            # A rare word: SQLite looks its few stakeholders up by id once `likely` tells
            # it that most stakeholders are not archived; otherwise it walks the whole
            # `archived` index in name order (SQLite only: False elsewhere).
            archived = func.likely(archived)
        conditions = [archived] if search is None else [archived, search]
        if self.region == "national":
            conditions.append(Stakeholder.region_code.is_(None))
        elif self.region:
            conditions.append(Stakeholder.region_code == self.region)
        for value, column in (
            (self.sector, Stakeholder.sector_code),
            (self.level, Stakeholder.level),
            (self.stage, Stakeholder.stage),
        ):
            if value:
                conditions.append(column == value)
        if self.measure:
            conditions.append(
                exists(
                    select(Commitment.id).where(
                        Commitment.stakeholder_id == Stakeholder.id,
                        Commitment.measure_code == self.measure,
                        Commitment.status.in_(ACTIVE_STATUSES),
                    )
                )
            )
        if self.tag:
            conditions.append(
                exists(
                    select(StakeholderTag.name).where(
                        StakeholderTag.stakeholder_id == Stakeholder.id,
                        StakeholderTag.name == self.tag,
                    )
                )
            )
        return conditions

    def order_by(self) -> tuple:
        """Return the ORDER BY of the chosen sort (by name when unknown)."""
        return SORTS.get(self.sort, SORTS["name"])

    def args(self, **changes) -> dict:
        """Return the non-empty filters as query arguments, with `changes` applied."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {k: v for k, v in values.items() if v and not (k == "sort" and v == "name")}
