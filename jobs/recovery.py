"""What a restart does to unfinished work: every import ends, and no upload is left behind.

A worker stopped by a deploy (SIGTERM), killed (`kill -9`, out of memory) or lost with its
host leaves its batch "running" with nothing written (the import is one transaction). Each
worker, when it starts and then every JOB_HEARTBEAT_SECONDS, looks for batches whose job
stopped saying it is alive for JOB_STALE_SECONDS, or whose queued job is no longer in the
queue (a Redis restarted empty): such a batch is queued again once, from its upload; after
a second interruption, or without its upload, it ends as failed with a message for the
person who imported it. Several workers may do this at once: each change is conditional on
the batch being as seen, so only one of them acts.
"""

import time
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from importers.uploads import clean_uploads, stored_path
from jobs.queue import huey, last_heartbeat
from jobs.tasks import fail, import_batch, import_job
from models import ImportBatch, db
from models.base import utcnow
from models.import_batch import IN_WORKER, MAX_ATTEMPTS, ImportStatus


def recover() -> list[int]:
    """Queue again or fail the imports whose worker is gone; clean uploads; return the ids."""
    stale = current_app.config["JOB_STALE_SECONDS"]
    recent = utcnow() - timedelta(seconds=stale)
    pending = _pending_imports()
    ended = []
    batches = db.session.scalars(select(ImportBatch).where(ImportBatch.status.in_(IN_WORKER))).all()
    for batch in batches:
        if batch.status_changed_at and batch.status_changed_at > recent:
            continue  # just queued or started: its first heartbeat or dequeue may be coming
        if batch.status == ImportStatus.QUEUED and batch.id in pending:
            continue  # waiting its turn
        if batch.status == ImportStatus.RUNNING and _alive(import_job(batch.id), stale):
            continue
        if _restart(batch):
            ended.append(batch.id)
    db.session.commit()
    clean_uploads()
    return ended


def _alive(job: str, stale: float) -> bool:
    beat = last_heartbeat(job)
    return beat is not None and time.time() - beat < stale


def _pending_imports() -> set[int]:
    """Return the ids of the batches whose import job waits in the queue."""
    return {task.args[0] for task in huey.pending() if task.name == import_batch.name}


def _restart(batch: ImportBatch) -> bool:
    """Queue `batch` again, or fail it; return False if another worker acted first."""
    table = ImportBatch.__table__
    seen = (table.c.id == batch.id, table.c.status == batch.status,
            table.c.attempts == batch.attempts)  # fmt: skip
    if batch.attempts < MAX_ATTEMPTS and stored_path(batch).is_file():
        queued = db.session.execute(
            update(table).where(*seen).values(status=ImportStatus.QUEUED, phase="",
                                              status_changed_at=utcnow())
        ).rowcount  # fmt: skip
        db.session.commit()
        if queued:
            current_app.logger.warning("import %s was interrupted: queued again", batch.id)
            import_batch(batch.id)
        return bool(queued)
    taken = db.session.execute(
        update(table).where(*seen).values(status=ImportStatus.FAILED, status_changed_at=utcnow())
    ).rowcount  # fmt: skip
    db.session.commit()
    if taken:
        current_app.logger.warning("import %s was interrupted: failed", batch.id)
        fail(
            batch.id,
            _l(
                "The import was interrupted (the server restarted) and could not "
                "be completed; nothing was written. Import the file again."
            ),
        )
        stored_path(batch).unlink(missing_ok=True)
    return bool(taken)
