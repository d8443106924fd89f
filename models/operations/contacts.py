"""Create, update and delete contacts."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.base import db
from models.contact import Contact
from models.operations.common import (
    add_audited,
    apply_changes,
    check_version,
    delete_audited,
    require_manager,
    snapshot,
)
from models.operations.consent import STATE as CONSENT_STATE
from models.operations.consent import record_edit
from models.operations.validation import Checker
from models.reference import CONSENT_KINDS, LANGUAGES
from models.scoping import visible_stakeholders
from models.stakeholder import Stakeholder

# What the contact holds about the person (a Law 25 access request returns it too).
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "title",
    "email",
    "phone",
    "language",
    "newsletter_consent",
    "consent_date",
    "consent_source",
    "consent_withdrawn_on",
    "notes",
)
FIELDS = ("stakeholder_id", *PERSON_FIELDS)


def _clean(actor, data: dict, current: Contact | None) -> dict:
    """Validate the contact fields present in `data`; return them cleaned."""
    data = {k: v for k, v in data.items() if k in FIELDS}
    check = Checker(data)
    if current is None:
        data.setdefault("first_name", "")
        data.setdefault("last_name", "")
    check.required_text("first_name")
    check.required_text("last_name")
    for text_field in ("title", "consent_source", "notes"):
        if text_field in data:
            data[text_field] = (data[text_field] or "").strip()
    check.email("email", empty=None)
    check.phone("phone")
    check.choice("language", LANGUAGES)
    check.choice("newsletter_consent", CONSENT_KINDS)
    check.date("consent_date")
    check.date("consent_withdrawn_on")
    if data.get("stakeholder_id") is not None:
        visible = visible_stakeholders(actor).where(Stakeholder.id == data["stakeholder_id"])
        if db.session.scalar(visible) is None:
            check.fail("stakeholder_id", _l("Unknown stakeholder."))
    email = data.get("email")
    if email:
        taken = select(Contact.id).where(Contact.email == email)
        if current is not None:
            taken = taken.where(Contact.id != current.id)
        if db.session.scalar(taken) is not None:
            check.fail("email", _l("Another contact already has the email %(value)s.", value=email))
    check.done()
    return data


def create_contact(actor, data: dict) -> Contact:
    """Create a contact from `data` (model field names); audit it."""
    require_manager(actor)
    contact = Contact(**_clean(actor, dict(data), None))
    add_audited(actor, contact, "contact", FIELDS)
    record_edit(actor, contact, {})  # consent given on the form starts its history
    return contact


def update_contact(
    actor, contact: Contact, data: dict, expected_version: int | None = None
) -> bool:
    """Apply `data` to `contact`; refuse a stale edit; return whether anything changed."""
    require_manager(actor)
    check_version(contact, expected_version)
    before = snapshot(contact, CONSENT_STATE)
    changed = apply_changes(actor, contact, _clean(actor, dict(data), contact), FIELDS, "contact")
    record_edit(actor, contact, before)  # a consent changed on the form joins its history
    db.session.flush()
    return changed


def delete_contact(actor, contact: Contact) -> None:
    """Delete `contact`; the audit event keeps what it held."""
    require_manager(actor)
    delete_audited(actor, contact, "contact", snapshot(contact, FIELDS))
