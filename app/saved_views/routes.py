"""Saving, opening, sharing and deleting saved views; the "Views" menu of the lists."""

from urllib.parse import parse_qsl, urlencode

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from app.access import get_or_404, require
from app.choices import labels
from app.extensions import db
from app.imports.forms import KIND_LABELS
from app.saved_views import bp
from app.saved_views.forms import DeleteViewForm, RenameViewForm, SaveViewForm, ShareViewForm
from models.lists import LISTS
from models.operations import OperationError, ValidationFailed
from models.operations.saved_views import (
    SAVABLE,
    delete_view,
    rename_view,
    save_view,
    share_view,
)
from models.saved_view import SavedView, views_of, views_shown
from models.scoping import visible_saved_views


def menu(listing) -> dict:
    """Return what the "Views" menu of a list shows: the views of the list the user may
    open, the one the list shows now (its arguments are the view's), and the form that
    saves the list's view (its filters and sort as a query string)."""
    views = views_shown(current_user, listing.name)
    here = listing.args()
    current = next((view for view in views if view.args == here), None)
    form = SaveViewForm(list_name=listing.name, query=urlencode(here, doseq=True))
    return {"views": views, "current": current, "form": form}


@bp.app_context_processor
def saved_views_menu() -> dict:
    """Give the pages the "Views" menu of a list and the words of the lists' names."""
    return {"saved_views_menu": menu, "list_words": KIND_LABELS}


def _found(view_id: int, changing: bool = False) -> SavedView:
    """Return the view the URL names if the user may open it, else 404; `changing`: 403
    unless they may change it too."""
    view = get_or_404(visible_saved_views(current_user), SavedView, view_id)
    if changing:
        require(view.changeable_by(current_user))
    return view


@bp.get("/")
@login_required
def index():
    """List the user's views and the shared ones, to open, rename, share or delete."""
    return render_template("saved_views/index.html", views=views_of(current_user))


@bp.get("/<int:view_id>")
@login_required
def open_view(view_id: int):
    """Open a view: its list with its filters and sort (read again in the user's scope)."""
    view = _found(view_id)
    return redirect(url_for(f"{view.list_name}.index", **view.args))


@bp.post("/save")
@login_required
def save():
    """Save the list's view under a name; back to the list, the view current."""
    form = SaveViewForm()
    require(form.list_name.data in SAVABLE)
    listing = LISTS[form.list_name.data].parse(
        current_user, MultiDict(parse_qsl(form.query.data or "")), labels()
    )
    back = url_for(f"{listing.name}.index", **listing.args())
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(back)
    try:
        view, replaced = save_view(current_user, listing, form.name.data, form.shared.data)
    except ValidationFailed as error:
        flash(error.errors["name"], "danger")
        return redirect(back)
    db.session.commit()
    if replaced:
        flash(_("The view “%(name)s” was replaced by this one.", name=view.name), "success")
    else:
        flash(_("View “%(name)s” saved.", name=view.name), "success")
    return redirect(back)


@bp.post("/<int:view_id>/rename")
@login_required
def rename(view_id: int):
    """Rename a view (its owner or an admin)."""
    view = _found(view_id, changing=True)
    form = RenameViewForm()
    if form.validate_on_submit():
        _run(rename_view, view, form.name.data, said=_("View renamed."))
    else:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "danger")
    return redirect(url_for(".index"))


@bp.post("/<int:view_id>/share")
@login_required
def share(view_id: int):
    """Share a view with everyone, or make it personal again."""
    view = _found(view_id, changing=True)
    form = ShareViewForm()
    if form.validate_on_submit():
        shared = form.shared.data == "1"
        said = _("View shared with the whole team.") if shared else _("View made personal.")
        _run(share_view, view, shared, said=said)
    return redirect(url_for(".index"))


@bp.post("/<int:view_id>/delete")
@login_required
def delete(view_id: int):
    """Delete a view (its owner or an admin)."""
    view = _found(view_id, changing=True)
    if DeleteViewForm().validate_on_submit():
        # What saving it again needs, for the message's "Undo" (a form to `save`).
        kept = {"list_name": view.list_name, "name": view.name, "shared": view.shared,
                "query": urlencode(view.args, doseq=True)}  # fmt: skip
        if _run(delete_view, view, said=None):
            flash(kept, "view-undo")
    return redirect(url_for(".index"))


def _run(operation, view: SavedView, *values, said: str | None) -> bool:
    """Run `operation` on `view`; commit and say `said` (if any), or say why it was
    refused; return whether it was done."""
    try:
        operation(current_user, view, *values)
    except ValidationFailed as error:
        db.session.rollback()
        flash(" ".join(error.errors.values()), "danger")
        return False
    except OperationError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return False
    db.session.commit()
    if said:
        flash(said, "success")
    return True
