"""Duplicates: pairs a user said are not duplicates, and the merges done (for undo).

The finder that proposes pairs is `models/duplicate_finder.py`; merging and its undo are
`models/operations/merge.py`. `kind` is the list's name: `stakeholders` or `contacts`.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow

KINDS = ("stakeholders", "contacts")


class NotDuplicate(db.Model):
    """Two records a user said are not the same: the finder never proposes them again.

    The pair is stored lower id first, so that (a, b) and (b, a) are one row. No foreign
    key: a mark about a record since deleted is harmless, and merging keeps the survivor's.
    """

    __table_args__ = (
        UniqueConstraint("kind", "low_id", "high_id"),
        CheckConstraint("low_id < high_id", name="ordered_pair"),
        CheckConstraint("kind IN ('stakeholders', 'contacts')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    low_id: Mapped[int] = mapped_column(Integer)
    high_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User")


class Merge(db.Model):
    """One merge: `removed_id` folded into `kept_id`, with what undoing it needs.

    `before` holds both records' before-images (their own columns, tags or consent
    history); `moved` the rows that changed hands (their table, ids and the column that
    pointed at the removed record) and the rows merged away (two commitments to one measure
    become one); `versions` the versions the merge left, so that undo is refused once
    anything since touched the records.
    """

    __tablename__ = "record_merge"  # MERGE is an SQL keyword
    __table_args__ = (CheckConstraint("kind IN ('stakeholders', 'contacts')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    kept_id: Mapped[int] = mapped_column(Integer, index=True)
    removed_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    moved: Mapped[dict[str, Any]] = mapped_column(JSON)
    versions: Mapped[dict[str, Any]] = mapped_column(JSON)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A merged contact's unsubscribe key: its link, in newsletters already sent, still
    # withdraws the survivor's consent (`models.operations.consent.contact_by_token`).
    removed_token: Mapped[str | None] = mapped_column(String(64), index=True)

    user = relationship("User")
