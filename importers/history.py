"""Import batches: record what an import did, undo it, remember column mappings.

Undo (SPEC §4) is for the batch's author or an admin, while no later change touched its
records: each record must still have the version the import left it with, and no record
made since may point at a stakeholder the import created. Created records are deleted,
updated ones get their old values back, and an `undo` audit event says so.
"""

import hashlib
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from importers.base import chunks, fetch_in, update_rows
from models.audit import record
from models.base import db, utcnow
from models.commitment import Commitment
from models.contact import Contact
from models.import_batch import ImportBatch, ImportMapping, ImportStatus
from models.interaction import Interaction, interaction_stakeholder
from models.operations.consent import STATE as CONSENT_STATE
from models.search import index_pending
from models.stakeholder import Relationship, Stakeholder

TABLES = {
    "stakeholders": Stakeholder.__table__,
    "contacts": Contact.__table__,
    "interactions": Interaction.__table__,
    "commitments": Commitment.__table__,
    "relationships": Relationship.__table__,
}
# The kinds whose restored records are found by their old values once re-indexed.
PENDING = {"stakeholders": Stakeholder, "contacts": Contact, "interactions": Interaction}
KEPT_ROWS = 5000  # rejected rows kept for the download; more are counted, not kept


class UndoRefused(Exception):
    """The batch cannot be undone; the message says why."""


def record_batch(actor, result, undo: dict[str, Any], batch: ImportBatch | None = None):
    """Fill (or create) the batch of an import that wrote, and audit it; return the batch."""
    if batch is None:
        batch = ImportBatch(kind=result.kind, filename=result.filename[:300])
        db.session.add(batch)
    batch.user_id = actor.id if actor is not None else None
    batch.status = ImportStatus.DONE
    keep_outcome(batch, result)
    batch.changes = undo
    db.session.flush()
    record(actor, "import", "import_batch", batch.id, None, {
        "kind": result.kind, "file": result.filename, "rows": result.rows,
        "created": result.created, "updated": result.updated,
        "unchanged": result.unchanged, "rejected": result.rejected,
    })  # fmt: skip
    return batch


def keep_outcome(batch: ImportBatch, result) -> None:
    """Copy the counts, errors and rejected rows of `result` onto `batch`."""
    for name in ("rows", "created", "updated", "unchanged", "rejected"):
        setattr(batch, name, getattr(result, name))
    batch.errors = [e.as_dict() for e in result.errors[:KEPT_ROWS]]
    headers = result.mapping.headers if result.mapping else []
    batch.rejected_rows = {"headers": headers, "rows": result.rejected_rows[:KEPT_ROWS]}


def can_undo(actor, batch: ImportBatch) -> bool:
    """Return whether `actor` may undo `batch` (its author or an admin)."""
    if actor is None:
        return True
    return actor.can_import and (actor.is_admin or batch.user_id == actor.id)


def undo_batch(actor, batch: ImportBatch) -> None:
    """Undo `batch`, or raise UndoRefused; never commits."""
    if not batch.undoable:
        raise UndoRefused(_l("This import has nothing to undo."))
    if not can_undo(actor, batch):
        raise UndoRefused(_l("Only the author of an import or an administrator can undo it."))
    table = TABLES[batch.kind]
    changes = batch.changes or {}
    created = list(changes.get("created", []))
    updated = list(changes.get("updated", []))
    expected = {i: 1 for i in created} | {u["id"]: u["version"] for u in updated}
    current = {
        row["id"]: row["version"]
        for row in fetch_in(select(table.c.id, table.c.version), table.c.id, expected)
    }
    if current != expected or _referenced(batch.kind, created):
        raise UndoRefused(_l("Records of this import were changed since; it can no longer "
                             "be undone.") )  # fmt: skip
    dates = {c.name for c in table.columns if c.type.python_type is date}
    restored = []
    for entry in updated:
        before = dict(entry["before"])
        tags = before.pop("tags", None)
        links = {k: before.pop(k) for k in ("stakeholder_ids", "measure_codes") if k in before}
        restored.append((entry["id"], {
            k: date.fromisoformat(v) if k in dates and v else v for k, v in before.items()
        }))  # fmt: skip
        if tags is not None:
            _restore_tags(entry["id"], tags)
        if links:
            _restore_links(entry["id"], links)
    if batch.kind in PENDING:  # search finds them by their old values again
        restored = [(i, {**values, "search_text": None}) for i, values in restored]
    if batch.kind == "contacts":
        restored = _keeping_withdrawals(restored)
    update_rows(table, actor.id if actor else None, restored)
    for part in chunks(created):
        db.session.execute(delete(table).where(table.c.id.in_(part)))
    if batch.kind in PENDING:
        index_pending(PENDING[batch.kind])
    batch.undone_at = utcnow()
    record(actor, "undo", "import_batch", batch.id, None,
           {"kind": batch.kind, "deleted": len(created), "restored": len(updated)})  # fmt: skip
    db.session.flush()


