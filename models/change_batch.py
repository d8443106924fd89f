"""Bulk actions done on a list's rows at once, kept for history and undo.

One batch is one action (add a tag, set the owner, archive…) on many records of one list;
`models/operations/bulk_actions.py` does it and undoes it, like an import's batch: while
no later change touched its records.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow

# Actions never undone: a newsletter consent withdrawal is honoured at once (the law).
FINAL_ACTIONS = ("withdraw_consent",)


class ChangeBatch(db.Model):
    """One bulk action: who did what to how many records of which list, and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # the list: stakeholders, contacts, …
    action: Mapped[str] = mapped_column(String(40))  # add_tag, set_owner, archive, …
    value: Mapped[str] = mapped_column(String(300), default="")  # the tag, owner, stage…
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    # What undo needs: each record's id, its old values and the version the action left.
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)

    user = relationship("User")

    @property
    def undoable(self) -> bool:
        """Return whether the batch changed something that has not been undone."""
        return self.undone_at is None and self.count > 0 and self.action not in FINAL_ACTIONS
