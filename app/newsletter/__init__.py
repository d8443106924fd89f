"""Newsletter: the public subscription and unsubscribe pages, and the staff's screens
(consent history of a contact, the newsletter list, the unsubscribe-list import)."""

from flask import Blueprint

bp = Blueprint("newsletter", __name__, url_prefix="/newsletter")

from app.newsletter import public, routes  # noqa: E402, F401
