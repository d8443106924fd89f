"""Turn the cells of one row into typed values, or a `FieldError` saying what is wrong.

The rules themselves live in `models.normalize` (regions, dates, emails, phones, coded
lists); this module applies them to cells and words the messages for the user.
"""

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from models.labels import Labels
from models.normalize import (
    EXTRA_WORDS,
    NATIONAL_WORDS,
    InvalidEmail,
    UnknownValue,
    choice_keys,
    code_from_text,
    name_key,
    normalize_email,
    normalize_phone,
    normalize_website,
    parse_date,
    region_code_from_text,
    strip_controls,
)
from reports.spreadsheet import restore

# Coded lists read by the importer: the table of `Labels` and extra words they accept.
TABLES = (
    "sector",
    "measure",
    "level",
    "stage",
    "commitment_status",
    "involvement",
    "interaction_kind",
    "stakeholder_kind",
    "consent_kind",
    "relationship_type",
    "relationship_intensity",
)


class FieldError(Exception):
    """One cell that cannot be read: its field key, its value and the message."""

    def __init__(self, key: str, value: Any, message):
        super().__init__(str(message))
        self.key, self.value, self.message = key, value, str(message)


def text(cell: Any) -> str:
    """Return a cell as trimmed text: a whole number without `.0`, a date in ISO form."""
    if cell is None:
        return ""
    kind = cell.__class__
    if kind is str:
        if not cell.isprintable():  # a control character (Excel's `_x0000_` is a NUL)?
            cell = strip_controls(cell)
        cell = cell.strip()
        return restore(cell) if cell[:1] == "'" else cell
    if kind is float and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else str(cell)
    if isinstance(cell, date):
        return cell.isoformat()
    if kind is bool:
        return "1" if cell else "0"
    return str(cell).strip()


def split_list(value: str) -> list[str]:
    """Return the items of a cell separated by `;` or line breaks, trimmed, non-empty."""
    return [item.strip() for item in value.replace("\r", "\n").replace(";", "\n").split("\n")
            if item.strip()]  # fmt: skip


_EMPTY = object()  # a cached empty cell


class Vocabulary:
    """Every coded list in both languages, read once per import (an admin's labels too)."""

    def __init__(self) -> None:
        french, english = Labels("fr"), Labels("en")
        self.labels = {t: french.table(t) for t in (*TABLES, "region")}
        self.keys: dict[str, dict[str, str]] = {}
        for table in TABLES:
            words: dict[str, tuple[str, ...]] = {}
            for code, label in french.table(table).items():
                words[code] = (
                    label,
                    english.of(table, code),
                    *EXTRA_WORDS.get(table, {}).get(code, ()),
                )
            for code, extra in EXTRA_WORDS.get(table, {}).items():
                words.setdefault(code, extra)
            self.keys[table] = choice_keys(words)
        self.keys["language"] = choice_keys(EXTRA_WORDS["language"])
        self.region_labels = french.table("region")
        self.cache: dict[str, dict[Any, Any]] = {}

    def code(self, table: str, key: str, cell: Any) -> str | None:
        """Return the code a cell names in `table`, None when empty; raise FieldError."""
        # A column holds a handful of distinct values: each is worked out once per import.
        cache = self.cache.setdefault(table, {})
        found = cache.get(cell)
        if found is None:
            found = cache[cell] = self._code(table, cell)
        if found.__class__ is str or found is _EMPTY:
            return None if found is _EMPTY else found
        raise FieldError(key, found[0], found[1])

    def _code(self, table: str, cell: Any):
        value = text(cell)
        if not value:
            return _EMPTY
        try:
            return code_from_text(value, self.keys[table], self.labels.get(table))
        except UnknownValue as error:
            return (value, _unknown(error.closest))

    def region(self, key: str, cell: Any) -> str | None:
        """Return a region code, `national` for a Quebec-wide word, None when empty."""
        cache = self.cache.setdefault("region", {})
        found = cache.get(cell)
        if found is None:
            found = cache[cell] = self._region(cell)
        if found.__class__ is str or found is _EMPTY:
            return None if found is _EMPTY else found
        raise FieldError(key, found[0], found[1])

    def _region(self, cell: Any):
        value = text(cell)
        if not value:
            return _EMPTY
        if name_key(value) in NATIONAL_WORDS:
            return "national"
        try:
            return region_code_from_text(value, self.region_labels)
        except UnknownValue as error:
            return (value, str(error))  # names the regions in question, or the closest
        except ValueError:
            return (value, str(_l("Unknown region.")))


def _unknown(closest: str) -> str:
    if closest:
        return str(_l("Unknown value; the closest is “%(closest)s”.", closest=closest))
    return str(_l("Unknown value."))


def date_value(key: str, cell: Any) -> date | None:
    """Return the date of a cell (date cell, serial, ISO or dd/mm/yyyy); None when empty."""
    if isinstance(cell, str):
        cell = cell.strip()
    try:
        return parse_date(cell if cell != "" else None)
    except ValueError:
        raise FieldError(key, text(cell), _l("Not a date; write it as 2026-03-14 or "
                                             "14/03/2026.")) from None  # fmt: skip


def email_value(key: str, cell: Any) -> str:
    """Return the email of a cell, lowercased ("" when empty)."""
    value = text(cell)
    try:
        return normalize_email(value)
    except InvalidEmail as error:
        raise FieldError(key, value, error.message) from None


def phone_value(key: str, cell: Any) -> str:
    """Return the phone number of a cell in the house form ("" when empty)."""
    try:
        return normalize_phone(text(cell) if cell.__class__ is str else cell)
    except ValueError:
        raise FieldError(key, text(cell), _l("Not a valid phone number.")) from None


def website_value(key: str, cell: Any, limit: int) -> str:
    """Return the http(s) address of a cell, a bare domain with `https://` ("" when empty)."""
    value = text(cell)
    try:
        return bounded(key, normalize_website(value), limit)
    except ValueError:
        raise FieldError(key, value, _l("Not a website: give an address starting with "
                                        "http:// or https://, or a domain such as "
                                        "example.org.")) from None  # fmt: skip


def score_value(key: str, cell: Any) -> int | None:
    """Return an influence or interest score 1 to 5 (None when empty)."""
    value = text(cell)
    if not value:
        return None
    if value.isascii() and value.isdigit() and 1 <= int(value) <= 5:
        return int(value)
    raise FieldError(key, value, _l("Expected a whole number from 1 to 5."))


def id_value(key: str, cell: Any) -> int | None:
    """Return a record ID (None when empty)."""
    value = text(cell)
    if not value:
        return None
    if value.isascii() and value.isdigit() and 0 < int(value) < 2**31:
        return int(value)
    raise FieldError(key, value, _l("An ID is a whole number."))


def bounded(key: str, cell: Any, limit: int) -> str:
    """Return a cell's text, refusing text longer than the column holds."""
    value = text(cell)
    if len(value) > limit:
        raise FieldError(key, value[:50] + "…", _l("Too long: at most %(limit)s characters.",
                                                   limit=limit))  # fmt: skip
    return value
