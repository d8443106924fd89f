"""Personal data of a contact: what an access request returns, and how it is erased.

Law 25 gives a person the right to know what the coalition holds on them and to have it
erased. `access_export` gathers it as JSON-ready data; the helpers below erase it for
`models.operations.privacy.anonymize_contact`, which is the one write that uses them.

Decisions where the SPEC is silent:
- The access export holds the contact's fields, their stakeholder, the interactions they
  took part in (with the other participating stakeholders and the measures, but not the
  other people present: their data is not the requester's), their consent history and the
  audit events about them.
- Anonymizing keeps the contact row, its stakeholder and its interactions, so that counts
  and reports do not change; names become a neutral placeholder, email becomes NULL, the
  other personal fields are emptied and the consent is withdrawn. Earlier audit events
  about the contact keep who did what and when, but their personal values are replaced by
  `ERASED`: an audit trail that still held the name and email would undo the erasure.
- The mail drop (`models.maildrop`): the access export holds the messages that named the
  person's email (or an address attached to them), with their subject, date and excerpt,
  and of their addresses only the person's own (the others are other people's data), and
  the review queue's rows of those addresses. Anonymizing takes the person's addresses
  out of those messages, erases their excerpts (a body quoted or signed by the person),
  deletes the queue's rows of their addresses and erases the address in the audit events
  about those rows. Subjects stay, as the summaries of the interactions stay.
"""

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, and_, cast, delete, func, or_, select

from models.audit import AuditEvent
from models.base import db, utcnow
from models.consent import PendingSubscription, consent_history
from models.contact import Contact
from models.interaction import Interaction, interaction_contact
from models.maildrop import MaildropAddress, MaildropMessage
from models.normalize import normalize_email
from models.operations.common import plain
from models.operations.contacts import PERSON_FIELDS
from models.operations.stakeholders import PROFILE_FIELDS

# Fields that identify or describe the person; audit values of these are erased too.
PERSONAL_FIELDS = ("first_name", "last_name", "title", "email", "phone", "notes", "consent_source")
# Audit values erased too: the consent register's wording and source.
REDACTED = (*PERSONAL_FIELDS, "wording", "source", "address")
ERASED = "[erased]"
PLACEHOLDER_LAST_NAME = "Anonymized"

CONTACT_FIELDS = ("id", *PERSON_FIELDS, "created_at", "updated_at", "anonymized_at")
STAKEHOLDER_FIELDS = ("id", *PROFILE_FIELDS)


def find_contact_by_email(email: str | None) -> Contact | None:
    """Return the contact whose email is `email` (case and spaces ignored), else None."""
    try:
        wanted = normalize_email(email)  # stored emails are normalized the same way
    except ValueError:
        return None
    if not wanted:
        return None
    return db.session.scalar(select(Contact).where(Contact.email == wanted))


def _fields(obj, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: plain(getattr(obj, name)) for name in names}


def _consent_history(contact_id: int) -> list[dict[str, Any]]:
    """Return the consent register's events of the contact, oldest first."""
    return [
        {key: plain(value) for key, value in event.as_dict().items()}
        for event in consent_history(contact_id)
    ]


def _pending_subscriptions(email: str | None) -> list[dict[str, Any]]:
    """Return the public subscriptions awaiting confirmation for `email`."""
    if not email:
        return []
    query = (
        select(PendingSubscription)
        .where(func.lower(PendingSubscription.email) == email.lower())
        .order_by(PendingSubscription.requested_at, PendingSubscription.id)
    )
    fields = ("email", "first_name", "last_name", "language", "wording", "requested_at",
              "confirmed_at")  # fmt: skip
    return [_fields(pending, fields) for pending in db.session.scalars(query)]


def _interactions(contact: Contact) -> list[dict[str, Any]]:
    query = (
        select(Interaction)
        .join(interaction_contact, interaction_contact.c.interaction_id == Interaction.id)
        .where(interaction_contact.c.contact_id == contact.id)
        .order_by(Interaction.occurred_on, Interaction.id)
    )
    return [
        {
            "id": i.id,
            "occurred_on": plain(i.occurred_on),
            "kind": i.kind,
            "summary": i.summary,
            "stakeholders": [{"id": s.id, "name": s.name} for s in i.stakeholders],
            "measures": [m.code for m in i.measures],
            "logged_by": (i.logged_by.name or i.logged_by.email) if i.logged_by else None,
            "follow_up_on": plain(i.follow_up_on),
            "follow_up_done": i.follow_up_done,
        }
        for i in db.session.scalars(query)
    ]


