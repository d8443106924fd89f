"""A message's headers as the mail drop reads them: decoded whatever the sender's client
wrote (RFC 2047 words, undeclared 8-bit text, broken addresses and dates), addresses
normalized as contacts' emails are."""

import re
from contextlib import suppress
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from models.normalize import InvalidEmail, normalize_email


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
    return one_line(value)


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


def first(values: list[str]) -> str:
    return values[0] if values else ""


def one_line(text: str) -> str:
    return " ".join(text.split())


def normalized_id(message_id: str) -> str:
    """Return a Message-ID without its brackets and spaces ("" when there is none)."""
    return "".join(message_id.split()).strip("<>")
