"""Views of the personal data screens: access request, anonymization, retention review."""

import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.access import get_or_404
from app.downloads import download_name
from app.extensions import db
from app.incoming import record_id
from app.navigation import number
from app.pagination import page_of
from app.personal_data import bp
from app.personal_data.forms import (
    AnonymizeForm,
    ExportForm,
    FindPersonForm,
    RetentionFilterForm,
    RetentionSelectionForm,
    years_from,
)
from models import Contact, clock, interaction_contact
from models.operations.privacy import anonymize_contact, anonymize_contacts, export_personal_data
from models.privacy import (
    access_export_json,
    dormant_contacts,
    find_contact_by_email,
    last_interaction_dates,
)

RETENTION_PAGE = 200


def interaction_count(contact: Contact) -> int:
    """Return how many interactions `contact` took part in."""
    query = select(func.count()).where(interaction_contact.c.contact_id == contact.id)
    return db.session.scalar(query) or 0


@bp.get("/")
def index():
    """Find the person an access request is about, by email or from a contact's page."""
    form = FindPersonForm(request.args)
    contact, searched = None, False
    contact_id = record_id(request.args.get("contact"))
    if contact_id is not None:
        contact = get_or_404(select(Contact), Contact, contact_id)
    elif "email" in request.args and form.validate():
        contact, searched = find_contact_by_email(form.email.data), True
    return render_template(
        "personal_data/index.html",
        form=form,
        contact=contact,
        searched=searched,
        export_form=ExportForm(),
        interactions=interaction_count(contact) if contact else 0,
    )


@bp.post("/contacts/<int:contact_id>/export")
def export(contact_id: int):
    """Download everything held on a contact as JSON (audited)."""
    contact = get_or_404(select(Contact), Contact, contact_id)
    data = export_personal_data(current_user, contact)
    db.session.commit()  # the export's audit event
    return send_file(
        io.BytesIO(access_export_json(data).encode("utf-8")),
        mimetype="application/json",
        as_attachment=True,
        download_name=download_name("personal_data", "json", contact.id),
    )


@bp.route("/contacts/<int:contact_id>/anonymize", methods=["GET", "POST"])
def anonymize(contact_id: int):
    """Show what anonymizing a contact erases and keeps; erase once confirmed."""
    contact = get_or_404(select(Contact), Contact, contact_id)
    form = AnonymizeForm()
    if form.validate_on_submit():
        if anonymize_contact(current_user, contact):
            db.session.commit()
            flash(_("The contact's personal data was erased."), "success")
        else:
            flash(_("This contact was already anonymized: nothing was changed."), "info")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    return render_template(
        "personal_data/anonymize.html",
        contact=contact,
        form=form,
        interactions=interaction_count(contact),
    )


@bp.get("/retention")
def retention():
    """List the contacts with no interaction for N years, for review."""
    filters = RetentionFilterForm(request.args)
    filters.validate()
    years = filters.chosen_years()
    page = page_of(dormant_contacts(years, clock.today()), per_page=RETENTION_PAGE)
    form = RetentionSelectionForm(formdata=None, years=years)
    return render_template(
        "personal_data/retention.html",
        filters=filters,
        form=form,
        page=page,
        years=years,
        last=last_interaction_dates([c.id for c in page.items]),
        args={"years": years},
    )


@bp.post("/retention")
def retention_anonymize():
    """Ask to confirm the contacts ticked, then anonymize those still dormant."""
    form = RetentionSelectionForm()
    years = years_from(form.years.data)
    chosen = dormant_contacts(years, clock.today()).where(
        Contact.id.in_(form.contact_ids.data or [])
    )
    contacts = db.session.scalars(chosen).all()
    if not contacts:
        flash(_("Tick at least one contact."), "warning")
        return redirect(url_for(".retention", years=years))
    if form.confirmed.data != "yes":
        form.confirmed.data, form.years.data = "yes", str(years)
        return render_template(
            "personal_data/retention_confirm.html", form=form, contacts=contacts, years=years
        )
    count = anonymize_contacts(current_user, contacts)
    db.session.commit()
    flash(_("Contacts anonymized: %(count)s.", count=number(count)), "success")
    return redirect(url_for(".retention", years=years))
