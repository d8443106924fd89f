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
        if message.id in french:
            message.string = french[message.id]
            message.flags.discard("fuzzy")
        elif not message.string:
            missing.append(message.id)
    with po_path.open("wb") as f:
        write_po(f, catalog, width=100)
    return missing


if __name__ == "__main__":
    left = fill()
    for msgid in left:
        print(f"untranslated: {msgid!r}")
    sys.exit(1 if left else 0)
