"""The import pipeline: read → find the header → map → normalize → match → write.

`analyse` reads a file and maps its columns; `run_import` takes the file through every
step. Nothing is committed here: the CLI command or the view is the transaction. By
default a file with any rejected row writes nothing; `skip_invalid` writes the valid rows.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from flask_babel import format_number, ngettext
from flask_babel import lazy_gettext as _l

from importers.base import Record, RowError, lookups_apart
from importers.history import record_batch
from importers.kinds.commitments import CommitmentImporter
from importers.kinds.contacts import ContactImporter
from importers.kinds.interactions import InteractionImporter
from importers.kinds.relationships import RelationshipImporter
from importers.kinds.stakeholders import StakeholderImporter
from importers.mapping import Mapping, build_mapping, find_header
from importers.reader import NOT_TEXT, BadFile, read_sheet
from importers.values import FieldError, Vocabulary, text
from models.base import begin_transaction, db, has_written_nothing
from models.bulk import BulkWriter, collector_paused
from models.columns import COLUMNS

IMPORTERS = {
    "stakeholders": StakeholderImporter,
    "contacts": ContactImporter,
    "interactions": InteractionImporter,
    "commitments": CommitmentImporter,
    "relationships": RelationshipImporter,
}
Progress = Callable[[str, int, int], None]
# Rows read, matched and written at a time by an import that streams (`_stream`): the
# database inserts one chunk while the next is read.
STREAM_CHUNK = 5_000
NOT_TEXT_MESSAGE = _l("This cell holds bytes that are not text in UTF-8 or Windows-1252 (shown "
                      "as �); save the file as “CSV UTF-8” and import it again.")  # fmt: skip


@dataclass
class Sheet:
    """A file read and mapped: its rows after the header, and the mapping."""

    filename: str
    mapping: Mapping
    rows: list[tuple[int, list]]
    undecodable: bool = False  # some cells hold bytes that were not text (NOT_TEXT)


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do) with each row."""

    kind: str
    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    dry_run: bool = False
    written: bool = False
    errors: list[RowError] = field(default_factory=list)
    # Rows whose region came from their municipality or MRC, by what gave it.
    regions_inferred: dict[str, int] = field(default_factory=dict)
    rejected_rows: list[list[str]] = field(default_factory=list)
    mapping: Mapping | None = None
    batch: Any = None

    def inferred_lines(self) -> list[str]:
        """Return how many rows had their region from their municipality or MRC, in words."""
        lines = []
        if "municipality" in self.regions_inferred:
            count = self.regions_inferred["municipality"]
            lines.append(ngettext("Region inferred from the municipality: %(count)s row",
                                  "Region inferred from the municipality: %(count)s rows",
                                  count, count=format_number(count)))  # fmt: skip
        if "mrc" in self.regions_inferred:
            count = self.regions_inferred["mrc"]
            lines.append(ngettext("Region inferred from the MRC: %(count)s row",
                                  "Region inferred from the MRC: %(count)s rows",
                                  count, count=format_number(count)))  # fmt: skip
        return lines

    def as_dict(self) -> dict[str, Any]:
        """Return the summary that `maillage import --json` prints (SPEC §6)."""
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "dry_run": self.dry_run,
            "errors": [error.as_dict() for error in self.errors],
        }


def analyse(
    path: str | Path,
    kind: str,
    filename: str | None = None,
    chosen: dict[int, str] | None = None,
    complete: bool = True,
) -> Sheet:
    """Read `path`, find its header row and map its columns; raise BadFile if unusable.

    With `complete`, a required column that no column maps to makes the file unusable;
    the wizard's mapping step asks without it, so that the user can choose that column.
    """
    if kind not in IMPORTERS:
        raise BadFile(_l("Unknown kind of list: %(kind)s.", kind=kind))
    name = filename or Path(path).name
    with collector_paused():  # the cells of 50,000 rows: half the reading was its passes
        read = read_sheet(path, name)
        rows = list(read.rows)
    if not any(any(text(cell) for cell in cells) for _n, cells in rows):
        raise BadFile(_l("%(name)s is empty.", name=name))
    found = find_header(kind, rows)
    if found is None:
        expected = ", ".join(column.fr for column in COLUMNS[kind][1:4])
        raise BadFile(_l("%(name)s has no recognizable header row (expected columns such as "
                         "%(expected)s).", name=name, expected=expected))  # fmt: skip
    position, headers = found
    mapping = build_mapping(kind, rows[position][0], headers, chosen)
    missing = mapping.missing()
    if missing and complete:
        labels = {column.key: column.fr for column in COLUMNS[kind]}
        raise BadFile(_l("%(name)s lacks the required column(s): %(columns)s.", name=name,
                         columns=", ".join(labels[key] for key in missing)))  # fmt: skip
    return Sheet(name, mapping, rows[position + 1 :], read.undecodable)


