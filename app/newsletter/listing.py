"""The newsletter list: contacts whose consent is valid today, ready for a mailing tool.

An address stored before the email rule (`models.normalize.normalize_email`) that breaks it
is left out of the list, since it would bounce; the audit event counts them.

Columns `email`, `first_name`, `last_name`, `language` and `unsubscribe_url` (the
contact's own link), in UTF-8 with BOM through the one spreadsheet writer.
"""

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from models import Contact
from models.audit import record
from models.consent import valid_newsletter_contacts
from models.normalize import InvalidEmail, normalize_email
from models.operations.consent import fill_unsubscribe_tokens
from models.scoping import visible_contacts
from reports.spreadsheet import Target, write_csv

HEADERS = ["email", "first_name", "last_name", "language", "unsubscribe_url"]


def count_newsletter_list(user, on: date | None = None) -> int:
    """Return how many contacts the newsletter list of `user` holds on `on` (today)."""
    query = valid_newsletter_contacts(on or date.today(), visible_contacts(user))
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def write_newsletter_list(target: Target, user, public_url: str, on: date | None = None) -> int:
    """Write the newsletter list to `target`; audit the export; return the row count."""
    on = on or date.today()
    fill_unsubscribe_tokens()
    path = current_app.url_map.bind("localhost").build("newsletter.unsubscribe", {"token": "TOKEN"})
    prefix = public_url.rstrip("/") + path.removesuffix("TOKEN")
    query = valid_newsletter_contacts(on, visible_contacts(user)).with_only_columns(
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
    record(user, "export", "newsletter_list", None, None,
           {"rows": count, "on": on.isoformat(), "left_out": len(left_out)})  # fmt: skip
    return count
