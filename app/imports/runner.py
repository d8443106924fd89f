"""Running a confirmed import in the background, with its progress kept in the database.

The confirm request starts a thread and returns at once; the thread has its own app
context and session, writes progress to the batch row in short transactions of its own
(so that any gunicorn worker can answer the progress poll), and commits the import once.
Progress is written only while the import reads and checks rows: once it writes, SQLite's
single writer lock belongs to the import until it commits.
"""

import secrets
import threading
import time
from pathlib import Path

from flask import current_app
from sqlalchemy import update

from app.extensions import db
from importers.history import keep_outcome
from importers.pipeline import analyse, run_import
from importers.reader import BadFile
from models import ImportBatch, User

STALE_UPLOAD_SECONDS = 24 * 3600


def upload_folder() -> Path:
    """Return the instance folder's `imports/`, where uploads wait between steps."""
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(storage, suffix: str) -> str:
    """Save an uploaded file under a random name; return that name."""
    folder = upload_folder()
    for old in folder.iterdir():  # uploads abandoned mid-wizard
        if old.stat().st_mtime < time.time() - STALE_UPLOAD_SECONDS:
            old.unlink(missing_ok=True)
    name = secrets.token_hex(16) + suffix
    storage.save(folder / name)
    return name


def stored_path(batch: ImportBatch) -> Path:
    """Return where the batch's uploaded file waits."""
    return upload_folder() / (batch.stored_name or "missing")


def chosen_fields(batch: ImportBatch) -> dict[int, str] | None:
    """Return the column index → field the user chose for the batch (None: not yet)."""
    return {int(k): v for k, v in batch.mapping.items()} if batch.mapping else None


def mapped_sheet(batch: ImportBatch, complete: bool = True, guess: bool = False):
    """Return the batch's file read with its chosen mapping (BadFile if unusable).

    `complete=False` accepts a mapping that lacks a required column, and `guess=True`
    ignores the user's choice (the mapping step starts from the headers themselves).
    """
    chosen = None if guess else chosen_fields(batch)
    return analyse(stored_path(batch), batch.kind, batch.filename, chosen, complete)


def start(batch: ImportBatch) -> None:
    """Run the batch's import in a background thread."""
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run, args=(app, batch.id), daemon=True)
    thread.start()


def _progress(batch_id: int):
    table = ImportBatch.__table__

    def report(phase: str, done: int, total: int) -> None:
        if phase == "writing":
            # The import has only read so far. Ending its read transaction lets SQLite give
            # it the writer lock on a fresh snapshot (the progress rows were written since).
            db.session.commit()
        values = {"phase": phase, "progress_done": done, "progress_total": total}
        with db.engine.begin() as connection:
            connection.execute(update(table).where(table.c.id == batch_id).values(**values))

    return report


def _run(app, batch_id: int) -> None:
    """Import the batch's file; record the outcome, whatever happens."""
    with app.app_context():
        batch = db.session.get(ImportBatch, batch_id)
        actor = db.session.get(User, batch.user_id) if batch.user_id else None
        path = stored_path(batch)
        try:
            result = run_import(mapped_sheet(batch), actor, skip_invalid=batch.skip_invalid,
                                progress=_progress(batch_id), batch=batch)  # fmt: skip
            if not result.written:
                keep_outcome(batch, result)
                batch.status = "rejected"
            batch.phase = ""
            db.session.commit()
        except Exception as error:  # the batch must say it failed, whatever went wrong
            db.session.rollback()
            batch = db.session.get(ImportBatch, batch_id)
            batch.status = "failed"
            batch.message = str(error) if isinstance(error, BadFile) else repr(error)[:500]
            db.session.commit()
            if not isinstance(error, BadFile):
                app.logger.exception("import %s failed", batch_id)
        finally:
            path.unlink(missing_ok=True)
            db.session.remove()
