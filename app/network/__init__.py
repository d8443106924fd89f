"""The network map: the synergy report's collaboration graph as a picture, and its downloads."""

from flask import Blueprint

bp = Blueprint("network", __name__)

from app.network import routes  # noqa: E402, F401
