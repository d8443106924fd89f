"""The main menu: each entry shows once its feature's endpoint exists and the role may use it."""

from flask import current_app
from flask_babel import lazy_gettext as _l

# endpoint, label, roles that see it (None: every signed-in user)
MENU = [
    ("main.index", _l("Home"), None),
    ("stakeholders.index", _l("Stakeholders"), None),
    ("contacts.index", _l("Contacts"), None),
    ("interactions.index", _l("Interactions"), None),
    ("commitments.index", _l("Commitments"), None),
    ("imports.index", _l("Import"), ("admin", "coordinator")),
    ("reports.synergy", _l("Synergy report"), None),
    ("admin.users", _l("Administration"), ("admin",)),
]


def menu_for(user) -> list[tuple[str, str]]:
    """Return the (endpoint, label) entries of the menu that `user` sees."""
    if not user.is_authenticated:
        return []
    return [
        (endpoint, label)
        for endpoint, label, roles in MENU
        if endpoint in current_app.view_functions and (roles is None or user.role in roles)
    ]
