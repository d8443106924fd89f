"""Import contacts: matched by ID, then email; a withdrawn consent is never revived."""

import secrets
from typing import Any

from flask_babel import lazy_gettext as _l

from importers.base import Record, fetch_in, insert_rows, update_rows
from importers.kinds.base import KindImporter
from importers.values import bounded, date_value, email_value, id_value, phone_value
from models import clock
from models.base import utcnow
from models.contact import Contact
from models.operations.consent import record_import_events
from models.scoping import visible_contacts
from models.search import index_pending, unindexed

WITHDRAWN = "withdrawn"


class ContactImporter(KindImporter):
    """Rows of people who speak for stakeholders."""

    kind = "contacts"
    table = Contact.__table__

    def normalize(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Return the typed values of a contact row; empty cells are left out."""
        vocabulary = self.vocabulary
        readers = {
            "id": lambda c: id_value("id", c),
            "first_name": lambda c: bounded("first_name", c, 100),
            "last_name": lambda c: bounded("last_name", c, 100),
            "region": lambda c: vocabulary.region("region", c),
            "title": lambda c: bounded("title", c, 200),
            "email": lambda c: email_value("email", c),
            "phone": lambda c: phone_value("phone", c),
            "language": lambda c: vocabulary.code("language", "language", c),
            "newsletter": lambda c: vocabulary.code("consent_kind", "newsletter", c),
            "consent_date": lambda c: date_value("consent_date", c),
            "consent_source": lambda c: bounded("consent_source", c, 200),
            "stakeholder": lambda c: c,
        }
        data, errors = self.read_cells(raw, readers)
        self.take_stakeholder(data, errors)
        if errors:
            raise ExceptionGroup("row", errors)
        return data

    def prepare(self, records: list[Record]) -> None:
        """Resolve stakeholders, then match by ID, then email, all in bulk."""
        resolved = self.resolve_stakeholders([r.data["_ref"] for r in records if "_ref" in r.data])
        statement = visible_contacts(self.actor).with_only_columns(*self.table.columns)
        wanted = [r.data for r in records]
        by_id = {
            row["id"]: row
            for row in fetch_in(statement, Contact.id, {d["id"] for d in wanted if "id" in d})
        }
        by_email = {row["email"]: row for row in fetch_in(
            statement, Contact.email, {d["email"] for d in wanted if d.get("email")})}  # fmt: skip
        today = clock.today()
        for record in records:
            data = record.data
            if "_ref" in data:
                found = resolved[data.pop("_ref")]
                if isinstance(found, str):
                    record.errors.append(("stakeholder", found))
                    continue
                data["stakeholder_id"] = found["id"]
            if "id" in data:
                self.match_by_id(record, by_id, _l("No contact has this ID."))
                if record.existing is None:
                    continue
                if record.existing.get("anonymized_at"):  # an old export cannot undo it
                    message = _l("This contact was anonymized: their data cannot be restored.")
                    record.errors.append(("id", message))
                    continue
            elif data.get("email") in by_email:
                record.existing = by_email[data["email"]]
            owner = by_email.get(data.get("email"))
            if owner is not None and record.existing and owner["id"] != record.target_id:
                record.errors.append(("email", _l("Another contact already has this email.")))
                continue
            existing = record.existing or {}
            if not existing and not ("first_name" in data and "last_name" in data):
                key = "first_name" if "first_name" not in data else "last_name"
                record.errors.append((key, _l("A first and a last name are required.")))
                continue
            consent = data.pop("newsletter", None)
            if existing.get("consent_withdrawn_on"):
                # A withdrawal stands: no file can turn it back into consent (Law 25, CASL),
                # nor rewrite the consent it ended. The row is unchanged, not an error.
                data.pop("consent_date", None)
                data.pop("consent_source", None)
                continue
            if consent == WITHDRAWN:
                data["consent_withdrawn_on"] = today
            elif consent is not None:
                data["newsletter_consent"] = consent

    def natural_key(self, record: Record):
        """Return a new contact's email (contacts without one never clash)."""
        email = record.data.get("email")
        return ("email", email) if email else None

    def write(self, writer, created: list[Record], updated: list[Record]) -> dict[str, Any]:
        """Insert the new contacts; update the changed ones."""
        now, actor, ids, rows = utcnow(), self.actor_id, [], []
        for record in created:
            data, cid = record.data, writer.new_id(self.table)
            ids.append(cid)
            rows.append({
                "id": cid, "stakeholder_id": data.get("stakeholder_id"),
                "first_name": data["first_name"], "last_name": data["last_name"],
                "title": data.get("title", ""), "email": data.get("email") or None,
                "phone": data.get("phone", ""), "language": data.get("language", "fr"),
                "newsletter_consent": data.get("newsletter_consent", "none"),
                "consent_date": data.get("consent_date"),
                "consent_source": data.get("consent_source", ""),
                "consent_withdrawn_on": data.get("consent_withdrawn_on"), "notes": "",
                "unsubscribe_token": secrets.token_urlsafe(32),
                "created_at": now, "updated_at": now, "version": 1,
                "created_by_id": actor, "updated_by_id": actor,
            })  # fmt: skip
        insert_rows(writer, self.table, rows)
        writer.finish()
        update_rows(self.table, actor, [(r.target_id, unindexed(Contact, r.changes))
                                        for r in updated])  # fmt: skip
        written = [*zip(ids, (r.data for r in created), strict=True)]
        record_import_events(self.actor, written + [(r.target_id, r.changes) for r in updated])
        index_pending(Contact)  # the new ones, and the changed ones
        return {"created": ids}
