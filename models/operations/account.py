"""A user's own account: their password, interface language, calendar feed and digest."""

import secrets

from flask_babel import lazy_gettext as _l

from models.audit import record
from models.base import db
from models.operations.common import OperationError, ValidationFailed
from models.operations.users import password_problem
from models.user import calendar_token_hash


def change_own_password(user, current: str, new: str) -> None:
    """Change `user`'s password after checking the current one; end their other sessions."""
    errors = {}
    if not user.check_password(current or ""):
        errors["current"] = str(_l("The current password is wrong."))
    problem = password_problem(new or "", user.email)
    if problem:
        errors["password"] = problem
    elif current and new == current:
        errors["password"] = str(_l("Choose a password different from the current one."))
    if errors:
        raise ValidationFailed(errors)
    user.set_password(new)
    # A new session token signs out every other copy of this user's session.
    user.session_token = secrets.token_urlsafe(32)
    record(user, "update", "user", user.id, None, {"password": "changed"})
    db.session.flush()


def set_own_language(user, lang: str) -> bool:
    """Keep the interface language `user` chose for themself; return whether it changed.

    Audited and versioned as an admin's change of the same field is, so that an admin
    editing this user at the same time is told rather than putting the old language back.
    """
    if lang not in ("fr", "en"):
        raise ValidationFailed({"language": str(_l("Unknown value: %(value)s", value=lang))})
    if user.language == lang:
        return False
    record(user, "update", "user", user.id, {"language": user.language}, {"language": lang})
    user.language = lang
    user.version += 1
    return True


def calendar_feed_state(user) -> str:
    """Return what the account page showed of `user`'s calendar feed, so that a button
    pressed on a page another window has overtaken is refused: a few characters of the
    hash ("" without a feed), which tell nothing of the secret."""
    return (user.calendar_token_hash or "")[:12]


def _check_feed_unchanged(user, seen: str) -> None:
    if seen != calendar_feed_state(user):
        raise OperationError(
            str(_l("Your calendar address was changed in another window; here it is as it is now."))
        )


def new_calendar_token(user, seen: str) -> str:
    """Give `user` a new calendar feed address, which revokes the old one; return its
    secret. Only its SHA-256 is kept: the caller shows the address once, now."""
    _check_feed_unchanged(user, seen)
    token = secrets.token_urlsafe(32)
    before = "active" if user.calendar_token_hash else "none"
    user.calendar_token_hash = calendar_token_hash(token)
    record(user, "update", "user", user.id, {"calendar_feed": before}, {"calendar_feed": "new"})
    db.session.flush()
    return token


def revoke_calendar_token(user, seen: str) -> bool:
    """Turn `user`'s calendar feed off (its address then answers 404); return whether
    there was one."""
    _check_feed_unchanged(user, seen)
    if user.calendar_token_hash is None:
        return False
    user.calendar_token_hash = None
    record(user, "update", "user", user.id, {"calendar_feed": "active"}, {"calendar_feed": "none"})
    return True


def set_digest_opt_in(user, wanted: bool) -> bool:
    """Keep whether `user` wants the weekly digest of their follow-ups; return whether
    it changed."""
    if user.digest_opt_in == wanted:
        return False
    record(user, "update", "user", user.id, {"digest_opt_in": user.digest_opt_in},
           {"digest_opt_in": wanted})  # fmt: skip
    user.digest_opt_in = wanted
    return True
