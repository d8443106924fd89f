"""The public pages (no sign-in): subscribe, confirm by the emailed link, unsubscribe.

The links are built from `PUBLIC_URL`, never from the request's Host header. Opening a
link changes nothing: its page has one button, so that mail scanners that fetch links
cannot subscribe or unsubscribe anyone.
"""

from flask import abort, current_app, flash, g, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.mail import send_mail
from app.newsletter import bp
from app.newsletter.forms import CONSENT_WORDING, ConfirmForm, SubscribeForm, UnsubscribeForm
from app.throttling import too_many
from models.operations.consent import contact_by_token, withdraw_by_token
from models.operations.subscriptions import (
    confirm_subscription,
    pending_subscription,
    request_subscription,
)
from models.throttle import SUBSCRIBE_ADDRESS, count_attempt, retry_after


@bp.route("/subscribe", methods=["GET", "POST"])
def subscribe():
    """Take a subscription and email its confirmation link."""
    form = SubscribeForm(language=g.get("lang", "fr"))
    if not form.validate_on_submit():
        return render_template("newsletter/subscribe.html", form=form)
    address = request.remote_addr or "-"
    wait = retry_after(SUBSCRIBE_ADDRESS, address)
    if wait:
        return too_many(wait, "newsletter/subscribe.html", failures=False, form=form)
    count_attempt(SUBSCRIBE_ADDRESS, address)
    try:
        token = request_subscription(form.data, str(CONSENT_WORDING))
    except IntegrityError:  # a simultaneous request for this email made it first
        db.session.rollback()
        token = None
    if token is not None and not _send_confirmation(form, token):
        db.session.rollback()
        flash(_("The confirmation email could not be sent. Try again later."), "danger")
        return render_template("newsletter/subscribe.html", form=form)
    db.session.commit()
    # The same answer whether the email is known or not: nobody learns who is on the list.
    return render_template("newsletter/message.html", title=_("Check your email"),
                           message=_("We sent you a link: open it to confirm your "
                                     "subscription."))  # fmt: skip


def _send_confirmation(form: SubscribeForm, token: str) -> bool:
    """Email the confirmation link of `token`, in the person's language; False if it failed."""
    link = current_app.config["PUBLIC_URL"] + url_for(".confirmation", token=token)
    with force_locale(form.language.data):
        subject = _("Confirm your subscription to the newsletter")
        body = _("Hello,\n\nTo receive the newsletter of the Collectif petite enfance, "
                 "confirm your subscription by opening this link:\n\n%(link)s\n\n"
                 "If you did not ask for it, ignore this message.", link=link)  # fmt: skip
    try:
        send_mail(form.email.data, subject, body)
    except OSError:
        current_app.logger.exception("Confirmation email not sent")
        return False
    return True


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirmation(token: str):
    """Confirm a subscription: record the person's express consent."""
    pending = pending_subscription(token) or abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("newsletter/confirm.html", form=form, pending=pending)
    confirm_subscription(pending)
    db.session.commit()
    return render_template("newsletter/message.html", title=_("Subscription confirmed"),
                           message=_("Thank you: you will receive the newsletter."))  # fmt: skip


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """Unsubscribe at once, signed in or not; the link never expires."""
    contact = contact_by_token(token) or abort(404)
    form = UnsubscribeForm()
    if not form.validate_on_submit():
        return render_template("newsletter/unsubscribe.html", form=form, contact=contact)
    withdraw_by_token(token)
    db.session.commit()
    return render_template("newsletter/message.html", title=_("Unsubscribed"),
                           message=_("You will no longer receive the newsletter."))  # fmt: skip
