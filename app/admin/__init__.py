"""Administration: users, reference lists and the audit log (administrators only)."""

from flask import Blueprint
from flask_login import current_user, login_required

from app.access import require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def admins_only():
    """Refuse every administration page to anyone but an administrator."""
    require(current_user.is_admin)


from app.admin import audit, reference, users  # noqa: E402, F401
