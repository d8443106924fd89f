"""The review queue of the mail drop ("Courriels à classer"): what a user does with an
address of their mail that matched no contact or stakeholder. Attach it to a contact,
create a contact from it, discard it, or put a discarded one back.

Decisions:
- Who: the message's user, or an admin. A coordinator sees every contact but does not
  classify another person's mail: the queue shows their correspondence (subjects,
  excerpts, whom they wrote to), which the README's notice keeps to them; an admin may,
  to empty the queue of someone who left. `models.scoping.visible_maildrop_addresses`
  says the same for reading.
- Whatever is classified files the message as its user's (`log_message` uses their
  rights): an admin classifying for a regional lead attaches only contacts that lead could
  have logged by hand, and a message whose user was deleted can only be discarded.
- One address, one decision: the same address pending in several messages of the same
  user is attached, created or discarded in all of them at once (and put back the same
  way); the outcome says how many messages.
- Attaching sets the contact's email from the address only when the contact has none,
  no other contact has it, and the actor may edit contacts (a regional lead may not):
  the next message from that address then finds the contact by itself. The contact's
  other fields are never touched.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.audit import record
from models.base import db, utcnow
from models.contact import Contact
from models.interaction import Interaction
from models.maildrop import AddressStatus, MaildropAddress, MaildropMessage
from models.operations.common import OperationError, ValidationFailed, require
from models.operations.contacts import create_contact, update_contact
from models.operations.maildrop import log_message
from models.scoping import visible_contacts

ENTITY = "maildrop_address"


@dataclass
class Classified:
    """What classifying an address did: the rows (one per message) and their
    interactions, the contact, and whether the contact took the address as its email."""

    rows: list[MaildropAddress]
    interactions: list[Interaction]
    contact: Contact | None = None
    email_set: bool = False

    @property
    def messages(self) -> int:
        """Return how many messages the address was classified in."""
        return len(self.rows)


def may_classify(actor, pending: MaildropAddress) -> bool:
    """Return whether `actor` may classify `pending`: its message's user, or an admin."""
    return actor is None or actor.is_admin or pending.message.user_id == actor.id


def _same_address(pending: MaildropAddress, status: str) -> list[MaildropAddress]:
    """Return the rows of `pending`'s address with `status` in the messages of the same
    user (only `pending` itself when its message has no user any more), oldest first."""
    user_id = pending.message.user_id
    if user_id is None:
        return [pending] if pending.status == status else []
    query = (
        select(MaildropAddress)
        .join(MaildropMessage, MaildropMessage.id == MaildropAddress.message_id)
        .where(
            MaildropMessage.user_id == user_id,
            MaildropAddress.address == pending.address,
            MaildropAddress.status == status,
        )
        .order_by(MaildropMessage.sent_at, MaildropAddress.id)
    )
    return list(db.session.scalars(query))


def _check_pending(actor, pending: MaildropAddress) -> None:
    require(may_classify(actor, pending))
    if pending.status != AddressStatus.PENDING:
        raise OperationError(
            _l("The address %(address)s was already classified.", address=pending.address)
        )


def _resolve(actor, rows: list[MaildropAddress], outcome: str, contact: Contact | None) -> None:
    """Give `rows` their `outcome`; audit each (the address, its message, the contact)."""
    now = utcnow()
    for row in rows:
        before = {"outcome": row.status}
        row.status, row.contact = outcome, contact
        row.resolved_by_id = actor.id if actor is not None else None
        row.resolved_at = now if outcome != AddressStatus.PENDING else None
        after = {"outcome": outcome, "address": row.address, "message_id": row.message_id}
        if contact is not None:
            after["contact_id"] = contact.id
        record(actor, "update", ENTITY, row.id, before, after)


def _filing_problem(pending: MaildropAddress, contact: Contact):
    """Return why the message of `pending` cannot be filed with `contact` for its user (a
    message for the person), or None."""
    user = pending.message.user
    if user is None:
        return _l("The user of this message no longer exists: the address can only be discarded.")
    if contact.stakeholder is None:
        return _l(
            "%(name)s belongs to no stakeholder: give them one before attaching the address.",
            name=contact.full_name,
        )
    if not user.can_engage(contact.stakeholder):
        return _l(
            "%(user)s may not log an interaction with %(stakeholder)s.",
            user=user.name or user.email,
            stakeholder=contact.stakeholder.name,
        )
    return None


