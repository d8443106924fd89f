"""One message of the drop mailbox, read: who sent it, when, whom it names, and a short
excerpt without quoted replies or signatures.

`read_message` takes the message's header and the first bytes of its body (inbox/imap.py
never downloads an attachment whole) and returns a plain `ReadMessage`. It never raises on
what mail clients really send: a broken Date, an undeclared 8-bit subject, a missing
Message-ID, a body cut off in the middle of an attachment.

A forward (Outlook in French or English, Gmail, or a message attached as message/rfc822)
is read as the message it forwards: the original sender, recipients, date, subject and
text, so that a coordinator who forwards a message they sent without Bcc files it as if
they had put the drop in Bcc.
"""

import hashlib
import re
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from zoneinfo import ZoneInfo

from inbox.text import clean_excerpt, html_to_text
from models.normalize import InvalidEmail, fold, normalize_email

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
    sender = _first(header_addresses(message, "from"))
    subject = header_text(message, "subject")
    sent_at = header_date(message) or received_at or datetime.now(UTC).replace(tzinfo=None)
    message_id = header_text(message, "message-id")
    addresses = header_addresses(message, "to") + header_addresses(message, "cc")
    text = body_text(message)
    found = attached_message(message)
    forwarded = ""
    if found is not None:
        forward, forwarded = _attached_forward(found), "attached"
    elif is_forward(subject, text):
        forward, forwarded = inline_forward(text, zone), "inline"
    else:
        forward = None
    if forward is not None:
        message_id = forward.message_id or message_id
        subject = forward.subject or strip_forward_prefix(subject)
        sent_at = forward.sent_at or sent_at
        addresses = forward.addresses + addresses
        text = forward.text
    key_source = _normalized_id(message_id) or f"{sender}\n{sent_at.isoformat()}\n{subject}"
    excluded = {sender, (drop_address or "").strip().lower()}
    named = [a for a in dict.fromkeys(addresses) if a not in excluded]
    return ReadMessage(
        key=hashlib.sha256(key_source.encode("utf-8", "surrogatepass")).hexdigest(),
        sender=sender,
        sent_at=sent_at,
        subject=_one_line(subject)[:SUBJECT_LENGTH],
        addresses=named,
        excerpt=clean_excerpt(text),
        forwarded=forwarded if forward is not None else "",
    )


# Headers ------------------------------------------------------------------------------


def _raw_header(message: Message, name: str) -> str | None:
    """Return the header's raw value, 8-bit bytes read as UTF-8 or else Windows-1252."""
    for key, value in message.raw_items():
        if key.lower() == name:
            value = str(value)
            try:
                return value.encode("ascii", "surrogateescape").decode("utf-8")
            except UnicodeError:
                return value.encode("ascii", "surrogateescape").decode("cp1252", "replace")
    return None


def header_text(message: Message, name: str) -> str:
    """Return the header `name` decoded (RFC 2047 words too), "" when absent."""
    value = _raw_header(message, name)
    if value is None:
        return ""
    # An unknown charset or a broken encoded word: keep the header as written.
    with suppress(UnicodeError, LookupError, ValueError):
        value = str(make_header(decode_header(value)))
    return _one_line(value)


def header_addresses(message: Message, name: str) -> list[str]:
    """Return the addresses of the header `name` that mail can reach, normalized."""
    value = _raw_header(message, name)
    return addresses_in(value) if value else []


_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def addresses_in(text: str) -> list[str]:
    """Return the email addresses written in `text` (a header, or a forwarded header line
    such as `Léa Tremblay <lea@cpe.example>; Marc [mailto:marc@x.example]`), normalized."""
    found = [address for _name, address in getaddresses([text.replace(";", ",")])]
    found += _ADDRESS.findall(text)  # what a broken header or display names hide
    kept = []
    for address in found:
        try:
            normalized = normalize_email(address.strip("<>[]()'\" "))
        except InvalidEmail:
            continue
        if normalized and normalized not in kept:
            kept.append(normalized)
    return kept


