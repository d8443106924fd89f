"""Record newsletter consent and its withdrawal (public subscriptions: subscriptions.py).

Each change adds a `ConsentEvent`, keeps the contact's current-state columns in step and
writes an audit event on the contact. `actor=None` is the person themself (the public form,
the unsubscribe link) or the system. A withdrawal is honoured at once and only an express
consent, a fresh explicit act, can follow it: implied consent never revives a withdrawal.
"""

import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, insert, select, update

from models import clock
from models.audit import AuditEvent, record
from models.base import db, utcnow
from models.consent import ConsentEvent
from models.contact import Contact
from models.operations.common import (
    ValidationFailed,
    plain,
    require,
    require_manager,
    snapshot,
    touch,
)
from models.search import index_pending

STATE = ("newsletter_consent", "consent_date", "consent_source", "consent_withdrawn_on")
PUBLIC_FORM = "public form"
UNSUBSCRIBE_LINK = "unsubscribe link"
CHUNK = 2000  # values per IN (...)


def _event(actor, contact: Contact, kind: str, on: date, source: str, wording: str, before):
    event = ConsentEvent(contact_id=contact.id, kind=kind, on=on, source=source[:200],
                         wording=wording, recorded_by_id=actor.id if actor else None)  # fmt: skip
    db.session.add(event)
    touch(actor, contact)
    db.session.flush()
    after = {**snapshot(contact, STATE), "consent_event": event.id, "wording": wording}
    record(actor, "update", "contact", contact.id, before, after)
    return event


def record_consent(
    actor,
    contact: Contact,
    kind: str,
    on: date | None = None,
    source: str | None = "",
    wording: str | None = "",
) -> ConsentEvent:
    """Record that `contact` gave consent of `kind` (express or implied) on `on`.

    A missing `source` or `wording` (None: a form sent without the field) is empty.
    """
    require_manager(actor)
    source, wording = (source or "").strip(), (wording or "").strip()
    if kind not in ("express", "implied"):
        raise ValidationFailed({"kind": _l("Unknown value: %(value)s", value=kind)})
    if kind == "implied" and contact.consent_withdrawn_on is not None:
        raise ValidationFailed({"kind": _l("This person withdrew their consent: only a new "
                                           "express consent can follow.")})  # fmt: skip
    if not source:
        raise ValidationFailed({"source": _l("This field is required.")})
    before = snapshot(contact, STATE)
    contact.newsletter_consent, contact.consent_date = kind, on or clock.today()
    contact.consent_source, contact.consent_withdrawn_on = source[:200], None
    return _event(actor, contact, kind, contact.consent_date, source, wording, before)


def withdraw_consent(
    actor, contact: Contact, on: date | None = None, source: str | None = ""
) -> ConsentEvent | None:
    """Record that `contact` withdrew consent; None if it was already withdrawn."""
    require_manager(actor)
    source = (source or "").strip()
    if contact.consent_withdrawn_on is not None:
        return None  # idempotent: the first withdrawal stands
    before = snapshot(contact, STATE)
    contact.consent_withdrawn_on = on or clock.today()
    return _event(actor, contact, "withdrawn", contact.consent_withdrawn_on, source, "", before)


def withdraw_by_token(token: str) -> Contact | None:
    """Withdraw the consent of the contact whose unsubscribe token is `token`."""
    contact = contact_by_token(token)
    if contact is not None:
        withdraw_consent(None, contact, source=UNSUBSCRIBE_LINK)
    return contact


def contact_by_token(token: str) -> Contact | None:
    """Return the contact whose unsubscribe token is `token`, else None."""
    if not token or len(token) > 64:
        return None
    contact = db.session.scalar(select(Contact).where(Contact.unsubscribe_token == token))
    return contact if contact is not None else merged_into(token)


