"""Stakeholders, their tags, and the relationships between them."""

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, lazyload, load_only, mapped_column, relationship, validates

from models.base import Tracked, db, search_pending_index
from models.normalize import name_key
from models.reference import Region, Sector


class Stakeholder(Tracked, db.Model):
    """An organization, elected official or individual champion the coalition mobilizes."""

    __table_args__ = (
        # A local or regional stakeholder has a region; a national one has none.
        CheckConstraint(
            "(level = 'national' AND region_code IS NULL)"
            " OR (level <> 'national' AND region_code IS NOT NULL)",
            name="region_matches_level",
        ),
        CheckConstraint("influence BETWEEN 1 AND 5", name="influence_range"),
        CheckConstraint("interest BETWEEN 1 AND 5", name="interest_range"),
        Index("ix_stakeholder_name_region", "name_key", "region_code"),
        # The list's usual reads, in name order without a sort: all of it, and one region.
        Index("ix_stakeholder_archived_name", "archived", "name_key"),
        Index("ix_stakeholder_region_archived_name", "region_code", "archived", "name_key"),
        search_pending_index("stakeholder"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # The name folded for matching (case, accents, spacing and punctuation removed).
    name_key: Mapped[str] = mapped_column(String(300))
    # Name, locality, email and tags folded, for search (models/search.py); NULL until
    # indexed after a bulk write.
    search_text: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="organization")
    sector_code: Mapped[str | None] = mapped_column(ForeignKey("sector.code"), index=True)
    level: Mapped[str] = mapped_column(String(20), default="local")
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    # The place as people write it; the official name when a municipality is named.
    locality: Mapped[str] = mapped_column(String(200), default="")
    # An official municipality's geographic code (models/municipality.py), which gives the
    # region and the MRC; empty for a place that is not one (a neighbourhood, a community
    # not listed). No foreign key: the directory never deletes an entry (one a new edition
    # drops stays, retired), the place rule refuses a code it does not hold, and the column
    # can then be dropped in place on SQLite (migration 0014's downgrade).
    municipality_code: Mapped[str | None] = mapped_column(String(5), index=True)
    # The MRC or equivalent territory: the municipality's, or one named without it.
    mrc_code: Mapped[str | None] = mapped_column(String(3), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    stage: Mapped[str] = mapped_column(String(40), default="identified", index=True)
    influence: Mapped[int | None] = mapped_column(Integer)
    interest: Mapped[int | None] = mapped_column(Integer)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    external_ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    region: Mapped[Region | None] = relationship(lazy="joined")
    sector: Mapped[Sector | None] = relationship(lazy="joined")
    owner = relationship("User", foreign_keys=[owner_id])
    tags: Mapped[list["StakeholderTag"]] = relationship(
        cascade="all, delete-orphan", order_by="StakeholderTag.name", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<Stakeholder {self.id} {self.name!r}>"

    @validates("name")
    def _keep_name_key(self, _field: str, value: str) -> str:
        """Keep `name_key` in step with the name."""
        self.name_key = name_key(value)
        return value

    @property
    def tag_names(self) -> list[str]:
        """Return the tags as a sorted list of names."""
        return [t.name for t in self.tags]

    @classmethod
    def current_of_all(cls):
        """Return the SQL condition that a stakeholder is current (not archived), for a
        query that reads all of them: a count over the province, the synergy report.

        Written `archived IS NOT true`, which no index serves, so that SQLite reads the
        table in its own order; for `archived = false` it walks the name index
        `(archived, name_key)` and reads the table once per stakeholder, out of order: 2 to
        3 times slower when nearly all are current. A list's page keeps
        `archived.is_(False)`, which that index serves in name order. (`archived` is never
        null.)"""
        return cls.archived.is_not(True)


def named_only(loader):
    """Return `loader` (a loader option reaching stakeholders: a contact's, a commitment's,
    an interaction's) reading what a list's row shows of them and scoping checks: the name,
    level and region. Not their wide columns (notes, search text), nor their tags, region
    and sector rows: on a list page, a join of two tables and a query more for nothing."""
    return loader.options(
        load_only(Stakeholder.name, Stakeholder.level, Stakeholder.region_code),
        lazyload(Stakeholder.tags),
        lazyload(Stakeholder.region),
        lazyload(Stakeholder.sector),
    )


class StakeholderTag(db.Model):
    """A free-text tag on a stakeholder (`table de concertation`, `priorité 2027`, ...)."""

    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class Relationship(Tracked, db.Model):
    """A tie between two stakeholders: partner, member of, funds, or other; with an
    intensity on PARTNER's four levels (awareness, cooperation, coordination, integration;
    empty when nobody said)."""

    __table_args__ = (
        CheckConstraint("source_id <> target_id", name="distinct_ends"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(40), default="partner")
    intensity: Mapped[str | None] = mapped_column(String(40))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    source: Mapped[Stakeholder] = relationship(foreign_keys=[source_id])
    target: Mapped[Stakeholder] = relationship(foreign_keys=[target_id])

    def is_current(self, on: date) -> bool:
        """Return whether the relationship holds on the day `on` (its end day included)."""
        return (self.starts_on is None or self.starts_on <= on) and (
            self.ends_on is None or self.ends_on >= on
        )

    @classmethod
    def current_on(cls, on: date):
        """Return the SQL condition of `is_current` (the report and the map count ties by it)."""
        return and_(
            or_(cls.starts_on.is_(None), cls.starts_on <= on),
            or_(cls.ends_on.is_(None), cls.ends_on >= on),
        )
