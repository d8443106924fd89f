"""Read the rows of an uploaded spreadsheet: the only code that knows file formats.

`.xlsx`, `.xls` and `.ods` are read by python-calamine; `.csv` by the `csv` module, in
UTF-8 (with or without BOM), Windows-1252 or UTF-16 (with BOM), decided on the whole file,
delimited by `,`, `;` or tab. Cells keep their type: text stays text (leading zeros kept,
no numbers guessed from strings), numbers are numbers and date cells are dates.

Before any parser opens a file, `importers.containers` checks it: a zip container's sizes
and XML, and how much memory the parser would take (a stray cell far away, a lying count).
Every problem is a `BadFile` with one message for the user.
"""

import codecs
import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import python_calamine
from flask_babel import lazy_gettext as _l

from importers.containers import (
    MAX_CSV_BYTES,
    MAX_LINES,
    MAX_ROWS,
    BadFile,
    check_zip,
    damaged,
    prepare_xlsx,
    probe_extent,
)
from models.labels import counted

EXTENSIONS = (".xlsx", ".xls", ".ods", ".csv")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CSV_SAMPLE = 64 * 1024  # characters the delimiter is guessed from
CHUNK = 1 << 20
UNDECODABLE = "replace"  # U+FFFD, rejected with its row and column by the pipeline
NOT_TEXT = "\ufffd"

__all__ = ["EXTENSIONS", "NOT_TEXT", "BadFile", "Sheet", "read_sheet"]


@dataclass
class Sheet:
    """The rows of a file, numbered as the user sees them (1 = the first line)."""

    rows: Iterator[tuple[int, list]]
    format: str
    # Some bytes were not text in the file's encoding: their cells hold NOT_TEXT.
    undecodable: bool = False


