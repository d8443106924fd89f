"""Merge two duplicate stakeholders or contacts into one, and undo the merge (issue 16).

The survivor (`kept`) takes the field values picked one by one (`picks`: field → "kept" or
"other"; a field not picked keeps the survivor's value, or the other's when the survivor's
is empty) and every row that pointed at the other record, which is then deleted. What the
merge changed is kept in a `Merge` row (`models/duplicate.py`) so that undo can put it all
back, ids included, while nothing since touched the records: the survivor and every moved
row must still have the version the merge left them with.

Stakeholders: contacts, interactions (link rows; an interaction of both keeps one link),
commitments (two to one measure become one, `merge_commitment`), ties (the tie between the
two disappears; two ties of one type to the same stakeholder become one), tags (the union)
and the ids held by import batches for their undo (rewritten to the survivor, so that an
import undo is refused: its records changed since).
Contacts: interactions (link rows) and the consent history; the newsletter consent follows
`merged_consent` (a withdrawal always wins). The removed contact's unsubscribe link, in
newsletters already sent, keeps working: it withdraws the survivor's consent
(`models.operations.consent.merged_into`).

Operations never commit; one audit event ("merge", the survivor) holds both before-images.
"""

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update

from models import clock
from models.audit import record
from models.base import db, utcnow
from models.commitment import Commitment, CommitmentStatusChange
from models.consent import ConsentEvent, is_valid
from models.contact import Contact
from models.duplicate import Merge
from models.import_batch import ImportBatch, ImportStatus
from models.interaction import Interaction, interaction_contact, interaction_stakeholder
from models.operations.common import (
    OperationError,
    PermissionDenied,
    ValidationFailed,
    check_version,
    touch,
)
from models.operations.consent import STATE as CONSENT_STATE
from models.operations.contacts import FIELDS as CONTACT_FIELDS
from models.operations.contacts import _clean as clean_contact
from models.operations.stakeholders import AUDITED as STAKEHOLDER_AUDITED
from models.operations.stakeholders import _clean as clean_stakeholder
from models.reference import DIRECTED_TIES
from models.scoping import visible_contacts, visible_stakeholders
from models.search import index_pending
from models.stakeholder import Relationship, Stakeholder, StakeholderTag

PLACE = ("level", "region_code", "municipality_code", "mrc_code", "locality")
# What a merge lets pick, each a group of columns taken together from one record.
PICKS = {
    "stakeholders": {
        "name": ("name",),
        "kind": ("kind",),
        "sector_code": ("sector_code",),
        "place": PLACE,
        "email": ("email",),
        "phone": ("phone",),
        "website": ("website",),
        "stage": ("stage",),
        "influence": ("influence",),
        "interest": ("interest",),
        "owner_id": ("owner_id",),
        "notes": ("notes",),
        "external_ref": ("external_ref",),
    },
    "contacts": {
        "first_name": ("first_name",),
        "last_name": ("last_name",),
        "title": ("title",),
        "stakeholder_id": ("stakeholder_id",),
        "email": ("email",),
        "phone": ("phone",),
        "language": ("language",),
        "notes": ("notes",),
    },
}
SIDES = ("kept", "other")
# A commitment's statuses from the least to the most advanced (withdrawn: see `advanced`).
PROGRESS = ("intended", "committed", "in_progress", "achieved")
# Columns a restore never writes back as they were: the row's version moves on instead.
UNRESTORED = {"id", "version", "search_text", "created_at", "created_by_id"}


class MergeRefused(OperationError):
    """The merge or its undo cannot be done; the message says why."""


# --- who may, and what to pick -------------------------------------------------------


def model_of(kind: str):
    """Return the model merged for `kind` ("stakeholders" or "contacts")."""
    return Stakeholder if kind == "stakeholders" else Contact


def may_merge(actor, kind: str) -> bool:
    """Return whether `actor` may merge records of `kind` (None is the system): who may edit
    them, admins and coordinators (SPEC §1)."""
    return actor is None or actor.can_manage_stakeholders


