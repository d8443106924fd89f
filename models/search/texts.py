"""What each searchable record is found by: its folded text, from an object or in bulk."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, inspect, select
from sqlalchemy.orm import Session

from models.audit import AuditEvent
from models.contact import Contact
from models.interaction import Interaction
from models.normalize import fold
from models.stakeholder import Stakeholder, StakeholderTag
from models.user import User

# The columns whose change makes a record's text stale (bulk writers set it to NULL then).
SEARCHED = {
    Stakeholder: frozenset({"name", "locality", "email", "tags"}),
    Contact: frozenset({"first_name", "last_name", "title", "email", "phone", "stakeholder_id"}),
    Interaction: frozenset({"summary"}),
}
# The values of an audit event's before/after that name the record it is about.
LABEL_KEYS = ("name", "first_name", "last_name", "email", "code")


def search_text(name, locality, email, tags=(), fold=fold) -> str:
    """Return the folded text a stakeholder is found by: its parts folded, joined by
    spaces. The same as the parts joined, then folded (`fold` joins no words across a
    space), but each part may come from a `fold` that remembers: an import folds the same
    towns and tags over and over, and each name already for its key."""
    return " ".join(filter(None, map(fold, (name, locality, email, *tags))))


def contact_text(first_name, last_name, title, email, phone, stakeholder_name) -> str:
    """Return the folded text a contact is found by."""
    parts = (first_name, last_name, title, email, phone, stakeholder_name)
    return fold(" ".join(p or "" for p in parts))


def interaction_text(summary) -> str:
    """Return the folded text an interaction is found by."""
    return fold(summary)


def audit_text(action, entity_type, entity_id, label, actor_name, actor_email) -> str:
    """Return the folded text an audit event is found by."""
    parts = (action, entity_type, None if entity_id is None else str(entity_id), label,
             actor_name, actor_email)  # fmt: skip
    return fold(" ".join(p or "" for p in parts))


def snapshot_label(before: dict | None, after: dict | None) -> str:
    """Return the names an audit event's values give its record (new ones first)."""
    found: list[str] = []
    for values in (after or {}, before or {}):
        for key in LABEL_KEYS:
            value = values.get(key)
            if isinstance(value, str) and value and value not in found:
                found.append(value)
    return " ".join(found)


def is_stale(model, changed: Iterable[str]) -> bool:
    """Return whether changing the columns `changed` of a `model` record stales its text."""
    return bool(SEARCHED.get(model, frozenset()) & set(changed))


def unindexed(model, values: dict[str, Any]) -> dict[str, Any]:
    """Return the values a bulk update writes, with `search_text` NULL when they stale it
    (`index_pending` fills it again)."""
    return {**values, "search_text": None} if is_stale(model, values) else values


# From an object about to be flushed -------------------------------------------------------


def text_of(session: Session, obj: Any) -> str:
    """Return the text `obj` (a record of a searchable model) is found by."""
    if isinstance(obj, Stakeholder):
        return search_text(obj.name, obj.locality, obj.email, obj.tag_names)
    if isinstance(obj, Contact):
        stakeholder = _stakeholder_of(session, obj)
        return contact_text(obj.first_name, obj.last_name, obj.title, obj.email, obj.phone,
                            stakeholder.name if stakeholder else None)  # fmt: skip
    if isinstance(obj, Interaction):
        return interaction_text(obj.summary)
    actor = obj.actor if obj.actor is not None else _get(session, User, obj.actor_id)
    label = snapshot_label(obj.before, obj.after) or _current_label(session, obj)
    return audit_text(obj.action, obj.entity_type, obj.entity_id, label,
                      actor.name if actor else None, actor.email if actor else None)  # fmt: skip


def _get(session: Session, model, key):
    return None if key is None else session.get(model, key)


