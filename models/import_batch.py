"""Import batches: who imported which file when, and what it created, updated, rejected.

A batch is also the web wizard's state between its steps (the uploaded file waits in the
instance folder, named by `stored_name`), the progress that every gunicorn worker can
read, and what undoing the import needs (`changes`). Column mappings chosen for a set of
headers are remembered in `ImportMapping`.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow


class ImportStatus(StrEnum):
    """Where an import batch stands; stored as its value."""

    DRAFT = "draft"  # uploaded, not imported yet (the wizard's steps)
    QUEUED = "queued"  # confirmed, waiting for the worker
    RUNNING = "running"  # a worker imports it
    DONE = "done"  # written
    REJECTED = "rejected"  # rows with errors: nothing written
    FAILED = "failed"  # the worker stopped (an error, or interrupted twice)


# In the worker's hands: waiting for it, or being imported.
IN_WORKER = (ImportStatus.QUEUED, ImportStatus.RUNNING)
# How many times a worker may start a batch: once, and once more after an interruption.
MAX_ATTEMPTS = 2


class ImportBatch(db.Model):
    """One spreadsheet import, kept for history and undo."""

    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s.value}'" for s in ImportStatus) + ")",
            name="status_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(
        String(20), default=ImportStatus.DONE, server_default=ImportStatus.DONE.value
    )
    # The uploaded file's name in instance/imports/ while the wizard needs it.
    stored_name: Mapped[str | None] = mapped_column(String(100))
    mapping: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    skip_invalid: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    phase: Mapped[str] = mapped_column(String(20), default="", server_default="")
    progress_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    progress_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    # How many times a worker started it, and when its status last changed (recovery).
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What undo needs: ids created, and the old values and new version of updated records.
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Row errors and the rejected rows (cells then messages), for the download.
    errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    rejected_rows: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user = relationship("User")

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} {self.kind} {self.status}>"

    @property
    def in_worker(self) -> bool:
        """Return whether the batch waits for the worker or is being imported."""
        return self.status in IN_WORKER

    @property
    def undoable(self) -> bool:
        """Return whether the batch wrote something that has not been undone (a file whose
        rows were all unchanged wrote nothing: there is nothing to undo)."""
        wrote = any((self.changes or {}).values())
        return self.status == ImportStatus.DONE and self.undone_at is None and wrote


class ImportMapping(db.Model):
    """The column mapping chosen for a set of headers, so the next such file maps itself."""

    __table_args__ = (UniqueConstraint("kind", "signature"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The file's headers, folded, sorted and joined: the same partner's next file has them.
    signature: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, str]] = mapped_column(JSON)  # folded header → field key ("" = none)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