def _keeping_withdrawals(restored: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Leave out of the restored values the consent of contacts now withdrawn: undoing an
    import never turns a withdrawal (the import's own included) back into consent."""
    c = Contact.__table__.c
    withdrawn = {
        row["id"]
        for row in fetch_in(
            select(c.id).where(c.consent_withdrawn_on.is_not(None)), c.id, [i for i, _ in restored]
        )
    }
    return [
        (i, {k: v for k, v in values.items() if i not in withdrawn or k not in CONSENT_STATE})
        for i, values in restored
    ]


def _referenced(kind: str, created: list[int]) -> bool:
    """Return whether records outside the batch point at stakeholders it created."""
    if kind != "stakeholders" or not created:
        return False
    links = (
        (Contact.__table__.c.stakeholder_id, select(Contact.stakeholder_id)),
        (Commitment.__table__.c.stakeholder_id, select(Commitment.stakeholder_id)),
        (
            interaction_stakeholder.c.stakeholder_id,
            select(interaction_stakeholder.c.stakeholder_id),
        ),
        (Relationship.__table__.c.source_id, select(Relationship.source_id)),
        (Relationship.__table__.c.target_id, select(Relationship.target_id)),
    )
    return any(fetch_in(statement.limit(1), column, created) for column, statement in links)


def _restore_tags(stakeholder_id: int, tags: list[str]) -> None:
    from models.stakeholder import StakeholderTag

    table = StakeholderTag.__table__
    db.session.execute(delete(table).where(table.c.stakeholder_id == stakeholder_id))
    if tags:
        db.session.execute(table.insert(), [{"stakeholder_id": stakeholder_id, "name": t}
                                            for t in tags])  # fmt: skip


def _restore_links(interaction_id: int, links: dict[str, list]) -> None:
    from models.interaction import interaction_measure

    for key, table, column in (
        ("stakeholder_ids", interaction_stakeholder, "stakeholder_id"),
        ("measure_codes", interaction_measure, "measure_code"),
    ):
        if key in links:
            db.session.execute(delete(table).where(table.c.interaction_id == interaction_id))
            rows = [{"interaction_id": interaction_id, column: v} for v in links[key]]
            if rows:
                db.session.execute(table.insert(), rows)


def signature_of(kind: str, signature: str) -> str:
    """Return the stored key of a set of headers (a hash: header sets can be long)."""
    return hashlib.sha256(f"{kind}:{signature}".encode()).hexdigest()


def remembered_fields(kind: str, mapping) -> dict[int, str] | None:
    """Return the remembered column index → field of `mapping`'s headers, if any."""
    from models.normalize import name_key

    stored = db.session.scalar(
        select(ImportMapping).where(
            ImportMapping.kind == kind,
            ImportMapping.signature == signature_of(kind, mapping.signature()),
        )
    )
    if stored is None:
        return None
    return {i: stored.fields.get(name_key(h), "") for i, h in enumerate(mapping.headers)}


def remember_fields(kind: str, mapping) -> None:
    """Remember `mapping`'s choice of fields for its set of headers."""
    from models.normalize import name_key

    key = signature_of(kind, mapping.signature())
    stored = db.session.scalar(
        select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.signature == key)
    )
    fields = {name_key(h): mapping.fields.get(i, "") for i, h in enumerate(mapping.headers) if h}
    if stored is None:
        db.session.add(ImportMapping(kind=kind, signature=key, fields=fields))
    else:
        stored.fields = fields
