"""Check a spreadsheet before any parser opens it, so that no file can exhaust memory.

python-calamine allocates the whole rectangle from the first to the last cell of a sheet
(32 bytes a cell) and reserves the shared strings' declared count, before we see a row.
So, before it runs:

- a zip container (xlsx, ods) must have sane sizes and plain XML (`check_zip`);
- an xlsx's shared strings may not claim more entries than they hold, and its first sheet
  is scanned as text: a sheet written the usual way within A1:AZ59999 is read as it is
  (`_near_and_plain`); any other for its extent (`xlsx_extent`): one whose only far
  cells are empty (formatting left behind, common in real files) is read from a copy
  without them; one with a value far from the others is refused, naming that cell;
- an ods or xls, whose extent cannot be read cheaply, is opened first by a child process
  with a memory cap (`probe_extent`): whatever it does, this process is untouched.

Every problem is a `BadFile` with one message for the user.
"""

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from posixpath import join, normpath

from flask_babel import lazy_gettext as _l

from models.labels import counted

MAX_UNCOMPRESSED = 100 * 1024 * 1024  # what a zip may inflate to, all parts together
MAX_RATIO = 200  # a sheet's XML compresses 10 to 30 times; bombs do thousands
RATIO_FLOOR = 1024 * 1024  # small parts may compress as they like
XML_PROLOG = 64 * 1024  # a DOCTYPE can only come before the root element
# With MAX_UNCOMPRESSED and MAX_CSV_BYTES, what keeps an import under 400 MB of memory: a
# row costs it 5 to 6 KB: 50,000 rows as partners send them take 320 to 400 MB.
MAX_ROWS = 50_000
MAX_LINES = MAX_ROWS + 100  # the rows, their header and any title lines above it
MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_CELLS = 4_000_000  # the rectangle a parser may allocate: 128 MB at 32 bytes a cell
PROBE_MEMORY = 384 * 1024 * 1024  # address space of the child that opens an ods or xls
PROBE_SECONDS = 60
CHUNK = 1 << 20

RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# A start or end tag of a row or a cell, with or without a namespace prefix.
TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{0,3})(\d*)["']""")
SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])")
UNIQUE_COUNT = re.compile(rb"""\buniqueCount\s*=\s*["'](\d+)["']""")
SELF_CLOSED_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])[^>]*/>")
# What Excel, LibreOffice and XlsxWriter write: every cell `<c r="B7"`, no prefix.
PLAIN_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
PLAIN_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"')
PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
# A cell tag other than `<c r="…"` within A1:AZ59999: columns A to AZ, rows 1 to 59,999.
# That rectangle (3.1 million cells) is under MAX_CELLS, and holds any list of MAX_ROWS
# rows and up to 52 columns.
NOT_NEAR_CELL = re.compile(rb'<c(?=[\s/>])(?! r="A?[A-Z](?:[1-9]\d{0,3}|[1-5]\d{4})")')


class BadFile(Exception):
    """The file cannot be imported at all; the message says why, for the user."""


def damaged(name: str) -> BadFile:
    """Return the refusal of a damaged or foreign file."""
    return BadFile(_l("%(name)s is not a spreadsheet, or it is damaged.", name=name))


def check_zip(path: Path, name: str) -> None:
    """Refuse a zip that is damaged, inflates too much, or holds XML with declarations."""
    incomplete = _l("%(name)s is damaged or incomplete; save it again and retry.", name=name)
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
    except BadFile:
        raise
    except Exception as error:  # BadZipFile, zlib.error, EOFError…: a corrupt container
        raise BadFile(incomplete) from error


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, bomb) -> None:
    """Inflate one part in chunks: its real size must match, its XML prolog be plain."""
    xml = member.filename.lower().endswith((".xml", ".rels"))
    size, prolog = 0, b""
    with archive.open(member) as part:
        while chunk := part.read(CHUNK):
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


@dataclass
class Extent:
    """How far a sheet's cells reach: the last row and column (1-based), and where."""

    rows: int = 0
    columns: int = 0
    far_cell: str = ""

    @property
    def cells(self) -> int:
        """Return the size of the rectangle a parser allocates for the sheet."""
        return self.rows * self.columns

    def reach(self, row: int, column: int) -> None:
        """Stretch the extent to the cell at (`row`, `column`)."""
        if row > self.rows or column > self.columns:
            self.rows, self.columns = max(self.rows, row), max(self.columns, column)
            self.far_cell = cell_name(row, column)