def merged_into(token: str) -> Contact | None:
    """Return the contact that a contact with the unsubscribe token `token` was merged
    into (through later merges too), else None: a link already sent stays honoured."""
    from models.duplicate import Merge

    merge = db.session.scalar(
        select(Merge).where(
            Merge.kind == "contacts", Merge.removed_token == token, Merge.undone_at.is_(None)
        )
    )
    for _step in range(20):  # a survivor merged in turn: follow it
        if merge is None:
            return None
        contact = db.session.get(Contact, merge.kept_id)
        if contact is not None:
            return contact
        merge = db.session.scalar(
            select(Merge).where(
                Merge.kind == "contacts",
                Merge.removed_id == merge.kept_id,
                Merge.undone_at.is_(None),
            )
        )
    return None


def withdraw_emails(actor, emails: list[str], source: str) -> dict[str, list[str]]:
    """Withdraw the consent of each contact named in `emails` (an unsubscribe list).

    Returns the emails `withdrawn`, `already` withdrawn and `unknown` to the database.
    """
    require(actor is not None and actor.is_admin)
    wanted, found = sorted(set(emails)), {}
    for start in range(0, len(wanted), CHUNK):
        part = select(Contact).where(Contact.email.in_(wanted[start : start + CHUNK]))
        found.update((c.email, c) for c in db.session.scalars(part))
    outcome: dict[str, list[str]] = {"withdrawn": [], "already": [], "unknown": []}
    for email in wanted:
        contact = found.get(email)
        if contact is None:
            outcome["unknown"].append(email)
        elif withdraw_consent(actor, contact, source=source) is None:
            outcome["already"].append(email)
        else:
            outcome["withdrawn"].append(email)
    return outcome


def fill_unsubscribe_tokens() -> int:
    """Give a token to every contact without one (bulk writers skip the model's default)."""
    table = Contact.__table__
    missing = db.session.scalars(select(table.c.id).where(table.c.unsubscribe_token.is_(None)))
    rows = [{"_id": cid, "_token": secrets.token_urlsafe(32)} for cid in missing]
    if rows:
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(unsubscribe_token=bindparam("_token"))
        )
        db.session.execute(statement, rows)
    return len(rows)


IMPORT_FIELDS = frozenset(STATE)


def record_import_events(actor, changes: list[tuple[int, dict]]) -> int:
    """Add the consent events (and audit events) of an import's written contacts, in bulk.

    `changes` pairs each contact's id with the values the import wrote. The importer has
    already kept any withdrawal standing; this only records what changed. Returns the count.
    """
    ids = [cid for cid, values in changes if IMPORT_FIELDS & values.keys()]
    today, actor_id, events, audits = clock.today(), actor.id if actor else None, [], []
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(
            select(Contact.id, *(getattr(Contact, f) for f in STATE))
            .where(Contact.id.in_(ids[start : start + CHUNK]))
        ).all()  # fmt: skip
        for cid, kind, given_on, source, withdrawn_on in rows:
            if withdrawn_on is not None:
                kind, given_on = "withdrawn", withdrawn_on
            elif kind not in ("express", "implied"):
                continue
            events.append({"contact_id": cid, "kind": kind, "on": given_on or today,
                           "source": source or "import", "wording": "",
                           "recorded_by_id": actor_id, "recorded_at": utcnow()})  # fmt: skip
            audits.append({"actor_id": actor_id, "action": "update", "entity_type": "contact",
                           "entity_id": cid, "at": utcnow(), "before": None,
                           "after": {"consent_event": kind, "on": (given_on or today).isoformat(),
                                     "source": source or "import"}})  # fmt: skip
    if events:
        db.session.execute(insert(ConsentEvent), events)
        db.session.execute(insert(AuditEvent), audits)
        index_pending(AuditEvent)
    return len(events)


def record_edit(actor, contact: Contact, before: dict) -> ConsentEvent | None:
    """Add the consent event of an edit of the contact's form (audited by that edit).

    `before` holds the STATE values before the edit; a withdrawal is never undone here.
    """
    changed = any(before.get(f) != plain(getattr(contact, f)) for f in STATE[:3])
    if not changed or contact.newsletter_consent not in ("express", "implied"):
        return None
    event = ConsentEvent(contact_id=contact.id, kind=contact.newsletter_consent,
                         on=contact.consent_date or clock.today(),
                         source=contact.consent_source or "contact form", wording="",
                         recorded_by_id=actor.id if actor else None)  # fmt: skip
    db.session.add(event)
    return event
