"""Folding and normalization of text typed by people: names, regions, dates, emails,
phones, websites.

Every comparison of human text (search, matching a name, reading a region) goes through
these functions, so that `MONTREAL`, `Montréal` and ` montreal ` are the same thing.
"""

import difflib
import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import NamedTuple

import phonenumbers
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

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
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # a scan in C: `max(text)` was a quarter of `fold`


def strip_accents(text: str) -> str:
    """Return `text` without diacritics (é → e, Î → I), ligatures opened (œ → oe)."""
    if text.isascii():
        return text
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    if _ASTRAL.search(decomposed):  # astral characters: the general (slower) way
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _COMBINING.sub("", decomposed)


# Text in ASCII once its accents are gone (nearly all) is folded by one pass of this table
# over its bytes, in C: letters lowercased, any other character than a letter or a digit a
# space (dots are deleted first). 85,000 names and emails: 0.09 s, against 0.13 by `re.sub`.
_ASCII_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)


def fold(text: str | None) -> str:
    """Return `text` lowercased, without accents, punctuation turned into single spaces."""
    if not text:
        return ""
    text = strip_accents(str(text))
    if text.isascii():
        return " ".join(text.encode().translate(_ASCII_FOLD, b".").decode().split())
    text = text.lower().replace(".", "")
    return _NOT_ALNUM.sub(" ", text).strip()


def name_key(name: str | None, fold=fold) -> str:
    """Return the matching key of a name: folded, with no spaces at all.

    `C.P.E. Les Petits-Amis` and `cpe les petits amis` share the key `cpelespetitsamis`.
    `fold` may be one that remembers (an import folds the name again for its search text).
    """
    return fold(name).replace(" ", "")


def person_key(first_name: str | None, last_name: str | None) -> str:
    """Return the key a person is sorted by: last name, then first name, each folded as
    `name_key` does, so that « Émond » comes between « Dubé » and « Fortin », not after
    « Zucker » ("emond marie"; the space sorts before any letter, so « Roy » comes before
    « Royer »)."""
    return f"{name_key(last_name)} {name_key(first_name)}"


# Organization names: the words and forms that say what kind of body a name is, not which
# one (`organization_key`). Longer phrases first; each is matched on folded words.
_ORGANIZATION_PHRASES = (
    ("centre de la petite enfance", "cpe"),
    ("centres de la petite enfance", "cpe"),
    ("centre de petite enfance", "cpe"),
)
# `Ville de`, `Municipalité de`… name the town itself; `MRC de` stays `mrc` (the MRC is
# another body than its town), its small word dropped like any other.
_ORGANIZATION_FORMS = re.compile(
    r"\b(?:ville|municipalite|paroisse|canton|village|cite) (?:de la|de|du|des|d)\b"
)
_ORGANIZATION_WORDS = frozenset(
    {
        # legal forms (`inc.`, `ltée`, `enr.`, `s.e.n.c.`, `OBNL`): dots are dropped by `fold`
        "inc", "incorporee", "incorpore", "ltee", "limitee", "ltd", "enr", "senc", "sencrl",
        "obnl", "osbl", "cie", "corp",
        # articles and small words
        "le", "la", "les", "l", "de", "du", "des", "d", "et", "a", "au", "aux",
        "the", "of", "and",
    }
)  # fmt: skip


def organization_key(name: str | None) -> str:
    """Return an organization's name as folded words for comparing names (the duplicate
    finder), its legal words and forms folded by rule.

    On top of `fold` (case, accents, hyphens, apostrophes): `Centre de la petite enfance`
    is `cpe`; `St`/`Ste` are spelled out; the legal forms (`inc.`, `incorporée`, `ltée`,
    `enr.`, `s.e.n.c.`, `OBNL`), `Ville de`, `Municipalité de` and the small words (`le`,
    `la`, `les`, `l'`, `de`, `du`, `des`, `d'`) are dropped; `MRC de la Matanie` is
    `mrc matanie` (an MRC is not its main town: the finder keeps them apart). `CPE Les Bouts d'chou`
    and `Centre de la petite enfance Bouts-d'Chou inc.` both give `cpe bouts chou`.
    A name made of such words only keeps its folded form.
    """
    folded = saints_spelled_out(fold(name))
    for phrase, short in _ORGANIZATION_PHRASES:
        if phrase in folded:
            folded = re.sub(rf"\b{phrase}\b", short, folded)
    folded = _ORGANIZATION_FORMS.sub(" ", folded)
    words = [word for word in folded.split() if word not in _ORGANIZATION_WORDS]
    return " ".join(words) or folded.strip()


