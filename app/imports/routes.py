"""Views of the import wizard: upload, mapping, preview, confirm, result; history, undo."""

import io
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app.access import require
from app.extensions import db
from app.imports import bp
from app.imports.forms import KIND_LABELS, ConfirmForm, UndoForm, UploadForm, mapping_form
from app.pagination import page_of
from importers.history import UndoRefused, can_undo, remember_fields, remembered_fields, undo_batch
from importers.pipeline import run_import
from importers.reader import BadFile
from importers.uploads import chosen_fields, mapped_sheet, store_upload, stored_path
from jobs.queue import worker_running
from jobs.tasks import enqueue_import, fail
from models import ImportBatch
from models.base import utcnow
from models.import_batch import IN_WORKER, ImportStatus
from reports.spreadsheet import write_csv, write_xlsx

PREVIEW_ERRORS = 200
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@bp.before_request
@login_required
def only_importers():
    """Let only admins and coordinators in (others: 403)."""
    require(current_user.can_import)


def own_batch(batch_id: int, status: str | None = None) -> ImportBatch:
    """Return a batch of the signed-in user (any, for an admin), else 404."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or not (current_user.is_admin or batch.user_id == current_user.id):
        abort(404)
    if status is not None and batch.status != status:
        abort(409 if batch.status != ImportStatus.DRAFT else 404)
    return batch


@bp.get("/")
def index():
    """List the imports, newest first, with their outcome and an undo button."""
    query = (select(ImportBatch).where(ImportBatch.status != ImportStatus.DRAFT)
             .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc()))  # fmt: skip
    return render_template("imports/index.html", page=page_of(query), kinds=KIND_LABELS,
                           can_undo=can_undo)  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Upload a file; a bad one is refused at once with one message."""
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        suffix = Path(upload.filename or "").suffix.lower()
        batch = ImportBatch(kind=form.kind.data, filename=(upload.filename or "?")[:300],
                            user_id=current_user.id, status=ImportStatus.DRAFT,
                            stored_name=store_upload(upload, suffix))  # fmt: skip
        try:
            mapped_sheet(batch, complete=False)
        except BadFile as error:
            stored_path(batch).unlink(missing_ok=True)
            form.file.errors.append(str(error))
            return render_template("imports/new.html", form=form), 422
        db.session.add(batch)
        db.session.commit()
        return redirect(url_for(".mapping", batch_id=batch.id))
    return render_template("imports/new.html", form=form)


@bp.route("/<int:batch_id>/mapping", methods=["GET", "POST"])
def mapping(batch_id: int):
    """Choose which field each column holds (pre-filled, remembered for these headers)."""
    batch = own_batch(batch_id, ImportStatus.DRAFT)
    sheet = _sheet_or_back(batch, complete=False, guess=True)
    if sheet is None:
        return redirect(url_for(".new"))
    found = sheet.mapping
    chosen = chosen_fields(batch) or remembered_fields(batch.kind, found) or found.fields
    form = mapping_form(batch.kind, found.headers, chosen, g.get("lang", "fr"))
    if form.validate_on_submit():
        picked = {i: getattr(form, f"col_{i}").data for i, h in enumerate(found.headers) if h}
        batch.mapping = {str(i): key for i, key in picked.items() if key}
        found.fields = {int(i): key for i, key in batch.mapping.items()}
        remember_fields(batch.kind, found)
        db.session.commit()
        return redirect(url_for(".preview", batch_id=batch.id))
    return render_template("imports/mapping.html", batch=batch, form=form, found=found)


@bp.route("/<int:batch_id>/preview", methods=["GET", "POST"])
def preview(batch_id: int):
    """Show what the import would do, row errors included; confirm starts it."""
    batch = own_batch(batch_id, ImportStatus.DRAFT)
    form = ConfirmForm()
    if form.validate_on_submit():
        return _start(batch, form.skip_invalid.data)
    sheet = _sheet_or_back(batch)
    if sheet is None:
        return redirect(url_for(".mapping", batch_id=batch.id))
    outcome = run_import(sheet, current_user, dry_run=True, skip_invalid=True)
    db.session.rollback()
    return render_template("imports/preview.html", batch=batch, form=form, outcome=outcome,
                           errors=outcome.errors[:PREVIEW_ERRORS])  # fmt: skip


@bp.post("/<int:batch_id>/again")
def again(batch_id: int):
    """Import a batch rejected for its invalid rows again, from the same file, skipping
    them if asked (no new upload)."""
    batch = own_batch(batch_id, ImportStatus.REJECTED)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for(".result", batch_id=batch.id))
    if not stored_path(batch).is_file():
        flash(_("The file of this import is no longer kept: upload it again."), "danger")
        return redirect(url_for(".new"))
    return _start(batch, form.skip_invalid.data)


def _start(batch: ImportBatch, skip_invalid: bool):
    """Queue the confirmed `batch` for the worker; its result page shows the progress."""
    batch.skip_invalid = skip_invalid
    batch.status, batch.status_changed_at, batch.attempts = ImportStatus.QUEUED, utcnow(), 0
    db.session.commit()
    try:
        enqueue_import(batch)
    except Exception:  # the queue (Redis) is out of reach: say so, keep nothing waiting
        current_app.logger.exception("import %s could not be queued", batch.id)
        fail(
            batch.id,
            _l(
                "The import could not be started: the job queue does not "
                "answer. Try again in a moment."
            ),
        )
        stored_path(batch).unlink(missing_ok=True)
    return redirect(url_for(".result", batch_id=batch.id))


