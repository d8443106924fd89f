"""French text of every user-facing string, one module per feature (core, web, ...).

Each module defines `FR = {msgid: French}`; `fill.py` writes them into messages.po. A
message with a context (`pgettext("feminine", "All")`) is keyed "feminine\x04All".
A feature adds its own module, so people working on different features never edit the
same file.
"""

import importlib
import pkgutil


def all_french() -> dict[str, str]:
    """Return the msgid → French mapping of every module of this package."""
    merged: dict[str, str] = {}
    for module in pkgutil.iter_modules(__path__):
        merged.update(importlib.import_module(f"{__name__}.{module.name}").FR)
    return merged