def _region_keys() -> dict[str, str]:
    keys = {}
    for code, name in REGIONS:
        keys[name_key(name)] = code
        keys[name_key(f"{code} {name}")] = code
    return keys


_REGION_KEYS = _region_keys()

# Names real lists give a region besides its official one (a part of a double name, the
# English name). A unique start of five letters or more (`Saguenay`, `Gaspésie`) needs none.
REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "02": ("Lac-Saint-Jean",),
    "05": ("Cantons-de-l'Est", "Eastern Townships"),
    "08": ("Témiscamingue",),
    "11": ("Îles-de-la-Madeleine", "Gaspésie et les Îles", "Gaspésie–Les Îles"),
}
# Words around a region's code or name that say nothing of which region it is
# (`Région administrative de l'Estrie`, `R05`, `Estrie region`).
_REGION_WORDS = frozenset({"region", "regions", "administrative", "admin", "r", "reg"})
_REGION_LEADING = frozenset({"de", "du", "des", "la", "le", "l", "d", "of", "the"})
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def saints_spelled_out(folded: str) -> str:
    """`st jean` → `saint jean`: how partners abbreviate `Saint-` and `Sainte-` in folded
    text (`fold`), for region and municipality names alike."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in folded.split())


class RegionCell(NamedTuple):
    """What a region cell holds: its codes, the regions its names name, the words left."""

    codes: list[str]  # as written (`06`, `18`)
    named: list[tuple[str, str]]  # (region code, name as folded)
    rest: list[str]  # words that are neither


def _region_words(text: str) -> list[str]:
    """Return the folded words of a region cell, digits apart from letters (`R05` → r 05)."""
    spaced = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", fold(text))
    return [_ABBREVIATIONS.get(word, word) for word in spaced.split()]


def _region_names(labels: dict[str, str] | None) -> list[tuple[list[str], str]]:
    """Return every name of a region as folded words with its code, longest first."""
    names = {}
    for code, name in REGIONS:
        for written in (name, *REGION_ALIASES.get(code, ()), (labels or {}).get(code, "")):
            words = tuple(_region_words(written))
            if words:
                names.setdefault(words, code)
    return sorted(((list(w), c) for w, c in names.items()), key=lambda n: -len(n[0]))


def read_region_cell(text: str, labels: dict[str, str] | None = None) -> RegionCell:
    """Split a region cell into its codes, the regions it names and the other words."""
    words, names = _region_words(text), _region_names(labels)
    codes, named, rest = [], [], []
    position = 0
    while position < len(words):
        word = words[position]
        for name, code in names:
            if words[position : position + len(name)] == name:
                named.append((code, " ".join(name)))
                position += len(name)
                break
        else:
            if word.isdigit():
                codes.append(word)
            elif word not in _REGION_WORDS and not (word in _REGION_LEADING and not named):
                rest.append(word)
            position += 1
    return RegionCell(codes, named, rest)


def region_code_from_text(text: str | int | None, labels: dict[str, str] | None = None) -> str:
    """Return the region code ("01"…"17") that `text` names, or raise ValueError.

    Every form real lists write is read when all the codes and names in the cell agree:
    `5`, `05`, `R05`, `Région 05`, `05 - Estrie`, `05 Estrie`, `Estrie (05)`, `Estrie`,
    `ESTRIE`, `Région administrative de l'Estrie`, `Saguenay--Lac-Saint-Jean`,
    `Saguenay/-Lac-Saint-Jean (02)`, any dash, slash or apostrophe, accents and capitals
    aside, `St` for `Saint`; the first words of a name (`Saguenay`, five letters or more);
    `labels` adds the labels an admin gave the regions. A code and a name that disagree, an
    ambiguous or an unknown value raise UnknownValue: its message names the regions in
    question, its `closest` the nearest region (`Estrie (05)`) when there is one.
    """
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    raw = str(text if text is not None else "").strip()
    if not raw:
        raise ValueError("empty region")
    key = name_key(raw)
    for code, label in (labels or {}).items():
        if key == name_key(label):
            return code
    if key in _REGION_KEYS:
        return _REGION_KEYS[key]
    cell = read_region_cell(raw, labels)
    shown = _region_shown(labels)
    for code in cell.codes:
        if not 1 <= int(code) <= 17:
            raise UnknownValue(
                _l("No region has the code %(code)s; the codes go from 01 to 17.", code=code)
            )
    codes = [f"{int(code):02d}" for code in cell.codes]
    names = [code for code, _name in cell.named]
    started = _regions_starting(cell.rest) if cell.rest else []
    leftover = bool(cell.rest)  # words that name no region
    if len(started) == 1 and len("".join(cell.rest)) >= 5:
        names.append(started[0])  # the first words of a name: `Saguenay`
        leftover = False
    _check_agreement(codes, names, cell.codes, shown)
    found = codes or names
    if leftover and not found:
        several = started if len(started) > 1 else _regions_holding(cell.rest)
        if len(several) > 1:
            raise UnknownValue(
                _l("“%(value)s” may name several regions: %(regions)s. Give its code.",
                   value=raw, regions=", ".join(shown[c] for c in several)),
                shown[several[0]],
            )  # fmt: skip
    if leftover or not found:
        closest = shown[found[0] if found else _closest_region(key, labels)]
        raise UnknownValue(
            _l("“%(value)s” is no region; the closest is %(closest)s.", value=raw,
               closest=closest),
            closest,
        )  # fmt: skip
    return found[0]


def _check_agreement(codes: list[str], names: list[str], written: list[str], shown) -> None:
    """Raise UnknownValue naming both when a cell's codes and names are not one region."""
    if len(set(codes)) > 1:
        raise UnknownValue(
            _l("The codes %(first)s and %(other)s name two regions.", first=shown[codes[0]],
               other=shown[next(c for c in codes if c != codes[0])])
        )  # fmt: skip
    if len(set(names)) > 1:
        raise UnknownValue(
            _l("The names %(first)s and %(other)s name two regions.", first=shown[names[0]],
               other=shown[next(c for c in names if c != names[0])])
        )  # fmt: skip
    if codes and names and codes[0] != names[0]:
        raise UnknownValue(
            _l("The code %(code)s (%(code_region)s) and the name %(name)s disagree.",
               code=written[0], code_region=shown[codes[0]].rsplit(" (", 1)[0],
               name=shown[names[0]])
        )  # fmt: skip


