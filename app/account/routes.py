"""Routes of the account blueprint (built by issue 15)."""

from app.account import bp  # noqa: F401
