"""Answer an access request and anonymize contacts (administrators only, audited)."""

from datetime import date
from typing import Any

from models import clock
from models.audit import record
from models.base import db
from models.contact import Contact
from models.operations.common import require, touch
from models.operations.consent import withdraw_consent
from models.privacy import (
    access_export,
    erase_consent_history,
    erase_contact_fields,
    erase_maildrop,
    redact_audit_events,
)

WITHDRAWN_SOURCE = "anonymization"


def export_personal_data(actor, contact: Contact) -> dict[str, Any]:
    """Return everything held on `contact` (an access request); audit the export."""
    require(actor is None or actor.is_admin)
    data = access_export(contact)
    record(actor, "export", "contact", contact.id, None, {"export": "access_request"})
    return data


def anonymize_contact(actor, contact: Contact, today: date | None = None) -> bool:
    """Erase `contact`'s personal data, keeping the row, its stakeholder and interactions.

    Returns False, changing nothing, when the contact was already anonymized. The audit
    event says that it happened, by whom and which fields, never the values erased.
    """
    require(actor is None or actor.is_admin)
    if contact.anonymized_at is not None:
        return False
    today = today or clock.today()
    if contact.consent_withdrawn_on is None:
        # In the register too, so that no later import or form revives a consent.
        withdraw_consent(actor, contact, on=today, source=WITHDRAWN_SOURCE)
    consent_events = erase_consent_history(contact)  # before the email is erased
    maildrop_messages = erase_maildrop(contact)  # likewise
    fields = erase_contact_fields(contact, today)
    touch(actor, contact)
    redacted = redact_audit_events(contact.id)
    db.session.flush()
    record(
        actor,
        "anonymize",
        "contact",
        contact.id,
        None,
        {
            "erased_fields": fields,
            "audit_events_redacted": redacted,
            "consent_events_erased": consent_events,
            "maildrop_messages_erased": maildrop_messages,
        },
    )
    return True


def anonymize_contacts(actor, contacts: list[Contact], today: date | None = None) -> int:
    """Anonymize each of `contacts` (retention review); return how many were anonymized."""
    require(actor is None or actor.is_admin)
    return sum(anonymize_contact(actor, contact, today) for contact in contacts)