def read_sheet(path: str | Path, filename: str | None = None) -> Sheet:
    """Open `path` (named `filename` by its user) and return its first sheet's rows."""
    path = Path(path)
    name = filename or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise BadFile(_l("%(name)s is not a spreadsheet: expected .xlsx, .xls, .ods or .csv.",
                         name=name))  # fmt: skip
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise BadFile(_l("%(name)s cannot be read.", name=name)) from error
    if not head:
        raise BadFile(_l("%(name)s is empty.", name=name))
    if suffix == ".csv":
        if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            raise BadFile(_l("%(name)s is not a CSV file; save it as .xlsx or .csv.", name=name))
        if path.stat().st_size > MAX_CSV_BYTES:
            raise BadFile(_l("%(name)s is larger than %(size)s MB; split it in parts.",
                             name=name, size=MAX_CSV_BYTES // (1024 * 1024)))  # fmt: skip
        encoding, undecodable = detect_encoding(path)
        return Sheet(_csv_rows(path, name, encoding), "csv", undecodable)
    if head.startswith(OLE2_MAGIC) and suffix in (".xlsx", ".ods"):
        # An encrypted xlsx or ods is an OLE2 container holding the encrypted package.
        raise BadFile(_l("%(name)s is protected by a password; remove the password and "
                         "import it again.", name=name))  # fmt: skip
    if suffix in (".xlsx", ".ods"):
        if not head.startswith(ZIP_MAGIC):
            raise damaged(name)
        check_zip(path, name)
    elif not head.startswith(OLE2_MAGIC):
        raise damaged(name)
    if suffix == ".xlsx":
        copy = prepare_xlsx(path, name)
        try:
            return Sheet(_calamine_rows(copy or path, name), "xlsx")
        finally:
            if copy:
                copy.unlink(missing_ok=True)
    probe_extent(path, name)
    return Sheet(_calamine_rows(path, name), suffix[1:])


def _calamine_rows(path: Path, name: str) -> Iterator[tuple[int, list]]:
    """Yield (row number, cells) of the first sheet of an xlsx, xls or ods file."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            raise BadFile(_l("%(name)s has no sheet.", name=name))
        sheet = book.get_sheet_by_index(0)  # the whole sheet is in memory from here on
    except python_calamine.PasswordError as error:
        raise BadFile(_l("%(name)s is protected by a password; remove the password and "
                         "import it again.", name=name)) from error  # fmt: skip
    except BadFile:
        raise
    except Exception as error:  # calamine's errors: a damaged or foreign file
        raise damaged(name) from error
    if sheet.height > MAX_LINES:
        raise BadFile(_l("%(name)s has more than %(count)s rows; split it in parts.",
                         name=name, count=counted(MAX_ROWS)))  # fmt: skip
    first = (sheet.start or (0, 0))[0] + 1  # calamine starts at the first used row
    return enumerate(sheet.iter_rows(), start=first)


def detect_encoding(path: Path) -> tuple[str, bool]:
    """Return the encoding of the CSV file at `path`, decided on the whole file, and whether
    it holds bytes that this encoding cannot decode.

    UTF-16 with its BOM (Excel's "Unicode Text"), else UTF-8 (with or without BOM) if every
    byte of the file is, else Windows-1252, which leaves only five bytes undefined."""
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", not _decodes(path, "utf-16")
        if _decodes(path, "utf-8-sig"):
            return "utf-8-sig", False
    return "cp1252", not _decodes(path, "cp1252")


def _decodes(path: Path, encoding: str) -> bool:
    """Return whether the whole file at `path` is valid `encoding`, read in chunks."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    with path.open("rb") as stream:
        try:
            while chunk := stream.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def detect_delimiter(text: str) -> str:
    """Return the delimiter of CSV `text`: of `;` `,` and tab, the one splitting most lines
    into the same number of cells (quotes respected), so that commas in names do not win."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in (";", ",", "\t"):
        counts = Counter(
            len(next(csv.reader([line], delimiter=delimiter), [])) - 1 for line in lines
        )
        counts.pop(0, None)
        if counts:
            width, lines_alike = counts.most_common(1)[0]
            if (lines_alike, width) > best_score:
                best, best_score = delimiter, (lines_alike, width)
    return best


def _csv_rows(path: Path, name: str, encoding: str) -> Iterator[tuple[int, list]]:
    """Return the (row number, cells) of a CSV file in `encoding`, split as detected."""
    with path.open(encoding=encoding, errors=UNDECODABLE, newline="") as stream:
        sample = stream.read(CSV_SAMPLE)
    if "\x00" in sample:
        raise BadFile(_l("%(name)s is not a CSV file; save it as .xlsx or .csv.", name=name))
    return _csv_stream(path, name, encoding, detect_delimiter(sample))


def _csv_stream(path: Path, name: str, encoding: str, delimiter: str) -> Iterator[tuple[int, list]]:
    # A byte the encoding leaves undefined becomes U+FFFD, which the pipeline turns into an
    # error naming its row and column (`importers.pipeline`): nothing is silently altered.
    with path.open(encoding=encoding, errors=UNDECODABLE, newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            # The rows numbered in C: no Python of ours runs per row here.
            yield from enumerate(islice(reader, MAX_LINES), start=1)
            if next(reader, None) is not None:
                raise BadFile(_l("%(name)s has more than %(count)s rows; split it in parts.",
                                 name=name, count=counted(MAX_ROWS)))  # fmt: skip
        except csv.Error as error:  # a cell over csv's size limit, a NUL byte further on
            if "field limit" in str(error):  # most often a quote that is never closed
                line = _unread_line(path, encoding, delimiter)
                raise BadFile(_l("%(name)s has a cell of more than %(limit)s characters, "
                                 "from line %(line)s on: often a quotation mark (\") that "
                                 "is never closed. Correct that line and import it again.",
                                 name=name, limit=counted(csv.field_size_limit()),
                                 line=line)) from error  # fmt: skip
            raise BadFile(_l("%(name)s is not a CSV file; save it as .xlsx or .csv.",
                             name=name)) from error  # fmt: skip


def _unread_line(path: Path, encoding: str, delimiter: str) -> int:
    """Return the line where the row that the `csv` module could not read begins: the
    file read again, counting lines (only a file in error pays for it)."""
    first_line = 1
    with path.open(encoding=encoding, errors=UNDECODABLE, newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            for _row in reader:
                first_line = reader.line_num + 1
        except csv.Error:
            pass
    return first_line
