"""The calendar feed's address: `/calendar/<secret>.ics`, read by calendar apps without a
sign-in or a session. An unknown, revoked or inactive user's address answers the same
plain 404; an address that asks too many unknown ones is throttled (`models.throttle`)."""

from flask import make_response, request
from flask_babel import gettext as _

from app.calendar import bp
from app.calendar.feed import calendar_of
from app.extensions import db
from models.throttle import CALENDAR_ADDRESS, count_attempt, retry_after
from models.user import calendar_feed_owner

# A calendar app may keep its copy this long (seconds); no proxy may keep one (private).
MAX_AGE = 300


@bp.get("/<token>.ics")
def feed(token: str):
    """Serve the calendar feed of the user whose secret address this is."""
    address = request.remote_addr or "-"
    wait = retry_after(CALENDAR_ADDRESS, address)
    if wait:
        return _plain(_("Too many requests. Try again later."), 429, {"Retry-After": str(wait)})
    user = calendar_feed_owner(token)
    if user is None:
        count_attempt(CALENDAR_ADDRESS, address)
        db.session.commit()
        return _plain(_("There is no calendar at this address."), 404)
    response = make_response(calendar_of(user))
    response.content_type = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="maillage.ics"'
    response.headers["Cache-Control"] = f"private, max-age={MAX_AGE}"
    response.add_etag()
    return response.make_conditional(request)


def _plain(text: str, status: int, headers: dict | None = None):
    """Return a short plain-text answer: no page, so no session cookie (a page's CSRF token
    would start one), and the same bytes whichever reason the address is refused for."""
    response = make_response(text + "\n", status, headers or {})
    response.content_type = "text/plain; charset=utf-8"
    return response
