"""A user's own account: changing their password and their interface language."""

import secrets

from flask_babel import lazy_gettext as _l

from models.audit import record
from models.base import db
from models.operations.common import ValidationFailed
from models.operations.users import password_problem


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
