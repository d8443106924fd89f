"""The confidentiality incident register: admins record and complete incidents, audited,
never deleted; stale edits are refused."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import AuditEvent, Incident, clock, db
from models.operations import PermissionDenied, ValidationFailed
from models.operations.incidents import create_incident, update_incident

LEAK = {
    "occurred_on": date(2026, 3, 2),
    "discovered_on": date(2026, 3, 4),
    "description": "Un courriel a été envoyé à la mauvaise liste de partenaires.",
    "information_concerned": "Noms et courriels professionnels",
    "people_count": 42,
    "serious_injury_risk": "low",
    "risk_assessment": "Coordonnées professionnelles déjà publiques.",
}


def form_data(**changes) -> dict:
    """Return the incident form's fields as a browser posts them."""
    data = {**LEAK, **changes}
    return {
        k: v.isoformat() if isinstance(v, date) else ("" if v is None else v)
        for k, v in data.items()
    }


def events(action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(
        AuditEvent.entity_type == "incident", AuditEvent.action == action
    )
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def test_an_admin_records_an_incident_through_the_screens(client, login):
    admin = login("admin", name="Ada Admin")
    response = client.post("/admin/incidents/new", data=form_data())
    assert response.status_code == 302
    incident = db.session.scalar(select(Incident))
    assert response.headers["Location"].endswith(f"/admin/incidents/{incident.id}")
    assert (incident.people_count, incident.recorded_by_id) == (42, admin.id)
    (event,) = events("create")
    assert event.actor_id == admin.id and event.after["discovered_on"] == "2026-03-04"
    page = client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert "Noms et courriels professionnels" in page and "Ada Admin" in page
    listing = client.get("/admin/incidents").get_data(as_text=True)
    assert "2 mars 2026" in listing and "Aucun risque de préjudice sérieux" in listing


def test_the_notification_dates_are_added_later_and_audited(client, login):
    admin = login("admin")
    incident = create_incident(admin, {**LEAK, "serious_injury_risk": "serious"})
    db.session.commit()
    assert "Avis à transmettre" in client.get("/admin/incidents").get_data(as_text=True)
    form = client.get(f"/admin/incidents/{incident.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form
    data = form_data(
        serious_injury_risk="serious",
        cai_notified_on=date(2026, 3, 6),
        people_notified_on=date(2026, 3, 7),
        version="1",
    )
    assert client.post(f"/admin/incidents/{incident.id}/edit", data=data).status_code == 302
    db.session.refresh(incident)
    assert (incident.cai_notified_on, incident.people_notified_on) == (
        date(2026, 3, 6),
        date(2026, 3, 7),
    )
    assert not incident.notifications_due
    (event,) = events("update")
    assert event.before == {"cai_notified_on": None, "people_notified_on": None}
    assert event.after == {"cai_notified_on": "2026-03-06", "people_notified_on": "2026-03-07"}


def test_a_stale_edit_is_refused_naming_who_saved(client, login, make_user):
    login("admin")
    colleague = make_user("admin", name="Sophie Lavoie")
    incident = create_incident(colleague, LEAK)
    db.session.commit()
    update_incident(colleague, incident, {"people_count": 50})
    db.session.commit()
    page = client.post(
        f"/admin/incidents/{incident.id}/edit", data=form_data(people_count=7, version="1")
    ).get_data(as_text=True)
    assert "Sophie Lavoie a modifié cette fiche" in page
    db.session.refresh(incident)
    assert incident.people_count == 50


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"people_count": -1}, "people_count"),
        ({"discovered_on": date(2026, 3, 1)}, "discovered_on"),
        ({"cai_notified_on": date(2026, 3, 3)}, "cai_notified_on"),
        ({"people_notified_on": date(2026, 3, 3)}, "people_notified_on"),
        ({"occurred_on": "tomorrow"}, "occurred_on"),
        ({"serious_injury_risk": "serious", "risk_assessment": " "}, "risk_assessment"),
        ({"serious_injury_risk": "moderate"}, "serious_injury_risk"),
        ({"description": "  "}, "description"),
        ({"information_concerned": None}, "information_concerned"),
    ],
)
def test_invalid_incidents_are_refused(make_user, changes, field):
    if changes.get("occurred_on") == "tomorrow":  # the day the test runs, not when collected
        changes = {**changes, "occurred_on": clock.today() + timedelta(days=1)}
    with pytest.raises(ValidationFailed) as refused:
        create_incident(make_user("admin"), {**LEAK, **changes})
    assert field in refused.value.errors


def test_the_form_refuses_a_negative_count(client, login):
    login("admin")
    page = client.post("/admin/incidents/new", data=form_data(people_count="-3"))
    assert page.status_code == 200
    assert "Le nombre doit être au minimum 0." in page.text
    assert 'value="-3"' in page.text  # what was typed stays, to be corrected
    assert db.session.scalar(select(Incident)) is None


def test_the_database_refuses_a_negative_count(app):
    db.session.add(Incident(**{**LEAK, "people_count": -1}))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("role", ["coordinator", "regional_lead", "board"])
def test_only_admins_may_write_the_register(make_user, role):
    with pytest.raises(PermissionDenied):
        create_incident(make_user(role, regions=["06"] if role == "regional_lead" else ()), LEAK)
    admin_incident = create_incident(make_user("admin"), LEAK)
    with pytest.raises(PermissionDenied):
        update_incident(make_user(role), admin_incident, {"people_count": 1})


def test_the_register_has_no_delete(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("privacy.")]
    assert {r.endpoint for r in rules} == {
        "privacy.page",
        "privacy.incidents",
        "privacy.incident",
        "privacy.new_incident",
        "privacy.edit_incident",
    }
    assert all("DELETE" not in r.methods and "delete" not in r.rule for r in rules)


def test_the_admin_tabs_link_to_the_register(client, login):
    login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/incidents"' in page
