"""Write the French text of `french/` into messages.po; list what is still untranslated.

`make translations` runs it after extracting the strings.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.translations.french import all_french

PO = Path(__file__).parent / "fr" / "LC_MESSAGES" / "messages.po"


def fill(po_path: Path = PO) -> list[str]:
    """Fill `po_path` from the French modules; return the msgids left without French."""
    french = all_french()
    with po_path.open("rb") as f:
        catalog = read_po(f)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        # A plural message's id is (singular, plural); its French is a (one, many) pair,
        # under the singular.
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        # A message with a context (pgettext) is keyed "context\x04msgid", as gettext does.
        if message.context:
            key = f"{message.context}\x04{key}"
        if key in french:
            message.string = french[key]
            message.flags.discard("fuzzy")
        elif not _translated(message.string):
            missing.append(key)
    with po_path.open("wb") as f:
        write_po(f, catalog, width=100)
    return missing


def _translated(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


if __name__ == "__main__":
    left = fill()
    for msgid in left:
        print(f"untranslated: {msgid!r}")
    sys.exit(1 if left else 0)
