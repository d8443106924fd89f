"""What every write operation shares: errors, permission checks, audit snapshots."""

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from models.audit import record
from models.base import db, utcnow
from models.clock import iso


class OperationError(Exception):
    """A write operation refused; its message is for the user."""


class PermissionDenied(OperationError):
    """The acting user's role or territory does not allow this change."""

    def __init__(self, message=None):
        super().__init__(str(message or _l("You are not allowed to make this change.")))


class ValidationFailed(OperationError):
    """The data given is invalid; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = {field: str(message) for field, message in errors.items()}
        super().__init__("; ".join(f"{f}: {m}" for f, m in self.errors.items()))


class StaleRecord(OperationError):
    """Someone saved the record after the editor loaded it: the edit would lose their work."""

    def __init__(self, record_obj, changed_by=None):
        self.record = record_obj
        self.changed_by = changed_by
        who = changed_by.name or changed_by.email if changed_by else _l("someone else")
        super().__init__(str(_l("%(who)s changed this record after you opened it.", who=who)))


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless `allowed`."""
    if not allowed:
        raise PermissionDenied()


def require_manager(actor) -> None:
    """Raise PermissionDenied unless `actor` may manage stakeholders (None is the system)."""
    require(actor is None or actor.can_manage_stakeholders)


def plain(value: Any) -> Any:
    """Return `value` as JSON can hold it (dates as ISO text, times with their offset)."""
    if isinstance(value, date | datetime):
        return iso(value)
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def snapshot(obj, fields: tuple[str, ...]) -> dict[str, Any]:
    """Return the audited values of `obj` as a JSON-ready dict."""
    return {f: plain(getattr(obj, f)) for f in fields}


def check_version(obj, expected_version: int | None) -> None:
    """Raise StaleRecord when `obj` changed since the editor read `expected_version`.

    A version that is no whole number came from no form we served: it is as stale as any."""
    if expected_version is None:
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise stale_record(obj) from None
    if expected != obj.version:
        raise stale_record(obj)


def stale_record(obj) -> StaleRecord:
    """Return the refusal of an edit of `obj` read before its last save, naming who saved."""
    from models.user import User

    tracked = hasattr(obj, "updated_by_id")
    changed_by_id = obj.updated_by_id if tracked else last_audited_editor(obj)
    return StaleRecord(obj, db.session.get(User, changed_by_id) if changed_by_id else None)


# What moves the version of a record that has no `updated_by_id`: a user's profile, a
# reference entry's labels.
VERSIONED_FIELDS = {"name", "role", "regions", "language", "label_fr", "label_en"}


def last_audited_editor(obj) -> int | None:
    """Return the id of who last changed the versioned fields of a user or a reference entry,
    read from the audit trail (they record no `updated_by_id`)."""
    from sqlalchemy import select

    from models.audit import AuditEvent

    entity_type = getattr(obj, "list", None) or obj.__tablename__
    query = select(AuditEvent).where(
        AuditEvent.entity_type == entity_type, AuditEvent.action == "update"
    )
    if entity_type == "user":
        query = query.where(AuditEvent.entity_id == obj.id)
    code = getattr(obj, "code", None)  # a reference entry's events name it by its code
    for event in db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(50)):
        after = event.after or {}
        if VERSIONED_FIELDS & after.keys() and after.get("code") == code:
            return event.actor_id
    return None


def touch(actor, obj) -> None:
    """Mark `obj` as changed by `actor` now.

    Its row is rewritten even when only linked rows changed (tags, an interaction's
    stakeholders or measures), so its version moves on and a stale edit is refused.
    """
    obj.updated_by_id = actor.id if actor else None
    obj.updated_at = utcnow()


def apply_changes(actor, obj, data: dict, fields: tuple[str, ...], entity_type: str) -> bool:
    """Copy the allowed `fields` present in `data` onto `obj`; audit the changed ones.

    Returns whether anything changed. Keys outside `fields` are ignored: no mass assignment.
    """
    before, after = {}, {}
    for field in fields:
        if field in data and getattr(obj, field) != data[field]:
            before[field] = plain(getattr(obj, field))
            after[field] = plain(data[field])
            setattr(obj, field, data[field])
    if after:
        touch(actor, obj)
        record(actor, "update", entity_type, obj.id, before, after)
    return bool(after)


def add_audited(actor, obj, entity_type: str, fields: tuple[str, ...]) -> None:
    """Add the new `obj` as made by `actor`; flush for its id and audit its `fields`."""
    obj.created_by_id = obj.updated_by_id = actor.id if actor else None
    db.session.add(obj)
    db.session.flush()
    record(actor, "create", entity_type, obj.id, None, snapshot(obj, fields))


def delete_audited(actor, obj, entity_type: str, held: dict[str, Any]) -> None:
    """Delete `obj`; the audit event keeps `held`, what it held."""
    record(actor, "delete", entity_type, obj.id, held, None)
    db.session.delete(obj)
    db.session.flush()
