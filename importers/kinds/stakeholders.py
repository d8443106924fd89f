"""Import stakeholders: matched by ID, then external reference, then name and region."""

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from importers.base import Record, chunks, driver_now, fetch_in, insert_rows, update_rows
from importers.kinds.base import KindImporter
from importers.places import PlaceReader
from importers.values import (
    FieldError,
    bounded,
    email_value,
    id_value,
    phone_value,
    score_value,
    text,
    website_value,
)
from models.base import db
from models.municipality import PlaceConflict, settle_place
from models.normalize import fold, name_key
from models.reference import NATIONAL
from models.scoping import stakeholder_in_scope
from models.search import index_inserted, index_pending_stakeholders, search_text
from models.stakeholder import Stakeholder, StakeholderTag

COLUMNS = (
    "id", "name", "name_key", "kind", "sector_code", "level", "region_code", "locality",
    "municipality_code", "mrc_code", "email", "phone", "website", "stage", "influence",
    "interest", "notes", "external_ref", "version",
)  # fmt: skip
# A new stakeholder's columns, in the order `StakeholderImporter.write` gives their values.
WRITTEN = (
    "id", "name", "name_key", "kind", "sector_code", "level", "region_code", "locality",
    "municipality_code", "mrc_code", "email", "phone", "website", "stage", "influence",
    "interest", "owner_id", "notes", "external_ref", "search_text", "archived", "created_at",
    "updated_at", "version", "created_by_id", "updated_by_id",
)  # fmt: skip


def split_tags(value: str) -> list[str]:
    """Return the tags of a cell separated by `,` `;` or line breaks, sorted and unique."""
    for separator in (";", "\n", "\r"):
        value = value.replace(separator, ",")
    return sorted({tag.strip()[:100] for tag in value.split(",") if tag.strip()})


