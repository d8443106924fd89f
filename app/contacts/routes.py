"""Views of the contact screens: the five pages of a record (`app.records`) and the
type-ahead."""

from flask_login import login_required
from sqlalchemy.orm import contains_eager

from app.contacts import bp
from app.contacts.forms import ContactForm
from app.lists import type_ahead
from app.records import RecordPages
from models import Contact
from models.lists import ContactList
from models.lists.fields import WITH_ARCHIVED

RecordPages(
    ContactList, ContactForm, lambda query: query.options(contains_eager(Contact.stakeholder))
).register(bp)


def _picked(contact) -> dict:
    """A contact as the type-ahead offers it: name, and stakeholder if any."""
    where = f" ({contact.stakeholder.name})" if contact.stakeholder else ""
    return {"id": contact.id, "label": contact.full_name + where}


@bp.get("/lookup")
@login_required
def lookup():
    """Return up to 10 contacts matching `q` in the user's scope, as JSON (type-ahead);
    those of archived stakeholders too."""
    stakeholder = contains_eager(Contact.stakeholder)
    return type_ahead(ContactList, _picked, stakeholder, archived=WITH_ARCHIVED)
