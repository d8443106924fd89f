"""The audit trail: who changed what, when, with the values before and after."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, search_pending_index, utcnow

# What an event records (each has its words in `models.labels.AUDIT_ACTIONS`).
ACTIONS = (
    "create", "update", "archive", "delete", "import", "export", "undo", "anonymize",
    "merge", "bulk",
)  # fmt: skip


class AuditEvent(db.Model):
    """One audited action. Events are only ever added, never deleted or edited, except that
    anonymizing a person replaces their personal values in the events about them
    (`models.privacy.redact_audit_events`), or the trail would keep what was erased."""

    # Also gives the latest event of a type in one step (models.cache).
    __table_args__ = (
        Index("ix_audit_event_entity_type_id", "entity_type", "id"),
        search_pending_index("audit_event"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))  # one of ACTIONS
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Action, entity, its names and the actor folded, for search (models/search); NULL
    # until indexed after a bulk write.
    search_text: Mapped[str | None] = mapped_column(Text)

    actor = relationship("User")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.entity_type} {self.entity_id}>"


def record(
    actor,
    action: str,
    entity_type: str,
    entity_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Add an audit event to the session (the caller's transaction commits it)."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
    )
    db.session.add(event)
    return event
