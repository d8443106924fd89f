"""Access requests (Law 25): everything held on a person, as JSON, from the CLI and the web."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEvent, Contact, db
from models.operations import PermissionDenied, create_contact
from models.operations.consent import record_consent
from models.operations.privacy import export_personal_data
from models.privacy import access_export, access_export_json, find_contact_by_email


@pytest.fixture
def person(make_user, make_stakeholder, make_interaction):
    """Émilie Bélanger of CPE Île-Verte: two meetings, a consent, an audit trail; plus
    a meeting she missed and another person at the joint one."""
    admin = make_user("admin", email="admin@example.org", name="Admin Principal")
    cpe = make_stakeholder("CPE Île-Verte", region="06", locality="Montréal")
    table = make_stakeholder("Table petite enfance Laval", region="13")
    emilie = create_contact(admin, {
        "stakeholder_id": cpe.id, "first_name": "Émilie", "last_name": "Bélanger",
        "email": "emilie.belanger@example.org", "phone": "514 555-0101",
        "title": "Directrice", "notes": "Préfère être jointe le matin.",
    })  # fmt: skip
    other = create_contact(admin, {"stakeholder_id": table.id, "first_name": "Jules",
                                   "last_name": "Gagnon", "email": "jules@x.org"})  # fmt: skip
    record_consent(admin, emilie, "express", date(2025, 5, 2), "Salon 2025", "J'accepte.")
    db.session.commit()
    first = make_interaction([cpe], occurred_on=date(2025, 6, 1), summary="Premier café")
    joint = make_interaction([cpe, table], occurred_on=date(2026, 2, 3), logged_by=admin,
                             summary="Rencontre conjointe")  # fmt: skip
    missed = make_interaction([cpe], occurred_on=date(2026, 3, 1), summary="Sans elle")
    first.contacts, joint.contacts, missed.contacts = [emilie], [emilie, other], [other]
    db.session.commit()
    return {"admin": admin, "contact": emilie, "ids": [first.id, joint.id], "missed": missed.id}


def test_access_export_holds_the_person_and_only_them(app, person):
    data = access_export(person["contact"])
    assert set(data) == {"exported_at", "contact", "stakeholder", "interactions",
                         "consent_history", "pending_subscriptions", "audit_events",
                         "mail_drop"}  # fmt: skip
    # No mail-drop message ever named her (tests/test_maildrop_review.py has those that do).
    assert data["mail_drop"] == {"messages": [], "addresses_to_classify": []}
    contact = data["contact"]
    assert (contact["first_name"], contact["last_name"]) == ("Émilie", "Bélanger")
    assert contact["email"] == "emilie.belanger@example.org"
    assert contact["phone"] == "514-555-0101" and contact["notes"].startswith("Préfère")
    assert data["stakeholder"]["name"] == "CPE Île-Verte"
    # The interactions she took part in, oldest first; not the one she missed.
    assert [i["id"] for i in data["interactions"]] == person["ids"]
    joint = data["interactions"][1]
    assert joint["occurred_on"] == "2026-02-03" and joint["logged_by"] == "Admin Principal"
    assert sorted(s["name"] for s in joint["stakeholders"]) == [
        "CPE Île-Verte",
        "Table petite enfance Laval",
    ]
    # Other people present are theirs to ask about, not hers.
    assert "Gagnon" not in json.dumps(data, ensure_ascii=False)
    history = data["consent_history"]
    assert [(e["kind"], e["on"], e["wording"]) for e in history] == [
        ("express", "2025-05-02", "J'accepte.")
    ]
    actions = [e["action"] for e in data["audit_events"]]
    assert actions[0] == "create" and "update" in actions


def test_access_export_json_is_utf8_with_iso_dates_and_stable_keys(app, person):
    text = access_export_json(access_export(person["contact"]))
    assert "Émilie" in text and "\\u00c9" not in text
    assert '"occurred_on": "2025-06-01"' in text
    again = access_export_json(access_export(person["contact"]))
    strip = [line for line in text.splitlines() if "exported_at" not in line]
    assert strip == [line for line in again.splitlines() if "exported_at" not in line]


def test_the_export_is_audited_and_for_administrators_only(app, person, make_user):
    with pytest.raises(PermissionDenied):
        export_personal_data(make_user("coordinator"), person["contact"])
    export_personal_data(person["admin"], person["contact"])
    db.session.commit()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert (event.entity_type, event.entity_id) == ("contact", person["contact"].id)
    assert event.actor_id == person["admin"].id


def test_contacts_are_found_by_email_whatever_its_case(app, person):
    assert find_contact_by_email("  Emilie.Belanger@EXAMPLE.org ") == person["contact"]
    assert find_contact_by_email("nobody@example.org") is None
    assert find_contact_by_email("") is None


def test_cli_export_writes_the_file_and_audits_it(app, runner, person, tmp_path):
    out = tmp_path / "emilie.json"
    result = runner.invoke(args=["privacy", "export", "EMILIE.BELANGER@example.org",
                                 "--out", str(out), "--as", "admin@example.org"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["contact"]["id"] == person["contact"].id
    assert [i["id"] for i in data["interactions"]] == person["ids"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.actor_id == person["admin"].id


def test_cli_export_of_an_unknown_email_fails_clearly(app, runner, person, tmp_path):
    out = tmp_path / "x.json"
    result = runner.invoke(args=["privacy", "export", "nobody@example.org", "--out", str(out)])
    assert result.exit_code == 1
    assert "Aucun contact n’a le courriel nobody@example.org" in result.output
    assert not out.exists()


def test_cli_export_as_someone_not_an_administrator_fails(app, runner, person, make_user):
    coordinator = make_user("coordinator")
    result = runner.invoke(args=["privacy", "export", "emilie.belanger@example.org",
                                 "--out", "x.json", "--as", coordinator.email])  # fmt: skip
    assert result.exit_code == 1 and "n’a pas le rôle Administration" in result.output


def test_admin_finds_the_person_and_downloads_their_data(client, login, person):
    login("admin")
    page = client.get("/personal-data/?email=emilie.belanger@example.org")
    assert page.status_code == 200 and "Émilie Bélanger" in page.text
    missing = client.get("/personal-data/?email=nobody@example.org")
    assert "nobody@example.org" in missing.text and "Émilie" not in missing.text
    contact_id = person["contact"].id
    download = client.post(f"/personal-data/contacts/{contact_id}/export")
    assert download.status_code == 200
    assert download.mimetype == "application/json"
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.data.decode("utf-8"))
    assert data["contact"]["last_name"] == "Bélanger"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))


def test_contact_page_offers_privacy_buttons_to_administrators_only(client, login, person):
    contact_id = person["contact"].id
    login("coordinator")
    page = client.get(f"/contacts/{contact_id}")
    assert "/personal-data/" not in page.text
    client.post("/logout")
    login("admin")
    page = client.get(f"/contacts/{contact_id}")
    assert f"/personal-data/?contact={contact_id}" in page.text
    assert f"/personal-data/contacts/{contact_id}/anonymize" in page.text
    assert client.get(f"/personal-data/?contact={contact_id}").status_code == 200


def test_no_state_change_on_get(client, login, person):
    login("admin")
    client.get(f"/personal-data/?contact={person['contact'].id}")
    client.get(f"/personal-data/contacts/{person['contact'].id}/anonymize")
    db.session.expire_all()
    assert db.session.get(Contact, person["contact"].id).anonymized_at is None
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