def run_import(
    sheet: Sheet,
    actor,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch=None,
) -> ImportResult:
    """Validate every row of `sheet`, match in bulk, then write (unless told otherwise)."""
    with collector_paused():
        return _run_import(sheet, actor, skip_invalid, dry_run, progress, batch)


def _run_import(sheet: Sheet, actor, skip_invalid, dry_run, progress, batch) -> ImportResult:
    mapping = sheet.mapping
    importer = IMPORTERS[mapping.kind](actor, Vocabulary())
    result = ImportResult(mapping.kind, sheet.filename, dry_run=dry_run, mapping=mapping)
    if not dry_run and _may_stream(importer):
        records, undo = _stream(sheet, importer, skip_invalid, progress)
        _summarize(result, records, skip_invalid)
        if undo is None:
            return result
    else:
        records = list(_read(sheet, importer, progress))
        if progress:
            progress("matching", len(records), len(records))
        _settle(importer, mapping, records, {})
        blocked = _summarize(result, records, skip_invalid)
        if dry_run or blocked:
            return result
        if progress:
            progress("writing", len(records), len(records))
        created = [r for r in records if r.outcome == "created"]
        updated = [r for r in records if r.outcome == "updated"]
        undo = importer.write(BulkWriter(), created, updated)
    undo["updated"] = [
        {"id": r.target_id, "before": _before(r), "version": (r.existing.get("version") or 0) + 1}
        for r in records
        if r.outcome == "updated"
    ]
    result.written = True
    result.batch = record_batch(actor, result, undo, batch)
    return result


def _settle(importer, mapping: Mapping, records: list[Record], seen: dict) -> None:
    """Match `records` in bulk, reject the rows that repeat an earlier row (`seen` holds
    the earlier rows' keys) and give each its outcome."""
    valid = [r for r in records if not r.errors]
    importer.prepare(valid)
    _mark_duplicates(importer, valid, seen)
    for record in records:
        if record.errors:
            record.errors = [_row_error(mapping, record, e) for e in record.errors]
            record.outcome = "rejected"
        elif record.existing is None:
            record.outcome = "created"
        else:
            record.changes = importer.compare(record)
            record.outcome = "updated" if record.changes else "unchanged"


def _summarize(result: ImportResult, records: list[Record], skip_invalid: bool) -> bool:
    """Count the outcomes of `records` into `result`; return whether a rejected row blocks
    the import (nothing is written unless `skip_invalid`)."""
    result.rows = len(records)
    for record in records:
        source = record.data.get("_region_from") if record.outcome != "rejected" else None
        if source:
            result.regions_inferred[source] = result.regions_inferred.get(source, 0) + 1
    rejected = [r for r in records if r.outcome == "rejected"]
    result.rejected = len(rejected)
    result.errors = [error for r in rejected for error in r.errors]
    result.rejected_rows = [_rejected_cells(result.mapping, r) for r in rejected]
    blocked = bool(rejected) and not skip_invalid
    if not blocked:
        for outcome in ("created", "updated", "unchanged"):
            setattr(result, outcome, sum(1 for r in records if r.outcome == outcome))
    return blocked


class _Blocked(Exception):
    """A rejected row stops a streamed import's writing (without `skip_invalid`)."""


def _may_stream(importer) -> bool:
    """Whether to write while reading (`_stream`): for a kind that writes its new records
    as they come, when the transaction has written nothing yet (nothing pending in the
    session either): the look-ups then read on a connection of their own what the
    import's would have seen. Not on an SQLite database in memory, which has one
    connection."""
    if not importer.streams or db.session.new or db.session.dirty or db.session.deleted:
        return False
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and connection.engine.url.database in MEMORY:
        return False
    return has_written_nothing(connection)


MEMORY = (None, "", ":memory:")


