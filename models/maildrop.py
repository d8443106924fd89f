"""The mail drop: messages read from the coalition's drop mailbox, and their addresses.

A message sent or forwarded to the drop by an active user is logged as one `email`
interaction with the contacts and stakeholders its addresses match; an address that
matches no one waits in the review queue ("Courriels à classer") until its user attaches
it to a contact, creates a contact from it, or discards it. Nothing else of the message
is kept: its subject, date, addresses and a short excerpt (README, "Personal
information"). `MaildropRun` counts what each reading of the mailbox did.
"""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow

# How long the excerpt kept of a message's body may be, in characters.
EXCERPT_LENGTH = 500


class MaildropMessage(db.Model):
    """One message read from the drop mailbox, from an active user."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The SHA-256 of the message's Message-ID (or, without one, of its sender, date and
    # subject): the same message read twice (Bcc and forward) is logged once.
    message_key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, from the Date header
    subject: Mapped[str] = mapped_column(String(500), default="")
    # The addresses the message named (To, Cc, a forward's original sender), lowercased.
    addresses: Mapped[list[str]] = mapped_column(JSON, default=list)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interaction.id", ondelete="SET NULL"), index=True
    )
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User")
    interaction = relationship("Interaction")
    waiting: Mapped[list["MaildropAddress"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="MaildropAddress.id"
    )


class AddressStatus:
    PENDING = "pending"  # in the review queue
    ATTACHED = "attached"  # to an existing contact
    CREATED = "created"  # a contact was created from it
    DISCARDED = "discarded"


class MaildropAddress(db.Model):
    """An address of a message that matched no contact or stakeholder: it waits in the
    review queue of the message's user."""

    __table_args__ = (Index("ix_maildrop_address_status", "status", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("maildrop_message.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(254), index=True)
    status: Mapped[str] = mapped_column(String(20), default=AddressStatus.PENDING)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)

    message: Mapped[MaildropMessage] = relationship(back_populates="waiting")
    contact = relationship("Contact")
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])


class MaildropRun(db.Model):
    """One reading of the drop mailbox, and what it did with the messages it found."""

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    seen: Mapped[int] = mapped_column(Integer, default=0)
    logged: Mapped[int] = mapped_column(Integer, default=0)  # became an interaction
    queued: Mapped[int] = mapped_column(Integer, default=0)  # left addresses to classify
    ignored: Mapped[int] = mapped_column(Integer, default=0)  # sender not an active user
    duplicates: Mapped[int] = mapped_column(Integer, default=0)  # Message-ID seen before
    failed: Mapped[int] = mapped_column(Integer, default=0)  # could not be read
    error: Mapped[str] = mapped_column(Text, default="")  # why the run stopped, if it did
