"""The staff's newsletter screens: the list and its export, a contact's consent history,
the unsubscribe-list import.

Admins, coordinators and board members (who see everything, SPEC §1) may see and download
the newsletter list; regional leads may not, since the newsletter is sent for the whole
coalition. Consent is recorded by admins and coordinators; the unsubscribe list of the
mailing tool is imported by admins.
"""

import io
from datetime import date

from flask import current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.downloads import download_name
from app.extensions import db
from app.newsletter import bp
from app.newsletter.forms import ConsentForm, UnsubscribeListForm
from app.newsletter.listing import count_newsletter_list, write_newsletter_list
from app.newsletter.unsubscribe_list import import_unsubscribe_list
from models import Contact
from models.consent import consent_history, is_valid
from models.operations import OperationError, ValidationFailed
from models.operations.consent import record_consent, withdraw_consent
from models.scoping import visible_contacts

LIST_ROLES = ("admin", "coordinator", "board")


@bp.get("/")
@login_required
def index():
    """Show how many contacts the newsletter list holds today, with its download."""
    require(current_user.role in LIST_ROLES)
    return render_template("newsletter/index.html", count=count_newsletter_list(current_user))


@bp.get("/export.csv")
@login_required
def export():
    """Download the newsletter list: contacts whose consent is valid today (audited)."""
    require(current_user.role in LIST_ROLES)
    stream = io.BytesIO()
    write_newsletter_list(stream, current_user, current_app.config["PUBLIC_URL"])
    db.session.commit()  # the export's audit event, and any token handed out
    stream.seek(0)
    return send_file(stream, mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=download_name("newsletter", "csv"))  # fmt: skip


@bp.route("/contacts/<int:contact_id>/consent", methods=["GET", "POST"])
@login_required
def consent(contact_id: int):
    """Show a contact's consent history; record a consent or a withdrawal."""
    contact = get_or_404(visible_contacts(current_user), Contact, contact_id)
    form = ConsentForm()
    if form.is_submitted():
        require(current_user.can_manage_stakeholders)
    if form.validate_on_submit() and _record(form, contact):
        return redirect(url_for(".consent", contact_id=contact.id))
    valid = is_valid(contact.newsletter_consent, contact.consent_date,
                     contact.consent_withdrawn_on, date.today())  # fmt: skip
    return render_template("newsletter/consent.html", contact=contact, form=form, valid=valid,
                           events=consent_history(contact.id))  # fmt: skip


def _record(form: ConsentForm, contact: Contact) -> bool:
    """Run the consent operation the form asks for; commit, or show why it was refused."""
    try:
        if form.kind.data == "withdrawn":
            withdraw_consent(current_user, contact, form.on.data, form.source.data)
        else:
            record_consent(current_user, contact, form.kind.data, form.on.data,
                           form.source.data, form.wording.data)  # fmt: skip
    except ValidationFailed as error:
        db.session.rollback()
        for name, message in error.errors.items():
            getattr(form, name).errors.append(message)
        return False
    db.session.commit()
    flash(_("Consent recorded."), "success")
    return True


@bp.route("/unsubscribes", methods=["GET", "POST"])
@login_required
def unsubscribes():
    """Import the unsubscribe list of the mailing tool: withdraw each known email."""
    require(current_user.is_admin)
    form, outcome = UnsubscribeListForm(), None
    if form.validate_on_submit():
        try:
            outcome = import_unsubscribe_list(current_user, form.file.data)
            db.session.commit()
        except OperationError as error:
            db.session.rollback()
            form.file.errors.append(str(error))
    return render_template("newsletter/unsubscribes.html", form=form, outcome=outcome)
