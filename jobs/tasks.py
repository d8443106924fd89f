"""The jobs the worker runs. Each takes plain ids, so that it can be retried from scratch.

An import is one transaction: a worker killed halfway writes nothing, and the batch is
started again by `jobs.recovery` (once), from the upload that is still there.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from importers.history import keep_outcome
from importers.pipeline import run_import
from importers.reader import BadFile
from importers.uploads import mapped_sheet, stored_path
from jobs.queue import beating, huey
from models import ImportBatch, User, db
from models.base import utcnow
from models.import_batch import ImportStatus


def import_job(batch_id: int) -> str:
    """Return the name under which the import of batch `batch_id` says it is alive."""
    return f"import-{batch_id}"


def enqueue_import(batch: ImportBatch) -> None:
    """Queue the confirmed `batch` for the worker (the caller has committed its status)."""
    import_batch(batch.id)


@huey.task()
def import_batch(batch_id: int) -> None:
    """Import the batch's file, if it is still waiting for a worker."""
    app = huey.app()
    with app.app_context():
        if _claim(batch_id):
            with beating(import_job(batch_id), app):
                _run(batch_id)


def _claim(batch_id: int) -> bool:
    """Mark a queued batch as running; return False if it was not queued (taken, or ended)."""
    table = ImportBatch.__table__
    claimed = db.session.execute(
        update(table)
        .where(table.c.id == batch_id, table.c.status == ImportStatus.QUEUED)
        .values(status=ImportStatus.RUNNING, attempts=table.c.attempts + 1, phase="",
                progress_done=0, progress_total=0, status_changed_at=utcnow())
    ).rowcount  # fmt: skip
    db.session.commit()
    return claimed == 1


def _progress(batch_id: int):
    table = ImportBatch.__table__

    writing = False

    def report(phase: str, done: int, total: int) -> None:
        nonlocal writing
        if phase == "writing" and not writing:
            # The import has only read so far. Ending its read transaction lets SQLite give
            # it the writer lock on a fresh snapshot (the progress rows were written since).
            # Only then: a streamed import reports its writing as it goes.
            writing = True
            db.session.commit()
        values = {"phase": phase, "progress_done": done, "progress_total": total}
        with db.engine.begin() as connection:
            connection.execute(update(table).where(table.c.id == batch_id).values(**values))

    return report


def _run(batch_id: int) -> None:
    """Import the batch's file; record the outcome, whatever happens."""
    batch = db.session.get(ImportBatch, batch_id)
    actor = db.session.get(User, batch.user_id) if batch.user_id else None
    path = stored_path(batch)
    # The messages kept on the batch are in the language of the person who imports.
    with force_locale(actor.language if actor else "fr"):
        try:
            result = run_import(mapped_sheet(batch), actor, skip_invalid=batch.skip_invalid,
                                progress=_progress(batch_id), batch=batch)  # fmt: skip
            if not result.written:
                keep_outcome(batch, result)
                batch.status = ImportStatus.REJECTED
            batch.phase = ""
            batch.status_changed_at = utcnow()
            db.session.commit()
        except Exception as error:  # the batch must say it failed, whatever went wrong
            db.session.rollback()
            fail(
                batch_id,
                str(error)
                if isinstance(error, BadFile)
                else _l("The import stopped on an unexpected error; nothing was written."),
            )
            if not isinstance(error, BadFile):
                current_app.logger.exception("import %s failed", batch_id)
        # A rejected batch wrote nothing: its file stays, to import it again skipping the
        # invalid rows (`clean_uploads` removes it a day later).
        if db.session.get(ImportBatch, batch_id).status != ImportStatus.REJECTED:
            path.unlink(missing_ok=True)


def fail(batch_id: int, message) -> None:
    """End the batch as failed with `message` (in its importer's language), and commit."""
    batch = db.session.get(ImportBatch, batch_id)
    language = batch.user.language if batch.user else "fr"
    with force_locale(language):
        batch.message = str(message)[:2000]
    batch.status, batch.phase, batch.status_changed_at = ImportStatus.FAILED, "", utcnow()
    db.session.commit()