@bp.get("/<int:batch_id>")
def result(batch_id: int):
    """Show the import's progress, then its counts, errors and the rejected-rows download."""
    batch = own_batch(batch_id)
    if batch.status == ImportStatus.DRAFT:
        return redirect(url_for(".preview", batch_id=batch.id))
    worker = batch.status not in IN_WORKER or _worker_seen()
    again = batch.status == ImportStatus.REJECTED and stored_path(batch).is_file()
    return render_template("imports/result.html", batch=batch, kinds=KIND_LABELS,
                           can_undo=can_undo(current_user, batch), worker=worker,
                           step=progress_step(batch),
                           again=ConfirmForm(skip_invalid=True) if again else None)  # fmt: skip


@bp.get("/<int:batch_id>/progress")
def progress(batch_id: int):
    """Return the import's status and progress as JSON (polled by the result page)."""
    batch = own_batch(batch_id)
    total = batch.progress_total or 0
    # Reading and checking rows is most of the time; writing shows as the last stretch,
    # except where the rows are written as they are read (PostgreSQL), all the way.
    percent = int(90 * batch.progress_done / total) if total else 0
    if batch.phase == "writing":
        percent = int(95 * batch.progress_done / total) if total else 95
    elif batch.phase == "finishing":
        percent = 97
    if batch.status not in IN_WORKER:
        percent = 100
    return jsonify(status=batch.status, phase=batch.phase, done=batch.progress_done,
                   total=total, percent=percent, step=progress_step(batch),
                   worker=_worker_seen())  # fmt: skip


def progress_step(batch: ImportBatch) -> str:
    """Say in words where a running import is, with its figures ("" before it starts)."""
    if batch.status != ImportStatus.RUNNING:
        return ""
    done, total = format_number(batch.progress_done), format_number(batch.progress_total)
    if batch.phase == "reading":
        return _("Reading the rows: %(done)s of %(total)s", done=done, total=total)
    if batch.phase == "matching":
        return _("Comparing the rows with the records already in Maillage…")
    if batch.phase == "writing" and batch.progress_done < batch.progress_total:
        return _("Rows read and written: %(done)s of %(total)s", done=done, total=total)
    if batch.phase == "writing":
        return _("Writing the rows…")
    if batch.phase == "finishing":
        return _("Almost done: the search index and the figures are being updated…")
    return ""


@bp.get("/<int:batch_id>/rejected.<any(xlsx, csv):fmt>")
def rejected(batch_id: int, fmt: str):
    """Download the rejected rows with an error column, to fix and import again."""
    batch = own_batch(batch_id)
    kept = batch.rejected_rows or {}
    headers = [*kept.get("headers", []), _("Error")]
    buffer = io.BytesIO()
    if fmt == "csv":
        write_csv(buffer, headers, kept.get("rows", []))
    else:
        write_xlsx(buffer, headers, kept.get("rows", []), sheet_name=_("Rejected rows"))
    buffer.seek(0)
    stem = Path(batch.filename).stem
    return send_file(buffer, mimetype=MIMETYPES[fmt], as_attachment=True,
                     download_name=f"{stem}-{_('rejected')}.{fmt}")  # fmt: skip


@bp.get("/<int:batch_id>/undo")
def undo_page(batch_id: int):
    """Ask to confirm undoing an import, saying what it deletes and restores."""
    batch = db.session.get(ImportBatch, batch_id) or abort(404)
    if not (batch.undoable and can_undo(current_user, batch)):
        return redirect(url_for(".result", batch_id=batch.id))
    changes = batch.changes or {}
    return render_template("imports/undo.html", batch=batch, form=UndoForm(), kinds=KIND_LABELS,
                           created=len(changes.get("created", [])),
                           updated=len(changes.get("updated", [])))  # fmt: skip


@bp.post("/<int:batch_id>/undo")
def undo(batch_id: int):
    """Undo an import: its author or an admin, while nothing touched its records since."""
    batch = db.session.get(ImportBatch, batch_id) or abort(404)
    form = UndoForm()
    if form.validate_on_submit():
        try:
            undo_batch(current_user, batch)
            db.session.commit()
            flash(_("The import was undone."), "success")
        except UndoRefused as error:
            db.session.rollback()
            flash(str(error), "danger")
    return redirect(url_for(".index"))


@bp.app_errorhandler(413)
def too_large(_error):
    """Explain that the file is over the upload limit."""
    limit = (request.max_content_length or 0) // (1024 * 1024)
    message = _("The file is too large: the limit is %(limit)s MB.", limit=limit)
    return render_template("errors/error.html", code=413, message=message), 413


def _worker_seen() -> bool:
    """Return whether a worker is running (False: the page says to start one)."""
    try:
        return worker_running()
    except Exception:  # the queue's storage is out of reach: the page says so too
        return False


def _sheet_or_back(batch: ImportBatch, complete: bool = True, guess: bool = False):
    """Return the batch's sheet; if its file is gone or unusable, say so and return None."""
    try:
        return mapped_sheet(batch, complete, guess)
    except BadFile as error:
        flash(str(error), "danger")
        return None
