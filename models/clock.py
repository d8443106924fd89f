"""One clock: times are stored as naive UTC, and people read them in the coalition's zone.

Both databases store `DateTime` columns without a zone; every value is UTC (`utcnow`).
Pages show them through Flask-Babel's `datetimeformat` and `dateformat` filters, which
convert to `BABEL_DEFAULT_TIMEZONE` (the `TIME_ZONE` setting, America/Toronto by default);
JSON carries them as ISO 8601 with their offset (`iso`), so no reader has to guess.
"""

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo


def iso(value: Any) -> Any:
    """Return a date as `2026-03-14`, a stored (UTC) datetime as `2026-03-14T02:30:00+00:00`."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def day_start(day: date) -> datetime:
    """Return the stored (naive UTC) time at which `day` begins in the coalition's zone."""
    from flask_babel import get_timezone

    local = datetime.combine(day, time.min, tzinfo=ZoneInfo(str(get_timezone())))
    return local.astimezone(UTC).replace(tzinfo=None)


def zone() -> ZoneInfo:
    """Return the coalition's time zone (the `TIME_ZONE` setting), in or out of a request."""
    from flask import current_app

    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local(value: datetime) -> datetime:
    """Return a stored (naive UTC) time as the coalition's local time, with its zone."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(zone())


def local_now() -> datetime:
    """Return the time now in the coalition's zone (the worker's jobs use it: a Monday
    morning, a message's day, are the coalition's, not the server's)."""
    return datetime.now(zone())


def today() -> date:
    """Return today in the coalition's zone, not the server's: a call logged at 21:00 in
    Montréal, on a server set to UTC, is dated that evening's day; follow-ups fall due, and
    contacts go dormant, on the coalition's days."""
    return local_now().date()
