"""Contacts: list with filters, detail, create, edit, export."""

from flask import Blueprint

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

from app.contacts import routes  # noqa: E402, F401