def _give_email(actor, contact: Contact, address: str) -> bool:
    """Set `contact`'s email to `address` if it has none, nobody else has it and `actor`
    may edit contacts; return whether it was set."""
    if contact.email or not (actor is None or actor.can_manage_stakeholders):
        return False
    if db.session.scalar(select(Contact.id).where(Contact.email == address)) is not None:
        return False
    return update_contact(actor, contact, {"email": address})


def _file(actor, pending: MaildropAddress, contact: Contact, outcome: str) -> Classified:
    """Log with `contact` each message of its user where `pending`'s address waits, and
    give those rows `outcome`."""
    rows, interactions = _same_address(pending, AddressStatus.PENDING), []
    for row in rows:
        interaction = log_message(row.message, [contact], [])
        if interaction is not None and interaction not in interactions:
            interactions.append(interaction)
    _resolve(actor, rows, outcome, contact)
    db.session.flush()
    return Classified(rows, interactions, contact)


def _number(value) -> int | None:
    """Return the record id `value` (a number, or text from a form) names, else None."""
    text = str(value if value is not None else "").strip()
    if text.isascii() and text.isdecimal() and 0 < int(text) < 2**31:
        return int(text)
    return None


def attach_address(actor, pending: MaildropAddress, contact_id) -> Classified:
    """Attach `pending`'s address to the contact `contact_id` (a number, or the text a form
    sent; one `actor` sees), in every
    message of its user where it waits: each message is logged with the contact (its
    interaction made if none was). The contact takes the address as its email if it had
    none (see the module's docstring)."""
    _check_pending(actor, pending)
    contact, number = None, _number(contact_id)
    if number is not None:
        contact = db.session.scalar(visible_contacts(actor).where(Contact.id == number))
    if contact is None or contact.anonymized_at is not None:
        raise ValidationFailed(
            {"contact_id": _l("Unknown contact: %(value)s.", value=contact_id or "—")}
        )
    if problem := _filing_problem(pending, contact):
        raise ValidationFailed({"contact_id": problem})
    done = _file(actor, pending, contact, AddressStatus.ATTACHED)
    done.email_set = _give_email(actor, contact, pending.address)
    return done


def create_contact_from_address(actor, pending: MaildropAddress, data: dict) -> Classified:
    """Create a contact from `pending`'s address (`create_contact`: its validation and
    audit; the email is the address unless `data` gives another), at a stakeholder its
    user may log interactions with; then attach the address to it, as `attach_address`."""
    _check_pending(actor, pending)
    data = {**data, "email": data.get("email") or pending.address}
    problems = {}
    if data.get("stakeholder_id") is None:
        problems["stakeholder_id"] = _l("Choose the stakeholder this person speaks for.")
    try:
        contact = create_contact(actor, data)
    except ValidationFailed as error:
        raise ValidationFailed({**problems, **error.errors}) from None
    if problems:
        raise ValidationFailed(problems)
    if problem := _filing_problem(pending, contact):
        raise ValidationFailed({"stakeholder_id": problem})
    done = _file(actor, pending, contact, AddressStatus.CREATED)
    done.email_set = contact.email == pending.address
    return done


def discard_address(actor, pending: MaildropAddress) -> Classified:
    """Discard `pending`'s address in every message of its user where it waits (nobody
    to file it with: a colleague, a mailing list); `restore_address` puts it back."""
    _check_pending(actor, pending)
    rows = _same_address(pending, AddressStatus.PENDING)
    _resolve(actor, rows, AddressStatus.DISCARDED, None)
    db.session.flush()
    return Classified(rows, [])


def restore_address(actor, discarded: MaildropAddress) -> Classified:
    """Put `discarded`'s address back in the queue, in every message of its user where it
    was discarded."""
    require(may_classify(actor, discarded))
    if discarded.status != AddressStatus.DISCARDED:
        raise OperationError(
            _l("The address %(address)s is not discarded.", address=discarded.address)
        )
    rows = _same_address(discarded, AddressStatus.DISCARDED)
    _resolve(actor, rows, AddressStatus.PENDING, None)
    db.session.flush()
    return Classified(rows, [])
