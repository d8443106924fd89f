"""Imports: upload → column mapping → preview → confirm → result; history and undo."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")

from app.imports import routes  # noqa: E402, F401
