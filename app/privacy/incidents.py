"""The register of confidentiality incidents: list, record, show, correct (admins only).

A register is kept: there is no delete.
"""

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.access import get_or_404, require
from app.editing import edit_page
from app.pagination import page_of
from app.privacy import bp
from app.privacy.forms import RISK_LABELS, IncidentForm
from app.saving import save, save_edit
from models import Incident
from models.operations.incidents import create_incident, update_incident


@bp.before_request
def admins_only():
    """Leave the privacy page public; keep the register to administrators."""
    if request.endpoint == "privacy.page":
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    require(current_user.is_admin)
    return None


@bp.get("/admin/incidents")
def incidents():
    """List the incidents, the most recent first."""
    query = select(Incident).order_by(Incident.occurred_on.desc(), Incident.id.desc())
    return render_template("privacy/incidents.html", page=page_of(query), risks=RISK_LABELS)


@bp.get("/admin/incidents/<int:incident_id>")
def incident(incident_id: int):
    """Show one incident of the register."""
    found = get_or_404(select(Incident), Incident, incident_id)
    return render_template("privacy/incident.html", incident=found, risks=RISK_LABELS)


@bp.route("/admin/incidents/new", methods=["GET", "POST"])
def new_incident():
    """Record an incident in the register."""
    form = IncidentForm()
    if form.validate_on_submit() and (
        found := save(
            form, create_incident, current_user, form.values(), success=_("Incident recorded.")
        )
    ):
        return redirect(url_for(".incident", incident_id=found.id))
    return render_template("privacy/incident_edit.html", form=form, incident=None)


@bp.route("/admin/incidents/<int:incident_id>/edit", methods=["GET", "POST"])
def edit_incident(incident_id: int):
    """Correct or complete an incident; a stale form (someone saved in between) is refused."""
    found = get_or_404(select(Incident), Incident, incident_id)
    form = IncidentForm.editing(found)
    if form.validate_on_submit() and save_edit(
        form, update_incident, found, success=_("Changes saved.")
    ):
        return redirect(url_for(".incident", incident_id=found.id))
    return edit_page("privacy/incident_edit.html", form, incident=found)
