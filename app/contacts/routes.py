"""Views of the contact screens: the five pages of a record (`app.records`) and the
type-ahead."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager

from app.contacts import bp
from app.contacts.forms import ContactForm
from app.extensions import db
from app.records import RecordPages
from models import Contact
from models.lists import ContactList
from models.lists.fields import WITH_ARCHIVED
from models.operations import create_contact, update_contact
from models.scoping import visible_contacts

RecordPages(
    name="contact",
    folder="contacts",
    model=Contact,
    scope=visible_contacts,
    listing=ContactList,
    form=ContactForm,
    create=create_contact,
    update=update_contact,
    created=_l("Contact created."),
    may_create=lambda user: user.can_manage_stakeholders,
    may_edit=lambda user, _contact: user.can_manage_stakeholders,
    shown=lambda query: query.options(contains_eager(Contact.stakeholder)),
).register(bp)


@bp.get("/lookup")
@login_required
def lookup():
    """Return up to 10 contacts matching `q` in the user's scope, as JSON (type-ahead)."""
    q = request.args.get("q", "").strip()
    if len(q) < 2:
        return {"results": []}
    listing = ContactList.parse(current_user, {"q": q, "archived": WITH_ARCHIVED})
    contacts = db.session.scalars(listing.select().limit(10)).unique().all()
    return {
        "results": [
            {
                "id": contact.id,
                "label": contact.full_name
                + (f" ({contact.stakeholder.name})" if contact.stakeholder else ""),
            }
            for contact in contacts
        ]
    }