def cell_name(row: int, column: int) -> str:
    """Return the spreadsheet name of a cell: (150000, 16384) is `XFD150000`."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def column_number(letters: bytes) -> int:
    """Return the 1-based number of a column named by `letters` (b"A" is 1)."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def prepare_xlsx(path: Path, name: str) -> Path | None:
    """Check an xlsx's strings and first sheet; return a copy to read instead, or None.

    The copy (a temporary file the caller deletes) leaves out the empty cells that made
    the sheet's rectangle too large."""
    try:
        with zipfile.ZipFile(path) as archive:
            sheet, strings = _first_sheet_parts(archive)
            if strings:
                _check_shared_strings(archive, strings, name)
            if sheet is None:
                return None  # calamine says what is missing
            if _near_and_plain(archive, sheet):
                return None
            quick = _plain_extent(archive, sheet)
            if quick and quick.cells <= MAX_CELLS and quick.rows <= MAX_LINES:
                return None
            valued, every = xlsx_extent(archive, sheet)
    except BadFile:
        raise
    except Exception as error:  # a broken part: calamine would refuse it too
        raise damaged(name) from error
    _check_extent(valued, name)
    if every.cells <= MAX_CELLS and every.rows <= MAX_LINES:
        return None
    return _without_empty_cells(path, sheet)


def _first_sheet_parts(archive: zipfile.ZipFile) -> tuple[str | None, str | None]:
    """Return the zip names of the workbook's first sheet and of its shared strings."""
    names = set(archive.namelist())
    workbook = "xl/workbook.xml"
    relations = "xl/_rels/workbook.xml.rels"
    if workbook not in names or relations not in names:
        return None, None
    targets, strings = {}, None
    for relation in ElementTree.fromstring(archive.read(relations)).iter(RELS):
        target = relation.get("Target", "")
        target = target[1:] if target.startswith("/") else normpath(join("xl", target))
        targets[relation.get("Id")] = target
        if relation.get("Type", "").endswith("/sharedStrings"):
            strings = target
    first = next(ElementTree.fromstring(archive.read(workbook)).iter(f"{MAIN}sheet"), None)
    sheet = targets.get(first.get(f"{{{DOC_RELS}}}id")) if first is not None else None
    return (sheet if sheet in names else None), (strings if strings in names else None)


def xml_pieces(stream) -> Iterator[bytes]:
    """Yield an XML part in pieces of about CHUNK bytes, each cut just before a `<`, so that
    no tag is split between two pieces (a piece without any `<` is yielded whole)."""
    carry = b""
    while chunk := stream.read(CHUNK):
        text = carry + chunk
        cut = text.rfind(b"<")
        cut = len(text) if cut <= 0 else cut
        yield text[:cut]
        carry = text[cut:]
    if carry:
        yield carry


def _check_shared_strings(archive: zipfile.ZipFile, part: str, name: str) -> None:
    """Refuse shared strings that declare more entries than they hold."""
    declared, present = None, 0
    with archive.open(part) as stream:
        for text in xml_pieces(stream):
            if declared is None and (found := UNIQUE_COUNT.search(text)):
                declared = int(found.group(1))
            present += len(SHARED_STRING.findall(text))
    if declared is not None and declared > present:
        raise BadFile(_l("%(name)s is damaged: it announces %(declared)s texts but holds "
                         "%(present)s. Save it again from your spreadsheet program.",
                         name=name, declared=declared, present=present))  # fmt: skip


def _near_and_plain(archive: zipfile.ZipFile, part: str) -> bool:
    """Return whether every cell of a sheet is written the usual way (`<c r="B7"`) and
    lies within A1:AZ59999 (`NOT_NEAR_CELL`), so that calamine may read it as it is.

    One search in C per chunk, no list of cells: half the time of `_plain_extent`, which
    a wider or longer sheet needs."""
    with archive.open(part) as stream:
        for text in xml_pieces(stream):
            if NOT_NEAR_CELL.search(text) or (b":c" in text and PREFIXED_CELL.search(text)):
                return False
    return True