def _audit_events(contact_id: int) -> list[dict[str, Any]]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.entity_type == "contact", AuditEvent.entity_id == contact_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [
        {
            "id": e.id,
            "at": plain(e.at),
            "action": e.action,
            "by": (e.actor.name or e.actor.email) if e.actor else None,
            "before": e.before,
            "after": e.after,
        }
        for e in db.session.scalars(query)
    ]


def access_export(contact: Contact) -> dict[str, Any]:
    """Return everything held on `contact` as JSON-ready data (an access request)."""
    stakeholder = contact.stakeholder
    return {
        "exported_at": plain(utcnow().replace(microsecond=0)),
        "contact": _fields(contact, CONTACT_FIELDS),
        "stakeholder": _fields(stakeholder, STAKEHOLDER_FIELDS) if stakeholder else None,
        "interactions": _interactions(contact),
        "consent_history": _consent_history(contact.id),
        "pending_subscriptions": _pending_subscriptions(contact.email),
        "audit_events": _audit_events(contact.id),
        "mail_drop": maildrop_data(contact),
    }


def access_export_json(data: dict[str, Any]) -> str:
    """Return an access export as JSON text: UTF-8 characters kept, keys sorted."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=plain) + "\n"


def _addresses_of(contact: Contact) -> set[str]:
    """Return the person's addresses the mail drop may hold: their email and the queue's
    addresses attached to them."""
    attached = select(MaildropAddress.address).where(MaildropAddress.contact_id == contact.id)
    return {contact.email, *db.session.scalars(attached)} - {None, ""}


def _messages_naming(contact: Contact, emails: set[str]) -> list[MaildropMessage]:
    """Return the mail drop's messages that named one of `emails` or have a queue row
    attached to `contact`, oldest first."""
    text = func.lower(cast(MaildropMessage.addresses, Text))
    # The JSON text of the addresses holds each one quoted: a first cut in SQL, then exact.
    named = [text.contains(f'"{email}"', autoescape=True) for email in sorted(emails)]
    attached = select(MaildropAddress.message_id).where(MaildropAddress.contact_id == contact.id)
    query = (
        select(MaildropMessage)
        .where(or_(MaildropMessage.id.in_(attached), *named))
        .order_by(MaildropMessage.sent_at, MaildropMessage.id)
    )
    attached_ids = set(db.session.scalars(attached))
    return [
        m
        for m in db.session.scalars(query)
        if m.id in attached_ids or emails & set(m.addresses or ())
    ]


def _queue_rows(contact: Contact, emails: set[str]) -> list[MaildropAddress]:
    query = (
        select(MaildropAddress)
        .where(or_(MaildropAddress.contact_id == contact.id, MaildropAddress.address.in_(emails)))
        .order_by(MaildropAddress.id)
    )
    return list(db.session.scalars(query))


def maildrop_data(contact: Contact) -> dict[str, list[dict[str, Any]]]:
    """Return what the mail drop holds on `contact`: the messages that named them (their
    own addresses only) and the review queue's rows of their addresses."""
    emails = _addresses_of(contact)
    messages = [
        {
            "id": m.id,
            "sent_at": plain(m.sent_at),
            "subject": m.subject,
            "excerpt": m.excerpt,
            "addresses": [a for a in m.addresses or () if a in emails],
            "sent_by": (m.user.name or m.user.email) if m.user else None,
        }
        for m in _messages_naming(contact, emails)
    ]
    rows = [
        {
            "address": r.address,
            "message_id": r.message_id,
            "status": r.status,
            "resolved_at": plain(r.resolved_at),
        }
        for r in _queue_rows(contact, emails)
    ]
    return {"messages": messages, "addresses_to_classify": rows}


