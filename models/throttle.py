"""Throttling: at most so many attempts of one kind per subject within a window.

One mechanism for every form that checks a secret or sends email: sign-in (per email and
per address), the current password of a password change (per user), the public
subscription form (per address) and the calendar feeds' secret addresses (unknown ones
asked, per address). Attempts are rows in the database, so every gunicorn
worker and every host counts the same ones.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import DateTime, Index, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow

WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    """At most `attempts` attempts named `name` per subject within WINDOW."""

    name: str
    attempts: int


SIGN_IN_EMAIL = Limit("sign-in-email", 5)  # failed sign-ins of one email
SIGN_IN_ADDRESS = Limit("sign-in-address", 30)  # failed sign-ins from one address
PASSWORD_CHECK = Limit("password-check", 5)  # wrong current passwords of one user
SUBSCRIBE_ADDRESS = Limit("subscribe-address", 10)  # subscriptions sent from one address
CALENDAR_ADDRESS = Limit("calendar-address", 30)  # unknown calendar feed addresses asked


class ThrottleEvent(db.Model):
    """One attempt counted against a limit, under a key such as `sign-in-email:x@example.org`."""

    __table_args__ = (Index("ix_throttle_event_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _key(limit: Limit, subject: str) -> str:
    return f"{limit.name}:{subject.strip().lower()}"[:300]


def retry_after(limit: Limit, subject: str) -> int:
    """Return the seconds before `subject` may try again under `limit` (0: now)."""
    count, first = db.session.execute(
        select(func.count(), func.min(ThrottleEvent.at)).where(
            ThrottleEvent.key == _key(limit, subject), ThrottleEvent.at > utcnow() - WINDOW
        )
    ).one()
    if count < limit.attempts:
        return 0
    return int((first + WINDOW - utcnow()).total_seconds()) + 1


def count_attempt(limit: Limit, subject: str) -> None:
    """Count one attempt of `subject` under `limit`; forget every attempt past the window."""
    db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.at < utcnow() - WINDOW))
    db.session.add(ThrottleEvent(key=_key(limit, subject)))


def forget_attempts(limit: Limit, subject: str) -> None:
    """Forget the attempts of `subject` under `limit` (after it proved itself)."""
    db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.key == _key(limit, subject)))
