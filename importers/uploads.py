"""Uploaded files waiting between the import wizard's steps and the worker that imports them.

They live in the instance folder's `imports/`, under random names; the batch row names its
file (`stored_name`). The web app and the worker must see the same folder: run the worker on
the web app's host, or share the instance folder.
"""

import secrets
import time
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from importers.pipeline import analyse
from models import ImportBatch, db
from models.import_batch import IN_WORKER, ImportStatus

ABANDONED_DRAFT_SECONDS = 24 * 3600  # an upload left mid-wizard
ORPHAN_SECONDS = 3600  # a file no batch waits for (its batch ended, or was never saved)
# A rejected batch (nothing written) keeps its file for a day: it may be imported again,
# skipping the invalid rows, without a new upload.
WAITING = (ImportStatus.DRAFT, ImportStatus.REJECTED, *IN_WORKER)


def upload_folder() -> Path:
    """Return the instance folder's `imports/`, where uploads wait between steps."""
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(storage, suffix: str) -> str:
    """Save an uploaded file under a random name; return that name."""
    name = secrets.token_hex(16) + suffix
    storage.save(upload_folder() / name)
    storage.close()  # a large upload is spooled to a temporary file: free it now
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


def clean_uploads(now: float | None = None) -> list[str]:
    """Delete the uploads that no batch waits for any more; return their names.

    A file is kept while its batch is a draft or rejected (for a day), queued or running;
    a file younger than an hour is kept in any case, as its batch may not be saved yet."""
    now = time.time() if now is None else now
    waiting = dict(db.session.execute(
        select(ImportBatch.stored_name, ImportBatch.status)
        .where(ImportBatch.status.in_(WAITING), ImportBatch.stored_name.is_not(None))
    ).all())  # fmt: skip
    removed = []
    for path in upload_folder().iterdir():
        age = now - path.stat().st_mtime
        status = waiting.get(path.name)
        if status in IN_WORKER or age < ORPHAN_SECONDS:
            continue
        if status in (ImportStatus.DRAFT, ImportStatus.REJECTED) and (
            age < ABANDONED_DRAFT_SECONDS
        ):
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed
