"""The newsletter list: contacts whose consent is valid today, ready for a mailing tool;
it may be restricted to the contacts of a saved view (still only those whose consent is
valid).

An address stored before the email rule (`models.normalize.normalize_email`) that breaks it
is left out of the list, since it would bounce; the audit event counts them.

Columns `email`, `first_name`, `last_name`, `language` and `unsubscribe_url` (the
contact's own link), in UTF-8 with BOM through the one spreadsheet writer.
"""

from datetime import date

from flask import current_app
from sqlalchemy import Select, func, select

from app.extensions import db
from models import Contact, clock
from models.audit import record
from models.consent import valid_newsletter_contacts
from models.normalize import InvalidEmail, normalize_email
from models.operations.consent import fill_unsubscribe_tokens
from models.saved_view import SavedView
from models.scoping import visible_contacts
from reports.spreadsheet import Target, write_csv

HEADERS = ["email", "first_name", "last_name", "language", "unsubscribe_url"]


# The saved views the list may be restricted to: a view of contacts holds them, a view of
# stakeholders their contacts.
VIEW_LISTS = ("contacts", "stakeholders")


def newsletter_contacts(user, on: date, view: SavedView | None = None) -> Select:
    """Return the select of the contacts on the newsletter list of `user` on `on`: those
    whose consent is valid, and, with a saved `view`, only those it holds (read in the
    user's scope)."""
    query = visible_contacts(user)
    if view is not None:
        if view.list_name not in VIEW_LISTS:
            raise ValueError(view.list_name)
        ids = view.listing(user).ids()
        column = Contact.id if view.list_name == "contacts" else Contact.stakeholder_id
        query = query.where(column.in_(ids))
    return valid_newsletter_contacts(on, query)


def count_newsletter_list(user, on: date | None = None, view: SavedView | None = None) -> int:
    """Return how many contacts the newsletter list of `user` holds on `on` (today), only
    those of `view` if given."""
    query = newsletter_contacts(user, on or clock.today(), view)
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def write_newsletter_list(
    target: Target, user, public_url: str, on: date | None = None, view: SavedView | None = None
) -> int:
    """Write the newsletter list to `target` (only the contacts of the saved `view`, if
    given); audit the export, naming the view; return the row count."""
    on = on or clock.today()
    fill_unsubscribe_tokens()
    path = current_app.url_map.bind("localhost").build("newsletter.unsubscribe", {"token": "TOKEN"})
    prefix = public_url.rstrip("/") + path.removesuffix("TOKEN")
    query = newsletter_contacts(user, on, view).with_only_columns(
        Contact.email, Contact.first_name, Contact.last_name, Contact.language,
        Contact.unsubscribe_token,
    )  # fmt: skip
    left_out = []

    def rows():
        for email, first, last, language, token in db.session.execute(query):
            try:
                address = normalize_email(email)
            except InvalidEmail:
                left_out.append(email)  # stored before the rule: it would bounce
                continue
            yield address, first, last, language, prefix + token

    count = write_csv(target, HEADERS, rows())
    after = {"rows": count, "on": on.isoformat(), "left_out": len(left_out)}
    if view is not None:
        after |= {"view": view.name, "view_id": view.id}
    record(user, "export", "newsletter_list", None, None, after)
    return count