def _stakeholder_of(session: Session, contact: Contact) -> Stakeholder | None:
    """Return the contact's stakeholder, also when only `stakeholder_id` was set."""
    stakeholder = contact.stakeholder
    if inspect(contact).attrs.stakeholder.history.has_changes():
        return stakeholder  # the relationship was set: it wins over the id until flushed
    if stakeholder is not None and stakeholder.id == contact.stakeholder_id:
        return stakeholder
    return _get(session, Stakeholder, contact.stakeholder_id)


def _current_label(session: Session, event: AuditEvent) -> str:
    """Return the present name of the record an event is about (events whose values
    name nothing, e.g. an edit of a stakeholder's stage)."""
    model = LABELLED.get(event.entity_type)
    found = _get(session, model, event.entity_id) if model else None
    return _label(model, found) if found is not None else ""


# In bulk, read from the database ----------------------------------------------------------

LABELLED = {"stakeholder": Stakeholder, "contact": Contact, "user": User}
LABEL_COLUMNS = {
    Stakeholder: (Stakeholder.name,),
    Contact: (Contact.first_name, Contact.last_name),
    User: (User.name, User.email),
}


def _label(model, values) -> str:
    return " ".join(getattr(values, c.key) or "" for c in LABEL_COLUMNS[model])


def read_texts(connection: Connection, model, ids: list[int]) -> list[tuple[int, str]]:
    """Return (id, text) of the `model` records `ids`, read from the database."""
    if model is Stakeholder:
        return _stakeholder_texts(connection, ids)
    if model is Contact:
        query = (
            select(Contact.id, Contact.first_name, Contact.last_name, Contact.title,
                   Contact.email, Contact.phone, Stakeholder.name)
            .outerjoin(Stakeholder, Stakeholder.id == Contact.stakeholder_id)
            .where(Contact.id.in_(ids))
        )  # fmt: skip
        return [(row[0], contact_text(*row[1:])) for row in connection.execute(query)]
    if model is Interaction:
        query = select(Interaction.id, Interaction.summary).where(Interaction.id.in_(ids))
        return [(key, interaction_text(summary)) for key, summary in connection.execute(query)]
    return _audit_texts(connection, ids)


def _stakeholder_texts(connection: Connection, ids: list[int]) -> list[tuple[int, str]]:
    tags: dict[int, list[str]] = {}
    for key, tag in connection.execute(
        select(StakeholderTag.stakeholder_id, StakeholderTag.name)
        .where(StakeholderTag.stakeholder_id.in_(ids))
        .order_by(StakeholderTag.name)
    ):
        tags.setdefault(key, []).append(tag)
    query = select(Stakeholder.id, Stakeholder.name, Stakeholder.locality, Stakeholder.email)
    return [
        (key, search_text(name, locality, email, tags.get(key, ())))
        for key, name, locality, email in connection.execute(query.where(Stakeholder.id.in_(ids)))
    ]


def _audit_texts(connection: Connection, ids: list[int]) -> list[tuple[int, str]]:
    query = (
        select(AuditEvent.id, AuditEvent.action, AuditEvent.entity_type, AuditEvent.entity_id,
               AuditEvent.before, AuditEvent.after, User.name, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.id.in_(ids))
    )  # fmt: skip
    rows = connection.execute(query).all()
    labels = {row.id: snapshot_label(row.before, row.after) for row in rows}
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if not labels[row.id] and row.entity_type in LABELLED and row.entity_id is not None:
            wanted.setdefault(row.entity_type, set()).add(row.entity_id)
    current = {}
    for entity_type, keys in wanted.items():
        model = LABELLED[entity_type]
        query = select(model.id, *LABEL_COLUMNS[model]).where(model.id.in_(keys))
        current.update(((entity_type, r.id), _label(model, r)) for r in connection.execute(query))
    return [
        (row.id, audit_text(row.action, row.entity_type, row.entity_id,
                            labels[row.id] or current.get((row.entity_type, row.entity_id)),
                            row.name, row.email))
        for row in rows
    ]  # fmt: skip
