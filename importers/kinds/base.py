"""The shape of an importer of one kind: normalize each row, prepare in bulk, write in bulk."""

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, select

from importers.base import Record, fetch_in
from importers.values import FieldError, Vocabulary, id_value, text
from models.normalize import name_key
from models.scoping import stakeholder_in_scope
from models.stakeholder import Stakeholder

# `CPE Soleil (06)` or `CPE Soleil (Montréal)`: a name followed by its region.
_REGION_SUFFIX = re.compile(r"^(.*\S)\s*\(([^()]+)\)\s*$")


class KindImporter:
    """Base of the importers of each kind; subclasses name their table and fill the steps."""

    kind = ""
    table: Table
    # Whether `write` takes its new records as an iterator, writing each as it comes, so
    # that the pipeline may read the next rows meanwhile (`importers.pipeline._stream`).
    streams = False

    def __init__(self, actor, vocabulary: Vocabulary) -> None:
        self.actor = actor
        self.actor_id = actor.id if actor is not None else None
        self.vocabulary = vocabulary

    def normalize(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Return the typed values of one row; raise FieldError (or a list of them)."""
        raise NotImplementedError

    def prepare(self, records: list[Record]) -> None:
        """Resolve references and find the matching records of every row, in bulk."""
        raise NotImplementedError

    def natural_key(self, record: Record):
        """Return what makes a new row the same record as another row of the file."""
        return None

    def identity_field(self, record: Record) -> str:
        """Return the field that a duplicate row's error names."""
        return identity_field(self.kind, record)

    def compare(self, record: Record) -> dict[str, Any]:
        """Return the values of a matched row that differ from the stored record."""
        existing = record.existing or {}
        return {k: v for k, v in record.data.items() if k in existing and existing[k] != v}

    def write(self, writer, created: list[Record], updated: list[Record]) -> dict[str, Any]:
        """Write the new and changed records; return what undoing them needs. A kind that
        `streams` may be given an iterator of new records, and a list of the changed ones
        that it fills: read it only once `created` is exhausted."""
        raise NotImplementedError

    def read_cells(
        self, raw: dict[str, Any], readers: dict, fields: dict[str, str] | None = None
    ) -> tuple[dict[str, Any], list[FieldError]]:
        """Read each non-empty cell with its reader; return the typed values (keys renamed
        by `fields`) and every cell's error, so that a row reports all its errors at once."""
        data, errors = {}, []
        for key, cell in raw.items():
            if cell == "" or cell is None:
                continue
            try:
                value = readers[key](cell)
            except FieldError as error:
                errors.append(error)
                continue
            if value not in (None, "", []):
                data[(fields or {}).get(key, key)] = value
        return data, errors

    def match_by_id(self, record: Record, by_id: dict[int, dict], unknown) -> None:
        """Match a row that gives an ID to the stored record `by_id` holds; note the
        `unknown` message when none has it."""
        record.existing = by_id.get(record.data.pop("id"))
        if record.existing is None:
            record.errors.append(("id", unknown))

    # Shared by the kinds that name stakeholders -------------------------------------------
    def take_stakeholder(self, data: dict[str, Any], errors: list[FieldError]) -> None:
        """Turn a row's stakeholder and region cells into a reference, resolved later in bulk."""
        if "stakeholder" in data:
            try:
                data["_ref"] = self.stakeholder_reference(
                    "stakeholder", data.pop("stakeholder"), data.get("region")
                )
            except FieldError as error:
                errors.append(error)
        data.pop("region", None)

    def stakeholder_reference(self, key: str, cell: Any, region: str | None) -> tuple:
        """Return ("id", n) or ("name", name key, region or None) for a stakeholder cell."""
        value = text(cell)
        number = value[1:] if value.startswith("#") else value
        if number.isascii() and number.isdigit():
            return ("id", id_value(key, number), value)
        within = _REGION_SUFFIX.match(value)
        if within and region is None:
            try:
                region = self.vocabulary.region(key, within.group(2))
                value = within.group(1).strip()
            except FieldError:
                pass  # a name with parentheses of its own
        key_text = name_key(value)
        if not key_text:
            raise FieldError(key, value, _l("A stakeholder's name is needed."))
        return ("name", key_text, region, value)

    def resolve_stakeholders(self, references: list[tuple]) -> dict[tuple, Any]:
        """Return reference → stakeholder row, or → an error message, all in bulk."""
        statement = select(
            Stakeholder.id, Stakeholder.name, Stakeholder.name_key, Stakeholder.region_code,
            Stakeholder.level,
        )  # fmt: skip
        scope = stakeholder_in_scope(self.actor)
        if scope is not None:
            statement = statement.where(scope)
        ids = {r[1] for r in references if r[0] == "id"}
        keys = {r[1] for r in references if r[0] == "name"}
        by_id = {row["id"]: row for row in fetch_in(statement, Stakeholder.id, ids)}
        by_key: dict[str, list[dict]] = {}
        for row in fetch_in(statement, Stakeholder.name_key, keys):
            by_key.setdefault(row["name_key"], []).append(row)
        resolved: dict[tuple, Any] = {}
        for reference in references:
            if reference[0] == "id":
                found = by_id.get(reference[1])
                resolved[reference] = found or str(
                    _l("No stakeholder has the ID %(id)s.", id=reference[1])
                )
                continue
            _, key, region, name = reference
            candidates = by_key.get(key, [])
            if region is not None:
                wanted = None if region == "national" else region
                candidates = [c for c in candidates if c["region_code"] == wanted]
            if len(candidates) == 1:
                resolved[reference] = candidates[0]
            elif not candidates:
                resolved[reference] = str(_l("No stakeholder named “%(name)s”%(where)s.",
                                             name=name, where=_where(region)))  # fmt: skip
            else:
                regions = ", ".join(sorted(c["region_code"] or "national" for c in candidates))
                resolved[reference] = str(
                    _l("Several stakeholders are named “%(name)s” (regions %(regions)s); "
                       "give the region or the ID.", name=name, regions=regions)
                )  # fmt: skip
        return resolved


def _where(region: str | None) -> str:
    if region is None:
        return ""
    if region == "national":
        return str(_l(" at the national level"))
    return str(_l(" in region %(region)s", region=region))


def identity_field(kind: str, record) -> str:
    """Return the field a duplicate row's error names: its ID, else its first required one."""
    from importers.mapping import REQUIRED

    if record.raw.get("id") not in (None, ""):
        return "id"
    return REQUIRED[kind][0]
