"""Commitments: list with filters, detail with status history, create, edit, export."""

from flask import Blueprint

bp = Blueprint("commitments", __name__, url_prefix="/commitments")

from app.commitments import routes  # noqa: E402, F401
