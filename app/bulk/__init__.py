"""Bulk actions on the lists: the confirmation, the result with its undo, and the recent
bulk changes (`models.operations.bulk_actions` does the work)."""

from flask import Blueprint

bp = Blueprint("bulk", __name__, url_prefix="/bulk")

from app.bulk import routes  # noqa: E402, F401
