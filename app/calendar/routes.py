"""Routes of the calendar blueprint (built by issue 15)."""

from app.calendar import bp  # noqa: F401
