"""Saving, renaming, sharing and deleting saved views of a list; each change audited.

A view keeps the list's canonical arguments (`ListQuery.args()`: its filters and sort,
never its page). Every user may save personal views and share them with everyone (the
board too: reading is their job); a view is changed by its owner or an admin.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.audit import record
from models.base import db
from models.lists import ListQuery
from models.operations.common import PermissionDenied, ValidationFailed, require, snapshot
from models.saved_view import SavedView

# The lists a view may be saved of (the four lists of records).
SAVABLE = ("stakeholders", "contacts", "interactions", "commitments")
NAME_LENGTH = 100
AUDITED = ("user_id", "list_name", "name", "args", "shared")


def clean_name(name: str | None) -> str:
    """Return the name trimmed; ValidationFailed when empty or too long."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed({"name": _l("Give the view a name.")})
    if len(name) > NAME_LENGTH:
        raise ValidationFailed(
            {"name": _l("A view's name holds at most %(num)s characters.", num=NAME_LENGTH)}
        )
    return name


def _named(user_id: int | None, list_name: str, name: str) -> SavedView | None:
    """Return the view of `user_id` named `name` for the list `list_name`, if any."""
    query = select(SavedView).where(
        SavedView.user_id == user_id, SavedView.list_name == list_name, SavedView.name == name
    )
    return db.session.scalar(query)


def save_view(actor, listing: ListQuery, name: str, shared: bool) -> tuple[SavedView, bool]:
    """Save the view `listing` under `name` for `actor`; return it and whether it replaced
    the actor's view of that name for this list."""
    require(actor is not None and listing.name in SAVABLE)
    name = clean_name(name)
    view = _named(actor.id, listing.name, name)
    before = snapshot(view, AUDITED) if view is not None else None
    if view is None:
        view = SavedView(user_id=actor.id, list_name=listing.name, name=name)
        db.session.add(view)
    view.args, view.shared = listing.args(), bool(shared)
    db.session.flush()
    record(actor, "update" if before else "create", "saved_view", view.id, before,
           snapshot(view, AUDITED))  # fmt: skip
    return view, before is not None


def rename_view(actor, view: SavedView, name: str) -> None:
    """Rename `view`; refused when its owner has another view of that name for the list."""
    _may_change(actor, view)
    name = clean_name(name)
    other = _named(view.user_id, view.list_name, name)
    if other is not None and other.id != view.id:
        raise ValidationFailed({"name": _l("A view of this list is already named “%(name)s”.",
                                           name=name)})  # fmt: skip
    _change(actor, view, name=name)


def share_view(actor, view: SavedView, shared: bool) -> None:
    """Share `view` with everyone, or make it personal again."""
    _may_change(actor, view)
    _change(actor, view, shared=bool(shared))


def delete_view(actor, view: SavedView) -> None:
    """Delete `view` (audited with its values)."""
    _may_change(actor, view)
    record(actor, "delete", "saved_view", view.id, snapshot(view, AUDITED), None)
    db.session.delete(view)
    db.session.flush()


def _may_change(actor, view: SavedView) -> None:
    if not view.changeable_by(actor):
        raise PermissionDenied(_l("Only the view's owner or an admin may change it."))


def _change(actor, view: SavedView, **values) -> None:
    """Set `values` on `view` and audit the change, when there is one."""
    before = snapshot(view, AUDITED)
    for name, value in values.items():
        setattr(view, name, value)
    after = snapshot(view, AUDITED)
    if after != before:
        db.session.flush()
        record(actor, "update", "saved_view", view.id, before, after)
