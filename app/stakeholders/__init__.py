"""Stakeholders: list with search and filters, detail, create, edit, archive, export, ties."""

from flask import Blueprint

bp = Blueprint("stakeholders", __name__, url_prefix="/stakeholders")

from app.stakeholders import routes, ties  # noqa: E402, F401
