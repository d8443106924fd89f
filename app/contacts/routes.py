"""Views of the contact screens."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require, visible_stakeholder
from app.contacts import bp
from app.contacts.forms import ContactFilterForm, ContactForm
from app.downloads import send_export
from app.editing import edit_page
from app.extensions import db
from app.pagination import page_of
from app.saving import save, save_edit
from models import Contact, Stakeholder
from models.operations import create_contact, update_contact
from models.scoping import visible_contacts


def list_conditions(args) -> list:
    """Return the SQL conditions of the contact list's filters (shared with its export)."""
    conditions = []
    words = (args.get("q") or "").strip().lower().split()
    for word in words:
        like = f"%{word}%"
        conditions.append(
            Contact.first_name.ilike(like)
            | Contact.last_name.ilike(like)
            | Contact.email.ilike(like)
        )
    region = args.get("region")
    if region:
        in_region = (
            Stakeholder.region_code.is_(None)
            if region == "national"
            else Stakeholder.region_code == region
        )
        conditions.append(Contact.stakeholder.has(in_region))
    if args.get("newsletter") == "withdrawn":
        conditions.append(Contact.consent_withdrawn_on.is_not(None))
    elif args.get("newsletter"):
        conditions.append(Contact.newsletter_consent == args["newsletter"])
    return conditions


@bp.get("/")
@login_required
def index():
    """List the contacts of the stakeholders in the user's scope."""
    query = (
        visible_contacts(current_user)
        .where(*list_conditions(request.args))
        .order_by(Contact.last_name, Contact.first_name, Contact.id)
    )
    form = ContactFilterForm(request.args).fill_choices()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("contacts/index.html", page=page_of(query), form=form, args=args)


@bp.get("/export.<any(xlsx, csv):fmt>")
@login_required
def export(fmt: str):
    """Download the filtered contact list as .xlsx or .csv (audited)."""
    return send_export("contacts", fmt, where=list_conditions(request.args))


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
    words = request.args.get("q", "").strip().lower().split()
    if not words or len("".join(words)) < 2:
        return {"results": []}
    query = visible_contacts(current_user)
    for word in words:
        like = f"%{word}%"
        query = query.where(Contact.first_name.ilike(like) | Contact.last_name.ilike(like))
    contacts = db.session.scalars(query.order_by(Contact.last_name).limit(10)).all()
    return {
        "results": [
            {
                "id": c.id,
                "label": c.full_name + (f" ({c.stakeholder.name})" if c.stakeholder else ""),
            }
            for c in contacts
        ]
    }
