"""One message of the drop mailbox, read: who sent it, when, whom it names, and a short
excerpt without quoted replies or signatures.

`read_message` takes the message's header and the first bytes of its body (inbox/imap.py
never downloads an attachment whole) and returns a plain `ReadMessage`. It never raises on
what mail clients really send: a broken Date, an undeclared 8-bit subject, a missing
Message-ID, a body cut off in the middle of an attachment. A forward is read as the
message it forwards (inbox/forwards.py).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

from inbox.forwards import (
    attached_forward,
    attached_message,
    inline_forward,
    is_forward,
    strip_forward_prefix,
)
from inbox.headers import first, header_addresses, header_date, header_text, normalized_id, one_line
from inbox.text import body_text, clean_excerpt

SUBJECT_LENGTH = 500  # models.maildrop.MaildropMessage.subject


@dataclass
class ReadMessage:
    """What the mail drop keeps of a message, and what it needs to file it."""

    key: str  # SHA-256 of the Message-ID (else of sender, date and subject)
    sender: str  # the From address, normalized ("" when it has none that mail can reach)
    sent_at: datetime  # naive UTC
    subject: str
    addresses: list[str] = field(default_factory=list)  # named, normalized, in order
    excerpt: str = ""
    # "inline" or "attached" when read from the message it forwards, else "".
    forwarded: str = ""


def read_message(
    raw: bytes,
    *,
    zone: ZoneInfo,
    received_at: datetime | None = None,
    drop_address: str | None = None,
) -> ReadMessage:
    """Read `raw` (a header and the start of a body) into a `ReadMessage`.

    `zone` is the coalition's: a forwarded header's date has no offset and is read in it.
    `received_at` (the IMAP INTERNALDATE, naive UTC) dates a message without a usable
    Date header; `drop_address`, the mailbox's own, is never among the addresses."""
    message = message_from_bytes(raw, policy=policy.default)
    sender = first(header_addresses(message, "from"))
    subject = header_text(message, "subject")
    sent_at = header_date(message) or received_at or datetime.now(UTC).replace(tzinfo=None)
    message_id = header_text(message, "message-id")
    addresses = header_addresses(message, "to") + header_addresses(message, "cc")
    text = body_text(message)
    drop = (drop_address or "").strip().lower()
    excluded = {sender, drop}
    # Forwarded *to the drop* to be filed; a forward sent to someone else, the drop in Bcc,
    # is a message of its own to them, of its own day.
    for_filing = drop in addresses or all(a in excluded for a in addresses)
    found = attached_message(message) if for_filing else None
    forward, forwarded = None, ""
    if found is not None:
        forward, forwarded = attached_forward(found), "attached"
    elif for_filing and is_forward(subject, text):
        forward, forwarded = inline_forward(text, zone), "inline"
    if forward is not None:
        message_id = forward.message_id or message_id
        subject = forward.subject or strip_forward_prefix(subject)
        sent_at = forward.sent_at or sent_at
        addresses = forward.addresses + addresses
        text = forward.text
    key_source = normalized_id(message_id) or f"{sender}\n{sent_at.isoformat()}\n{subject}"
    named = [a for a in dict.fromkeys(addresses) if a not in excluded]
    return ReadMessage(
        key=hashlib.sha256(key_source.encode("utf-8", "surrogatepass")).hexdigest(),
        sender=sender,
        sent_at=sent_at,
        subject=one_line(subject)[:SUBJECT_LENGTH],
        addresses=named,
        excerpt=clean_excerpt(text),
        forwarded=forwarded if forward is not None else "",
    )
