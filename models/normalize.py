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

# C0 control characters. Nobody types them, yet they arrive (a `%00` in a link, Excel's
# `_x0000_` escape): PostgreSQL refuses a NUL that SQLite stores, and spreadsheets refuse
# the others. Tab and line breaks are text in a multi-line field, so the cleaning keeps them.
_CONTROLS = re.compile(r"[\x00-\x1f]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_controls(text: str) -> str:
    """Return `text` without its C0 control characters, tab and line breaks kept."""
    return text if text.isprintable() else _CONTROLS_BUT_LINES.sub("", text)


def has_controls(text: str) -> bool:
    """Return whether `text` holds a C0 control character, tab and line breaks included."""
    return not text.isprintable() and _CONTROLS.search(text) is not None


# Every combining mark of the Basic Multilingual Plane, for one `re.sub` instead of a loop.
_COMBINING = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    + "]+"
)
_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is exactly str.isalnum() plus "_"


def strip_accents(text: str) -> str:
    """Return `text` without diacritics (é → e, Î → I), ligatures opened (œ → oe)."""
    if text.isascii():
        return text
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    if max(decomposed) > "\uffff":  # astral characters: the general (slower) way
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _COMBINING.sub("", decomposed)


def fold(text: str | None) -> str:
    """Return `text` lowercased, without accents, punctuation turned into single spaces."""
    if not text:
        return ""
    text = strip_accents(str(text)).lower().replace(".", "")
    return _NOT_ALNUM.sub(" ", text).strip()


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
    nearest = f"{keys[close[0]]} - {dict(REGIONS).get(keys[close[0]], '')}" if close else ""
    raise UnknownValue(
        f"unknown region; closest: {nearest}" if close else "unknown region", nearest
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


class UnknownValue(ValueError):
    """A value that names no entry of a list; `closest` is the nearest entry's label."""

    def __init__(self, message: str, closest: str = ""):
        super().__init__(message)
        self.closest = closest


# Words that mean "Quebec-wide" in a level or a region cell.
NATIONAL_WORDS = frozenset({"national", "provincial", "quebec", "ensembleduquebec", "toutlequebec"})

# What people type besides the codes and labels of the reference lists.
EXTRA_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "level": {"national": ("provincial", "Québec", "Quebec", "Province")},
    "consent_kind": {
        "express": ("exprès", "expres", "explicite", "oui", "yes"),
        "implied": ("tacite", "implicite", "implicit"),
        "none": ("aucun", "aucune", "non", "no"),
        "withdrawn": ("retiré", "retire", "désabonné", "unsubscribed"),
    },
    "language": {
        "fr": ("français", "francais", "french", "fra", "fre"),
        "en": ("anglais", "english", "eng", "ang"),
    },
    "stakeholder_kind": {
        "organization": ("organisation", "organisme", "org"),
        "elected_official": ("élu", "élue", "elu", "elue", "elected"),
        "individual": ("personne", "individu", "person", "champion"),
    },
}


def choice_keys(entries: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Return the matching keys of a coded list: each code, label and `/` part → its code.

    `entries` maps each code to its words (labels in both languages, synonyms).
    """
    keys: dict[str, str] = {}
    for code, words in entries.items():
        for word in (code, *words):
            for part in (word, *str(word).split("/")):
                key = name_key(part)
                if key:
                    keys.setdefault(key, code)
    return keys


def code_from_text(text, keys: dict[str, str], labels: dict[str, str] | None = None) -> str:
    """Return the code that `text` names among `keys` (from `choice_keys`), or raise.

    Case, accents, spaces, dashes and apostrophes are folded; the unique start of a label
    (five letters or more) is enough. An unknown or ambiguous value raises
    UnknownValue whose `closest` is the label (or code) of the nearest entry.
    """
    key = name_key(text)
    if not key:
        raise ValueError("empty value")
    if key in keys:
        return keys[key]
    # The start of one label only (`Services de garde` for `Services de garde éducatifs`).
    started = {code for k, code in keys.items() if k.startswith(key)} if len(key) >= 5 else ()
    if len(started) == 1:
        return next(iter(started))
    close = (
        [k for k in keys if key in k or k in key]
        or [k for k in keys if k.startswith(key[:4])]
        or difflib.get_close_matches(key, list(keys), n=1, cutoff=0.0)
    )
    close = sorted(close, key=lambda k: abs(len(k) - len(key)))[:1]
    code = keys[close[0]] if close else ""
    closest = (labels or {}).get(code, code)
    raise UnknownValue(f"unknown value; closest: {closest}" if close else "unknown value", closest)


_PHONE_DIGITS = re.compile(r"\d")
_EXTENSION = re.compile(r"\s*(?:#|x|ext\.?|poste)\s*(\d+)\s*$", re.IGNORECASE)


def normalize_phone(value) -> str:
    """Return a North American phone as `514-555-1234` (with ` poste 12`), other text trimmed.

    Accepts `(514) 555-1234`, `514.555.1234`, `1 514 555 1234`, a number cell; a value
    with too few digits raises ValueError. Numbers from elsewhere keep their own form.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if not text:
        return ""
    extension = ""
    found = _EXTENSION.search(text)
    if found:
        extension, text = f" poste {found.group(1)}", text[: found.start()]
    digits = "".join(_PHONE_DIGITS.findall(text))
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    international = text.lstrip().startswith("+")
    if len(digits) == 10 and (not international or text.lstrip().startswith("+1")):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}{extension}"
    if international and len(digits) >= 8:
        return text.strip() + extension
    raise ValueError("invalid phone number")
