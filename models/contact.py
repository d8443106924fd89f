"""Contacts: the people who speak for stakeholders, with their newsletter consent."""

import secrets
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import Tracked, db, search_pending_index
from models.normalize import person_key
from models.stakeholder import Stakeholder


class Contact(Tracked, db.Model):
    """A person at a stakeholder; email, when given, is unique across contacts."""

    __table_args__ = (
        CheckConstraint("language IN ('fr', 'en')", name="language_known"),
        CheckConstraint(
            "newsletter_consent IN ('none', 'express', 'implied')", name="consent_known"
        ),
        search_pending_index("contact"),
        Index("ix_contact_name", "name_key", "id"),  # the list's order
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="SET NULL"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    # The names folded, last name first (`person_key`): what the contacts are sorted by.
    # Kept by the validator below; a bulk writer's rows get theirs with their search text
    # (`models.search.index_pending`).
    name_key: Mapped[str] = mapped_column(String(201), server_default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    # Lowercased; NULL when unknown, so that UNIQUE allows many contacts without email.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    language: Mapped[str] = mapped_column(String(2), default="fr")
    newsletter_consent: Mapped[str] = mapped_column(String(20), default="none")
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_source: Mapped[str] = mapped_column(String(200), default="")
    consent_withdrawn_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Names, title, email, phone and the stakeholder's name folded, for search
    # (models/search); NULL until indexed after a bulk write.
    search_text: Mapped[str | None] = mapped_column(Text)
    # Set when the person's data was erased (models/privacy.py); the row stays for counts.
    anonymized_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The key of the contact's unsubscribe link (models/consent.py); never expires. Given
    # on insert below; rows written in bulk get theirs from their writer or at export.
    unsubscribe_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    stakeholder: Mapped[Stakeholder | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Contact {self.id} {self.full_name!r}>"

    @validates("first_name", "last_name")
    def _keep_name_key(self, field: str, value: str) -> str:
        """Keep `name_key` in step with the names."""
        names = {"first_name": self.first_name, "last_name": self.last_name, field: value}
        self.name_key = person_key(names["first_name"], names["last_name"])
        return value

    @property
    def full_name(self) -> str:
        """Return first and last name (a neutral label once anonymized)."""
        return full_name(self.id, self.first_name, self.last_name, self.anonymized_at)


def full_name(contact_id: int, first: str, last: str, anonymized_at: datetime | None) -> str:
    """Return a contact's first and last name, or a neutral label once anonymized: what
    `Contact.full_name` says, for a contact read as a plain row."""
    if anonymized_at is not None:
        return str(_l("Anonymized contact #%(id)s", id=contact_id))
    return f"{first} {last}".strip()


@event.listens_for(Contact, "before_insert")
def _give_unsubscribe_token(_mapper, _connection, contact: Contact) -> None:
    """Give a new contact its unguessable unsubscribe token."""
    if contact.unsubscribe_token is None:
        contact.unsubscribe_token = secrets.token_urlsafe(32)
