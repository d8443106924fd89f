"""Forwards: the message a forward carries, read from what Outlook (French or English),
Gmail or an attached message/rfc822 part wrote, and the dates those clients write.

A forward is read as the message it forwards (its sender, recipients, date, subject and
text), so that a coordinator who forwards a message sent without Bcc files it as if they
had put the drop in Bcc. Outlook writes a reply's quoted header block (`De :`, `Envoyé :`)
exactly as a forward's: only a forward's subject prefix (`TR :`, `Fwd:`) or Gmail's
forwarded-message line make a block a forward.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from inbox.headers import addresses_in, first, header_addresses, header_date, header_text, one_line
from inbox.text import body_text
from models.normalize import fold


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
    return one_line(strip_forward_prefix(subject)).casefold()


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


def attached_forward(original: Message) -> Forward:
    addresses = [
        *header_addresses(original, "from"),
        *header_addresses(original, "to"),
        *header_addresses(original, "cc"),
    ]
    return Forward(
        sender=first(header_addresses(original, "from")),
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
    forward.sender = first(addresses_in(sender[0])) if sender else ""
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
