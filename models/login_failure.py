"""Failed sign-ins, counted to slow down password guessing (sign-in throttling)."""

from datetime import datetime, timedelta

from sqlalchemy import DateTime, Index, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow

WINDOW = timedelta(minutes=15)
LIMITS = {"email": 5, "ip": 30}  # failures allowed in the window, per email and per address


class LoginFailure(db.Model):
    """One failed sign-in, under a key such as `email:x@example.org` or `ip:127.0.0.1`.

    Kept in the database so that every gunicorn worker and host sees the same counts.
    """

    __table_args__ = (Index("ix_login_failure_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _keys(email: str, address: str | None) -> dict[str, str]:
    return {"email": f"email:{email.strip().lower()}", "ip": f"ip:{address or '-'}"}


def retry_after(email: str, address: str | None) -> int:
    """Return the seconds before this email or address may try again (0: now)."""
    since = utcnow() - WINDOW
    waits = [0]
    for kind, key in _keys(email, address).items():
        count, first = db.session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(
                LoginFailure.key == key, LoginFailure.at > since
            )
        ).one()
        if count >= LIMITS[kind]:
            waits.append(int((first + WINDOW - utcnow()).total_seconds()) + 1)
    return max(waits)


def note_failure(email: str, address: str | None) -> None:
    """Count a failed sign-in for this email and address; forget failures past the window."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - WINDOW))
    for key in _keys(email, address).values():
        db.session.add(LoginFailure(key=key))


def forget_failures(email: str) -> None:
    """Forget this email's failures after a successful sign-in."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == _keys(email, None)["email"]))
