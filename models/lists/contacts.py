"""The contact list: search, region of their stakeholder, newsletter consent, archived."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from models.contact import Contact
from models.lists.base import ALL_FEMININE, Field, ListQuery, Sort, may_be_blank, search
from models.lists.fields import archived, display_order, mrc, region
from models.scoping import visible_contacts
from models.stakeholder import Stakeholder

C, S = Contact, Stakeholder


def _newsletter(consent: str, _listing):
    if consent == "withdrawn":
        return C.consent_withdrawn_on.is_not(None)
    return C.newsletter_consent == consent


def _newsletter_options(labels):
    return labels.table("consent_kind")


class ContactList(ListQuery):
    """The contacts of the stakeholders the user sees; those of archived stakeholders only
    when asked, and then only them (a contact of no stakeholder is never archived)."""

    name = "contacts"
    scope = staticmethod(visible_contacts)
    joins = ((S, S.id == C.stakeholder_id),)
    id_column = C.id
    depends_on = ("contact", "stakeholder", "import_batch", "change_batch")
    fields = (
        # In name order (the first page, the type-ahead), the index of names is walked.
        search(C, _l("Name, email, phone, stakeholder"), walked=lambda view: view.sort == "name"),
        region(C.stakeholder.has),
        mrc(C.stakeholder.has),
        Field(
            "newsletter",
            _l("Newsletter"),
            _newsletter,
            options=_newsletter_options,
            blank=ALL_FEMININE,
        ),
        archived(_l("Stakeholders")),
    )
    sorts = {
        "name": Sort(_l("Name"), (C.name_key, C.id)),
        "stakeholder": Sort(_l("Stakeholder"), (may_be_blank(S.name_key), C.name_key, C.id)),
        "title": Sort(_l("Title"), (C.title, C.name_key, C.id)),
        "email": Sort(_l("Email"), (may_be_blank(C.email), C.id)),
        "newsletter": Sort(
            _l("Newsletter"),
            (display_order("consent_kind", C.newsletter_consent), C.name_key, C.id),
        ),
    }
    default_sort = "name"

    def current(self):
        return or_(C.stakeholder_id.is_(None), S.archived.is_(False))
