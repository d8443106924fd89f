"""Import interactions: several stakeholders and measures per row, a coordinator by email.

Interactions have no natural key of their own: a row without ID matches an interaction of
the same date, kind, stakeholders and summary, so that importing a file twice creates
nothing the second time.
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from importers.base import Record, chunks, fetch_in, insert_rows, update_rows
from importers.kinds.base import KindImporter
from importers.values import date_value, email_value, id_value, split_list, text
from models.base import db, utcnow
from models.interaction import Interaction, interaction_measure, interaction_stakeholder
from models.scoping import visible_interactions
from models.search import index_pending, unindexed
from models.user import User

LINKS = {
    "stakeholder_ids": (interaction_stakeholder, "stakeholder_id"),
    "measure_codes": (interaction_measure, "measure_code"),
}


class InteractionImporter(KindImporter):
    """Rows of calls, meetings and emails with one or more stakeholders."""

    kind = "interactions"
    table = Interaction.__table__

    def normalize(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Return the typed values of an interaction row; empty cells are left out."""
        vocabulary = self.vocabulary
        readers = {
            "id": lambda c: id_value("id", c),
            "date": lambda c: date_value("date", c),
            "kind": lambda c: vocabulary.code("interaction_kind", "kind", c),
            "stakeholders": lambda c: [
                self.stakeholder_reference("stakeholders", item, None)
                for item in split_list(text(c))
            ],
            "measures": lambda c: sorted(
                {vocabulary.code("measure", "measures", item) for item in split_list(text(c))}
            ),
            "summary": text,
            "coordinator": lambda c: email_value("coordinator", c),
            "follow_up": lambda c: date_value("follow_up", c),
        }
        data, errors = self.read_cells(raw, readers, FIELD)
        if errors:
            raise ExceptionGroup("row", errors)
        return data

    def prepare(self, records: list[Record]) -> None:
        """Resolve stakeholders and coordinators, then match by ID or same content."""
        references = [ref for r in records for ref in r.data.get("_refs", ())]
        resolved = self.resolve_stakeholders(references)
        emails = {r.data["coordinator"] for r in records if "coordinator" in r.data}
        users = {row["email"].lower(): row["id"] for row in fetch_in(
            select(User.id, User.email), func.lower(User.email), emails)}  # fmt: skip
        for record in records:
            data = record.data
            refs = data.pop("_refs", None)
            if refs is not None:
                found = [resolved[ref] for ref in refs]
                problems = [f for f in found if isinstance(f, str)]
                if problems:
                    record.errors.append(("stakeholders", " ".join(problems)))
                    continue
                data["stakeholder_ids"] = sorted({f["id"] for f in found})
            email = data.pop("coordinator", None)
            if email is not None:
                if email not in users:
                    record.errors.append(("coordinator", _l("No user has this email.")))
                    continue
                data["logged_by_id"] = users[email]
        self._match([r for r in records if not r.errors])

    def _match(self, records: list[Record]) -> None:
        """Match by ID, else by date, kind, stakeholders and summary; load their links."""
        statement = visible_interactions(self.actor).with_only_columns(*self.table.columns)
        by_id = {
            row["id"]: row
            for row in fetch_in(
                statement, Interaction.id, {r.data["id"] for r in records if "id" in r.data}
            )
        }
        by_day: dict = {}
        for row in fetch_in(statement, Interaction.occurred_on,
                            {r.data["occurred_on"] for r in records if "id" not in r.data
                             and "occurred_on" in r.data}):  # fmt: skip
            by_day.setdefault(row["occurred_on"], []).append(row)
        candidates = {row["id"]: row for rows in by_day.values() for row in rows} | by_id
        self._load_links(candidates)
        for record in records:
            data = record.data
            if "id" in data:
                self.match_by_id(record, by_id, _l("No interaction has this ID."))
                continue
            if "occurred_on" not in data or "stakeholder_ids" not in data:
                key = "date" if "occurred_on" not in data else "stakeholders"
                record.errors.append((key, _l("A date and at least one stakeholder are "
                                              "required.")))  # fmt: skip
                continue
            data.setdefault("logged_by_id", self.actor_id)
            for row in by_day.get(data["occurred_on"], ()):
                if (row["kind"] == data.get("kind", "call")
                        and row["stakeholder_ids"] == data["stakeholder_ids"]
                        and row["summary"] == data.get("summary", "")):  # fmt: skip
                    record.existing = row
                    break
        self._assign([r for r in records if not r.errors])

    def _assign(self, records: list[Record]) -> None:
        """Give a follow-up without an owner to its logger, as the quick log does (to the
        importing user when the logger is deactivated); an owner it has stays."""
        waiting = []
        for record in records:
            data, existing = record.data, record.existing or {}
            follow_up = data.get("follow_up_on", existing.get("follow_up_on"))
            if follow_up is not None and existing.get("assigned_to_id") is None:
                waiting.append((record, data.get("logged_by_id", existing.get("logged_by_id"))))
        loggers = {logger for _record, logger in waiting if logger is not None}
        active = {row["id"] for row in fetch_in(
            select(User.id).where(User.active.is_(True)), User.id, loggers)}  # fmt: skip
        for record, logger in waiting:
            record.data["assigned_to_id"] = logger if logger in active else self.actor_id

    def _load_links(self, rows: dict[int, dict]) -> None:
        for row in rows.values():
            row["stakeholder_ids"], row["measure_codes"] = [], []
        for key, (table, column) in LINKS.items():
            for link in fetch_in(select(table.c.interaction_id, table.c[column]),
                                 table.c.interaction_id, rows):  # fmt: skip
                rows[link["interaction_id"]][key].append(link[column])
        for row in rows.values():
            row["stakeholder_ids"].sort()
            row["measure_codes"].sort()

    def natural_key(self, record: Record):
        """Return what makes two new rows the same interaction."""
        data = record.data
        return ("same", data.get("occurred_on"), data.get("kind"),
                tuple(data.get("stakeholder_ids", ())), data.get("summary", ""))  # fmt: skip

    def write(self, writer, created: list[Record], updated: list[Record]) -> dict[str, Any]:
        """Insert the new interactions with their links; update the changed ones."""
        now, actor, ids, rows = utcnow(), self.actor_id, [], []
        links: dict[str, list[dict]] = {key: [] for key in LINKS}
        for record in created:
            data, iid = record.data, writer.new_id(self.table)
            ids.append(iid)
            rows.append({
                "id": iid, "occurred_on": data["occurred_on"], "kind": data.get("kind", "call"),
                "logged_by_id": data.get("logged_by_id"), "summary": data.get("summary", ""),
                "follow_up_on": data.get("follow_up_on"), "follow_up_done": False,
                "assigned_to_id": data.get("assigned_to_id"),
                "created_at": now, "updated_at": now, "version": 1,
                "created_by_id": actor, "updated_by_id": actor,
            })  # fmt: skip
            for key, (_table, column) in LINKS.items():
                links[key] += [{"interaction_id": iid, column: v} for v in data.get(key, ())]
        insert_rows(writer, self.table, rows)
        for key, (table, _column) in LINKS.items():
            insert_rows(writer, table, links[key])
        writer.finish()
        plain = [(r.target_id, unindexed(Interaction, {k: v for k, v in r.changes.items()
                                                        if k not in LINKS}))
                 for r in updated]  # fmt: skip
        update_rows(self.table, actor, plain)
        for key, (table, column) in LINKS.items():
            relinked = [r for r in updated if key in r.changes]
            for part in chunks([r.target_id for r in relinked]):
                db.session.execute(table.delete().where(table.c.interaction_id.in_(part)))
            new = [{"interaction_id": r.target_id, column: v} for r in relinked
                   for v in r.changes[key]]  # fmt: skip
            if new:
                db.session.execute(table.insert(), new)
        index_pending(Interaction)  # the new ones, and the changed ones
        return {"created": ids}


FIELD = {"date": "occurred_on", "follow_up": "follow_up_on", "stakeholders": "_refs",
         "measures": "measure_codes"}  # fmt: skip
