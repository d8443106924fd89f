"""One reading of the drop mailbox: each message filed, then moved to the done folder.

Per message, oldest first:
- its sender must be an active user who may log interactions (their email, any case),
  else it is *ignored*: nothing of it is stored;
- a message already read (the same Message-ID, or, for a forward, the same message seen
  through another copy) is a *duplicate*: a Bcc copy forwarded again by a colleague is
  logged once; a reply has its own Message-ID and is its own message, so it never joins
  or changes an interaction already logged;
- its addresses are matched, exactly once normalized, to the contacts' and stakeholders'
  emails in the sender's scope (models.scoping); those matched become one `email`
  interaction of theirs (models.operations.maildrop.log_message), *logged*; an address
  that matches no one and is not a colleague's waits in their review queue, *queued*.
  Mail never creates a contact or a stakeholder.

Each message is written in a savepoint of its own: one that fails is rolled back alone,
counted *failed*, logged, and left in the mailbox to be read again at the next run; the
others go on. Messages are fetched, filed and committed by chunks of `CHUNK`, and only
then moved to the done folder (ignored ones and duplicates included), never deleted: a
reading stopped midway leaves what it had not committed in the mailbox, and what it had
committed but not moved is a duplicate at the next reading. (SQLite's driver commits each
savepoint as it is released: the web app's writers wait for one message at most.) The
run's counts are kept on its `MaildropRun`.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from inbox.forwards import base_subject
from inbox.imap import CHUNK, Fetched, MailboxError, open_mailbox
from inbox.messages import ReadMessage, read_message
from models.audit import record
from models.base import db, utcnow
from models.clock import zone
from models.contact import Contact
from models.maildrop import MaildropAddress, MaildropMessage, MaildropRun
from models.operations.maildrop import log_message
from models.scoping import visible_contacts, visible_stakeholders
from models.stakeholder import Stakeholder
from models.user import User

log = logging.getLogger(__name__)

OUTCOMES = ("logged", "queued", "ignored", "duplicates", "failed")
RETRY = "retry"  # failed while writing: left in the mailbox for the next reading


def poll(app: Flask) -> MaildropRun:
    """Read the drop mailbox once, file each message, and return the run's record."""
    run = MaildropRun(started_at=utcnow())
    db.session.add(run)
    db.session.commit()
    reading = Reading(app)
    try:
        with open_mailbox(app) as drop:
            uids = drop.uids()
            for start in range(0, len(uids), CHUNK):
                fetched = drop.fetch(uids[start : start + CHUNK])
                done = reading.file_all(fetched)
                _keep_counts(run, reading.counts)
                db.session.commit()
                drop.move(done)
    except (MailboxError, OSError) as error:
        db.session.rollback()
        run.error = str(error) or type(error).__name__
        log.error("mail drop: %s", run.error)
    except Exception as error:  # imaplib's errors, an IMAP server's nonsense
        db.session.rollback()
        run.error = f"{type(error).__name__}: {error}"
        log.exception("mail drop: the reading stopped")
    _keep_counts(run, reading.counts)
    run.finished_at = utcnow()
    db.session.commit()
    return run


def _keep_counts(run: MaildropRun, counts: Counter) -> None:
    run.seen = counts["seen"]
    for name in OUTCOMES:
        setattr(run, name, counts[name])


@dataclass
class Matches:
    """The contacts and stakeholders that a chunk's addresses name, in one user's scope."""

    contacts: dict[str, Contact] = field(default_factory=dict)
    stakeholders: dict[str, list[Stakeholder]] = field(default_factory=dict)


