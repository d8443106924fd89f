"""Sending a list export to the browser."""

import io
import shutil
import tempfile
from datetime import date
from pathlib import Path

from flask import g, send_file

from app.extensions import db
from models.lists import ListQuery
from reports.exports import export_list

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def send_export(listing: ListQuery, fmt: str):
    """Export the view `listing` of a list (as on screen) and send it.

    The file is written to a temporary folder (the xlsx writer needs a file), read back
    and removed at once, so nothing is left behind whatever the client does.
    """
    folder = Path(tempfile.mkdtemp(prefix="maillage-export-"))
    try:
        kind = listing.name
        path = folder / f"{kind}.{fmt}"
        export_list(listing, path, lang=g.get("lang", "fr"))
        content = path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    db.session.commit()  # the export's audit event
    return send_file(
        io.BytesIO(content),
        mimetype=MIMETYPES[fmt],
        as_attachment=True,
        download_name=f"maillage-{kind}-{date.today().isoformat()}.{fmt}",
    )
