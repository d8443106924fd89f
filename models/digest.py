"""The weekly digest: which user was sent the digest of which week, so never twice."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class DigestSent(db.Model):
    """The digest of the week starting on `week_start` (a Monday) went to `user_id`, or
    that week had nothing to send them (jobs.digest: no email, and no second look).

    The row is written before the email is sent, in its own transaction: two workers
    racing for one user and one week meet the unique constraint, and only one sends."""

    __table_args__ = (UniqueConstraint("user_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
