"""Saved views: a list's filters and sort kept under a name, personal or shared.

`args` are the list's canonical arguments (`ListQuery.args()`), read back through
`ListQuery.parse`, so a saved view is checked against the list and the user's scope every
time it is opened, like any address: a value that no longer means anything is left out,
and a regional lead opening a shared view still sees only their territory.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from models.base import db, utcnow


class SavedView(db.Model):
    """One saved view of a list; its owner names it, and may share it with everyone."""

    __table_args__ = (UniqueConstraint("user_id", "list_name", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    list_name: Mapped[str] = mapped_column(String(20))  # stakeholders, contacts, …
    name: Mapped[str] = mapped_column(String(100))
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    user = relationship("User")

    def listing(self, user, labels=None):
        """Return the view of its list as `user` opens it: in their scope, a value that
        no longer means anything left out (`dropped`)."""
        from models.lists import LISTS

        return LISTS[self.list_name].parse(user, self.args, labels)

    def changeable_by(self, user) -> bool:
        """Return whether `user` may rename, share or delete this view: its owner or an
        admin (None, the system, may)."""
        return user is None or user.is_admin or user.id == self.user_id


def with_owner_name():
    """Return the loader option of the views' owners, for their names (a shared view says
    whose it is): in the views' query, and without the owners' regions, each a query more
    on every list page and dashboard."""
    from models.user import User

    return joinedload(SavedView.user).lazyload(User.regions)


@dataclass(frozen=True)
class ViewShown:
    """A saved view as the lists' "Views" menu and the home page show it: plain data, kept
    from one page to the next (`views_shown`)."""

    id: int
    name: str
    list_name: str
    args: dict
    user_id: int | None
    shared: bool
    owner: str  # its owner's name (or email): a shared view says whose it is

    def listing(self, user, labels=None):
        """Return the view of its list as `user` opens it (`SavedView.listing`)."""
        from models.lists import LISTS

        return LISTS[self.list_name].parse(user, self.args, labels)


def views_of(user, list_name: str | None = None, limit: int | None = None) -> list[SavedView]:
    """Return the views `user` may open (theirs and the shared ones), of one list or of
    all, by list and name, with their owners' names."""
    from models.scoping import visible_saved_views

    query = visible_saved_views(user).options(with_owner_name()).limit(limit)
    if list_name is not None:
        query = query.where(SavedView.list_name == list_name)
    return list(db.session.scalars(query))


def views_shown(user, list_name: str | None = None, limit: int | None = None) -> list[ViewShown]:
    """Return the views `user` may open (theirs and the shared ones), of one list or of all,
    by list and name, remembered until a view or a user changes: every list page's menu and
    the home page show them."""
    from models.cache import remembered

    def read() -> list[ViewShown]:
        return [
            ViewShown(view.id, view.name, view.list_name, view.args, view.user_id, view.shared,
                      view.user.name or view.user.email if view.user else "")
            for view in views_of(user, list_name, limit)
        ]  # fmt: skip

    return remembered("views_shown", (user.id, list_name, limit), read, ("saved_view", "user"))
