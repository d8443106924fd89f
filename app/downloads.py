"""Sending a download to the browser, under a name in the user's language."""

import io
import shutil
import tempfile
from pathlib import Path

from flask import g, send_file
from flask_babel import lazy_pgettext

from app.extensions import db
from models import clock
from models.lists import ListQuery
from reports.exports import export_list

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

# The words of a downloaded file's name, by what it holds: "acteurs-2026-12-05.xlsx" in
# French, "stakeholders-2026-12-05.xlsx" in English. Plain letters, digits and hyphens.
FILE_NAMES = {
    "stakeholders": lazy_pgettext("file name", "stakeholders"),
    "contacts": lazy_pgettext("file name", "contacts"),
    "interactions": lazy_pgettext("file name", "interactions"),
    "commitments": lazy_pgettext("file name", "commitments"),
    "relationships": lazy_pgettext("file name", "ties"),
    "audit": lazy_pgettext("file name", "audit-log"),
    "users": lazy_pgettext("file name", "users"),
    "synergy": lazy_pgettext("file name", "synergy-report"),
    "network": lazy_pgettext("file name", "network-map"),
    "synergy_map": lazy_pgettext("file name", "map-of-quebec"),
    "newsletter": lazy_pgettext("file name", "newsletter"),
    "personal_data": lazy_pgettext("file name", "personal-data"),
}


def download_name(what: str, fmt: str, *details) -> str:
    """Return the name of the download of `what` made today, in the user's language:
    its words, any `details` (a record's id), the date (ISO: it sorts), the format."""
    words = [str(FILE_NAMES[what]), *(str(detail) for detail in details)]
    return "-".join([*words, clock.today().isoformat()]) + f".{fmt}"


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
        download_name=download_name(kind, fmt),
    )
