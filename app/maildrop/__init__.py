"""The mail drop's review queue (Courriels à classer) and its readings of the mailbox."""

from flask import Blueprint

bp = Blueprint("maildrop", __name__, url_prefix="/maildrop")

from app.maildrop import routes  # noqa: E402, F401


@bp.app_context_processor
def maildrop_menu() -> dict:
    """Give every page `maildrop_waiting()`: how many of the signed-in user's messages have
    addresses to classify (the menu's entry and the home page's card show it)."""
    from flask_login import current_user

    from app.maildrop.queue import waiting_count

    def count() -> int:
        return waiting_count(current_user) if current_user.is_authenticated else 0

    return {"maildrop_waiting": count}
