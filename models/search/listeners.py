"""Keep the search text of records written through the ORM right, at every flush."""

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from models.audit import AuditEvent
from models.contact import Contact
from models.search.index import SEARCHABLE, refresh_search_text, write_search_index
from models.search.texts import text_of
from models.stakeholder import Stakeholder
from models.user import User


@event.listens_for(Session, "before_flush")
def _refresh_search_text(session, _context, _instances) -> None:
    """Recompute `search_text` of the searchable records this flush creates or changes."""
    for obj in (*session.new, *session.dirty):
        if type(obj) in SEARCHABLE:
            fresh = text_of(session, obj)
            if obj.search_text != fresh:
                obj.search_text = fresh


@event.listens_for(Session, "after_flush")
def _index_flushed(session, _context) -> None:
    """Index the records whose `search_text` this flush wrote; refresh the text of those
    that hold a renamed stakeholder's or user's name (its contacts, their audit events) or
    an anonymized contact's (the events about it)."""
    entries: dict[type, dict[bool, list]] = {}
    renamed: dict[type, list[int]] = {Stakeholder: [], User: [], Contact: []}
    new = session.new  # a fresh set at each reading: read once
    for obj in (*new, *session.dirty):
        model, state = type(obj), inspect(obj)
        if model in SEARCHABLE and state.attrs.search_text.history.has_changes():
            fresh = obj in new
            entries.setdefault(model, {}).setdefault(fresh, []).append((obj.id, obj.search_text))
        if model in renamed and obj not in new and _renamed(state):
            renamed[model].append(obj.id)
    for model, by_freshness in entries.items():
        for fresh, pairs in by_freshness.items():
            write_search_index(model, pairs, fresh=fresh, session=session)
    if renamed[Stakeholder]:
        refresh_search_text(session, Contact, Contact.stakeholder_id.in_(renamed[Stakeholder]))
    if renamed[User]:
        refresh_search_text(session, AuditEvent, AuditEvent.actor_id.in_(renamed[User]))
    if renamed[Contact]:
        about = AuditEvent.entity_id.in_(renamed[Contact])
        refresh_search_text(session, AuditEvent, (AuditEvent.entity_type == "contact") & about)


# What, changed, makes other records' text stale.
NAMING = {Stakeholder: ("name",), User: ("name", "email"), Contact: ("anonymized_at",)}


def _renamed(state) -> bool:
    """Return whether a stakeholder's or user's name, a user's email, or whether a contact
    is anonymized, changed."""
    return any(state.attrs[name].history.has_changes() for name in NAMING[state.class_])