def _stream(sheet: Sheet, importer, skip_invalid: bool, progress: Progress | None):
    """Read, match and write the rows by chunks of STREAM_CHUNK, the new records of a
    chunk inserted while the next chunk is read, normalized and matched.

    The database's inserting (its indexes' upkeep: PostgreSQL's server, or SQLite in a
    thread of our own, `BulkWriter.stream`) was as long as all our reading, done before
    it; now the two overlap. What the import does stays the same: duplicates are found
    across chunks, the look-ups (on a connection of their own, since the stream holds the
    import's) see none of the rows being written, and a rejected row without
    `skip_invalid` rolls back what was written (a savepoint) and the rest of the file is
    still read, for its errors. Return every record and the undo record, None when a
    rejected row blocked the import."""
    records: list[Record] = []
    updated: list[Record] = []
    rows, total, seen = _read(sheet, importer, None), len(sheet.rows), {}
    sqlite = db.engine.dialect.name == "sqlite"
    if progress:
        # SQLite has one writer at a time: from its first rows on, the import holds the
        # lock that the progress, written by another connection, would wait for. So it is
        # said once there: the rows are being written.
        progress("writing", total if sqlite else 0, total)
    if sqlite:
        progress = None

    def created() -> Iterator[Record]:
        while chunk := list(islice(rows, STREAM_CHUNK)):
            _settle(importer, sheet.mapping, chunk, seen)
            records.extend(chunk)
            if not skip_invalid and any(r.outcome == "rejected" for r in chunk):
                raise _Blocked
            updated.extend(r for r in chunk if r.outcome == "updated")
            if progress:
                progress("writing", len(records), total)
            yield from (r for r in chunk if r.outcome == "created")
        if progress:  # every row is in; the server takes the last ones in, then the tags
            progress("finishing", len(records), total)

    # The job's first report committed: the session's connection is a new one.
    begin_transaction(db.session.connection().connection.driver_connection)  # on SQLite:
    savepoint = db.session.begin_nested()  # a savepoint in it, not the transaction itself
    try:
        with lookups_apart():
            undo = importer.write(BulkWriter(), created(), updated)
    except _Blocked:
        savepoint.rollback()
        rest = list(rows)
        _settle(importer, sheet.mapping, rest, seen)
        return records + rest, None
    savepoint.commit()
    return records, undo


def _read(sheet: Sheet, importer, progress: Progress | None) -> Iterator[Record]:
    """Yield the non-empty rows as records, each normalized or holding its errors."""
    fields = sorted(sheet.mapping.fields.items())
    total = len(sheet.rows)
    normalize = importer.normalize
    for position, (number, cells) in enumerate(sheet.rows):
        if progress and position % 5000 == 0:
            progress("reading", position, total)
        width = len(cells)
        raw = {key: (cells[index] if index < width else "") for index, key in fields}
        for value in raw.values():
            if value != "" and value is not None:
                break
        else:
            continue  # an empty row, or one with nothing in the columns imported
        record = Record(number, cells, raw)
        if sheet.undecodable:
            record.errors.extend((key, NOT_TEXT_MESSAGE) for key, value in raw.items()
                                 if isinstance(value, str) and NOT_TEXT in value)  # fmt: skip
        try:
            record.data = normalize(raw)
        except FieldError as error:
            record.errors.append(error)
        except ExceptionGroup as group:
            record.errors.extend(group.exceptions)
        yield record


def _mark_duplicates(importer, records: list[Record], seen: dict[Any, int]) -> None:
    """Reject a row matching the same record as an earlier row, naming that row (`seen`:
    the key of each earlier row, and its number)."""
    for record in records:
        if record.errors:
            continue
        key = ("id", record.target_id) if record.existing else importer.natural_key(record)
        if key is None:
            continue
        if key in seen:
            message = _l("Same record as row %(row)s of the file.", row=seen[key])
            record.errors.append((importer.identity_field(record), message))
        else:
            seen[key] = record.number


def _row_error(mapping: Mapping, record: Record, error) -> RowError:
    """Return a RowError naming the row, the column as headed in the file, and the value."""
    if isinstance(error, RowError):
        return error
    if isinstance(error, FieldError):
        key, value, message = error.key, error.value, error.message
    else:
        key, message = error
        value = text(record.raw.get(key, ""))
    return RowError(record.number, mapping.header_of(key), value, str(message))


def _rejected_cells(mapping: Mapping, record: Record) -> list[str]:
    """Return a rejected row's cells under the file's headers, then its error messages."""
    cells = [text(cell) for cell in record.cells[: len(mapping.headers)]]
    cells += [""] * (len(mapping.headers) - len(cells))
    return [*cells, "; ".join(f"{e.column}: {e.message}" for e in record.errors)]


def _before(record: Record) -> dict[str, Any]:
    from importers.base import jsonable

    existing = record.existing or {}
    return jsonable({key: existing.get(key) for key in record.changes})
