"""Privacy: the public privacy page and the register of confidentiality incidents (admin)."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from app.privacy import incidents, routes  # noqa: E402, F401
