"""Views of the contact screens."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager

from app.access import get_or_404, require, visible_stakeholder
from app.contacts import bp
from app.contacts.forms import ContactForm
from app.editing import edit_page
from app.extensions import db
from app.lists import list_page, open_list, send_list
from app.saving import save, save_edit
from models import Contact
from models.lists import ContactList
from models.lists.fields import WITH_ARCHIVED
from models.operations import create_contact, update_contact
from models.scoping import visible_contacts


@bp.get("/")
@login_required
def index():
    """List the contacts of the stakeholders in the user's scope, searched and sorted."""
    listing = open_list(ContactList)
    query = listing.select().options(contains_eager(Contact.stakeholder))
    return render_template("contacts/index.html", listing=listing, page=list_page(listing, query))


@bp.get("/export.<any(xlsx, csv):fmt>")
@login_required
def export(fmt: str):
    """Download the contact list as on screen, as .xlsx or .csv (audited)."""
    return send_list(ContactList, fmt)


@bp.get("/<int:contact_id>")
@login_required
def detail(contact_id: int):
    """Show a contact."""
    contact = get_or_404(visible_contacts(current_user), Contact, contact_id)
    return render_template("contacts/detail.html", contact=contact)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a contact, optionally for the stakeholder given in `?stakeholder=`."""
    require(current_user.can_manage_stakeholders)
    form = ContactForm()
    if request.method == "GET" and request.args.get("stakeholder", "").isdigit():
        form.stakeholder_id.data = request.args["stakeholder"]
    form.fill_choices(visible_stakeholder(form.stakeholder_id.data))
    if form.validate_on_submit() and (
        contact := save(
            form, create_contact, current_user, form.values(), success=_("Contact created.")
        )
    ):
        return redirect(url_for(".detail", contact_id=contact.id))
    return render_template("contacts/edit.html", form=form, contact=None)


@bp.route("/<int:contact_id>/edit", methods=["GET", "POST"])
@login_required
def edit(contact_id: int):
    """Edit a contact; a stale form (someone saved in between) is refused."""
    contact = get_or_404(visible_contacts(current_user), Contact, contact_id)
    require(current_user.can_manage_stakeholders)
    form = ContactForm.editing(contact)
    if form.validate_on_submit() and save_edit(
        form, update_contact, contact, success=_("Changes saved.")
    ):
        return redirect(url_for(".detail", contact_id=contact.id))
    return edit_page("contacts/edit.html", form, contact=contact)


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
