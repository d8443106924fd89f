"""Interactions: the calls, meetings and emails coordinators log with stakeholders."""

from datetime import date, timedelta

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    exists,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import clock
from models.base import Tracked, among, db, not_leading, search_pending_index
from models.contact import Contact
from models.reference import Measure
from models.stakeholder import Stakeholder

interaction_stakeholder = Table(
    "interaction_stakeholder",
    db.metadata,
    Column("interaction_id", ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "stakeholder_id",
        ForeignKey("stakeholder.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

interaction_contact = Table(
    "interaction_contact",
    db.metadata,
    Column("interaction_id", ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)

interaction_measure = Table(
    "interaction_measure",
    db.metadata,
    Column("interaction_id", ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_code", ForeignKey("measure.code"), primary_key=True, index=True),
)


class Interaction(Tracked, db.Model):
    """One logged contact with one or more stakeholders (a joint meeting has several)."""

    # A coordinator's open follow-ups, in date order, straight from the index.
    __table_args__ = (
        Index("ix_interaction_follow_ups", "logged_by_id", "follow_up_done", "follow_up_on"),
        # An assignee's open follow-ups (home, calendar feed, digest), in date order.
        Index(
            "ix_interaction_assigned_follow_ups",
            "assigned_to_id",
            "follow_up_done",
            "follow_up_on",
        ),
        search_pending_index("interaction"),
        # The newest first (home, lists: date then id), and the dormant window (a range).
        Index("ix_interaction_occurred_on_id", "occurred_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40), default="call")
    # The coordinator who logged it.
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The summary folded, for search (models/search); NULL until indexed after a bulk write.
    search_text: Mapped[str | None] = mapped_column(Text)
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    follow_up_done: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who owns the follow-up: any user who can see the stakeholders; the logger by default.
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    logged_by = relationship("User", foreign_keys=[logged_by_id])
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
    stakeholders: Mapped[list[Stakeholder]] = relationship(
        secondary=interaction_stakeholder, order_by=Stakeholder.name
    )
    contacts: Mapped[list[Contact]] = relationship(secondary=interaction_contact)
    measures: Mapped[list[Measure]] = relationship(
        secondary=interaction_measure, order_by=Measure.position
    )

    def __repr__(self) -> str:
        return f"<Interaction {self.id} {self.kind} {self.occurred_on}>"


def involving(stakeholder_id: int):
    """Return the condition that an interaction involves the stakeholder `stakeholder_id`:
    its ids read through the link table's index on the stakeholder (an EXISTS per
    interaction would read every interaction, in date order, to find a few)."""
    link = interaction_stakeholder.c
    return Interaction.id.in_(
        select(link.interaction_id).where(link.stakeholder_id == stakeholder_id)
    )


# A condition met by more stakeholders than this (a region, a large MRC) lists its
# interactions by testing each interaction's participants, in date order; by fewer, through
# those stakeholders' own interactions.
FEW_STAKEHOLDERS = 1000


def involving_any(condition):
    """Return the condition that an interaction involves a stakeholder meeting `condition`
    (a region, an MRC), in the form that fits how many stakeholders meet it.

    - **Few** (a small MRC): the interactions' ids read once, through those stakeholders
      and the link table's index on the stakeholder. An EXISTS per interaction would test
      every interaction, in date order, to find a page of them: 20 to 450 ms on SQLite.
    - **Many** (Montréal: 22,000 of 100,000): an EXISTS per interaction, the date index
      walked until a page is found, each interaction's participants read through the link
      table's index on the interaction: a page in under a millisecond. The ids read once
      were 77,000 to look up and sort for each page: 200 ms on SQLite, 1.6 s at p95 under
      8 clients. On SQLite the condition is written `+(…)`, which no index serves: given
      the region's index, SQLite read the region's stakeholders again for each
      interaction (229 s). PostgreSQL plans either form well from its statistics.

    The count of the stakeholders meeting it stops at FEW_STAKEHOLDERS + 1 index entries:
    well under a millisecond."""
    link = interaction_stakeholder.c
    links = select(link.interaction_id).join(Stakeholder, Stakeholder.id == link.stakeholder_id)
    meeting = select(Stakeholder.id).where(condition).limit(FEW_STAKEHOLDERS + 1)
    if db.session.scalar(select(func.count()).select_from(meeting.subquery())) <= FEW_STAKEHOLDERS:
        return Interaction.id.in_(links.where(condition))
    if db.session.get_bind().dialect.name == "sqlite":
        condition = not_leading(condition)
    return exists(links.where(link.interaction_id == Interaction.id, condition))


# How far back "logged with lately" looks (the type-ahead's tie-break).
LATELY_DAYS = 90


def logged_with_lately(user_id: int | None, stakeholder_ids: list[int]) -> set[int]:
    """Return which of `stakeholder_ids` the user logged an interaction with in the last
    LATELY_DAYS days. Two small reads whose plan cannot stray: the interactions of these
    stakeholders (the link table's index on the stakeholder: a few each), then which of
    them are the user's and recent (by primary key), however many the user logged."""
    if user_id is None or not stakeholder_ids:
        return set()
    link = interaction_stakeholder.c
    pairs = db.session.execute(
        select(link.stakeholder_id, link.interaction_id).where(
            among(link.stakeholder_id, stakeholder_ids)
        )
    ).all()
    if not pairs:
        return set()
    since = clock.today() - timedelta(days=LATELY_DAYS)
    theirs = set(
        db.session.scalars(
            select(Interaction.id).where(
                among(Interaction.id, {interaction for _s, interaction in pairs}),
                Interaction.logged_by_id == user_id,
                Interaction.occurred_on >= since,
            )
        )
    )
    return {stakeholder for stakeholder, interaction in pairs if interaction in theirs}
