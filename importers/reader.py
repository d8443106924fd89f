"""Read the rows of an uploaded spreadsheet: the only code that knows file formats.

`.xlsx`, `.xls` and `.ods` are read by python-calamine; `.csv` by the `csv` module, in
UTF-8 (with or without BOM) or Windows-1252, delimited by `,`, `;` or tab. Cells keep their
type: text stays text (leading zeros kept, no numbers guessed from strings), numbers are
numbers and date cells are dates.

Before any parser opens a zip container (xlsx, ods) it is checked with `zipfile`: its
declared and actual uncompressed sizes and its compression ratio must be sane, and no XML
part may declare a DOCTYPE or an ENTITY (the billion-laughs and external-entity tricks).
Every problem is a `BadFile` with one message for the user.
"""

import codecs
import csv
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import python_calamine
from flask_babel import lazy_gettext as _l

EXTENSIONS = (".xlsx", ".xls", ".ods", ".csv")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # what a zip may inflate to, all parts together
MAX_RATIO = 200  # a sheet's XML compresses 10 to 30 times; bombs do thousands
RATIO_FLOOR = 1024 * 1024  # small parts may compress as they like
MAX_ROWS = 200_000  # with MAX_UNCOMPRESSED, what bounds the memory an import takes
XML_PROLOG = 64 * 1024  # a DOCTYPE can only come before the root element
CSV_SAMPLE = 64 * 1024


class BadFile(Exception):
    """The file cannot be imported at all; the message says why, for the user."""


@dataclass
class Sheet:
    """The rows of a file, numbered as the user sees them (1 = the first line)."""

    rows: Iterator[tuple[int, list]]
    format: str


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
        return Sheet(_csv_rows(path, name), "csv")
    if head.startswith(OLE2_MAGIC) and suffix in (".xlsx", ".ods"):
        # An encrypted xlsx or ods is an OLE2 container holding the encrypted package.
        raise BadFile(_l("%(name)s is protected by a password; remove the password and "
                         "import it again.", name=name))  # fmt: skip
    if suffix in (".xlsx", ".ods"):
        if not head.startswith(ZIP_MAGIC):
            raise BadFile(_l("%(name)s is not a spreadsheet, or it is damaged.", name=name))
        check_zip(path, name)
    elif not head.startswith(OLE2_MAGIC):
        raise BadFile(_l("%(name)s is not a spreadsheet, or it is damaged.", name=name))
    return Sheet(_calamine_rows(path, name), suffix[1:])


def check_zip(path: Path, name: str) -> None:
    """Refuse a zip that is damaged, inflates too much, or holds XML with declarations."""
    damaged = _l("%(name)s is damaged or incomplete; save it again and retry.", name=name)
    bomb = _l("%(name)s expands to far more data than a spreadsheet holds; it is refused.",
              name=name)  # fmt: skip
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            declared = sum(m.file_size for m in members)
            if declared > MAX_UNCOMPRESSED:
                raise BadFile(bomb)
            for member in members:
                if member.file_size > RATIO_FLOOR and (
                    member.file_size > MAX_RATIO * max(member.compress_size, 1)
                ):
                    raise BadFile(bomb)
            if any(m.flag_bits & 0x1 for m in members):
                raise BadFile(_l("%(name)s is protected by a password; remove the password "
                                 "and import it again.", name=name))  # fmt: skip
            for member in members:
                _check_member(archive, member, name, bomb)
    except zipfile.BadZipFile as error:
        raise BadFile(damaged) from error
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as error:
        raise BadFile(damaged) from error
    except Exception as error:  # zlib.error and friends: a corrupt stream
        if isinstance(error, BadFile):
            raise
        raise BadFile(damaged) from error


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, bomb) -> None:
    """Inflate one part in chunks: its real size must match, its XML prolog be plain."""
    xml = member.filename.lower().endswith((".xml", ".rels"))
    size, prolog = 0, b""
    with archive.open(member) as part:
        while chunk := part.read(1 << 20):
            size += len(chunk)
            if size > member.file_size or size > MAX_UNCOMPRESSED:
                raise BadFile(bomb)  # the header lied about the size
            if xml and len(prolog) < XML_PROLOG:
                prolog += chunk[: XML_PROLOG - len(prolog)]
    if xml:
        upper = prolog.upper()
        if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
            raise BadFile(_l("%(name)s holds XML declarations that a spreadsheet never has; "
                             "it is refused.", name=name))  # fmt: skip


def _calamine_rows(path: Path, name: str) -> Iterator[tuple[int, list]]:
    """Yield (row number, cells) of the first sheet of an xlsx, xls or ods file."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            raise BadFile(_l("%(name)s has no sheet.", name=name))
        sheet = book.get_sheet_by_index(0)
    except python_calamine.PasswordError as error:
        raise BadFile(_l("%(name)s is protected by a password; remove the password and "
                         "import it again.", name=name)) from error  # fmt: skip
    except BadFile:
        raise
    except Exception as error:  # calamine's errors: a damaged or foreign file
        raise BadFile(_l("%(name)s is not a spreadsheet, or it is damaged.", name=name)) from error
    if sheet.height > MAX_ROWS:
        raise BadFile(_l("%(name)s has more than %(count)s rows; split it in parts.",
                         name=name, count=MAX_ROWS))  # fmt: skip
    first = (sheet.start or (0, 0))[0] + 1  # calamine starts at the first used row
    return enumerate(sheet.iter_rows(), start=first)


def detect_encoding(sample: bytes) -> str:
    """Return `utf-8-sig` when `sample` is UTF-8 (with or without BOM), else `cp1252`."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as error:
        # The sample may end inside a multi-byte character: that is still UTF-8.
        if error.start >= len(sample) - 3 and error.reason == "unexpected end of data":
            return "utf-8-sig"
        return "cp1252"


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


def _csv_rows(path: Path, name: str) -> Iterator[tuple[int, list]]:
    """Yield (row number, cells) of a CSV file, decoded and split as detected."""
    with path.open("rb") as stream:
        sample = stream.read(CSV_SAMPLE)
    if b"\x00" in sample:
        raise BadFile(_l("%(name)s is not a CSV file; save it as .xlsx or .csv.", name=name))
    encoding = detect_encoding(sample)
    # cp1252 leaves five bytes undefined: `replace` keeps a stray byte from crashing.
    text_sample = sample.decode(encoding, errors="replace")
    delimiter = detect_delimiter(text_sample)
    return _csv_stream(path, name, encoding, delimiter)


def _csv_stream(path: Path, name: str, encoding: str, delimiter: str) -> Iterator[tuple[int, list]]:
    with path.open(encoding=encoding, errors="replace", newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            for number, row in enumerate(reader, start=1):
                if number > MAX_ROWS:
                    raise BadFile(_l("%(name)s has more than %(count)s rows; split it in "
                                     "parts.", name=name, count=MAX_ROWS))  # fmt: skip
                yield number, row
        except csv.Error as error:  # a cell over csv's size limit, a NUL byte further on
            raise BadFile(_l("%(name)s is not a CSV file; save it as .xlsx or .csv.",
                             name=name)) from error  # fmt: skip
