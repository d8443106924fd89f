"""Create user accounts and manage them: role, regions, language, active flag, password."""

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from models.audit import record
from models.base import db
from models.operations.common import ValidationFailed, check_version, require
from models.operations.validation import Checker
from models.reference import Region
from models.user import ROLES, User

MIN_PASSWORD_LENGTH = 12


# Passwords of 12 characters or more that still top the leaked-password lists, English
# and French, and the product's own name: refused whatever their length.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678910",
        "qwertyuiopas",
        "qwerty123456",
        "azertyuiop12",
        "azertyuiopqs",
        "password1234",
        "password12345",
        "passwordpassword",
        "motdepasse12",
        "motdepasse123",
        "motdepasse1234",
        "iloveyou1234",
        "welcome12345",
        "bienvenue123",
        "bienvenue1234",
        "administrator",
        "administrateur",
        "maillage2026",
        "maillagemaillage",
        "petiteenfance",
        "letmein12345",
        "abc123456789",
        "000000000000",
        "111111111111",
        "aaaaaaaaaaaa",
        "changeme1234",
        "quebec123456",
        "montreal1234",
    }
)


def password_problem(password: str, email: str | None = None) -> str | None:
    """Return why `password` (of the account `email`) is refused, or None when acceptable."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        return str(_l("This password is too common; choose another one."))
    # The email is the first thing a guesser who knows the account tries.
    if email and password.strip().lower() == email.strip().lower():
        return str(_l("A password cannot be the account's email address."))
    return None


def create_user(
    actor,
    email: str,
    role: str,
    password: str,
    name: str = "",
    region_codes: list[str] | None = None,
    language: str = "fr",
) -> User:
    """Create a user; a regional lead needs at least one region, other roles have none."""
    require(actor is None or actor.is_admin)
    data = {"email": email, "role": role, "language": language}
    check = Checker(data)
    check.email("email")
    check.choice("role", ROLES)
    check.choice("language", ("fr", "en"))
    if not data["email"]:
        check.fail("email", _l("This field is required."))
    elif db.session.scalar(select(User.id).where(func.lower(User.email) == data["email"])):
        check.fail("email", _l("A user with this email already exists."))
    codes = sorted(set(region_codes or []))
    regions = _region_check(check, role, codes)
    problem = password_problem(password, data["email"])
    if problem:
        check.fail("password", problem)
    check.done()
    user = User(
        email=data["email"],
        role=role,
        name=(name or "").strip(),
        language=language,
        regions=regions,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(
        actor,
        "create",
        "user",
        user.id,
        None,
        {"email": user.email, "role": role, "regions": codes, "name": user.name},
    )
    return user


def _region_check(check: Checker, role: str, codes: list[str]) -> list[Region]:
    """Check the regions for `role` (a lead needs some, others none); return them."""
    regions = db.session.scalars(select(Region).where(Region.code.in_(codes))).all()
    if len(regions) != len(codes):
        check.fail("regions", _l("Unknown region."))
    if role == "regional_lead" and not codes:
        check.fail("regions", _l("A regional lead needs at least one region."))
    if role != "regional_lead" and codes:
        check.fail("regions", _l("Only regional leads have regions."))
    return list(regions)


USER_FIELDS = ("name", "role", "language")


def update_user(actor, user: User, data: dict, expected_version: int | None = None) -> bool:
    """Change a user's name, role, regions or language; return whether anything changed.

    Only the keys `name`, `role`, `regions` (codes) and `language` are read. An admin
    cannot take away their own administrator role. A stale edit is refused.
    """
    require(actor is not None and actor.is_admin)
    check_version(user, expected_version)
    data = {k: data[k] for k in (*USER_FIELDS, "regions") if k in data}
    check = Checker(data)
    check.choice("role", ROLES)
    check.choice("language", ("fr", "en"))
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    role = data.get("role", user.role)
    if user.id == actor.id and role != "admin":
        check.fail("role", _l("You cannot remove your own administrator role."))
    codes = sorted(set(data.pop("regions", user.region_codes) or []))
    regions = _region_check(check, role, codes)
    check.done()
    before, after = {}, {}
    for field in USER_FIELDS:
        if field in data and getattr(user, field) != data[field]:
            before[field], after[field] = getattr(user, field), data[field]
            setattr(user, field, data[field])
    if codes != sorted(user.region_codes):
        before["regions"], after["regions"] = sorted(user.region_codes), codes
        user.regions = regions
    if after:
        user.version += 1
        record(actor, "update", "user", user.id, before, after)
    return bool(after)


def set_user_active(actor, user: User, active: bool) -> bool:
    """Deactivate or reactivate a user; deactivating ends every session of theirs at once.

    Returns whether anything changed. An admin cannot deactivate themself.
    """
    require(actor is not None and actor.is_admin)
    if user.id == actor.id and not active:
        raise ValidationFailed({"active": _l("You cannot deactivate your own account.")})
    if user.active == bool(active):
        return False
    user.active = bool(active)
    if not active:
        user.session_token = secrets.token_urlsafe(32)
    record(actor, "update", "user", user.id, {"active": not active}, {"active": bool(active)})
    return True


def reset_password(actor, user: User, password: str) -> None:
    """Give a user a new password; their other sessions end (audited without the password)."""
    require(actor is not None and actor.is_admin)
    problem = password_problem(password, user.email)
    if problem:
        raise ValidationFailed({"password": problem})
    user.set_password(password)
    # Someone else's sessions end: whoever held the old password is out. An admin
    # resetting their own password keeps the session they are using.
    if user.id != actor.id:
        user.session_token = secrets.token_urlsafe(32)
    record(actor, "update", "user", user.id, None, {"password": "reset"})
