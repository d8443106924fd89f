"""The French catalogue is whole: every string of the code has a French translation."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "app" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/templates/**.txt", "jinja2"),  # plain-text emails
]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
}


def source_messages() -> set[str]:
    """Return every msgid used in the code of app/, models/, importers/, reports/ and jobs/."""
    found = set()
    for package in ("app", "models", "importers", "reports", "jobs"):
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / package, METHODS, keywords=KEYWORDS
        ):
            found.add(key(message, context))
    return found


def key(msgid, context) -> str:
    """Return a message's key as app/translations/french/ writes it ("feminine\x04All")."""
    msgid = msgid[0] if isinstance(msgid, tuple) else msgid
    return f"{context}\x04{msgid}" if context else msgid


def catalog():
    with PO.open("rb") as f:
        return read_po(f)


def test_every_string_in_the_code_has_a_french_translation():
    translated = {
        key(m.id, m.context)
        for m in catalog()
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string) and not m.fuzzy
    }
    missing = sorted(source_messages() - translated)
    assert not missing, f"run `make translations` and translate: {missing}"


def test_placeholders_survive_translation():
    for message in catalog():
        if message.id and isinstance(message.id, str) and message.string:
            wanted = sorted(re.findall(r"%\(\w+\)[sd]", message.id))
            assert sorted(re.findall(r"%\(\w+\)[sd]", message.string)) == wanted, message.id


# French punctuation as Quebec writes it: a non-breaking space (U+00A0, or the narrow
# U+202F) before : ; ? ! and inside « ». "https://" and "%(time)s" are no punctuation.
SPACES = "\u00a0\u202f"
BEFORE_MARK = re.compile(rf"(?<![{SPACES}])[:;?!](?=\s|$|[»)\"'<])")
AFTER_OPENING = re.compile(rf"«(?![{SPACES}])")
BEFORE_CLOSING = re.compile(rf"(?<![{SPACES}])»")


def typography_errors(french: str) -> list[str]:
    """Return the places where `french` misses a non-breaking space, shown in context."""
    found = []
    for pattern in (BEFORE_MARK, AFTER_OPENING, BEFORE_CLOSING):
        for match in pattern.finditer(french):
            start = max(match.start() - 12, 0)
            found.append(french[start : match.end() + 12].replace("\u00a0", "⍽"))
    return found


def test_typography_helper_sees_ordinary_and_missing_spaces():
    assert typography_errors("Nom : Gagné") == ["Nom : Gagné"]
    assert typography_errors("Nom: Gagné") == ["Nom: Gagné"]
    assert typography_errors("« Montréal »") == ["« Montréal »", "« Montréal »"]
    assert typography_errors("Nom\u00a0: «\u00a0Montréal\u00a0»\u00a0? Oui\u202f!") == []
    assert typography_errors("https://example.org à 10:30, %(n)s") == []


def test_french_puts_a_non_breaking_space_before_high_marks_and_inside_guillemets():
    from babel.messages.mofile import read_mo

    with PO.with_suffix(".mo").open("rb") as f:
        compiled = read_mo(f)
    wrong = {}
    for message in compiled:
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        errors = [error for string in strings if string for error in typography_errors(string)]
        if errors and message.id:
            wrong[message.id if isinstance(message.id, str) else message.id[0]] = errors
    assert not wrong, f"{len(wrong)} French strings lack a non-breaking space: {wrong}"
