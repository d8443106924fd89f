"""The mail drop's review queue (Courriels à classer) and its readings of the mailbox."""

from flask import Blueprint

bp = Blueprint("maildrop", __name__, url_prefix="/maildrop")

from app.maildrop import routes  # noqa: E402, F401
