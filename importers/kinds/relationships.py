"""Import ties between stakeholders: matched by ID, then by their two ends and type.

Each row names stakeholder A and stakeholder B as the other kinds name a stakeholder: by
name plus region (`Organisme A`, `Région A`), the region left empty for a national one or
when the name is unique, or by ID in the name cell (`123` or `#123`).

Matching, so that a re-import updates and never duplicates:
- a row with an `ID` updates that tie (one the importer can see), and may change its ends
  or type unless another tie already has them;
- else the row is the tie of the same A, B and type. `partner` and `other` (and any type
  an admin adds) are symmetric: (B, A, type) is the same tie as (A, B, type), and an
  update keeps the stored order. `member_of` and `funds` are directed: A is a member of B,
  A funds B; (B, A) is another tie. Written from B's side ("A pour membre", "Financé
  par", "Has as member", "Funded by"), the row is read as B, A. A row without a type is a
  `partner` tie. When several
  stored ties have the same ends and type (a past one and a current one), the row updates
  the one that starts on the same day, else the most recent.
An empty cell leaves the stored value as it is, as in the other kinds. The ties are written
through `models.operations.relationships`, so each one is checked and audited as on a
stakeholder's page.
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from importers.base import Record, chunks, fetch_in
from importers.kinds.base import KindImporter
from importers.values import FieldError, date_value, id_value, text
from models.base import db
from models.normalize import backwards_tie_type
from models.operations.relationships import create_relationship, update_relationship
from models.reference import DIRECTED_TIES
from models.scoping import visible_relationships
from models.stakeholder import Relationship

DEFAULT_TYPE = "partner"
ENDS = {"a": "source_id", "b": "target_id"}


def tie_key(source_id: int, target_id: int, type_: str) -> tuple:
    """Return what makes two ties the same: their ends (in order when the type is directed)
    and their type."""
    if type_ in DIRECTED_TIES:
        return (source_id, target_id, type_)
    return (min(source_id, target_id), max(source_id, target_id), type_)


class RelationshipImporter(KindImporter):
    """Rows of ties: partner, member of, funds or other, with an intensity and dates."""

    kind = "relationships"
    table = Relationship.__table__

    def normalize(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Return the typed values of a tie row; empty cells are left out."""
        vocabulary = self.vocabulary
        backwards = backwards_tie_type(raw.get("type"))
        if backwards is not None:  # "A pour membre": B is the member, read as B, A
            raw = {**raw, "type": backwards}
        readers = {
            "id": lambda c: id_value("id", c),
            "stakeholder_a": lambda c: c,
            "region_a": lambda c: vocabulary.region("region_a", c),
            "stakeholder_b": lambda c: c,
            "region_b": lambda c: vocabulary.region("region_b", c),
            "type": lambda c: vocabulary.code("relationship_type", "type", c),
            "intensity": lambda c: vocabulary.code("relationship_intensity", "intensity", c),
            "starts_on": lambda c: date_value("starts_on", c),
            "ends_on": lambda c: date_value("ends_on", c),
            "notes": text,
        }
        data, errors = self.read_cells(raw, readers)
        for end in ENDS:
            cell, region = data.pop(f"stakeholder_{end}", None), data.pop(f"region_{end}", None)
            if cell is not None:
                try:
                    data[f"_{end}"] = self.stakeholder_reference(f"stakeholder_{end}", cell, region)
                except FieldError as error:
                    errors.append(error)
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            errors.append(FieldError("ends_on", text(raw["ends_on"]), BACKWARDS))
        if errors:
            raise ExceptionGroup("row", errors)
        if backwards is not None:
            data["_backwards"] = True  # its ends are turned round once found (`prepare`)
        return data

    def prepare(self, records: list[Record]) -> None:
        """Resolve both ends of every row, then match by ID, then ends and type, in bulk."""
        references = [r.data[f"_{end}"] for r in records for end in ENDS if f"_{end}" in r.data]
        resolved = self.resolve_stakeholders(references)
        for record in records:
            for end, column in ENDS.items():
                reference = record.data.pop(f"_{end}", None)
                if reference is None:
                    continue
                found = resolved[reference]
                if isinstance(found, str):
                    record.errors.append((f"stakeholder_{end}", found))
                else:
                    record.data[column] = found["id"]
            if record.data.pop("_backwards", False) and not record.errors:
                data = record.data
                data["source_id"], data["target_id"] = data.get("target_id"), data.get("source_id")
                for column in ENDS.values():  # an end the row left empty stays empty
                    if data[column] is None:
                        del data[column]
        records = [r for r in records if not r.errors]
        statement = visible_relationships(self.actor).with_only_columns(*self.table.columns)
        by_id = {
            row["id"]: row
            for row in fetch_in(
                statement, Relationship.id, {r.data["id"] for r in records if "id" in r.data}
            )
        }
        ends = {r.data[c] for r in records for c in ENDS.values() if c in r.data}
        ends |= {row[c] for row in by_id.values() for c in ENDS.values()}
        # A stored tie matching a row starts at one of the row's ends, whichever its order.
        by_key: dict[tuple, list[dict]] = {}
        for row in fetch_in(statement, Relationship.source_id, ends):
            key = tie_key(row["source_id"], row["target_id"], row["type"])
            by_key.setdefault(key, []).append(row)
        for record in records:
            if "id" in record.data:
                self.match_by_id(record, by_id, _l("No tie has this ID."))
                if record.existing is None:
                    continue
                _keep_order(record)
            elif not self._match_by_ends(record, by_key):
                continue
            self._check(record, by_key)

    def _match_by_ends(self, record: Record, by_key: dict[tuple, list[dict]]) -> bool:
        """Match a row without ID to the stored tie of the same ends and type; False when
        an end is missing (the row is rejected)."""
        data = record.data
        missing = [end for end, column in ENDS.items() if column not in data]
        if missing:
            record.errors.append((f"stakeholder_{missing[0]}", REQUIRED_ENDS))
            return False
        data.setdefault("type", DEFAULT_TYPE)
        candidates = by_key.get(tie_key(data["source_id"], data["target_id"], data["type"]))
        if candidates:
            starts = data.get("starts_on")
            record.existing = max(candidates, key=lambda r: (r["starts_on"] == starts, r["id"]))
            _keep_order(record)
        return True

    def _check(self, record: Record, by_key: dict[tuple, list[dict]]) -> None:
        """Reject a row whose tie, once its values are applied, would be invalid."""
        tie = {**(record.existing or {}), **record.data}
        if tie["source_id"] == tie["target_id"]:
            record.errors.append(("stakeholder_b", _l("A stakeholder cannot be tied to itself.")))
        elif tie.get("starts_on") and tie.get("ends_on") and tie["ends_on"] < tie["starts_on"]:
            column = "ends_on" if "ends_on" in record.data else "starts_on"
            record.errors.append((column, BACKWARDS))
        elif record.existing is not None:
            key = tie_key(tie["source_id"], tie["target_id"], tie["type"])
            others = [r for r in by_key.get(key, ()) if r["id"] != record.target_id]
            if others:
                message = _l("Another tie of this type already links these two stakeholders "
                             "(ID %(id)s).", id=others[0]["id"])  # fmt: skip
                stored_type = record.existing["type"]
                retyped = record.data.get("type", stored_type) != stored_type
                record.errors.append(("type" if retyped else "stakeholder_a", message))

    def natural_key(self, record: Record):
        """Return the ends and type of a new tie (in any order when it is symmetric)."""
        data = record.data
        return ("tie", *tie_key(data["source_id"], data["target_id"], data["type"]))

    def write(self, writer, created: list[Record], updated: list[Record]) -> dict[str, Any]:
        """Create the new ties and update the changed ones through the write operations,
        each checked and audited as on a stakeholder's page."""
        ids = []
        for record in created:
            tie = create_relationship(self.actor, {"notes": "", **record.data})
            ids.append(tie.id)
        stored = {}
        for part in chunks([r.target_id for r in updated]):
            query = select(Relationship).where(Relationship.id.in_(part))
            stored.update((tie.id, tie) for tie in db.session.scalars(query))
        for record in updated:
            update_relationship(self.actor, stored[record.target_id], record.changes)
        return {"created": ids}


def _keep_order(record: Record) -> None:
    """Keep a symmetric tie's stored order when the row names its ends the other way round."""
    existing, data = record.existing, record.data
    type_ = data.get("type", existing["type"])
    source, target = data.get("source_id"), data.get("target_id")
    if type_ not in DIRECTED_TIES and (source, target) == (
        existing["target_id"],
        existing["source_id"],
    ):
        data["source_id"], data["target_id"] = existing["source_id"], existing["target_id"]


BACKWARDS = _l("The end date comes before the start date.")
REQUIRED_ENDS = _l("A tie needs stakeholder A and stakeholder B.")
