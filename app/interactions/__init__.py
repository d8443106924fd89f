"""Interactions: the quick log, list with filters, detail, edit, follow-ups, export."""

from flask import Blueprint

bp = Blueprint("interactions", __name__, url_prefix="/interactions")

from app.interactions import follow_ups, routes  # noqa: E402, F401