def check_pair(actor, kind: str, kept, other) -> None:
    """Refuse the merge of `other` into `kept` unless `actor` may make it."""
    if not may_merge(actor, kind):
        raise PermissionDenied()
    if kept.id == other.id:
        raise MergeRefused(_l("A record cannot be merged with itself."))
    scoped = visible_stakeholders(actor) if kind == "stakeholders" else visible_contacts(actor)
    model = model_of(kind)
    found = set(db.session.scalars(scoped.with_only_columns(model.id).where(
        model.id.in_([kept.id, other.id]))))  # fmt: skip
    if found != {kept.id, other.id}:
        raise PermissionDenied()
    for contact in (kept, other) if kind == "contacts" else ():
        if contact.anonymized_at is not None:
            raise MergeRefused(_l("%(name)s was anonymized: it cannot be merged.",
                                  name=contact.full_name))  # fmt: skip


def _empty(values: tuple) -> bool:
    return all(v is None or v == "" for v in values)


def values_of(kind: str, record, key: str) -> tuple:
    """Return the values of the field group `key` of `record`."""
    return tuple(getattr(record, f) for f in PICKS[kind][key])


def default_picks(kind: str, kept, other) -> dict[str, str]:
    """Return the picks when nobody chose: the survivor's value, or the other's where the
    survivor's is empty (a place is empty when it names nothing within the same region)."""
    picks = {}
    for key in PICKS[kind]:
        mine, theirs = values_of(kind, kept, key), values_of(kind, other, key)
        if key == "place":
            empty = _empty(mine[2:]) and mine[:2] == theirs[:2]
            picks[key] = "other" if empty and not _empty(theirs[2:]) else "kept"
        else:
            picks[key] = "other" if _empty(mine) and not _empty(theirs) else "kept"
    return picks


def differing(kind: str, kept, other) -> list[str]:
    """Return the field groups whose values differ between the two records."""
    return [k for k in PICKS[kind] if values_of(kind, kept, k) != values_of(kind, other, k)]


def resolve_picks(kind: str, kept, other, picks: dict[str, str] | None) -> dict[str, str]:
    """Return the defaults overridden by `picks`; an unknown side is refused."""
    chosen = default_picks(kind, kept, other)
    for key, side in (picks or {}).items():
        if key not in chosen:
            continue
        if side not in SIDES:
            raise ValidationFailed({key: _l("Unknown value: %(value)s", value=side)})
        chosen[key] = side
    return chosen


def _taken(kind: str, other, chosen: dict[str, str]) -> dict[str, Any]:
    """Return the values the survivor takes from `other`."""
    data = {}
    for key, side in chosen.items():
        if side == "other":
            data.update(zip(PICKS[kind][key], values_of(kind, other, key), strict=True))
    return data


# --- rows, as JSON and back ----------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _rows(table, condition) -> list[dict[str, Any]]:
    """Return the rows of `table` meeting `condition`, as JSON-ready dicts."""
    found = db.session.execute(select(table).where(condition)).mappings()
    return [{k: _json(v) for k, v in row.items()} for row in found]


def _revive(table, values: dict[str, Any]) -> dict[str, Any]:
    """Return a JSON row of `table` with its dates and times back as Python values."""
    revived = {}
    for name, value in values.items():
        kind = table.c[name].type.python_type if name in table.c else None
        if isinstance(value, str) and kind is datetime:
            value = datetime.fromisoformat(value).replace(tzinfo=None)
        elif isinstance(value, str) and kind is date:
            value = date.fromisoformat(value)
        revived[name] = value
    return revived


def _bump(table, ids, actor, **values) -> None:
    """Write `values` on the rows `ids` of a versioned `table`, moving their version on."""
    if ids:
        db.session.execute(
            update(table)
            .where(table.c.id.in_(list(ids)))
            .values(version=table.c.version + 1, updated_at=utcnow(),
                    updated_by_id=actor.id if actor else None, **values)
        )  # fmt: skip


def _versions(table, ids) -> dict[str, int]:
    """Return the current version of each row `ids` of `table`, by id as text."""
    if not ids:
        return {}
    found = db.session.execute(select(table.c.id, table.c.version).where(table.c.id.in_(ids)))
    return {str(i): v for i, v in found}


