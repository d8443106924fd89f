"""Folding and normalization of text typed by people: names, regions, dates, emails.

Every comparison of human text (search, matching a name, reading a region) goes through
these functions, so that `MONTREAL`, `Montréal` and ` montreal ` are the same thing.
"""

import difflib
import re
import unicodedata
from datetime import date, datetime, timedelta

from models.reference_data import REGIONS

_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Return `text` without diacritics (é → e, Î → I), ligatures opened (œ → oe)."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str | None) -> str:
    """Return `text` lowercased, without accents, punctuation turned into single spaces."""
    if not text:
        return ""
    text = strip_accents(str(text)).lower().replace(".", "")
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def name_key(name: str | None) -> str:
    """Return the matching key of a name: folded, with no spaces at all.

    `C.P.E. Les Petits-Amis` and `cpe les petits amis` share the key `cpelespetitsamis`.
    """
    return fold(name).replace(" ", "")


def _region_keys() -> dict[str, str]:
    keys = {}
    for code, name in REGIONS:
        keys[name_key(name)] = code
        keys[name_key(f"{code} {name}")] = code
    return keys


_REGION_KEYS = _region_keys()


def region_code_from_text(text: str | int | None, labels: dict[str, str] | None = None) -> str:
    """Return the region code ("01"…"17") that `text` names, or raise ValueError.

    Accepts `6`, `06`, `06 - Montréal`, `Montréal`, `MONTREAL`, any dash or apostrophe;
    `labels` adds the labels an admin gave the regions. The error names the closest region.
    """
    raw = str(text if text is not None else "").strip()
    if not raw:
        raise ValueError("empty region")
    keys = dict(_REGION_KEYS)
    for code, label in (labels or {}).items():
        keys[name_key(label)] = code
    digits = re.match(r"^\s*(\d{1,2})(?:\D|$)", raw)
    if digits and 1 <= int(digits.group(1)) <= 17:
        return f"{int(digits.group(1)):02d}"
    key = name_key(raw)
    if key in keys:
        return keys[key]
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.0)
    nearest = dict(REGIONS).get(keys[close[0]], "") if close else ""
    raise ValueError(
        f"unknown region; closest: {keys[close[0]]} - {nearest}" if close else "unknown region"
    )


EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value) -> date | None:
    """Return the date in `value`: a date, ISO `2026-03-14`, `14/03/2026`, or an Excel serial.

    Empty values give None; anything else unreadable raises ValueError.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError("not a date")
    text = str(value).strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{1,6}(\.0+)?", text):
        return parse_date(float(text))
    raise ValueError("not a date")


# The domain is dot-separated non-empty labels: `x@y..org` or `x@y.org.` would bounce.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")


def normalize_email(value: str | None) -> str:
    """Return the email trimmed and lowercased ("" when empty); raise ValueError if invalid."""
    text = (value or "").strip().lower()
    if text.startswith("mailto:"):
        text = text[len("mailto:") :]
    if text and not _EMAIL.match(text):
        raise ValueError("invalid email")
    return text