def _region_shown(labels: dict[str, str] | None) -> dict[str, str]:
    """Region code → `Estrie (05)`, as messages name a region."""
    return {code: f"{(labels or {}).get(code) or name} ({code})" for code, name in REGIONS}


def _regions_starting(words: list[str]) -> list[str]:
    """Return the regions whose name starts with these words (`Saguenay`)."""
    return sorted({code for code, name in REGIONS if _region_words(name)[: len(words)] == words})


def _regions_holding(words: list[str]) -> list[str]:
    """Return the regions whose name holds these words in this order (`Nord`: 09 and 10)."""
    wanted = f" {' '.join(words)} "
    return sorted(
        {code for code, name in REGIONS if wanted in f" {' '.join(_region_words(name))} "}
    )


def _closest_region(key: str, labels: dict[str, str] | None) -> str:
    """Return the code of the region whose name is nearest to `key`."""
    names = {name_key(name): code for code, name in REGIONS}
    names.update({name_key(label): code for code, label in (labels or {}).items() if label})
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.0)
    return names[close[0]] if close else REGIONS[0][0]


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


class InvalidEmail(ValueError):
    """An address that mail cannot reach; `message` says why, in the reader's language."""

    def __init__(self, value: str, message):
        super().__init__(str(message))
        self.value, self.message = value, message


# What Excel lists hold by the thousand: a dot-atom of plain letters, digits and ._%+- before
# the @, host labels of letters, digits and inner hyphens after it, a top-level domain of
# letters. Every such address is valid to email-validator as it is, once lowercased (a test
# checks it), so it skips the library's per-character IDNA checks (40 µs an address).
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63})"
)


def normalize_email(value: str | None) -> str:
    """Return the email address trimmed and lowercased ("" when empty), or raise InvalidEmail.

    The rule is email-validator's, syntax only (no DNS): no quoted local part, no display
    name or angle brackets, no IP address as domain, a domain that can exist on the
    internet. A domain may have accents (`x@café.ca`); the part before the @ may not, as
    most mailing tools cannot write to it (SMTPUTF8)."""
    text = (value or "").strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    if not text:
        return ""
    lowered = text.lower()
    plain = _PLAIN_EMAIL.fullmatch(lowered)
    if (
        plain
        and len(lowered) <= 254
        and lowered.index("@") <= 64
        and (plain.group(1) not in SPECIAL_USE_DOMAIN_NAMES)
    ):
        return lowered
    try:
        found = validate_email(text, check_deliverability=False, allow_smtputf8=False,
                               allow_display_name=False, allow_quoted_local=False,
                               allow_domain_literal=False)  # fmt: skip
    except EmailNotValidError:
        local = text.rpartition("@")[0]
        if local and not local.isascii():
            raise InvalidEmail(text, _l("“%(value)s”: letters with accents are accepted "
                                        "after the @ only; mailing tools cannot write to "
                                        "this address.", value=text)) from None  # fmt: skip
        reason = _l("“%(value)s” is not an email address that mail can reach: check for a "
                    "missing or doubled @, two dots in a row, a space, a comma or brackets.",
                    value=text)  # fmt: skip
        raise InvalidEmail(text, reason) from None
    return found.normalized.lower()


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
    "relationship_type": {
        "partner": ("partenariat", "partnership"),
        "member_of": ("membre", "member", "membership"),
        "funds": ("financeur", "bailleur de fonds", "funder", "financement", "funding"),
    },
}


