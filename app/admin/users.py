"""Views of user administration: list, create, edit, deactivate, reset a password."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.access import get_or_404
from app.admin import bp
from app.admin.forms import ActiveForm, PasswordForm, UserForm
from app.editing import edit_page
from app.extensions import db
from app.lists import list_page, open_list, send_list
from app.saving import save_edit, show_errors
from models import User
from models.labels import ROLE_LABELS
from models.lists import UserList
from models.operations import (
    ValidationFailed,
    create_user,
    reset_password,
    set_user_active,
    update_user,
)


def user_page(user: User, form: UserForm, password_form: PasswordForm | None = None):
    """Render the edit page of `user` with its three forms."""
    return edit_page(
        "admin/user_edit.html",
        form,
        user=user,
        password_form=password_form or PasswordForm(),
        active_form=ActiveForm(formdata=None).wanting(not user.active, "user"),
    )


@bp.get("/users")
def users():
    """List the users with role, regions, language and active flag, filtered and sorted."""
    listing = open_list(UserList)
    return render_template(
        "admin/users.html", listing=listing, page=list_page(listing), roles=ROLE_LABELS
    )


@bp.get("/users/export.<any(xlsx, csv):fmt>")
def users_export(fmt: str):
    """Download the user list as on screen, as .xlsx or .csv (audited)."""
    return send_list(UserList, fmt)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create a user with an initial password."""
    form = UserForm().fill_choices()
    if form.validate_on_submit():
        try:
            user = create_user(
                current_user,
                form.email.data,
                form.role.data,
                form.password.data,
                form.name.data,
                form.regions.data,
                form.language.data,
            )
            db.session.commit()
            flash(_("User %(email)s created.", email=user.email), "success")
            return redirect(url_for(".users"))
        except ValidationFailed as error:
            db.session.rollback()
            show_errors(form, error)
    return render_template("admin/user_new.html", form=form)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int):
    """Change a user's name, role, regions and language."""
    user = get_or_404(select(User), User, user_id)
    form = UserForm.editing(user)
    saved = _("Changes saved.")
    if form.validate_on_submit() and save_edit(form, update_user, user, success=saved):
        return redirect(url_for(".users"))
    return user_page(user, form)


@bp.post("/users/<int:user_id>/active")
def user_active(user_id: int):
    """Deactivate a user (their sessions end at once) or reactivate them."""
    user = get_or_404(select(User), User, user_id)
    form = ActiveForm()
    if form.validate_on_submit():
        try:
            set_user_active(current_user, user, form.active.data == "1")
            db.session.commit()
            flash(
                _("%(email)s can sign in again.", email=user.email)
                if user.active
                else _("%(email)s is deactivated and signed out.", email=user.email),
                "success",
            )
        except ValidationFailed as error:
            db.session.rollback()
            flash("; ".join(error.errors.values()), "danger")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/password")
def reset_user_password(user_id: int):
    """Give a user a new password."""
    user = get_or_404(select(User), User, user_id)
    password_form = PasswordForm()
    if password_form.validate_on_submit():
        try:
            reset_password(current_user, user, password_form.password.data or "")
            db.session.commit()
            flash(_("The password of %(email)s was reset.", email=user.email), "success")
            return redirect(url_for(".edit_user", user_id=user.id))
        except ValidationFailed as error:
            db.session.rollback()
            show_errors(password_form, error)
    return user_page(user, UserForm.stored(user), password_form)
