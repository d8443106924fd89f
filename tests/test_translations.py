"""The French catalogue is whole: every string of the code has a French translation."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "app" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
}


def source_messages() -> set[str]:
    """Return every msgid used in the code of app/, models/, importers/, reports/ and jobs/."""
    found = set()
    for package in ("app", "models", "importers", "reports", "jobs"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, METHODS, keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalog():
    with PO.open("rb") as f:
        return read_po(f)


def test_every_string_in_the_code_has_a_french_translation():
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
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