def header_date(message: Message) -> datetime | None:
    """Return the Date header as naive UTC, or None when it is missing or unreadable."""
    value = _raw_header(message, "date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:  # "-0000": the sender's zone is unknown; take it as UTC
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _normalized_id(message_id: str) -> str:
    """Return a Message-ID without its brackets and spaces ("" when there is none)."""
    return "".join(message_id.split()).strip("<>")


# Bodies -------------------------------------------------------------------------------


def _decoded(part: Message) -> str:
    """Return a text part's content, whatever its declared charset says (or hides)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload()).encode("utf-8", "replace")
    charset = part.get_content_charset() or "utf-8"
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            return payload.decode(encoding)
        except (LookupError, UnicodeError):
            continue
    return payload.decode("utf-8", "replace")


def _text_parts(message: Message):
    """Yield the text/plain and text/html parts of `message` that are its own body (not
    attachments, not inside an attached message)."""
    if message.is_multipart():
        for part in message.get_payload():
            if not isinstance(part, Message) or part.get_content_type() == "message/rfc822":
                continue
            yield from _text_parts(part)
    elif message.get_content_maintype() == "text" and not _is_attachment(message):
        yield message


def _is_attachment(part: Message) -> bool:
    return (part.get("content-disposition") or "").strip().lower().startswith("attachment")


def body_text(message: Message) -> str:
    """Return the message's text: its first text/plain part, else its first text/html
    part turned into text."""
    plain = html = None
    for part in _text_parts(message):
        kind = part.get_content_subtype()
        if kind == "plain" and plain is None:
            plain = part
        elif kind == "html" and html is None:
            html = part
    if plain is not None:
        return _decoded(plain)
    if html is not None:
        return html_to_text(_decoded(html))
    return ""


# Forwards -----------------------------------------------------------------------------


@dataclass
class Forward:
    """The message a forward carries, as far as its headers could be read."""

    sender: str = ""
    addresses: list[str] = field(default_factory=list)  # its From, To and Cc
    sent_at: datetime | None = None
    subject: str = ""
    message_id: str = ""
    text: str = ""


# "TR :", "Fwd:", "FW:", repeated: what Outlook and Gmail put before a forward's subject.
_FORWARD_PREFIX = re.compile(r"^\s*(?:(?:fwd?|tr)\s*:\s*)+", re.IGNORECASE)
_GMAIL_MARKER = re.compile(
    r"^\s*-{3,}\s*(?:forwarded message|message transf[ée]r[ée])\s*-{3,}\s*$",
    re.IGNORECASE,
)
_HEADER_LINE = re.compile(
    r"^\s*\*?\s*(de|from|envoy[ée]|sent|date|[àa]|to|cc|cci|bcc|objet|subject|importance)"
    r"\s*:\s*\*?\s*(.*)$",
    re.IGNORECASE,
)
_SENDER_KEYS = {"de", "from"}
_DATE_KEYS = {"envoye", "sent", "date"}  # folded: "Envoyé" is "envoye", "À" is "a"
_RECIPIENT_KEYS = {"a", "to", "cc"}
_SUBJECT_KEYS = {"objet", "subject"}


def strip_forward_prefix(subject: str) -> str:
    """Return `subject` without its forward prefixes ("TR : Rencontre" → "Rencontre")."""
    return _FORWARD_PREFIX.sub("", subject).strip()


def base_subject(subject: str) -> str:
    """Return `subject` as compared between copies of one message: no forward prefix,
    spaces collapsed, case folded."""
    return _one_line(strip_forward_prefix(subject)).casefold()


def is_forward(subject: str, text: str) -> bool:
    """Return whether a message with this subject and text forwards another inline."""
    if _FORWARD_PREFIX.match(subject):
        return True
    return any(_GMAIL_MARKER.match(line) for line in text.splitlines())


def attached_message(message: Message) -> Message | None:
    """Return the message attached as message/rfc822 (forwarded as an attachment)."""
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                return payload[0]
    return None


def _attached_forward(original: Message) -> Forward:
    addresses = [
        *header_addresses(original, "from"),
        *header_addresses(original, "to"),
        *header_addresses(original, "cc"),
    ]
    return Forward(
        sender=_first(header_addresses(original, "from")),
        addresses=addresses,
        sent_at=header_date(original),
        subject=header_text(original, "subject"),
        message_id=header_text(original, "message-id"),
        text=body_text(original),
    )


def inline_forward(text: str, zone: ZoneInfo) -> Forward | None:
    """Return the forward found in `text` (its first forwarded header block), or None."""
    lines = text.splitlines()
    start = _header_block_start(lines)
    if start is None:
        return None
    headers: dict[str, str] = {}
    last = None
    end = len(lines)
    for index in range(start, len(lines)):
        line = lines[index]
        found = _HEADER_LINE.match(line)
        if found:
            last = fold(found.group(1))
            headers.setdefault(last, found.group(2).strip())
        elif not line.strip():
            if headers:
                end = index + 1
                break
        elif last is not None:  # a long recipient list wrapped onto the next line
            headers[last] += " " + line.strip()
    forward = Forward(text="\n".join(lines[end:]))
    sender = [v for k, v in headers.items() if k in _SENDER_KEYS]
    forward.sender = _first(addresses_in(sender[0])) if sender else ""
    for key, value in headers.items():
        if key in _SENDER_KEYS or key in _RECIPIENT_KEYS:
            forward.addresses += addresses_in(value)
        elif key in _DATE_KEYS and forward.sent_at is None:
            forward.sent_at = loose_date(value, zone)
        elif key in _SUBJECT_KEYS:
            forward.subject = value
    return forward


def _header_block_start(lines: list[str]) -> int | None:
    """Return the index of the first line of the first forwarded header block."""
    for index, line in enumerate(lines):
        if _GMAIL_MARKER.match(line):
            return index + 1
        found = _HEADER_LINE.match(line)
        if found and fold(found.group(1)) in _SENDER_KEYS:
            following = lines[index + 1 : index + 5]
            if any(_is_date_line(other) for other in following):
                return index
    return None


def _is_date_line(line: str) -> bool:
    found = _HEADER_LINE.match(line)
    return bool(found) and fold(found.group(1)) in _DATE_KEYS


# Dates written by mail clients in forwarded headers -----------------------------------

_MONTHS = {
    **dict.fromkeys(("janvier", "janv", "jan", "january"), 1),
    **dict.fromkeys(("fevrier", "fevr", "fev", "feb", "february"), 2),
    **dict.fromkeys(("mars", "mar", "march"), 3),
    **dict.fromkeys(("avril", "avr", "apr", "april"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "jun", "june"), 6),
    **dict.fromkeys(("juillet", "juil", "jul", "july"), 7),
    **dict.fromkeys(("aout", "aug", "august"), 8),
    **dict.fromkeys(("septembre", "sept", "sep", "september"), 9),
    **dict.fromkeys(("octobre", "oct", "october"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("decembre", "dec", "december"), 12),
}
_TIME = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?::|h)\s*(\d{2})(?::\d{2})?(?:\s*([ap])\.?\s*m\b\.?)?", re.IGNORECASE
)
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def loose_date(value: str, zone: ZoneInfo) -> datetime | None:
    """Return the moment a forwarded header's date names, as naive UTC, or None.

    Reads RFC 5322 dates and what Outlook and Gmail write in French and English:
    `jeudi 12 mars 2026 14:03`, `jeu. 12 mars 2026 à 14 h 03`, `Thursday, March 12, 2026
    2:03 PM`, `Thu, Mar 12, 2026 at 2:03 PM`. A time without an offset is the coalition's."""
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        moment = None
    if moment is not None and moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    day = _day_of(value)
    if day is None:
        return None
    time = _TIME.search(_ISO_DAY.sub(" ", value))
    hour = minute = 0
    if time:
        hour, minute = int(time.group(1)), int(time.group(2))
        meridiem = (time.group(3) or "").lower()
        if meridiem == "p" and hour < 12:
            hour += 12
        elif meridiem == "a" and hour == 12:
            hour = 0
    try:
        local = datetime(*day, hour, minute, tzinfo=zone)
    except ValueError:
        return None
    return local.astimezone(UTC).replace(tzinfo=None)


def _day_of(value: str) -> tuple[int, int, int] | None:
    """Return (year, month, day) named by a written date, or None."""
    iso = _ISO_DAY.search(value)
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    words = fold(_TIME.sub(" ", value)).split()
    months = [i for i, w in enumerate(words) if w in _MONTHS]
    years = [w for w in words if re.fullmatch(r"(?:19|20)\d\d", w)]
    if not months or not years:
        return None
    at = months[0]
    for near in (at - 1, at + 1):  # "12 mars" (French), "March 12" (English)
        if 0 <= near < len(words) and re.fullmatch(r"\d{1,2}(?:er)?", words[near]):
            return int(years[0]), _MONTHS[words[at]], int(words[near].removesuffix("er"))
    return None