def _plain_extent(archive: zipfile.ZipFile, part: str) -> Extent | None:
    """Return the extent of every cell of a sheet written the usual way, else None.

    Ten times faster than `xlsx_extent`: a few searches in C per chunk, no loop per cell."""
    extent = Extent()
    with archive.open(part) as stream:
        for text in xml_pieces(stream):
            if PREFIXED_CELL.search(text):
                return None
            columns, rows = PLAIN_COLUMN.findall(text), PLAIN_ROW.findall(text)
            # Every tag named c… (cells, but also cols, cfRule…): as many as the plain cells
            # found, they are all plain cells; otherwise the cells are counted one by one.
            cells = text.count(b"<c")
            if cells != len(columns):
                cells = text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/>")
            if not (cells == len(columns) == len(rows)):
                return None  # cells without `r`, or written otherwise
            if cells:
                row = int(max(set(rows), key=lambda digits: (len(digits), digits)))
                column = max(set(columns), key=lambda letters: (len(letters), letters))
                extent.reach(row, column_number(column))
    return extent


def xlsx_extent(archive: zipfile.ZipFile, part: str) -> tuple[Extent, Extent]:
    """Scan a sheet's XML as text; return the extent of its cells with content and of all.

    A self-closed cell (`<c r="XFD9" s="1"/>`) holds nothing; any other is taken as content.
    Rows and cells without `r` follow the previous one, as the format says."""
    valued, every = Extent(), Extent()
    row = column = 0
    with archive.open(part) as stream:
        for text in xml_pieces(stream):
            for found in TAG.finditer(text):
                closing, tag, attributes = found.groups()
                if closing:
                    continue
                ref = REF.search(attributes)
                if tag == b"row":
                    row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                    column = 0
                    continue
                if ref and ref.group(1):
                    column = column_number(ref.group(1))
                    row = int(ref.group(2)) if ref.group(2) else row
                else:
                    column += 1
                every.reach(row, column)
                if not attributes.endswith(b"/"):
                    valued.reach(row, column)
    return valued, every


def _check_extent(extent: Extent, name: str) -> None:
    """Refuse a sheet whose rows, or whose rectangle of cells, is too large to read."""
    if extent.cells > MAX_CELLS:
        raise BadFile(_l("%(name)s has a filled cell far from the others, at %(cell)s: the "
                         "sheet would span %(rows)s rows by %(columns)s columns. Empty that "
                         "cell, or copy your list into a new sheet, and import it again.",
                         name=name, cell=extent.far_cell, rows=counted(extent.rows),
                         columns=counted(extent.columns)))  # fmt: skip
    if extent.rows > MAX_LINES:
        raise BadFile(_l("%(name)s has more than %(count)s rows; split it in parts.",
                         name=name, count=counted(MAX_ROWS)))  # fmt: skip


def _without_empty_cells(path: Path, sheet: str) -> Path:
    """Write a copy of the xlsx at `path` whose sheet `sheet` has no self-closed cells."""
    descriptor, name = tempfile.mkstemp(prefix="maillage-", suffix=".xlsx")
    os.close(descriptor)
    copy = Path(name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            if member.filename != sheet:
                out.writestr(member, source.read(member.filename))
                continue
            with source.open(member) as stream, out.open(member.filename, "w") as target:
                for text in xml_pieces(stream):
                    target.write(SELF_CLOSED_CELL.sub(b"", text))
    return copy


def probe_extent(path: Path, name: str) -> None:
    """Open the first sheet of an ods or xls in a child process with a memory cap, and
    refuse the file if the child fails or finds it too large."""
    too_large = _l("%(name)s holds a sheet too large to import; copy your list into a new "
                   "sheet and import it again.", name=name)  # fmt: skip
    try:
        child = subprocess.run(
            [sys.executable, "-c", PROBE, str(path), str(PROBE_MEMORY)],
            capture_output=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BadFile(too_large) from error
    answer = child.stdout.decode("ascii", "replace").split()
    if child.returncode == 3:
        return  # a damaged or protected file: the parser itself says which, at no cost
    if child.returncode != 0 or len(answer) != 2:
        raise BadFile(too_large)  # the allocation failed under the cap: the child aborted
    rows, columns = int(answer[0]), int(answer[1])
    _check_extent(Extent(rows, columns, cell_name(max(rows, 1), max(columns, 1))), name)


# Exit 3: calamine refused the file; 4, or killed or aborted: it needed more than the cap.
PROBE = """
import resource, sys
cap = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
import python_calamine
try:
    sheet = python_calamine.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)
except MemoryError:
    sys.exit(4)
except Exception as error:  # "Cell limit exceeded" is a size, anything else a damage
    sys.exit(4 if "limit" in str(error).lower() else 3)
end = sheet.end or (-1, -1)
print(end[0] + 1, end[1] + 1)
"""
