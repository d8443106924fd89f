"""Views of sign-in and sign-out."""

import secrets
import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from app.auth import bp
from app.auth.forms import LoginForm, PasswordForm
from app.extensions import db, login_manager
from app.saving import show_errors
from app.throttling import too_many
from models import User
from models.normalize import has_controls
from models.operations import ValidationFailed
from models.operations.account import change_own_password
from models.throttle import (
    PASSWORD_CHECK,
    SIGN_IN_ADDRESS,
    SIGN_IN_EMAIL,
    count_attempt,
    forget_attempts,
    retry_after,
)
from models.user import authenticate

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"


# Every request loads its user, with its regions in the same query (one query, not two),
# by a statement built once: SQLAlchemy then reuses its cache key instead of working it
# out again (0.4 ms against 0.6-0.8 for `Session.get` with the same option).
SIGNED_IN = select(User).options(joinedload(User.regions)).where(User.id == bindparam("id"))


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Return the active user whose id and session token match the session cookie."""
    user_id, _sep, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.execute(SIGNED_IN, {"id": int(user_id)}).unique().scalar_one_or_none()
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def safe_next(target: str | None) -> str:
    """Return `target` when it is a path on this site, else the home page.

    Any control character makes it the home page too: a line break would split the
    redirect's header, and browsers drop a tab, which turns `/<tab>/host` into `//host`.
    """
    if target and not has_controls(target):
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for("main.index")


# The last request's time is written to the session cookie at most once a minute: writing
# it on every request re-signed and re-sent the cookie with each page (an idle session may
# thus end up to a minute early).
SEEN_AT_STEP = 60


@bp.before_app_request
def end_expired_session():
    """Sign out a session idle too long, or older than the absolute limit."""
    if not current_user.is_authenticated:
        return None
    now, config = int(time.time()), current_app.config
    idle = now - session.get("seen_at", now) > config["SESSION_IDLE_TIMEOUT"]
    too_old = now - session.get("signed_in_at", now) > config["SESSION_ABSOLUTE_TIMEOUT"]
    if idle or too_old:
        logout_user()
        session.clear()
        flash(_("Your session has expired. Please sign in again."), "info")
        return redirect(
            url_for("auth.login", next=request.full_path if request.method == "GET" else None)
        )
    if now - session.get("seen_at", 0) >= SEEN_AT_STEP:
        session["seen_at"] = now
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    email, address = form.email.data.strip().lower(), request.remote_addr or "-"
    wait = retry_after(SIGN_IN_EMAIL, email)
    if wait:
        return too_many(wait, "auth/login.html", form=form)
    # An address over its limit (a whole office behind one proxy, or a guesser trying
    # many emails) still lets in a right password: only the email's own limit locks out.
    address_wait = retry_after(SIGN_IN_ADDRESS, address)
    user = authenticate(email, form.password.data)
    if user is not None:
        forget_attempts(SIGN_IN_EMAIL, email)
        db.session.commit()
        login_user(user)
        session["signed_in_at"] = session["seen_at"] = int(time.time())
        return redirect(safe_next(request.args.get("next")))
    count_attempt(SIGN_IN_EMAIL, email)
    if not address_wait:
        count_attempt(SIGN_IN_ADDRESS, address)
    db.session.commit()
    if address_wait:
        return too_many(address_wait, "auth/login.html", form=form)
    flash(_("Unknown email or wrong password."), "danger")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out and end every copy of this session on the server."""
    current_user.session_token = secrets.token_urlsafe(32)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; every other session of the user ends."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/password.html", form=form)
    wait = retry_after(PASSWORD_CHECK, str(current_user.id))
    if wait:
        return too_many(wait, "auth/password.html", form=form)
    try:
        change_own_password(current_user, form.current.data, form.password.data)
        forget_attempts(PASSWORD_CHECK, str(current_user.id))
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        if "current" in error.errors:  # a guess of the current password: counted
            count_attempt(PASSWORD_CHECK, str(current_user.id))
            db.session.commit()
        show_errors(form, error)
        return render_template("auth/password.html", form=form)
    login_user(current_user._get_current_object())  # this session goes on
    flash(_("Your password is changed."), "success")
    return redirect(url_for("main.index"))
