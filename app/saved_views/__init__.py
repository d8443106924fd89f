"""Saved views: a list's filters and sort kept under a name, personal or shared."""

from flask import Blueprint

bp = Blueprint("saved_views", __name__, url_prefix="/views")

from app.saved_views import routes  # noqa: E402, F401