class StakeholderImporter(KindImporter):
    """Rows of organizations, elected officials and champions."""

    kind = "stakeholders"
    table = Stakeholder.__table__
    streams = True

    def __init__(self, actor, vocabulary) -> None:
        super().__init__(actor, vocabulary)
        self.places = PlaceReader()
        # Each name is folded for its key, then again for its search text when written;
        # towns and tags over and over. Remembered for more rows than a streamed import
        # reads ahead of its writing (`importers.pipeline.STREAM_CHUNK`), a few texts each;
        # an import read whole before it writes folds its names again.
        self.fold = lru_cache(maxsize=FOLDED)(fold)
        code, region = vocabulary.code, vocabulary.region
        self.readers = {
            "id": lambda c: id_value("id", c),
            "name": lambda c: bounded("name", c, 300),
            "kind": lambda c: code("stakeholder_kind", "kind", c),
            "sector": lambda c: code("sector", "sector", c),
            "level": lambda c: code("level", "level", c),
            "region": lambda c: region("region", c),
            "locality": lambda c: bounded("locality", c, 200),
            "geographic_code": text,
            "mrc": lambda c: bounded("mrc", c, 200),
            "email": lambda c: email_value("email", c),
            "phone": lambda c: phone_value("phone", c),
            "website": lambda c: website_value("website", c, 300),
            "stage": lambda c: code("stage", "stage", c),
            "influence": lambda c: score_value("influence", c),
            "interest": lambda c: score_value("interest", c),
            "tags": lambda c: split_tags(text(c)) or None,
            "notes": text,
            "external_ref": lambda c: bounded("external_ref", c, 100),
        }
        # For each cell's key: the field it fills, its reader, and for the columns that
        # repeat (a list names the same towns, regions and switchboards over and over) the
        # memo of each distinct cell's value, read once per import. Not the tags: each row
        # gets a list of its own.
        self.plans = {
            key: (FIELD.get(key, key), read, {} if key in REPEATED else None)
            for key, read in self.readers.items()
        }

    def normalize(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Return the typed values of a stakeholder row; empty cells are left out."""
        # The hot loop of a big import: one pass without per-cell error handling, and
        # a second, careful pass only for a row that has an error (to report them all).
        plans, data = self.plans, {}
        try:
            for key, cell in raw.items():
                if cell == "" or cell is None:
                    continue
                name, read, memo = plans[key]
                if memo is None:
                    value = read(cell)
                else:
                    value = memo.get(cell, _UNREAD)
                    if value is _UNREAD:  # an error raises each time: not remembered
                        value = memo[cell] = read(cell)
                if value is not None and value != "":
                    data[name] = value
        except FieldError:
            raise ExceptionGroup("row", self._errors(raw)) from None
        self.places.read(data, raw)
        if "name" in data:
            data["name_key"] = name_key(data["name"], self.fold)
        return data

    def _errors(self, raw: dict[str, Any]) -> list[FieldError]:
        """Return every error of a row's cells."""
        return self.read_cells(raw, self.readers)[1]

    def prepare(self, records: list[Record]) -> None:
        """Match every row in bulk: by ID, then external reference, then name and region."""
        columns = [self.table.c[name] for name in COLUMNS]
        statement = select(*columns)
        scope = stakeholder_in_scope(self.actor)
        if scope is not None:
            statement = statement.where(scope)
        c = self.table.c
        wanted = [r.data for r in records]
        by_id = {row["id"]: row for row in fetch_in(statement, c.id, _values(wanted, "id"))}
        by_ref = {
            row["external_ref"]: row
            for row in fetch_in(statement, c.external_ref, _values(wanted, "external_ref"))
        }
        by_name = {
            (row["name_key"], row["region_code"]): row
            for row in fetch_in(statement, c.name_key, _values(wanted, "name_key"))
        }
        # A reference is unique among all stakeholders, those the importer may not see too.
        unseen = _values(wanted, "external_ref") - by_ref.keys() if scope is not None else ()
        elsewhere = {row["external_ref"] for row in fetch_in(select(c.external_ref),
                                                             c.external_ref, unseen)}  # fmt: skip
        for record in records:
            data = record.data
            if "id" in data:
                self.match_by_id(record, by_id, _l("No stakeholder has this ID."))
                if record.existing is None:
                    continue
            elif data.get("external_ref") in by_ref:
                record.existing = by_ref[data["external_ref"]]
            elif "name_key" in data:
                region = data.get("region_code")
                record.existing = by_name.get((data["name_key"], _stored(region)))
            elif "name" not in data:
                record.errors.append(("name", _l("A name is required.")))
                continue
            owner = by_ref.get(data.get("external_ref"))
            taken = owner is not None and record.existing and owner["id"] != record.target_id
            if taken or data.get("external_ref") in elsewhere:
                message = _l("Another stakeholder already has this external reference.")
                record.errors.append(("external_ref", message))
                continue
            self._check_level(record)
            self._check_stored_place(record)
        tags = fetch_in(
            select(StakeholderTag.stakeholder_id, StakeholderTag.name),
            StakeholderTag.stakeholder_id,
            [r.target_id for r in records if r.existing and "tags" in r.data],
        )
        matched = {r.target_id: r.existing for r in records if r.existing is not None}
        for row in tags:
            matched[row["stakeholder_id"]].setdefault("tags", []).append(row["name"])
        for record in records:
            if record.existing is not None:
                record.existing.setdefault("tags", [])
                record.existing["tags"] = sorted(record.existing["tags"])

    def _check_level(self, record: Record) -> None:
        """Settle level and region together: a national stakeholder has no region."""
        data, existing = record.data, record.existing or {}
        level = data.get("level") or existing.get("level")
        if level == NATIONAL and data.pop("_region_from", None):
            data.pop("region_code")  # its municipality is an address, not a region
            data["mrc_code"] = None
        region = data.get("region_code")
        level = data.get("level")
        if region == NATIONAL:
            if level not in (None, NATIONAL):
                record.errors.append(("region", _l("A local or regional stakeholder needs "
                                                   "a region.")))  # fmt: skip
                return
            data["level"], data["region_code"] = NATIONAL, None
            return
        if level is None:
            level = existing.get("level") or ("local" if region else None)
            if level is None:
                record.errors.append(self._no_region(data) or ("region", _l(
                    "A region is required, unless the level is national.")))  # fmt: skip
                return
            if region and level == NATIONAL and existing:
                record.errors.append(("region", _l("A national stakeholder has no region.")))
                return
            if not existing:
                data["level"] = level
        if level == NATIONAL:
            if region:
                record.errors.append(("region", _l("A national stakeholder has no region.")))
                return
            data["region_code"] = None
        elif not (region or existing.get("region_code")):
            record.errors.append(self._no_region(data) or ("region", _l(
                "A local or regional stakeholder needs a region.")))  # fmt: skip

    def _no_region(self, data: dict[str, Any]) -> tuple | None:
        """Return the error of a row whose locality is no municipality, naming the nearest
        one when a name is close (`Robervall`), since its region would have followed."""
        locality = data.get("locality")
        if not locality or data.get("municipality_code"):
            return None
        closest = self.places.closest(locality)
        if closest is None:
            return ("locality", _l("“%(name)s” is not in the municipal directory, so the "
                                   "region is required.", name=locality))  # fmt: skip
        return ("locality", _l("“%(name)s” is not in the municipal directory, so the region "
                               "is required; the closest municipality is %(closest)s.",
                               name=locality, closest=closest.described()))  # fmt: skip

    def _check_stored_place(self, record: Record) -> None:
        """Refuse a region that disagrees with the stored municipality of the matched
        stakeholder when the row names no place; one placed by its MRC alone leaves it
        behind when it moves (the place rule of the forms)."""
        data, existing = record.data, record.existing
        from_region = data.pop("_mrc_from_region", False)  # the region's only MRC
        if record.errors or not existing or not data.get("region_code"):
            return
        if "municipality_code" in data or ("mrc_code" in data and not from_region):
            return
        if not (existing.get("municipality_code") or existing.get("mrc_code")):
            return
        if not existing.get("municipality_code"):
            if data["region_code"] != existing.get("region_code"):
                # Moved: its MRC stays behind, as on the form (the new region's only MRC
                # when it has one).
                data["mrc_code"] = data.get("mrc_code") if from_region else None
            return
        level = data.get("level") or existing.get("level")
        try:
            settle_place(level, data["region_code"], existing.get("municipality_code"),
                         existing.get("mrc_code"), self.places.known)  # fmt: skip
        except PlaceConflict as conflict:
            record.errors.append(("region", conflict.message))

    def _mrc_name(self, code: str | None) -> str:
        """Return the name of an MRC, the place of a new stakeholder named by it alone."""
        territory = self.places.known.territories.get(code or "")
        return territory.name if territory else ""

    def natural_key(self, record: Record):
        """Return the external reference, else the name and region of a row."""
        data = record.data
        if data.get("external_ref"):
            return ("ref", data["external_ref"])
        return ("name", data.get("name_key"), data.get("region_code"))

    def compare(self, record: Record) -> dict[str, Any]:
        """Return the changed values of a matched row (name_key follows the name)."""
        changes = super().compare(record)
        changes.pop("name_key", None)
        if "name" in changes:
            changes["name_key"] = record.data["name_key"]
        return changes

    def write(self, writer, created: Iterable[Record], updated: list[Record]) -> dict[str, Any]:
        """Insert the new stakeholders (as they come) and their tags; update the changed ones."""
        table, tag_table = self.table, StakeholderTag.__table__
        now, actor = driver_now(table), self.actor_id
        ids, tag_rows = [], []

        def rows() -> Iterator[tuple]:
            for record in created:
                sid = writer.new_id(table)  # the first before the COPY opens (a query)
                ids.append(sid)
                data = record.data
                get = data.get
                tags = get("tags") or ()
                text = search_text(data["name"], get("locality"), get("email"), tags, self.fold)
                tag_rows.extend((sid, tag) for tag in tags)
                yield (
                    sid, data["name"], data["name_key"], get("kind", "organization"),
                    get("sector_code"), data["level"], get("region_code"),
                    get("locality") or self._mrc_name(get("mrc_code")),
                    get("municipality_code"), get("mrc_code"), get("email", ""),
                    get("phone", ""), get("website", ""), get("stage", "identified"),
                    get("influence"), get("interest"), None, get("notes", ""),
                    get("external_ref"), text, False, now, now, 1, actor, actor,
                )  # fmt: skip

        # Built as they are written: the database inserts (and on SQLite fills the search
        # index) while Python builds the next rows.
        insert_rows(writer, table, rows(), index_inserted(Stakeholder), WRITTEN)
        insert_rows(writer, tag_table, tag_rows, columns=("stakeholder_id", "name"))
        writer.finish()
        changes = [(r.target_id, _columns(r.changes)) for r in updated]
        update_rows(table, actor, [(i, v) for i, v in changes if v])
        # Tags live in their own table; a change of tags alone still moves the version on
        # (`_columns` gives it a search text to refresh).
        _replace_tags(tag_table, [r for r in updated if "tags" in r.changes])
        index_pending_stakeholders()  # the search text of the updated ones
        return {"created": ids}


FIELD = {"sector": "sector_code", "region": "region_code"}
REPEATED = ("kind", "sector", "level", "region", "locality", "geographic_code", "mrc", "phone",
            "stage", "influence", "interest")  # fmt: skip
_UNREAD = object()
FOLDED = 65_536  # texts remembered folded (StakeholderImporter.fold)
SEARCHED = {"name", "locality", "email", "tags"}


def _replace_tags(tag_table, records: list[Record]) -> None:
    if not records:
        return
    for part in chunks([r.target_id for r in records]):
        db.session.execute(delete(tag_table).where(tag_table.c.stakeholder_id.in_(part)))
    rows = [{"stakeholder_id": r.target_id, "name": t} for r in records for t in r.changes["tags"]]
    if rows:
        db.session.execute(tag_table.insert(), rows)


def _columns(changes: dict[str, Any]) -> dict[str, Any]:
    """Return the stakeholder columns to update; search finds it again once re-indexed."""
    values = {k: v for k, v in changes.items() if k != "tags"}
    if SEARCHED & set(changes):
        values["search_text"] = None  # filled by index_pending_stakeholders
    return values


def _values(rows: list[dict], key: str) -> set:
    return {row[key] for row in rows if row.get(key) is not None}


def _stored(region: str | None) -> str | None:
    return None if region == NATIONAL else region
