"""The account page: the calendar feed's secret address (shown once, when made) and the
weekly digest's opt-in. Every signed-in user has one, whatever their role."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.account import bp
from app.account.forms import DigestForm, FeedOffForm, NewFeedForm
from app.extensions import db
from app.links import public_link
from models.operations.account import (
    calendar_feed_state,
    new_calendar_token,
    revoke_calendar_token,
    set_digest_opt_in,
)
from models.operations.common import OperationError


def _page(feed_address: str | None = None, status: int = 200):
    """Render the account page; `feed_address` is a new feed's, shown this once."""
    seen = calendar_feed_state(current_user)
    # Never from the request's form: after "New address" it holds the state before it.
    new_form = NewFeedForm(formdata=None, prefix="new", seen=seen)
    off_form = FeedOffForm(formdata=None, prefix="off", seen=seen)
    if current_user.calendar_token_hash:
        new_form.submit.label.text = _("New address")
    digest = DigestForm(formdata=None, prefix="digest", digest_opt_in=current_user.digest_opt_in)
    return render_template("account/index.html", new_form=new_form, off_form=off_form,
                           digest_form=digest, feed_address=feed_address), status  # fmt: skip


@bp.get("/")
@login_required
def index():
    """Show the user's calendar feed and digest settings."""
    return _page()


@bp.post("/calendar/new")
@login_required
def new_feed():
    """Make a new calendar address, which revokes the old one, and show it this once."""
    form = NewFeedForm(prefix="new")
    if not form.validate_on_submit():
        return redirect(url_for(".index"))
    try:
        token = new_calendar_token(current_user, form.seen.data or "")
    except OperationError as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(url_for(".index"))
    db.session.commit()
    return _page(feed_address=public_link("calendar.feed", token=token))


@bp.post("/calendar/off")
@login_required
def feed_off():
    """Turn the calendar address off: calendars subscribed to it get nothing more."""
    form = FeedOffForm(prefix="off")
    if form.validate_on_submit():
        try:
            if revoke_calendar_token(current_user, form.seen.data or ""):
                db.session.commit()
                flash(_("Your calendar address is turned off: calendars subscribed to it "
                        "receive nothing more."), "success")  # fmt: skip
        except OperationError as error:
            db.session.rollback()
            flash(str(error), "warning")
    return redirect(url_for(".index"))


@bp.post("/digest")
@login_required
def digest():
    """Keep whether the user receives the weekly digest."""
    form = DigestForm(prefix="digest")
    if form.validate_on_submit():
        wanted = bool(form.digest_opt_in.data)
        if set_digest_opt_in(current_user, wanted):
            db.session.commit()
        if wanted:
            flash(_("Saved: your follow-ups will be emailed to %(email)s on Monday mornings.",
                    email=current_user.email), "success")  # fmt: skip
        else:
            flash(_("Saved: you will not receive the weekly digest."), "success")
    return redirect(url_for(".index"))
