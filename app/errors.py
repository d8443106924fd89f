"""Error pages in the user's language, never a stack trace."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError

from app.editing import stale_message
from app.extensions import db


def register(app) -> None:
    """Attach the 400 (a form's token refused), 403, 404 and 500 pages, and the answer to a
    save that lost a race, to `app`."""

    @app.errorhandler(CSRFError)
    def form_expired(_error):
        """Show that a form came without a valid token: from a page older than its session
        (signed out, or the browser closed), or signed with another SECRET_KEY (README)."""
        message = _("This form has expired. Go back, reload the page and send it again.")
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(403)
    def forbidden(_error):
        """Show the page for a forbidden action."""
        return render_template(
            "errors/error.html", code=403, message=_("You are not allowed to do this.")
        ), 403

    @app.errorhandler(404)
    def not_found(_error):
        """Show the page for something that does not exist or is out of scope."""
        return render_template(
            "errors/error.html", code=404, message=_("This page does not exist.")
        ), 404

    @app.errorhandler(500)
    def server_error(_error):
        """Roll back and show a plain error page."""
        db.session.rollback()
        message = _("Something went wrong on our side. Please try again.")
        return render_template("errors/error.html", code=500, message=message), 500

    @app.errorhandler(StaleDataError)
    def saved_at_the_same_moment(_error):
        """Roll back a change that someone else's save overtook (a button such as "done" or
        "archive"; edit forms answer it themselves, app.saving.save), say so, and go back."""
        db.session.rollback()
        flash(stale_message(), "warning")
        back = request.referrer
        if not back or not back.startswith(request.host_url):
            back = url_for("main.index")
        return redirect(back)