# --- moving rows ---------------------------------------------------------------------


def _relink(link, column: str, removed_id: int, kept_id: int, actor) -> dict[str, list[int]]:
    """Move the link rows of `link` (interaction_stakeholder or interaction_contact) from the
    removed record to the survivor; an interaction linked to both keeps one link. The
    interactions' versions move on, as when an edit changes their participants."""
    col = link.c[column]
    theirs = set(db.session.scalars(select(link.c.interaction_id).where(col == removed_id)))
    both = theirs & set(db.session.scalars(select(link.c.interaction_id).where(col == kept_id)))
    moved = sorted(theirs - both)
    if both:
        db.session.execute(delete(link).where(col == removed_id, link.c.interaction_id.in_(both)))
    if moved:
        db.session.execute(
            update(link).where(col == removed_id, link.c.interaction_id.in_(moved))
            .values({column: kept_id})
        )  # fmt: skip
    _bump(Interaction.__table__, theirs, actor)
    return {"moved": moved, "shared": sorted(both)}


def advanced(one: str, other: str) -> str:
    """Return the most advanced of two statuses of one commitment: intended < committed <
    in_progress < achieved; withdrawn only when both are."""
    if one == "withdrawn" or other == "withdrawn":
        return other if one == "withdrawn" else one
    return max(one, other, key=lambda s: PROGRESS.index(s) if s in PROGRESS else -1)


def merge_commitment(kept: dict, removed: dict) -> dict[str, Any]:
    """Return the values of a survivor's commitment that absorbs another to its measure:
    the most advanced status, the earliest commitment day, both descriptions."""
    days = [d for d in (kept["committed_on"], removed["committed_on"]) if d]
    texts = [t for t in (kept["description"], removed["description"]) if t]
    description = "\n\n".join(dict.fromkeys(texts))  # joined when both differ
    return {
        "status": advanced(kept["status"], removed["status"]),
        "committed_on": _day(min(days)) if days else None,
        "due_on": _day(kept["due_on"] or removed["due_on"]),
        "description": description,
    }


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _move_commitments(actor, kept_id: int, removed_id: int) -> dict[str, Any]:
    table = Commitment.__table__
    mine = {r["measure_code"]: r for r in _rows(table, table.c.stakeholder_id == kept_id)}
    moved, merged = [], []
    for row in _rows(table, table.c.stakeholder_id == removed_id):
        survivor = mine.get(row["measure_code"])
        if survivor is None:
            moved.append(row["id"])
            continue
        history = CommitmentStatusChange.__table__
        history_ids = list(db.session.scalars(
            select(history.c.id).where(history.c.commitment_id == row["id"])))  # fmt: skip
        if history_ids:
            db.session.execute(update(history).where(history.c.id.in_(history_ids))
                               .values(commitment_id=survivor["id"]))  # fmt: skip
        db.session.execute(delete(table).where(table.c.id == row["id"]))
        _bump(table, [survivor["id"]], actor, **merge_commitment(survivor, row))
        before = {k: survivor[k] for k in ("status", "committed_on", "due_on", "description")}
        merged.append({"kept_id": survivor["id"], "kept_before": before, "removed": row,
                       "history": history_ids})  # fmt: skip
    _bump(table, moved, actor, stakeholder_id=kept_id)
    return {"moved": moved, "merged": merged}


def _tie_key(type_: str, source: int, target: int) -> tuple:
    ends = (source, target) if type_ in DIRECTED_TIES else tuple(sorted((source, target)))
    return (type_, *ends)


