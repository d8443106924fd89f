"""Views of the contact screens: the five pages of a record (`app.records`) and the
type-ahead."""

from flask import request
from flask_login import login_required
from sqlalchemy.orm import contains_eager, load_only

from app.contacts import bp
from app.contacts.forms import ContactForm
from app.incoming import record_id
from app.lists import type_ahead
from app.records import RecordPages
from models import Contact
from models.lists import ContactList
from models.lists.fields import WITH_ARCHIVED
from models.stakeholder import named_only

RecordPages(
    ContactList,
    ContactForm,
    lambda query: query.options(named_only(contains_eager(Contact.stakeholder))),
).register(bp)


def _picked(contact) -> dict:
    """A contact as the type-ahead offers it: name, and stakeholder if any."""
    where = f" ({contact.stakeholder.name})" if contact.stakeholder else ""
    return {"id": contact.id, "label": contact.full_name + where}


@bp.get("/lookup")
@login_required
def lookup():
    """Return up to 10 contacts matching `q` in the user's scope, as JSON (type-ahead);
    those of archived stakeholders too. The contacts of the stakeholders `?stakeholder=`
    names (those already chosen in the form) come first, and without `q` alone; then
    those whose name holds what was typed."""
    # Only what is shown, ranked and sorted: not the contact's and its stakeholder's wide
    # columns, nor the stakeholder's region, sector and tags (a join each, and a query).
    loads = (
        load_only(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.name_key,
            Contact.anonymized_at,
            Contact.stakeholder_id,
        ),
        named_only(contains_eager(Contact.stakeholder)),
    )
    chosen = {i for i in map(record_id, request.args.getlist("stakeholder")) if i is not None}
    first = (Contact.stakeholder_id.in_(chosen), lambda c: c.stakeholder_id in chosen)
    return type_ahead(
        ContactList,
        _picked,
        *loads,
        first=first if chosen else None,
        named=lambda contact: contact.full_name,
        archived=WITH_ARCHIVED,
    )
