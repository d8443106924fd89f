"""Public subscriptions: a pending request, confirmed by the link emailed to the person.

Only a hash of the link's token is stored, so the database alone cannot confirm anyone.
Confirming records express consent with the wording the person saw, source "public form",
on the contact with that email (created, without stakeholder, when there is none). A
withdrawn person who confirms gives new express consent: a fresh, explicit act.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from models.audit import record
from models.base import db, utcnow
from models.consent import PendingSubscription
from models.contact import Contact
from models.normalize import normalize_email
from models.operations.common import snapshot
from models.operations.consent import PUBLIC_FORM, record_consent
from models.privacy import find_contact_by_email

CONFIRMATION_DAYS = 30  # a confirmation link not clicked within this is void
RESEND_AFTER = timedelta(minutes=15)  # a request sooner than this after the last sends nothing


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_subscription(data: dict, wording: str) -> str | None:
    """Store the email's one pending subscription; return the token of the link to email,
    or None when a link went to this email less than RESEND_AFTER ago (nothing to send).

    A new request replaces the pending one (and voids its link), so one email never holds
    two pending subscriptions and a flood of requests sends one email per RESEND_AFTER."""
    email = normalize_email(data["email"])
    pending = db.session.scalar(
        select(PendingSubscription).where(
            PendingSubscription.email == email, PendingSubscription.confirmed_at.is_(None)
        )
    )
    if pending is not None and pending.requested_at > utcnow() - RESEND_AFTER:
        return None
    if pending is None:
        pending = PendingSubscription(email=email)
        db.session.add(pending)
    token = secrets.token_urlsafe(32)
    pending.token_hash, pending.requested_at, pending.wording = _hash(token), utcnow(), wording
    pending.first_name = data["first_name"].strip()[:100]
    pending.last_name = data["last_name"].strip()[:100]
    pending.language = data.get("language") if data.get("language") in ("fr", "en") else "fr"
    db.session.flush()
    return token


def pending_subscription(token: str) -> PendingSubscription | None:
    """Return the unconfirmed, unexpired subscription of `token`, else None."""
    if not token or len(token) > 64:
        return None
    pending = db.session.scalar(
        select(PendingSubscription).where(PendingSubscription.token_hash == _hash(token))
    )
    expired = utcnow() - timedelta(days=CONFIRMATION_DAYS)
    if pending is None or pending.confirmed_at or pending.requested_at < expired:
        return None
    return pending


def confirm_subscription(pending: PendingSubscription) -> Contact:
    """Record the express consent of a confirmed subscription, creating the contact if new."""
    contact = find_contact_by_email(pending.email)
    if contact is None:
        contact = Contact(email=pending.email, first_name=pending.first_name,
                          last_name=pending.last_name, language=pending.language)  # fmt: skip
        db.session.add(contact)
        db.session.flush()
        record(None, "create", "contact", contact.id, None,
               snapshot(contact, ("email", "first_name", "last_name", "language")))  # fmt: skip
    pending.confirmed_at = utcnow()
    record_consent(None, contact, "express", source=PUBLIC_FORM, wording=pending.wording)
    return contact
