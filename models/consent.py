"""Newsletter consent (Law 25, CASL): each contact's history, pending public subscriptions,
and which consents are valid on a given day.

A contact's columns `newsletter_consent`, `consent_date`, `consent_source` and
`consent_withdrawn_on` hold the current state; `consent_event` keeps every change, oldest
first, with the wording shown and who recorded it (NULL for the public form). Consent is
valid when it is express, or implied and less than two years old (CASL), and was not
withdrawn. Implied consent without a date cannot be shown to be recent: it is not valid.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Select,
    String,
    Text,
    and_,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow
from models.clock import iso
from models.contact import Contact

IMPLIED_YEARS = 2


class ConsentEvent(db.Model):
    """One consent given or withdrawn; events are only ever added."""

    __tablename__ = "consent_event"
    __table_args__ = (
        CheckConstraint("kind IN ('express', 'implied', 'withdrawn')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
    wording: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    recorded_by = relationship("User")

    def __repr__(self) -> str:
        return f"<ConsentEvent {self.contact_id} {self.kind} {self.on}>"

    def as_dict(self) -> dict[str, Any]:
        """Return the event as plain JSON-ready values."""
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "kind": self.kind,
            "on": iso(self.on),
            "source": self.source,
            "wording": self.wording,
            "recorded_by_id": self.recorded_by_id,
            "recorded_at": iso(self.recorded_at),
        }


class PendingSubscription(db.Model):
    """A public subscription awaiting the click on its emailed link.

    Only a hash of the link's token is stored: the database alone cannot confirm anyone.
    """

    __tablename__ = "newsletter_subscription"
    # At most one unconfirmed request per email: a flood of requests sends one email.
    __table_args__ = (
        Index("uq_newsletter_subscription_pending_email", "email", unique=True,
              sqlite_where=text("confirmed_at IS NULL"),
              postgresql_where=text("confirmed_at IS NULL")),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    wording: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)


def years_before(day: date, years: int) -> date:
    """Return the same day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def implied_lapses_on(given_on: date) -> date:
    """Return the day an implied consent given on `given_on` stops being valid."""
    try:
        return given_on.replace(year=given_on.year + IMPLIED_YEARS)
    except ValueError:  # 29 February: lapse on the 28th rather than after it
        return given_on.replace(year=given_on.year + IMPLIED_YEARS, day=28)


def is_valid(kind: str, given_on: date | None, withdrawn_on: date | None, on: date) -> bool:
    """Return whether a consent of `kind` given on `given_on` is valid on the day `on`."""
    if withdrawn_on is not None and withdrawn_on <= on:
        return False
    if kind == "express":
        return True
    return kind == "implied" and given_on is not None and on < implied_lapses_on(given_on)


def valid_consent(on: date):
    """Return the SQL condition on `Contact` that its consent is valid on the day `on`."""
    not_withdrawn = or_(Contact.consent_withdrawn_on.is_(None), Contact.consent_withdrawn_on > on)
    recent_implied = and_(
        Contact.newsletter_consent == "implied",
        Contact.consent_date > years_before(on, IMPLIED_YEARS),
    )
    return and_(not_withdrawn, or_(Contact.newsletter_consent == "express", recent_implied))


def valid_newsletter_contacts(on: date, query: Select | None = None) -> Select:
    """Return the contacts with an email whose consent is valid on `on`, by email.

    `query` is a scoped select of contacts to start from (default: every contact).
    """
    query = select(Contact) if query is None else query
    return query.where(Contact.email.is_not(None), valid_consent(on)).order_by(Contact.email)


def consent_history(contact_id: int) -> list[ConsentEvent]:
    """Return the consent events of a contact, oldest first."""
    query = (
        select(ConsentEvent)
        .where(ConsentEvent.contact_id == contact_id)
        .order_by(ConsentEvent.recorded_at, ConsentEvent.id)
    )
    return list(db.session.scalars(query))
