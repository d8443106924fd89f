"""The mail drop's periodic reading of the mailbox.

The worker runs `read_drop_mailbox` every minute. It reads the mailbox (inbox/poll.py)
when MAILDROP_HOST is set and MAILDROP_INTERVAL_MINUTES have passed since the start of the
last reading, whichever process made it (`maillage maildrop poll` included), and never two
at once: a lock in the queue's storage, shared by every worker (Redis or the SQLite file),
that a worker killed mid-reading leaves behind for at most `LOCK_STALE_SECONDS`. A mailbox
that cannot be reached is written on the run (`MaildropRun.error`) and logged; the next
reading tries again.
"""

import logging
import os
import time
from datetime import datetime, timedelta

from flask import Flask
from huey import crontab
from sqlalchemy import select

from inbox.poll import poll
from jobs.queue import huey
from models import MaildropRun, db
from models.base import utcnow

log = logging.getLogger(__name__)

LOCK_KEY = "maildrop-reading"
LOCK_STALE_SECONDS = 30 * 60  # a reading takes seconds; one this old had its worker killed


@huey.periodic_task(crontab(minute="*"), name="maildrop")
def read_drop_mailbox() -> None:
    """Read the drop mailbox if a reading is due."""
    app = huey.app()
    with app.app_context():
        try:
            poll_if_due(app)
        finally:
            db.session.remove()


def poll_if_due(app: Flask, now: datetime | None = None) -> MaildropRun | None:
    """Read the mailbox if it is set up, no reading runs and the last one started at least
    MAILDROP_INTERVAL_MINUTES before `now` (naive UTC); return the new run, else None."""
    if not app.config["MAILDROP_HOST"] or not _due(app, now):
        return None
    if not _take_lock():
        return None
    try:
        if not _due(app, now):  # another worker read it between our look and our lock
            return None
        return poll(app)
    finally:
        huey.delete(LOCK_KEY)


def last_started() -> datetime | None:
    """Return when the last reading of the mailbox started (naive UTC), if any did."""
    return db.session.scalar(select(MaildropRun.started_at).order_by(
        MaildropRun.started_at.desc()).limit(1))  # fmt: skip


def _due(app: Flask, now: datetime | None) -> bool:
    last = last_started()
    db.session.commit()  # end the read: SQLite lets a writer in
    interval = timedelta(minutes=app.config["MAILDROP_INTERVAL_MINUTES"])
    return last is None or (now or utcnow()) - last >= interval


def _take_lock() -> bool:
    """Take the readings' lock; return False when another reading holds it."""
    mine = {"at": time.time(), "pid": os.getpid()}
    if huey.put_if_empty(LOCK_KEY, mine):
        return True
    held = huey.get(LOCK_KEY, peek=True)
    if held and time.time() - held.get("at", 0) > LOCK_STALE_SECONDS:
        log.warning("mail drop: a reading's lock from %s was left behind; taken", held)
        huey.delete(LOCK_KEY)
        return bool(huey.put_if_empty(LOCK_KEY, mine))
    return False
