"""A user's own account: changing their password."""

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
