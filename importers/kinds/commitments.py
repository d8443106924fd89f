"""Import commitments: matched by ID, then stakeholder and measure; status changes kept."""

from typing import Any

from flask_babel import lazy_gettext as _l

from importers.base import Record, fetch_in, insert_rows, update_rows
from importers.kinds.base import KindImporter
from importers.values import date_value, id_value, text
from models import clock
from models.base import utcnow
from models.commitment import Commitment, CommitmentStatusChange
from models.scoping import visible_commitments


class CommitmentImporter(KindImporter):
    """Rows of stakeholders' commitments to the platform's measures."""

    kind = "commitments"
    table = Commitment.__table__

    def normalize(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Return the typed values of a commitment row; empty cells are left out."""
        vocabulary = self.vocabulary
        readers = {
            "id": lambda c: id_value("id", c),
            "stakeholder": lambda c: c,
            "region": lambda c: vocabulary.region("region", c),
            "measure": lambda c: vocabulary.code("measure", "measure", c),
            "status": lambda c: vocabulary.code("commitment_status", "status", c),
            "involvement": lambda c: vocabulary.code("involvement", "involvement", c),
            "committed_on": lambda c: date_value("committed_on", c),
            "due_on": lambda c: date_value("due_on", c),
            "description": text,
        }
        data, errors = self.read_cells(raw, readers, FIELD)
        self.take_stakeholder(data, errors)
        if errors:
            raise ExceptionGroup("row", errors)
        return data

    def prepare(self, records: list[Record]) -> None:
        """Resolve stakeholders, then match by ID, then stakeholder and measure, in bulk."""
        resolved = self.resolve_stakeholders([r.data["_ref"] for r in records if "_ref" in r.data])
        for record in records:
            if "_ref" in record.data:
                found = resolved[record.data.pop("_ref")]
                if isinstance(found, str):
                    record.errors.append(("stakeholder", found))
                else:
                    record.data["stakeholder_id"] = found["id"]
        records = [r for r in records if not r.errors]
        statement = visible_commitments(self.actor).with_only_columns(*self.table.columns)
        by_id = {
            row["id"]: row
            for row in fetch_in(
                statement, Commitment.id, {r.data["id"] for r in records if "id" in r.data}
            )
        }
        by_pair = {
            (row["stakeholder_id"], row["measure_code"]): row
            for row in fetch_in(
                statement,
                Commitment.stakeholder_id,
                {r.data["stakeholder_id"] for r in records if "stakeholder_id" in r.data},
            )
        }
        for record in records:
            data = record.data
            if "id" in data:
                self.match_by_id(record, by_id, _l("No commitment has this ID."))
                continue
            missing = [k for k in ("stakeholder_id", "measure_code") if k not in data]
            if missing:
                key = "stakeholder" if "stakeholder_id" in missing else "measure"
                record.errors.append((key, _l("A stakeholder and a measure are required.")))
                continue
            record.existing = by_pair.get((data["stakeholder_id"], data["measure_code"]))

    def natural_key(self, record: Record):
        """Return the stakeholder and measure of a new commitment."""
        return ("pair", record.data.get("stakeholder_id"), record.data.get("measure_code"))

    def write(self, writer, created: list[Record], updated: list[Record]) -> dict[str, Any]:
        """Insert the new commitments and their first status; update the changed ones."""
        now, today, actor, ids, rows = utcnow(), clock.today(), self.actor_id, [], []
        history = CommitmentStatusChange.__table__
        changes = []
        for record in created:
            data, cid = record.data, writer.new_id(self.table)
            ids.append(cid)
            status = data.get("status", "intended")
            rows.append({
                "id": cid, "stakeholder_id": data["stakeholder_id"],
                "measure_code": data["measure_code"], "status": status,
                "involvement": data.get("involvement", "supporter"),
                "committed_on": data.get("committed_on"), "due_on": data.get("due_on"),
                "description": data.get("description", ""),
                "created_at": now, "updated_at": now, "version": 1,
                "created_by_id": actor, "updated_by_id": actor,
            })  # fmt: skip
            changes.append((cid, status))
        changes += [(r.target_id, r.changes["status"]) for r in updated if "status" in r.changes]
        insert_rows(writer, self.table, rows)
        insert_rows(writer, history, [
            {"id": writer.new_id(history), "commitment_id": cid, "status": status,
             "changed_on": today, "changed_at": now, "user_id": actor}
            for cid, status in changes
        ])  # fmt: skip
        update_rows(self.table, actor, [(r.target_id, r.changes) for r in updated])
        writer.finish()
        return {"created": ids}


FIELD = {"measure": "measure_code"}