def _move_ties(actor, kept_id: int, removed_id: int) -> dict[str, Any]:
    table = Relationship.__table__
    c = table.c
    theirs = _rows(table, (c.source_id == kept_id) | (c.target_id == kept_id))
    known = {_tie_key(r["type"], r["source_id"], r["target_id"]) for r in theirs}
    moved = {"source": [], "target": [], "dropped": []}
    for row in _rows(table, (c.source_id == removed_id) | (c.target_id == removed_id)):
        source = kept_id if row["source_id"] == removed_id else row["source_id"]
        target = kept_id if row["target_id"] == removed_id else row["target_id"]
        key = _tie_key(row["type"], source, target)
        if source == target or key in known:  # the tie between the two, or a second one
            moved["dropped"].append(row)
            db.session.execute(delete(table).where(c.id == row["id"]))
            continue
        known.add(key)
        end = "source" if row["source_id"] == removed_id else "target"
        moved[end].append(row["id"])
        _bump(table, [row["id"]], actor, **{f"{end}_id": kept_id})
    return moved


# Keys of an import batch's saved before-values that name a record of each kind.
BATCH_REFERENCES = {
    "stakeholders": ("stakeholder_id", "stakeholder_ids", "source_id", "target_id"),
    "contacts": ("contact_ids",),
}


def _rewrite_batches(kind: str, ids: dict[str, dict[int, int]]) -> dict[str, Any]:
    """Rewrite the ids that import batches keep for their undo (`ids`: batch kind → old id →
    new id) to the survivor's; return each changed batch's former `changes`."""
    references = BATCH_REFERENCES[kind]

    def mapped(value, mapping):
        if isinstance(value, list):
            return list(dict.fromkeys(mapping.get(v, v) for v in value))
        return mapping.get(value, value)

    originals = {}
    query = select(ImportBatch).where(
        ImportBatch.undone_at.is_(None), ImportBatch.status == ImportStatus.DONE
    )
    for batch in db.session.scalars(query):
        changes = batch.changes
        if not isinstance(changes, dict):
            continue
        own = ids.get(batch.kind, {})
        references_map = ids.get(kind, {})
        rewritten = dict(changes)
        rewritten["created"] = mapped(list(changes.get("created", [])), own)
        updated = []
        for entry in changes.get("updated", []):
            before = dict(entry.get("before") or {})
            for key in references:
                if key in before:
                    before[key] = mapped(before[key], references_map)
            updated.append({**entry, "id": own.get(entry.get("id"), entry.get("id")),
                            "before": before})  # fmt: skip
        rewritten["updated"] = updated
        if "created" not in changes:
            rewritten.pop("created")
        if "updated" not in changes:
            rewritten.pop("updated")
        if rewritten != changes:
            originals[str(batch.id)] = changes
            batch.changes = rewritten
    return originals


def _drop(obj) -> None:
    """Forget the ORM object of a row deleted in SQL."""
    if obj in db.session:
        db.session.expunge(obj)


def _finish(actor, kind: str, kept, removed_id: int, before, moved, versions, token=None):
    merge = Merge(kind=kind, kept_id=kept.id, removed_id=removed_id, before=before,
                  moved=moved, versions=versions, removed_token=token,
                  user_id=actor.id if actor else None)  # fmt: skip
    db.session.add(merge)
    db.session.flush()
    entity = "stakeholder" if kind == "stakeholders" else "contact"
    taken = [f for key, side in moved["picks"].items() if side == "other" for f in PICKS[kind][key]]
    after = {"merge_id": merge.id, "removed_id": removed_id, "picks": taken,
             "counts": counts(moved)}  # fmt: skip
    record(actor, "merge", entity, kept.id, _audited(kind, before), after)
    db.session.flush()
    return merge


def _audited(kind: str, before: dict[str, Any]) -> dict[str, Any]:
    """Return both before-images as the audit log keeps them: the records' own fields
    (a stakeholder's tags as `tag_names`)."""
    fields = STAKEHOLDER_AUDITED if kind == "stakeholders" else CONTACT_FIELDS
    images = {}
    for side, image in before.items():
        named = {("tag_names" if k == "tags" else k): v for k, v in image.items()}
        images[side] = {k: v for k, v in named.items() if k in fields}
    return images


