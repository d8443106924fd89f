"""The staff's newsletter screens: the list and its export, a contact's consent history,
the unsubscribe-list import.

Admins, coordinators and board members (who see everything, SPEC §1) may see and download
the newsletter list; regional leads may not, since the newsletter is sent for the whole
coalition. Consent is recorded by admins and coordinators; the unsubscribe list of the
mailing tool is imported by admins.
"""

import io
import re

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.downloads import download_name
from app.extensions import db
from app.incoming import record_id
from app.newsletter import bp
from app.newsletter.forms import ConsentForm, UnsubscribeListForm
from app.newsletter.listing import VIEW_LISTS, count_newsletter_list, write_newsletter_list
from app.newsletter.unsubscribe_list import import_unsubscribe_list
from models import Contact, clock
from models.consent import consent_history, is_valid
from models.normalize import fold
from models.operations import OperationError, ValidationFailed
from models.operations.consent import record_consent, withdraw_consent
from models.saved_view import SavedView
from models.scoping import visible_contacts, visible_saved_views

LIST_ROLES = ("admin", "coordinator", "board")


@bp.get("/")
@login_required
def index():
    """Show how many contacts the newsletter list holds today (restricted to a saved view
    if chosen), with its download."""
    require(current_user.role in LIST_ROLES)
    view, views = _chosen_view(), _offered_views()
    count = count_newsletter_list(current_user, view=view)
    return render_template("newsletter/index.html", count=count, view=view, views=views)


@bp.get("/export.csv")
@login_required
def export():
    """Download the newsletter list: contacts whose consent is valid today, only those of
    a saved view if chosen (audited)."""
    require(current_user.role in LIST_ROLES)
    view = _chosen_view()
    stream = io.BytesIO()
    write_newsletter_list(stream, current_user, current_app.config["PUBLIC_URL"], view=view)
    db.session.commit()  # the export's audit event, and any token handed out
    stream.seek(0)
    details = ["-".join(re.findall(r"[a-z0-9]+", fold(view.name)))] if view else []
    return send_file(stream, mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=download_name("newsletter", "csv", *details))  # fmt: skip


def _offered_views() -> list[SavedView]:
    """Return the saved views the list may be restricted to: of contacts or stakeholders."""
    query = visible_saved_views(current_user).where(SavedView.list_name.in_(VIEW_LISTS))
    return list(db.session.scalars(query))


def _chosen_view() -> SavedView | None:
    """Return the saved view `?view=` names (None when unset); 404 if the user may not
    open it or it is no view of contacts or stakeholders."""
    if not request.args.get("view"):
        return None
    view_id = record_id(request.args.get("view"))
    query = visible_saved_views(current_user).where(SavedView.list_name.in_(VIEW_LISTS))
    return get_or_404(query, SavedView, view_id if view_id is not None else 0)


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
                     contact.consent_withdrawn_on, clock.today())  # fmt: skip
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
