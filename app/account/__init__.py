"""The user's own settings: the calendar feed's address, the weekly digest."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from app.account import routes  # noqa: E402, F401
