"""Anonymization: personal fields erased, the person no longer findable, counts kept."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from importers.pipeline import analyse, run_import
from models import AuditEvent, ConsentEvent, Contact, Interaction, clock, db, interaction_contact
from models.consent import PendingSubscription
from models.operations import PermissionDenied, create_contact, update_contact
from models.operations.consent import record_consent
from models.operations.privacy import anonymize_contact
from models.privacy import ERASED, access_export, find_contact_by_email
from reports.exports import export_list, view
from tests.import_helpers import csv_file

NAME, EMAIL = ("Noémie", "Quintal-Zéphir"), "noemie.quintal@example.org"


@pytest.fixture
def noemie(make_user, make_stakeholder, make_interaction):
    """A contact with every personal field, a consent, two interactions and an audit trail."""
    admin = make_user("admin", email="admin@example.org")
    cpe = make_stakeholder("CPE Les Hirondelles", region="06")
    contact = create_contact(admin, {
        "stakeholder_id": cpe.id, "first_name": NAME[0], "last_name": NAME[1],
        "email": EMAIL, "phone": "514 555-0199", "title": "Coordonnatrice",
        "notes": "Maman de jumeaux.",
    })  # fmt: skip
    update_contact(admin, contact, {"title": "Directrice adjointe"})
    record_consent(admin, contact, "express", date(2025, 1, 10), "Kiosque", "J'accepte.")
    db.session.add(PendingSubscription(token_hash="h" * 64, email=EMAIL, first_name=NAME[0],
                                       last_name=NAME[1], wording="Oui"))  # fmt: skip
    db.session.commit()
    for day in (date(2025, 3, 1), date(2026, 1, 15)):
        make_interaction([cpe], occurred_on=day, summary="Suivi", contacts=[contact])
    return {"admin": admin, "contact": contact, "stakeholder": cpe}


def anonymize(noemie):
    """Anonymize Noémie as the administrator and commit."""
    assert anonymize_contact(noemie["admin"], noemie["contact"])
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Contact, noemie["contact"].id)


def test_personal_fields_are_erased_and_the_row_kept(app, noemie):
    contact = anonymize(noemie)
    assert contact.email is None
    assert (contact.title, contact.phone, contact.notes, contact.consent_source) == ("",) * 4
    assert NAME[0] not in contact.first_name + contact.last_name
    assert NAME[1] not in contact.first_name + contact.last_name
    assert contact.full_name == f"Contact anonymisé nº {contact.id}"
    assert contact.newsletter_consent == "none" and contact.consent_withdrawn_on == clock.today()
    assert contact.anonymized_at is not None
    assert contact.stakeholder_id == noemie["stakeholder"].id


def test_interactions_and_counts_are_kept(app, noemie):
    links = select(func.count()).select_from(interaction_contact)
    before = (db.session.scalar(links), db.session.scalar(select(func.count(Interaction.id))))
    contact = anonymize(noemie)
    after = (db.session.scalar(links), db.session.scalar(select(func.count(Interaction.id))))
    assert before == after == (2, 2)
    assert db.session.scalar(select(func.count(Contact.id))) == 1
    assert len(access_export(contact)["interactions"]) == 2


def test_consent_history_keeps_dates_but_not_wording_or_source(app, noemie):
    anonymize(noemie)
    events = db.session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)).all()
    assert [(e.kind, e.on) for e in events] == [
        ("express", date(2025, 1, 10)),
        ("withdrawn", clock.today()),
    ]
    assert all(e.wording == "" and e.source == "" for e in events)
    assert db.session.scalar(select(func.count(PendingSubscription.id))) == 0


def test_the_audit_trail_keeps_what_happened_but_not_the_erased_values(app, noemie):
    ids_before = set(db.session.scalars(select(AuditEvent.id)))
    contact = anonymize(noemie)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    # Nothing was deleted: the earlier events stay; the withdrawal and the erasure are added.
    assert ids_before < {e.id for e in events} and len(events) == len(ids_before) + 2
    last = events[-1]
    assert (last.action, last.entity_id, last.actor_id) == (
        "anonymize",
        contact.id,
        noemie["admin"].id,
    )
    trail = json.dumps([[e.before, e.after] for e in events], ensure_ascii=False)
    for value in (*NAME, EMAIL, "514 555-0199", "Coordonnatrice", "Directrice adjointe",
                  "Maman de jumeaux.", "Kiosque", "J'accepte."):  # fmt: skip
        assert value not in trail, value
    created = events[0]
    assert created.action == "create" and created.after["email"] == ERASED
    assert created.after["language"] == "fr"  # what is not personal stays


def test_anonymizing_again_changes_nothing(app, noemie):
    contact = anonymize(noemie)
    count = db.session.scalar(select(func.count(AuditEvent.id)))
    version = contact.version
    assert anonymize_contact(noemie["admin"], contact) is False
    db.session.commit()
    assert db.session.scalar(select(func.count(AuditEvent.id))) == count
    assert contact.version == version


def test_only_administrators_anonymize(app, noemie, make_user):
    with pytest.raises(PermissionDenied):
        anonymize_contact(make_user("coordinator"), noemie["contact"])


def test_no_list_search_or_type_ahead_finds_the_person(app, client, login, noemie):
    login("admin")
    row = f'href="/contacts/{noemie["contact"].id}"'
    searches = (NAME[0], NAME[1], "quintal", EMAIL)
    typed = (NAME[0], NAME[1], "quintal")  # the type-ahead looks at names
    for q in searches:
        assert row in client.get("/contacts/", query_string={"q": q}).text
    for q in typed:
        assert client.get("/contacts/lookup", query_string={"q": q}).get_json()["results"]
    anonymize(noemie)
    for q in searches:
        page = client.get("/contacts/", query_string={"q": q})
        assert row not in page.text and "Aucun contact" in page.text, q
    for q in typed:
        lookup = client.get("/contacts/lookup", query_string={"q": q}).get_json()
        assert lookup["results"] == [] and lookup["count"] == 0, q
    assert NAME[1] not in client.get("/contacts/").text
    stakeholder = client.get(f"/stakeholders/{noemie['stakeholder'].id}")
    assert NAME[1] not in stakeholder.text and "Contact anonymisé" in stakeholder.text


def test_no_export_holds_the_person(app, noemie, tmp_path):
    anonymize(noemie)
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"contacts.{fmt}"
        assert export_list(view("contacts"), path) == 1  # the row stays, without the person
        if fmt == "csv":
            text = path.read_text(encoding="utf-8-sig")
            assert NAME[0] not in text and NAME[1] not in text and EMAIL not in text


def test_no_access_request_finds_the_person(app, runner, noemie, tmp_path):
    anonymize(noemie)
    assert find_contact_by_email(EMAIL) is None
    result = runner.invoke(args=["privacy", "export", EMAIL, "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 1 and "Aucun contact n’a le courriel" in result.output


def test_an_import_with_the_old_email_does_not_match_the_anonymized_contact(app, noemie, tmp_path):
    contact = anonymize(noemie)
    path = csv_file(tmp_path / "contacts.csv", [
        ["Prénom", "Nom", "Organisme", "Région", "Courriel"],
        [NAME[0], NAME[1], "CPE Les Hirondelles", "06", EMAIL],
    ])  # fmt: skip
    result = run_import(analyse(path, "contacts"), None)
    db.session.commit()
    assert (result.created, result.updated) == (1, 0), result.errors
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).email is None
    fresh = find_contact_by_email(EMAIL)
    assert fresh.id != contact.id and fresh.anonymized_at is None


def test_an_old_export_cannot_bring_an_anonymized_contact_back(app, noemie, tmp_path):
    contact = anonymize(noemie)
    path = csv_file(tmp_path / "contacts.csv", [
        ["ID", "Prénom", "Nom", "Courriel"],
        [str(contact.id), NAME[0], NAME[1], EMAIL],
    ])  # fmt: skip
    result = run_import(analyse(path, "contacts"), None, skip_invalid=True)
    db.session.commit()
    assert (result.updated, result.rejected) == (0, 1)
    assert "anonymisé" in str(result.errors[0].message)
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).email is None


def test_web_anonymization_needs_the_box_ticked(app, client, login, noemie):
    login("admin")
    contact_id = noemie["contact"].id
    url = f"/personal-data/contacts/{contact_id}/anonymize"
    page = client.get(url)
    assert page.status_code == 200 and "checked" not in page.text
    refused = client.post(url, data={})
    assert refused.status_code == 200
    db.session.expire_all()
    assert db.session.get(Contact, contact_id).anonymized_at is None
    done = client.post(url, data={"confirm": "y"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/contacts/{contact_id}")
    db.session.expire_all()
    assert db.session.get(Contact, contact_id).anonymized_at is not None
    again = client.post(url, data={"confirm": "y"}, follow_redirects=True)
    assert "déjà anonymisé" in again.text


def test_cli_anonymize_asks_unless_yes(app, runner, noemie):
    contact_id = noemie["contact"].id
    declined = runner.invoke(args=["privacy", "anonymize", EMAIL], input="n\n")
    assert declined.exit_code == 1
    db.session.expire_all()
    assert db.session.get(Contact, contact_id).anonymized_at is None
    done = runner.invoke(args=["privacy", "anonymize", EMAIL.upper(), "--yes",
                               "--as", "admin@example.org"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert f"Contact {contact_id} anonymisé." in done.output
    db.session.expire_all()
    assert db.session.get(Contact, contact_id).anonymized_at is not None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "anonymize")).one()
    assert event.actor_id == noemie["admin"].id
    unknown = runner.invoke(args=["privacy", "anonymize", EMAIL, "--yes"])
    assert unknown.exit_code == 1 and "Aucun contact n’a le courriel" in unknown.output


def test_the_newsletter_list_drops_the_person(app, noemie):
    from models.consent import valid_newsletter_contacts

    listed = valid_newsletter_contacts(clock.today()).with_only_columns(Contact.id)
    assert list(db.session.scalars(listed)) == [noemie["contact"].id]
    anonymize(noemie)
    assert list(db.session.scalars(listed)) == []
