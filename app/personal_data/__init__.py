"""Personal data (administrators only): access requests, anonymization, retention review."""

from flask import Blueprint
from flask_login import current_user, login_required

from app.access import require

bp = Blueprint("personal_data", __name__, url_prefix="/personal-data")


@bp.before_request
@login_required
def admins_only():
    """Refuse every personal data page to anyone but an administrator."""
    require(current_user.is_admin)


from app.personal_data import routes  # noqa: E402, F401
