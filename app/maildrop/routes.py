"""Routes of the maildrop blueprint (built by issue 15)."""

from app.maildrop import bp  # noqa: F401