def counts(moved: dict[str, Any]) -> dict[str, int]:
    """Return how many rows of each kind a merge moved (from its `moved`)."""
    result = {}
    if "contacts" in moved:
        result["contacts"] = len(moved["contacts"])
    links = moved.get("interactions", {})
    result["interactions"] = len(links.get("moved", [])) + len(links.get("shared", []))
    if "commitments" in moved:
        commitments = moved["commitments"]
        result["commitments"] = len(commitments["moved"]) + len(commitments["merged"])
        result["commitments_merged"] = len(commitments["merged"])
    if "ties" in moved:
        ties = moved["ties"]
        result["ties"] = len(ties["source"]) + len(ties["target"]) + len(ties["dropped"])
    if "consent_events" in moved:
        result["consent_events"] = len(moved["consent_events"])
    return result


# --- merging -------------------------------------------------------------------------


def merge_stakeholders(
    actor, kept: Stakeholder, removed: Stakeholder, picks: dict[str, str] | None = None,
    kept_version=None, removed_version=None,
) -> Merge:  # fmt: skip
    """Fold `removed` into `kept` (see the module); return the `Merge`. Never commits."""
    check_pair(actor, "stakeholders", kept, removed)
    check_version(kept, kept_version)
    check_version(removed, removed_version)
    chosen = resolve_picks("stakeholders", kept, removed, picks)
    table = Stakeholder.__table__
    db.session.flush()
    before = {
        "kept": {**_rows(table, table.c.id == kept.id)[0], "tags": kept.tag_names},
        "removed": {**_rows(table, table.c.id == removed.id)[0], "tags": removed.tag_names},
    }
    data = _taken("stakeholders", removed, chosen)
    if removed.external_ref:  # unique: the removed record lets go of it first
        db.session.execute(update(table).where(table.c.id == removed.id).values(external_ref=None))
    data = clean_stakeholder(data, kept)
    removed_id, kept_id = removed.id, kept.id
    contacts = list(
        db.session.scalars(select(Contact.id).where(Contact.stakeholder_id == removed_id))
    )
    _bump(Contact.__table__, contacts, actor, stakeholder_id=kept_id, search_text=None)
    moved = {
        "picks": chosen,
        "contacts": contacts,
        "interactions": _relink(
            interaction_stakeholder, "stakeholder_id", removed_id, kept_id, actor
        ),
        "commitments": _move_commitments(actor, kept_id, removed_id),
        "ties": _move_ties(actor, kept_id, removed_id),
    }
    tags = sorted(set(kept.tag_names) | set(removed.tag_names))
    _drop(removed)
    db.session.execute(delete(table).where(table.c.id == removed_id))
    for field, value in data.items():
        setattr(kept, field, value)
    if tags != kept.tag_names:
        kept.tags = [StakeholderTag(name=n) for n in tags]
    touch(actor, kept)
    db.session.flush()
    commitment_ids = {c["kept_id"]: c["removed"]["id"] for c in moved["commitments"]["merged"]}
    moved["import_batches"] = _rewrite_batches("stakeholders", {
        "stakeholders": {removed_id: kept_id},
        "commitments": {r: k for k, r in commitment_ids.items()},
        "contacts": {},
    })  # fmt: skip
    index_pending(Contact)
    c = moved["commitments"]
    versions = {
        "stakeholder": _versions(table, [kept_id]),
        "contact": _versions(Contact.__table__, contacts),
        "interaction": _versions(Interaction.__table__,
                                 moved["interactions"]["moved"] + moved["interactions"]["shared"]),
        "commitment": _versions(Commitment.__table__, c["moved"] + list(commitment_ids)),
        "relationship": _versions(Relationship.__table__,
                                  moved["ties"]["source"] + moved["ties"]["target"]),
    }  # fmt: skip
    return _finish(actor, "stakeholders", kept, removed_id, before, moved, versions)


def merged_consent(kept: Contact, other: Contact, on: date | None = None) -> Contact:
    """Return which of two contacts' newsletter consent the survivor takes: a withdrawal
    always wins (the latest one, when both withdrew); else the valid consent over none,
    express over implied, then the later one; the survivor's on a tie."""
    withdrawn = [c for c in (kept, other) if c.consent_withdrawn_on is not None]
    if withdrawn:
        return max(withdrawn, key=lambda c: c.consent_withdrawn_on)
    on = on or clock.today()

    def strength(c: Contact) -> tuple:
        valid = is_valid(c.newsletter_consent, c.consent_date, None, on)
        kinds = ("none", "implied", "express")
        rank = kinds.index(c.newsletter_consent) if c.newsletter_consent in kinds else 0
        return (valid, rank, c.consent_date or date.min)

    return other if strength(other) > strength(kept) else kept