def erase_maildrop(contact: Contact) -> int:
    """Take `contact`'s addresses out of the mail drop (see the module's docstring) before
    their email is erased; return how many messages named them."""
    emails = _addresses_of(contact)
    messages = _messages_naming(contact, emails)
    for message in messages:
        # A new list, so that the JSON column sees the change.
        message.addresses = [a for a in message.addresses or () if a not in emails]
        message.excerpt = ""
    rows = _queue_rows(contact, emails)
    if rows:
        events = select(AuditEvent).where(
            AuditEvent.entity_type == "maildrop_address",
            AuditEvent.entity_id.in_([r.id for r in rows]),
        )
        for event in db.session.scalars(events):
            event.before, event.after = _redacted(event.before), _redacted(event.after)
        for row in rows:
            db.session.delete(row)
    return len(messages)


def erase_contact_fields(contact: Contact, today: date) -> list[str]:
    """Erase the personal fields of `contact` and withdraw its consent; return their names."""
    contact.first_name = f"#{contact.id}"
    contact.last_name = PLACEHOLDER_LAST_NAME
    contact.title = contact.phone = contact.notes = contact.consent_source = ""
    contact.email = None
    contact.newsletter_consent = "none"
    contact.consent_withdrawn_on = contact.consent_withdrawn_on or today
    contact.anonymized_at = utcnow()
    return [*PERSONAL_FIELDS, "newsletter_consent", "consent_withdrawn_on"]


def redact_audit_events(contact_id: int) -> int:
    """Replace the personal values in the audit events about a contact; return how many
    events were redacted. The events themselves (who, what, when) stay."""
    redacted = 0
    query = select(AuditEvent).where(
        AuditEvent.entity_type == "contact", AuditEvent.entity_id == contact_id
    )
    for event in db.session.scalars(query):
        before, after = _redacted(event.before), _redacted(event.after)
        if before != event.before or after != event.after:
            # New dicts, so that the JSON columns see the change.
            event.before, event.after = before, after
            redacted += 1
    from models.duplicate import Merge

    # A merge into the contact keeps both before-images, for its undo: the same person's.
    merges = select(Merge).where(Merge.kind == "contacts", Merge.kept_id == contact_id)
    for merge in db.session.scalars(merges):
        merge.before = _redacted(merge.before)
    return redacted


def _redacted(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if not values:
        return values
    return {
        key: _redacted(value)
        if isinstance(value, dict)  # a merge's before-images
        else ERASED
        if key in REDACTED and value not in (None, "", ERASED)
        else value
        for key, value in values.items()
    }


def erase_consent_history(contact: Contact) -> int:
    """Erase the wording and source of the contact's consent events (kinds and dates
    stay) and drop pending public subscriptions of its email; return how many consent
    events were erased."""
    events = consent_history(contact.id)
    for event in events:
        event.wording = event.source = ""
    if contact.email:
        db.session.execute(
            delete(PendingSubscription).where(
                func.lower(PendingSubscription.email) == contact.email.lower()
            )
        )
    return len(events)


def retention_cutoff(years: int, today: date) -> date:
    """Return the date `years` years before `today` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def last_interactions():
    """Return a subquery of (contact_id, last_on): each contact's latest interaction date."""
    return (
        select(
            interaction_contact.c.contact_id.label("contact_id"),
            func.max(Interaction.occurred_on).label("last_on"),
        )
        .join(Interaction, Interaction.id == interaction_contact.c.interaction_id)
        .group_by(interaction_contact.c.contact_id)
        .subquery()
    )


def dormant_contacts(years: int, today: date):
    """Return the select of contacts, not yet anonymized, with no interaction in `years`
    years (a contact never met counts from its creation); the longest dormant first."""
    cutoff = retention_cutoff(years, today)
    last = last_interactions()
    created_before = datetime.combine(cutoff, datetime.min.time())
    return (
        select(Contact)
        .outerjoin(last, last.c.contact_id == Contact.id)
        .where(Contact.anonymized_at.is_(None))
        .where(
            or_(
                last.c.last_on < cutoff,
                and_(last.c.last_on.is_(None), Contact.created_at < created_before),
            )
        )
        .order_by(last.c.last_on.is_not(None), last.c.last_on, Contact.id)
    )


def last_interaction_dates(contact_ids: list[int]) -> dict[int, date]:
    """Return the latest interaction date of each of `contact_ids` that has one."""
    if not contact_ids:
        return {}
    last = last_interactions()
    rows = db.session.execute(
        select(last.c.contact_id, last.c.last_on).where(last.c.contact_id.in_(contact_ids))
    )
    return dict(rows.all())
