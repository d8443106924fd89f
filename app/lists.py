"""The web side of the lists of `models.lists`: read the view from the request, show its
page, send its export. The routes of every list page call these three."""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user

from app.choices import labels
from app.downloads import send_export
from app.extensions import db
from app.pagination import Page, page_of
from models.lists import ListQuery


def open_list(listing_class: type[ListQuery]) -> ListQuery:
    """Return the view of the list the request asks for, in the user's scope; each value
    it could not use is said in a message, and left out."""
    listing = listing_class.parse(current_user, request.args, labels())
    for dropped in listing.dropped:
        flash(
            _(
                "Filter left out: “%(value)s” is not a value of %(field)s.",
                value=dropped.value,
                field=str(dropped.label).lower(),
            ),
            "warning",
        )
    return listing


def list_page(listing: ListQuery, query=None) -> Page:
    """Return the page of `listing` asked for by `?page=N` (`query`: its select with other
    columns or loading options); its total is remembered until the data changes."""
    remembered = bool(listing.depends_on)
    return page_of(
        listing.select() if query is None else query,
        count_key=listing.count_key() if remembered else None,
        depends_on=listing.depends_on if remembered else None,
    )


def type_ahead(listing_class: type[ListQuery], shown, *loads, **filters: str) -> dict:
    """Return the JSON of a type-ahead: up to 10 rows of the list, in the user's scope,
    matching `?q=` (two letters or more), each as `shown(record)` gives it (`loads`: the
    loader options of what it reads, so that ten rows are one query)."""
    q = request.args.get("q", "").strip()
    if len(q) < 2:
        return {"results": []}
    listing = listing_class.parse(current_user, {"q": q, **filters})
    found = db.session.scalars(listing.select().options(*loads).limit(10)).unique()
    return {"results": [shown(record) for record in found]}


def send_list(listing_class: type[ListQuery], fmt: str):
    """Send the export (.xlsx or .csv) of the view the request asks for."""
    return send_export(listing_class.parse(current_user, request.args, labels()), fmt)