# A directed tie type as read from its other end, which a partner writes from the table's
# or the funded body's side ("A pour membre": B is a member of A). The import turns the row
# round (`importers.kinds.relationships`); the page shows the same readings
# (`models.labels.TIE_TYPES_SEEN_FROM_TARGET`).
TIE_TYPES_READ_BACKWARDS: dict[str, tuple[str, ...]] = {
    "member_of": ("a pour membre", "a comme membre", "has as member", "has member"),
    "funds": ("financé par", "finance par", "funded by", "financée par"),
}


def backwards_tie_type(text) -> str | None:
    """Return the tie type that `text` names read from its other end ("Financé par":
    `funds`, B funding A), or None when it does not."""
    key = name_key(str(text or ""))
    for code, words in TIE_TYPES_READ_BACKWARDS.items():
        if key and key in {name_key(word) for word in words}:
            return code
    return None


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


_EXTENSION = re.compile(r"\s*(?:#|x|ext\.?|poste)\s*(\d+)\s*$", re.IGNORECASE)
# The usual North American forms (`(514) 555-1234`, `514.555.1234`, `+1 514 555 1234`):
# their digits make the number at once, without `phonenumbers.parse` (an import's hot loop).
_NORTH_AMERICAN = re.compile(r"(?:\+?1[\s.-]*)?\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})")


def normalize_phone(value) -> str:
    """Return a phone number in the house form ("" when empty); raise ValueError if it is none.

    North American numbers read `514-555-1234`, others in international form
    (`+33 1 23 45 67 89`), with an extension as ` poste 12` (`poste`, `ext.`, `x`, `#`
    are read). A number without a country code is Canadian. The number must be valid to
    `phonenumbers`: `555-1234` (no area code) or `123-456-7890` (no such area) is refused.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if not text:
        return ""
    extension = ""
    found = _EXTENSION.search(text)
    if found:
        extension, text = f" poste {found.group(1)}", text[: found.start()].strip()
    plain = _NORTH_AMERICAN.fullmatch(text)
    if plain:
        digits = int("".join(plain.groups()))
        number = phonenumbers.PhoneNumber(country_code=1, national_number=digits)
    else:
        try:
            number = phonenumbers.parse(text, "CA")
        except phonenumbers.NumberParseException:
            raise ValueError("not a phone number") from None
    # Valid in Canada first: one region's rules, a third of the time of all of them.
    if not (
        phonenumbers.is_valid_number_for_region(number, "CA")
        or phonenumbers.is_valid_number(number)
    ):
        raise ValueError("not a phone number")
    if number.extension and not extension:
        extension = f" poste {number.extension}"
    if number.country_code == 1:
        digits = str(number.national_number)
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}{extension}"
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return shown + extension


# A scheme before a colon (`javascript:`, `data:`); one with a dot is a host and its port.
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# An http(s) address: a host name ending with a top-level domain, a port, a path.
_WEB_ADDRESS = re.compile(r"(https?)://(?:[\w-]+\.)+[^\W\d_]{2,}(?::\d{1,5})?(?:[/?#]\S*)?",
                          re.IGNORECASE)  # fmt: skip


def normalize_website(value) -> str:
    """Return a website as an `http(s)://` address ("" when empty); raise ValueError otherwise.

    A bare domain (`cpe-soleil.org`, `www.cpe.org/contact`) gets `https://`. Any other
    scheme (`javascript:`, `data:`, `ftp:`), a space, or no host name is refused.
    """
    text = str(value if value is not None else "").strip()
    if not text:
        return ""
    scheme = _SCHEME.match(text)
    if scheme is None or "." in scheme.group(1):
        text = "https://" + text.lstrip("/")
    address = _WEB_ADDRESS.fullmatch(text)
    if address is None:
        raise ValueError("not a website")
    return address.group(1).lower() + text[len(address.group(1)) :]
