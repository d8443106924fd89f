"""The main menu and the template helpers every page uses."""

from datetime import datetime
from functools import cache, lru_cache

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# endpoint, label, roles that see it (None: every signed-in user)
MENU = [
    ("main.index", _l("Home"), None),
    ("stakeholders.index", _l("Stakeholders"), None),
    ("contacts.index", _l("Contacts"), None),
    ("interactions.index", _l("Interactions"), None),
    ("commitments.index", _l("Commitments"), None),
    ("imports.index", _l("Import"), ("admin", "coordinator")),
    ("reports.synergy", _l("Synergy"), None),  # the report; short: one row at 1280 px
    ("network.index", _l("Network"), None),  # its map
    ("newsletter.index", _l("Newsletter"), ("admin", "coordinator", "board")),
    ("admin.users", _l("Administration"), ("admin",)),
]


# The administration pages: the menu's "Administration" opens onto them, and their tabs
# (admin/_nav.html) list them. endpoint, label, the other endpoints of the same page.
ADMIN_PAGES = [
    ("admin.users", _l("Users"), ("admin.new_user", "admin.edit_user")),
    ("admin.reference", _l("Reference lists"), ("admin.new_entry", "admin.edit_entry")),
    ("admin.audit", _l("Audit log"), ()),
    ("personal_data.index", _l("Access requests"), ("personal_data.anonymize",)),
    (
        "personal_data.retention",
        _l("Retention review"),
        ("personal_data.retention_anonymize",),
    ),
    ("maildrop.runs", _l("Mail drop"), ()),
    (
        "privacy.incidents",
        _l("Incidents"),
        ("privacy.new_incident", "privacy.incident", "privacy.edit_incident"),
    ),
]
SUBMENUS = {"admin.users": ADMIN_PAGES}


def submenu(endpoint: str) -> list[tuple[str, str, bool]]:
    """Return the (endpoint, label, is this page) entries a menu entry opens onto; none
    for a plain link."""
    return [
        (page, label, request.endpoint == page or request.endpoint in also)
        for page, label, also in SUBMENUS.get(endpoint, ())
        if page in current_app.view_functions
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


def has_endpoint(endpoint: str) -> bool:
    """Return whether the app has `endpoint` (features plug in without template changes)."""
    return endpoint in current_app.view_functions


def participants(interaction) -> list:
    """Return the stakeholders of `interaction` that the signed-in user may see."""
    from models.scoping import visible_participants

    return visible_participants(current_user, interaction)


def canadian():
    """Return the user's language as Canada writes it: fr_CA or en_CA."""
    from flask_babel import get_locale

    return _canadian(get_locale().language)


@cache
def _canadian(language: str):
    from babel import Locale

    return Locale.parse(f"{language}_CA")


def day(value, form: str = "medium") -> str:
    """Return a date as the user's locale writes it: "15 déc. 2026" (medium) or
    "15 décembre 2026" (long) in French; ISO dates stay in exports and JSON only."""
    from flask_babel import get_locale, to_user_timezone

    if not value:
        return ""
    if isinstance(value, datetime):  # a moment: its day where the user is
        value = to_user_timezone(value).date()
    return _day(value, form, get_locale().language)


@lru_cache(maxsize=4096)
def _day(value, form: str, language: str) -> str:
    """Babel's writing of a date, remembered: a list writes the same few days again and
    again, and Babel works each one out anew (about 10 µs)."""
    from babel.dates import format_date

    return format_date(value, form, locale=_canadian(language))


def moment(value) -> str:
    """Return a moment (a UTC datetime) as the user reads it, in their time zone:
    "15 déc. 2026 14 h 30" in French, "Dec 15, 2026 2:30 p.m." in English."""
    from babel.dates import format_time
    from flask_babel import get_locale, to_user_timezone

    if not value:
        return ""
    local, language = to_user_timezone(value), get_locale().language
    return " ".join(
        (
            _day(local.date(), "medium", language),
            format_time(local, "short", locale=_canadian(language)),
        )
    )


def number(value) -> str:
    """Return a whole number as the user's locale writes it: "1 174" in French."""
    from babel.numbers import format_decimal

    if type(value) is int and value >= 0:
        if value < 1000:  # written alike in every locale
            return str(value)
        # Grouped by thousands with the locale's separator, as its pattern (#,##0.###)
        # says: what Babel writes, without reading the pattern again for each of the
        # hundred figures of a dashboard.
        return f"{value:,}".replace(",", _group_symbol(canadian()))
    return format_decimal(value, locale=canadian())


@cache
def _group_symbol(locale) -> str:
    from babel.numbers import format_decimal

    return format_decimal(1000, locale=locale)[1]


def decimal(value, pattern: str | None = None) -> str:
    """Return a number as the user's locale writes it, with `pattern` ("0.00" → "0,03")."""
    from babel.numbers import format_decimal

    return format_decimal(value, pattern, locale=canadian())


def register(app) -> None:
    """Make the menu and the template helpers available to every template."""
    from app.choices import labels
    from app.fields import filter_options
    from models.import_batch import ImportStatus

    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["moment"] = moment
    app.jinja_env.globals.update(
        menu_for=menu_for,
        submenu=submenu,
        has_endpoint=has_endpoint,
        labels=labels,
        filter_options=filter_options,
        visible_participants=participants,
        ImportStatus=ImportStatus,
    )
