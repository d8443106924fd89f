"""Create user accounts."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from models.audit import record
from models.base import db
from models.operations.common import require
from models.operations.validation import Checker
from models.reference import Region
from models.user import ROLES, User

MIN_PASSWORD_LENGTH = 12


def password_problem(password: str) -> str | None:
    """Return why `password` is refused, or None when it is acceptable."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
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
    regions = db.session.scalars(select(Region).where(Region.code.in_(codes))).all()
    if len(regions) != len(codes):
        check.fail("regions", _l("Unknown region."))
    if role == "regional_lead" and not codes:
        check.fail("regions", _l("A regional lead needs at least one region."))
    if role != "regional_lead" and codes:
        check.fail("regions", _l("Only regional leads have regions."))
    problem = password_problem(password)
    if problem:
        check.fail("password", problem)
    check.done()
    user = User(
        email=data["email"],
        role=role,
        name=(name or "").strip(),
        language=language,
        regions=list(regions),
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
