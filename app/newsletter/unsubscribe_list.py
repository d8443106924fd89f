"""Read the unsubscribe list a mailing tool exports, and withdraw each email it names.

The file goes through the import's reader (`importers.reader.read_sheet`), so it may be
.csv (UTF-8 or Windows-1252, `,` `;` or tab), .xlsx, .xls or .ods. Its email column is
the first one headed like an email (`Email`, `Courriel`, `Email Address`, `E-mail`...).
"""

import shutil
import tempfile
from pathlib import Path

from flask_babel import lazy_gettext as _l

from importers.reader import BadFile, read_sheet
from importers.values import text
from models.audit import record
from models.normalize import name_key, normalize_email
from models.operations import OperationError
from models.operations.consent import withdraw_emails

SOURCE = "unsubscribe list of the mailing tool"
HEADER_ROWS = 20  # how far down a header row may be (titles above it are common)


def email_column(headers: list) -> int | None:
    """Return the index of the column headed like an email address, else None."""
    for index, cell in enumerate(headers):
        key = name_key(text(cell))
        if key in ("mail", "email", "courriel") or key.startswith(("email", "courriel", "adresse")):
            return index
    return None


def read_emails(path: Path, filename: str) -> tuple[list[str], list[tuple[int, str]]]:
    """Return the valid emails of the file and its invalid (row number, value) cells."""
    rows = list(read_sheet(path, filename).rows)
    found = ((p, email_column(cells)) for p, (_n, cells) in enumerate(rows[:HEADER_ROWS]))
    position, column = next(((p, c) for p, c in found if c is not None), (None, None))
    if column is None:
        raise BadFile(_l("%(name)s has no email column (headed Email or Courriel).",
                         name=filename))  # fmt: skip
    emails, invalid = [], []
    for number, cells in rows[position + 1 :]:
        value = text(cells[column]) if column < len(cells) else ""
        if not value:
            continue
        try:
            emails.append(normalize_email(value))
        except ValueError:
            invalid.append((number, value))
    return emails, invalid


def import_unsubscribe_list(actor, upload) -> dict:
    """Withdraw the consent of every known email of the uploaded file; audit the import."""
    folder = Path(tempfile.mkdtemp(prefix="maillage-unsubscribes-"))
    filename = Path(upload.filename or "list.csv").name
    try:
        upload.save(folder / "upload")
        emails, invalid = read_emails(folder / "upload", filename)
    except BadFile as error:
        raise OperationError(str(error)) from error
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    outcome = withdraw_emails(actor, emails, SOURCE)
    outcome["invalid"] = invalid
    record(actor, "import", "newsletter_unsubscribes", None, None, {
        "file": filename, "withdrawn": len(outcome["withdrawn"]),
        "already": len(outcome["already"]), "unknown": len(outcome["unknown"]),
        "invalid": len(invalid),
    })  # fmt: skip
    return outcome
