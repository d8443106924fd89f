"""The weekly digest's sending, by the worker's periodic task every 15 minutes.

A user who opted in gets one digest a week: from Monday at DIGEST_HOUR in the coalition's
zone (`models.clock.local_now`), or at the first run later in that same week when the
worker was stopped on Monday morning (it catches up; the next Monday starts a new week).

Claim, then send: the `digest_sent` row of (user, week) is inserted and committed before
the email goes, so that two workers racing meet the unique constraint and only one sends.
If SMTP fails, the row is deleted and the run stops: the next run tries again (an address
the server refuses is not tried again that week, and the others go on). A user with
nothing overdue or coming keeps the row too (their week is dealt with) and gets no email.

The email itself is the web app's (`app.digest`: its templates, links and SMTP settings).
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from huey import crontab
from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from app.digest import digest_of, send_digest
from jobs.queue import huey
from models import DigestSent, User, clock, db

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a run did: digests sent, users with nothing to send, addresses the SMTP server
    refused (not tried again this week), and whether it stopped on SMTP failing."""

    sent: int = 0
    empty: int = 0
    refused: int = 0
    failed: bool = False


def week_of(now: datetime) -> date:
    """Return the Monday of the week of `now` (a local time)."""
    return now.date() - timedelta(days=now.weekday())


def is_due(now: datetime, hour: int) -> bool:
    """Return whether the week's digest may go at `now` (a local time): from Monday at
    `hour` to the end of Sunday."""
    return now.weekday() > 0 or now.hour >= hour


def send_digests(now: datetime | None = None, force: bool = False) -> Outcome:
    """Send this week's digest to every opted-in active user who has not had it, if it is
    time (`is_due`). `force`: send now, even outside the time and to those who had it."""
    now = now or clock.local_now()
    outcome = Outcome()
    if not force and not is_due(now, current_app.config["DIGEST_HOUR"]):
        return outcome
    week = week_of(now)
    users = select(User.id).where(User.active.is_(True), User.digest_opt_in.is_(True))
    if not force:
        had = select(DigestSent.id).where(DigestSent.user_id == User.id,
                                          DigestSent.week_start == week)  # fmt: skip
        users = users.where(~exists(had))
    for user_id in db.session.scalars(users.order_by(User.id)).all():
        claim = _claim(user_id, week)
        if claim is None and not force:
            continue  # another worker has it
        user = db.session.get(User, user_id)
        digest = digest_of(user, week, now.date())
        if digest.empty:
            outcome.empty += 1
            continue
        try:
            send_digest(digest)
        except smtplib.SMTPRecipientsRefused:  # this address, not the server: go on
            log.exception("Weekly digest refused for user %s; not tried again this week", user_id)
            outcome.refused += 1
            continue
        except OSError:
            log.exception("Weekly digest not sent to user %s; the next run tries again", user_id)
            _release(claim)
            outcome.failed = True
            break
        except Exception:
            _release(claim)
            raise
        outcome.sent += 1
    return outcome


def _claim(user_id: int, week: date) -> int | None:
    """Record that `user_id` has the digest of `week`; return the row's id, or None if a
    row was there (sent already, or by another worker now)."""
    row = DigestSent(user_id=user_id, week_start=week)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return row.id


def _release(claim: int | None) -> None:
    """Forget the claim `claim` (its email was not sent), so that the next run retries."""
    db.session.rollback()
    if claim is not None:
        db.session.execute(delete(DigestSent).where(DigestSent.id == claim))
        db.session.commit()


@huey.periodic_task(crontab(minute="*/15"))
def weekly_digest() -> None:
    """Send the weekly digests that are due."""
    with huey.app().app_context():
        outcome = send_digests()
        if outcome.sent or outcome.failed:
            log.info("Weekly digest: %s sent, %s with nothing to send, SMTP failing: %s",
                     outcome.sent, outcome.empty, outcome.failed)  # fmt: skip