def merge_contacts(
    actor, kept: Contact, removed: Contact, picks: dict[str, str] | None = None,
    kept_version=None, removed_version=None,
) -> Merge:  # fmt: skip
    """Fold the contact `removed` into `kept` (see the module); return the `Merge`."""
    check_pair(actor, "contacts", kept, removed)
    check_version(kept, kept_version)
    check_version(removed, removed_version)
    chosen = resolve_picks("contacts", kept, removed, picks)
    table = Contact.__table__
    db.session.flush()
    before = {
        "kept": _rows(table, table.c.id == kept.id)[0],
        "removed": _rows(table, table.c.id == removed.id)[0],
    }
    data = _taken("contacts", removed, chosen)
    source = merged_consent(kept, removed)
    consent = {f: getattr(source, f) for f in CONSENT_STATE}
    if removed.email:  # unique: the removed contact lets go of it first
        db.session.execute(update(table).where(table.c.id == removed.id).values(email=None))
    data = clean_contact(actor, data, kept)
    removed_id, kept_id, token = removed.id, kept.id, removed.unsubscribe_token
    events_table = ConsentEvent.__table__
    events = list(db.session.scalars(
        select(events_table.c.id).where(events_table.c.contact_id == removed_id)))  # fmt: skip
    if events:
        db.session.execute(update(events_table).where(events_table.c.id.in_(events))
                           .values(contact_id=kept_id))  # fmt: skip
    moved = {
        "picks": chosen,
        "interactions": _relink(interaction_contact, "contact_id", removed_id, kept_id, actor),
        "consent_events": events,
    }
    _drop(removed)
    db.session.execute(delete(table).where(table.c.id == removed_id))
    for field, value in {**data, **consent}.items():
        setattr(kept, field, value)
    touch(actor, kept)
    db.session.flush()
    moved["import_batches"] = _rewrite_batches("contacts", {"contacts": {removed_id: kept_id}})
    links = moved["interactions"]
    versions = {
        "contact": _versions(table, [kept_id]),
        "interaction": _versions(Interaction.__table__, links["moved"] + links["shared"]),
    }
    return _finish(actor, "contacts", kept, removed_id, before, moved, versions, token)


# --- undo ----------------------------------------------------------------------------

TABLES = {
    "stakeholder": Stakeholder.__table__,
    "contact": Contact.__table__,
    "interaction": Interaction.__table__,
    "commitment": Commitment.__table__,
    "relationship": Relationship.__table__,
}


def can_undo(actor, merge: Merge) -> bool:
    """Return whether `actor` may undo `merge`: its author or an administrator."""
    if actor is None:
        return True
    return may_merge(actor, merge.kind) and (actor.is_admin or merge.user_id == actor.id)


def untouched(merge: Merge) -> bool:
    """Return whether every record the merge changed still has the version it left."""
    for name, expected in (merge.versions or {}).items():
        if expected and _versions(TABLES[name], [int(i) for i in expected]) != expected:
            return False
    return True


def undoable(actor, merge: Merge) -> bool:
    """Return whether `actor` may undo `merge` now."""
    return merge.undone_at is None and can_undo(actor, merge) and untouched(merge)


def undo_merge(actor, merge: Merge) -> None:
    """Undo `merge`: the removed record back with its id and its rows, the survivor's
    values back; or raise MergeRefused / PermissionDenied. Never commits."""
    if merge.undone_at is not None:
        raise MergeRefused(_l("This merge was already undone."))
    if not can_undo(actor, merge):
        raise PermissionDenied(_l("Only the author of a merge or an administrator can undo it."))
    db.session.flush()
    if not untouched(merge):
        raise MergeRefused(_l("The merged records were changed since; the merge can no longer "
                              "be undone."))  # fmt: skip
    if merge.kind == "stakeholders":
        _undo_stakeholders(actor, merge)
    else:
        _undo_contacts(actor, merge)
    for batch_id, changes in (merge.moved.get("import_batches") or {}).items():
        batch = db.session.get(ImportBatch, int(batch_id))
        if batch is not None:
            batch.changes = changes
    merge.undone_at = utcnow()
    after = {"kind": merge.kind, "kept_id": merge.kept_id, "removed_id": merge.removed_id}
    record(actor, "undo", "merge", merge.id, None, after)
    db.session.flush()
    index_pending(Stakeholder, Contact)
    db.session.expire_all()


