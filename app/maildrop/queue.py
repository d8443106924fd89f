"""What the review queue's pages read: the messages waiting, the contacts suggested for an
address, the addresses discarded lately, and how the mailbox's readings go. Each starts
from `models.scoping.visible_maildrop_addresses`."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from models.base import utcnow
from models.cache import remembered
from models.contact import Contact
from models.interaction import Interaction
from models.maildrop import AddressStatus, MaildropAddress, MaildropMessage, MaildropRun
from models.scoping import visible_contacts, visible_maildrop_addresses
from models.user import User

SUGGESTED = 3
DISCARDED_SHOWN = 20
# Mail services whose addresses say nothing of the organization: no suggestion from them.
PUBLIC_DOMAINS = {
    "gmail.com", "hotmail.com", "hotmail.ca", "outlook.com", "live.com", "live.ca",
    "yahoo.com", "yahoo.ca", "icloud.com", "me.com", "videotron.ca", "bell.net",
    "sympatico.ca", "proton.me", "protonmail.com",
}  # fmt: skip


def _pending(user) -> Select:
    return visible_maildrop_addresses(user).where(MaildropAddress.status == AddressStatus.PENDING)


def waiting(user) -> Select:
    """Return the select of the messages with addresses waiting for `user` (everyone's for
    an admin), latest first, with what the page shows of them loaded."""
    ids = _pending(user).with_only_columns(MaildropAddress.message_id)
    return (
        select(MaildropMessage)
        .where(MaildropMessage.id.in_(ids))
        .options(
            selectinload(MaildropMessage.waiting).joinedload(MaildropAddress.contact),
            selectinload(MaildropMessage.user),
            selectinload(MaildropMessage.interaction).selectinload(Interaction.contacts),
            selectinload(MaildropMessage.interaction).selectinload(Interaction.stakeholders),
        )
        .order_by(MaildropMessage.sent_at.desc(), MaildropMessage.id.desc())
    )


# What changes the count: a message read with addresses to classify (`inbox.poll`), an
# address classified or put back, and a contact anonymized (its addresses leave the queue).
WAITING_DEPENDS_ON = ("maildrop_message", "maildrop_address", "contact")


def waiting_count(user) -> int:
    """Return how many of `user`'s own messages have addresses to classify. The menu of
    every page shows it: it is remembered until the mail drop's queue changes."""

    def count() -> int:  # the query is built only when counted (a tenth of a millisecond)
        query = _pending(user).where(MaildropMessage.user_id == user.id)
        counted = query.with_only_columns(func.count(distinct(MaildropAddress.message_id)))
        return db.session.scalar(counted) or 0

    return remembered("maildrop_waiting", user.id, count, WAITING_DEPENDS_ON)


def suggestions(user, messages) -> dict[int, list[Contact]]:
    """Return, for each waiting address of `messages`, up to SUGGESTED contacts `user`
    sees whose email has the same domain (not a public mail service's) and whom the
    message's user may log an interaction with: likely colleagues at the same place."""
    rows = [row for m in messages for row in m.waiting if row.status == AddressStatus.PENDING]
    domains = {row.address.rpartition("@")[2] for row in rows} - PUBLIC_DOMAINS
    by_domain: dict[str, list[Contact]] = {}
    for domain in sorted(domains):
        query = (
            visible_contacts(user)
            .where(Contact.email.endswith("@" + domain, autoescape=True))
            .where(Contact.anonymized_at.is_(None))
            .order_by(Contact.name_key, Contact.id)
            .limit(20)
        )
        by_domain[domain] = list(db.session.scalars(query))
    found = {}
    for row in rows:
        owner = row.message.user
        found[row.id] = [
            contact
            for contact in by_domain.get(row.address.rpartition("@")[2], [])
            if owner is not None
            and contact.stakeholder is not None
            and owner.can_engage(contact.stakeholder)
        ][:SUGGESTED]
    return found


def discarded(user) -> list[MaildropAddress]:
    """Return the addresses `user` (an admin: anyone) discarded lately, one row per
    address and user, latest first: to put one back."""
    query = (
        visible_maildrop_addresses(user)
        .where(MaildropAddress.status == AddressStatus.DISCARDED)
        .options(selectinload(MaildropAddress.message).selectinload(MaildropMessage.user))
        .order_by(MaildropAddress.resolved_at.desc(), MaildropAddress.id.desc())
        .limit(5 * DISCARDED_SHOWN)
    )
    seen, shown = set(), []
    for row in db.session.scalars(query):
        key = (row.message.user_id, row.address)
        if key not in seen:
            seen.add(key)
            shown.append(row)
    return shown[:DISCARDED_SHOWN]


def pending_by_user() -> list[tuple[User | None, int]]:
    """Return each user with messages waiting in the queue, and how many (admins)."""
    query = (
        select(MaildropMessage.user_id, func.count(distinct(MaildropMessage.id)))
        .join(MaildropAddress, MaildropAddress.message_id == MaildropMessage.id)
        .where(MaildropAddress.status == AddressStatus.PENDING)
        .group_by(MaildropMessage.user_id)
    )
    counts = db.session.execute(query).all()
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(
        [user_id for user_id, _n in counts if user_id is not None])))}  # fmt: skip
    rows = [(users.get(user_id), n) for user_id, n in counts]
    return sorted(rows, key=lambda r: (r[0] is None, (r[0].name or r[0].email) if r[0] else ""))


@dataclass
class Health:
    """Whether the mail drop is set up and read: what an admin checks first."""

    configured: bool
    address: str | None  # the mailbox to put in Bcc
    last: MaildropRun | None
    late: bool  # no reading for three intervals: is the worker running?


def mailbox_health(config, last: MaildropRun | None, now: datetime | None = None) -> Health:
    """Return how the mail drop stands, from the settings and the latest reading."""
    configured = bool(config.get("MAILDROP_HOST"))
    interval = timedelta(minutes=max(1, int(config.get("MAILDROP_INTERVAL_MINUTES") or 5)))
    now = now or utcnow()
    late = configured and (last is None or now - last.started_at > 3 * interval)
    return Health(configured, config.get("MAILDROP_USER"), last, late)