class Reading:
    """What one reading knows: the users by email, what it counted, the keys it stored."""

    def __init__(self, app: Flask) -> None:
        self.zone = zone()
        user = (app.config["MAILDROP_USER"] or "").strip().lower()
        self.drop_address = user if "@" in user else None
        users = db.session.execute(select(User.id, User.email, User.active)).all()
        self.staff = {email.lower() for _id, email, _active in users}
        self.senders = {email.lower(): id for id, email, active in users if active}
        self.users: dict[int, User] = {}  # held here: the session's map forgets them
        self.counts: Counter = Counter()
        self.keys: set[str] = set()  # of the messages stored, by this reading or before

    def user(self, address: str) -> User | None:
        """Return the active user whose email is `address` (any case), if any."""
        user_id = self.senders.get(address)
        if user_id is not None and user_id not in self.users:
            self.users[user_id] = db.session.get(User, user_id)
        return self.users.get(user_id)

    def file_all(self, fetched: list[Fetched]) -> list[str]:
        """File each fetched message; return the UIDs to move to the done folder."""
        read: list[tuple[Fetched, ReadMessage | None]] = []
        for message in fetched:
            try:
                read.append((message, self._read(message)))
            except Exception:  # a message no parser makes sense of: set aside, counted
                log.exception("mail drop: message UID %s could not be read", message.uid)
                read.append((message, None))
        readable = [r for _m, r in read if r is not None]
        keys = select(MaildropMessage.message_key).where(
            MaildropMessage.message_key.in_({r.key for r in readable})
        )
        self.keys.update(db.session.scalars(keys))
        candidates = self._candidates(readable)
        done = []
        for message, found in read:
            self.counts["seen"] += 1
            outcome = "failed" if found is None else self._file(found, candidates)
            if outcome == RETRY:
                self.counts["failed"] += 1
                continue
            for name in outcome.split("+"):
                if name:
                    self.counts[name] += 1
            done.append(message.uid)
        return done

    def _read(self, message: Fetched) -> ReadMessage:
        return read_message(message.raw, zone=self.zone, received_at=message.received_at,
                            drop_address=self.drop_address)  # fmt: skip

    def _candidates(self, messages: list[ReadMessage]) -> dict[int, Matches]:
        """Return, per sender's user id, the contacts and stakeholders in their scope that
        the chunk's addresses name: four queries a chunk, not a few per message."""
        addresses = {a for m in messages for a in m.addresses}
        by_user: dict[int, Matches] = {}
        if not addresses:
            return by_user
        contact_ids = db.session.scalars(select(Contact.id).where(Contact.email.in_(addresses)))
        stakeholder_ids = db.session.scalars(
            select(Stakeholder.id).where(Stakeholder.email.in_(addresses))
        )
        contact_ids, stakeholder_ids = list(contact_ids), list(stakeholder_ids)
        for user in {self.user(m.sender) for m in messages} - {None}:
            matches = by_user[user.id] = Matches()
            if contact_ids:
                query = visible_contacts(user).where(Contact.id.in_(contact_ids))
                matches.contacts = {c.email: c for c in db.session.scalars(query)}
            if stakeholder_ids:
                query = visible_stakeholders(user).where(Stakeholder.id.in_(stakeholder_ids))
                for stakeholder in db.session.scalars(query):
                    matches.stakeholders.setdefault(stakeholder.email, []).append(stakeholder)
        return by_user

    def _file(self, read: ReadMessage, candidates: dict[int, Matches]) -> str:
        """File one message in its own savepoint; return its outcome(s), "+"-joined."""
        user = self.user(read.sender)
        if user is None or not user.can_log_interactions:
            return "ignored"
        if read.key in self.keys or self._copy_of_stored(read):
            return "duplicates"
        try:
            with db.session.begin_nested():
                outcome = self._store(read, user, candidates.get(user.id) or Matches())
        except Exception:
            log.exception("mail drop: message %r of %s could not be filed", read.subject,
                          read.sender)  # fmt: skip
            return RETRY
        self.keys.add(read.key)
        return outcome

    def _store(self, read: ReadMessage, user: User, matches: Matches) -> str:
        message = MaildropMessage(message_key=read.key, user=user, sent_at=read.sent_at,
                                  subject=read.subject, addresses=read.addresses,
                                  excerpt=read.excerpt)  # fmt: skip
        contacts, stakeholders, unknown = [], [], []
        for address in read.addresses:
            if address in matches.contacts:
                contacts.append(matches.contacts[address])
            if address in matches.stakeholders:
                stakeholders += matches.stakeholders[address]
            elif address not in matches.contacts and address not in self.staff:
                unknown.append(address)
        interaction = log_message(message, contacts, stakeholders)
        db.session.add(message)  # after: one INSERT, with its interaction
        for address in unknown:
            db.session.add(MaildropAddress(message=message, address=address))
        if unknown:  # audited: the count of addresses to classify is remembered by it
            db.session.flush()
            record(user, "create", "maildrop_message", message.id, None, {"queued": len(unknown)})
        outcomes = []
        if interaction is not None:
            outcomes.append("logged")
        if unknown:
            outcomes.append("queued")
        return "+".join(outcomes)

    def _copy_of_stored(self, read: ReadMessage) -> bool:
        """Return whether an inline forward carries a message already read through another
        copy (its Bcc, another colleague's forward): the same subject, sent the same minute,
        naming one same address that is not a colleague's. The forwarded text gives neither
        the original Message-ID nor the seconds."""
        if read.forwarded != "inline":
            return False
        named = set(read.addresses) - self.staff
        if not named:
            return False
        minute = read.sent_at.replace(second=0, microsecond=0)
        window = (minute - timedelta(minutes=1), minute + timedelta(minutes=2))
        rows = db.session.execute(
            select(MaildropMessage.subject, MaildropMessage.addresses).where(
                MaildropMessage.sent_at >= window[0], MaildropMessage.sent_at < window[1]
            )
        )
        subject = base_subject(read.subject)
        return any(
            base_subject(other) == subject and named & set(addresses or [])
            for other, addresses in rows
        )