def _restore(actor, table, kept: dict, removed: dict) -> None:
    """Put the survivor's columns back as they were, then the removed row, with its id."""
    values = {k: v for k, v in kept.items() if k in table.c and k not in UNRESTORED}
    values.pop("updated_at", None)
    values.pop("updated_by_id", None)
    _bump(table, [kept["id"]], actor, search_text=None, **_revive(table, values))
    row = {k: v for k, v in removed.items() if k in table.c}
    db.session.execute(insert(table).values(**_revive(table, {**row, "search_text": None})))


def _unlink(link, column: str, links: dict, merge: Merge, actor) -> None:
    col = link.c[column]
    if links["moved"]:
        db.session.execute(
            update(link).where(col == merge.kept_id, link.c.interaction_id.in_(links["moved"]))
            .values({column: merge.removed_id})
        )  # fmt: skip
    if links["shared"]:
        db.session.execute(insert(link), [{"interaction_id": i, column: merge.removed_id}
                                          for i in links["shared"]])  # fmt: skip
    _bump(Interaction.__table__, links["moved"] + links["shared"], actor)


def _undo_stakeholders(actor, merge: Merge) -> None:
    table, moved = Stakeholder.__table__, merge.moved
    kept, removed = dict(merge.before["kept"]), dict(merge.before["removed"])
    tags = {merge.kept_id: kept.pop("tags"), merge.removed_id: removed.pop("tags")}
    _restore(actor, table, kept, removed)
    tag_table = StakeholderTag.__table__
    db.session.execute(delete(tag_table).where(tag_table.c.stakeholder_id == merge.kept_id))
    rows = [{"stakeholder_id": i, "name": n} for i, names in tags.items() for n in names]
    if rows:
        db.session.execute(insert(tag_table), rows)
    _bump(Contact.__table__, moved["contacts"], actor, stakeholder_id=merge.removed_id,
          search_text=None)  # fmt: skip
    _unlink(interaction_stakeholder, "stakeholder_id", moved["interactions"], merge, actor)
    commitments, history = Commitment.__table__, CommitmentStatusChange.__table__
    _bump(commitments, moved["commitments"]["moved"], actor, stakeholder_id=merge.removed_id)
    for merged in moved["commitments"]["merged"]:
        values = _revive(commitments, merged["kept_before"])
        _bump(commitments, [merged["kept_id"]], actor, **values)
        db.session.execute(insert(commitments).values(**_revive(commitments, merged["removed"])))
        if merged["history"]:
            db.session.execute(update(history).where(history.c.id.in_(merged["history"]))
                               .values(commitment_id=merged["removed"]["id"]))  # fmt: skip
    ties = Relationship.__table__
    _bump(ties, moved["ties"]["source"], actor, source_id=merge.removed_id)
    _bump(ties, moved["ties"]["target"], actor, target_id=merge.removed_id)
    for row in moved["ties"]["dropped"]:
        db.session.execute(insert(ties).values(**_revive(ties, row)))


def _undo_contacts(actor, merge: Merge) -> None:
    table, moved = Contact.__table__, merge.moved
    _restore(actor, table, dict(merge.before["kept"]), dict(merge.before["removed"]))
    _unlink(interaction_contact, "contact_id", moved["interactions"], merge, actor)
    events = ConsentEvent.__table__
    if moved["consent_events"]:
        db.session.execute(update(events).where(events.c.id.in_(moved["consent_events"]))
                           .values(contact_id=merge.removed_id))  # fmt: skip
