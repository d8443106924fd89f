"""The consent register: validity, history, audit, and imports that never revive consent."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from importers.pipeline import analyse, run_import
from models import AuditEvent, ConsentEvent, Contact, clock, db
from models.consent import (
    consent_history,
    implied_lapses_on,
    is_valid,
    valid_newsletter_contacts,
)
from models.operations import PermissionDenied, ValidationFailed
from models.operations.consent import record_consent, withdraw_consent
from tests.import_helpers import csv_file, xlsx

TODAY = date(2026, 3, 14)


def valid_emails(on=TODAY) -> set[str]:
    return {c.email for c in db.session.scalars(valid_newsletter_contacts(on))}


def test_validity_express_implied_lapsed_and_withdrawn(make_contact):
    make_contact(
        email="express@example.org", newsletter_consent="express", consent_date=date(2015, 1, 1)
    )
    make_contact(
        email="recent@example.org", newsletter_consent="implied", consent_date=date(2024, 3, 15)
    )
    make_contact(
        email="lapsed@example.org", newsletter_consent="implied", consent_date=date(2024, 3, 14)
    )
    make_contact(email="undated@example.org", newsletter_consent="implied")
    make_contact(
        email="withdrawn@example.org",
        newsletter_consent="express",
        consent_date=date(2025, 1, 1),
        consent_withdrawn_on=date(2025, 6, 1),
    )
    make_contact(email="none@example.org")
    make_contact(email=None, newsletter_consent="express")
    assert valid_emails() == {"express@example.org", "recent@example.org"}


def test_implied_consent_lapses_two_years_after_its_date():
    given = date(2024, 3, 14)
    assert implied_lapses_on(given) == date(2026, 3, 14)
    assert is_valid("implied", given, None, date(2026, 3, 13))
    assert not is_valid("implied", given, None, date(2026, 3, 14))
    assert implied_lapses_on(date(2024, 2, 29)) == date(2026, 2, 28)
    assert is_valid("express", None, None, TODAY)
    assert not is_valid("express", TODAY, TODAY, TODAY)
    assert not is_valid("none", TODAY, None, TODAY)


def test_sql_and_python_validity_agree(make_contact):
    for days in (-1, 0, 1, 365, 729, 730, 731, 800):
        make_contact(
            email=f"d{days}@example.org",
            newsletter_consent="implied",
            consent_date=TODAY - timedelta(days=days),
        )
    expected = {
        c.email
        for c in db.session.scalars(select(Contact))
        if is_valid(c.newsletter_consent, c.consent_date, c.consent_withdrawn_on, TODAY)
    }
    assert valid_emails() == expected


def test_record_and_withdraw_keep_history_current_state_and_audit(make_contact, make_user):
    user = make_user("coordinator")
    contact = make_contact(email="camille@example.org")
    record_consent(user, contact, "implied", date(2025, 5, 1), "business card", "")
    record_consent(user, contact, "express", date(2026, 1, 10), "regional forum", "I agree.")
    withdraw_consent(user, contact, date(2026, 2, 1), "phone call")
    db.session.commit()
    assert withdraw_consent(user, contact) is None  # idempotent: the first one stands
    history = consent_history(contact.id)
    assert [e.kind for e in history] == ["implied", "express", "withdrawn"]
    assert history[1].as_dict()["wording"] == "I agree."
    assert history[1].as_dict()["on"] == "2026-01-10"
    assert history[0].recorded_by_id == user.id
    assert (contact.newsletter_consent, contact.consent_date) == ("express", date(2026, 1, 10))
    assert contact.consent_withdrawn_on == date(2026, 2, 1)
    audits = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "contact", AuditEvent.entity_id == contact.id
        )
    ).all()
    assert len(audits) == 3
    assert audits[-1].after["consent_withdrawn_on"] == "2026-02-01"


def test_implied_consent_cannot_follow_a_withdrawal_but_express_can(make_contact, make_user):
    user = make_user("admin")
    contact = make_contact(email="a@example.org", consent_withdrawn_on=date(2025, 1, 1))
    with pytest.raises(ValidationFailed):
        record_consent(user, contact, "implied", TODAY, "meeting")
    record_consent(user, contact, "express", TODAY, "signed form", "Yes, send it.")
    assert contact.consent_withdrawn_on is None
    assert is_valid(contact.newsletter_consent, contact.consent_date, None, TODAY)


@pytest.mark.parametrize("role", ["regional_lead", "board"])
def test_only_managers_record_consent(make_contact, make_user, role):
    contact = make_contact(email="b@example.org")
    with pytest.raises(PermissionDenied):
        record_consent(make_user(role, regions=["06"]), contact, "express", TODAY, "x")
    with pytest.raises(PermissionDenied):
        withdraw_consent(make_user(role, regions=["06"]), contact)


def test_deleting_a_contact_deletes_its_history(make_contact):
    contact = make_contact(email="c@example.org")
    record_consent(None, contact, "express", TODAY, "public form")
    db.session.commit()
    db.session.delete(contact)
    db.session.commit()
    assert db.session.scalars(select(ConsentEvent)).all() == []


CONTACT_HEADER = [
    "Prénom",
    "Nom",
    "Courriel",
    "Infolettre",
    "Date du consentement",
    "Source du consentement",
]


def test_import_never_turns_a_withdrawal_back_into_consent(tmp_path, make_contact, make_user):
    user = make_user("coordinator")
    contact = make_contact(
        email="retrait@example.org",
        newsletter_consent="express",
        consent_date=date(2025, 1, 1),
        consent_source="forum",
        consent_withdrawn_on=date(2025, 9, 1),
    )
    path = xlsx(
        tmp_path / "contacts.xlsx",
        [
            CONTACT_HEADER,
            ["Camille", contact.last_name, "retrait@example.org", "exprès", "2026-03-01", "salon"],
        ],
    )
    result = run_import(analyse(path, "contacts"), user)
    db.session.commit()
    assert (result.rejected, result.unchanged, result.updated) == (0, 1, 0)
    db.session.refresh(contact)
    assert contact.consent_withdrawn_on == date(2025, 9, 1)
    assert (contact.consent_date, contact.consent_source) == (date(2025, 1, 1), "forum")
    assert "retrait@example.org" not in valid_emails(clock.today())
    assert consent_history(contact.id) == []


def test_undoing_an_import_never_revives_consent(tmp_path, make_contact, make_user):
    from importers.history import undo_batch

    user = make_user("coordinator")
    contact = make_contact(
        email="depart@example.org", newsletter_consent="express", consent_date=date(2025, 1, 1)
    )
    path = xlsx(
        tmp_path / "contacts.xlsx",
        [CONTACT_HEADER, ["Dominique", "Gagnon", "depart@example.org", "retiré", "", ""]],
    )
    result = run_import(analyse(path, "contacts"), user)
    db.session.commit()
    db.session.refresh(contact)
    assert result.updated == 1 and contact.consent_withdrawn_on == clock.today()
    undo_batch(user, result.batch)
    db.session.commit()
    db.session.refresh(contact)
    assert contact.first_name != "Dominique"  # the rest of the row is undone
    assert contact.consent_withdrawn_on == clock.today()  # the withdrawal stands
    assert "depart@example.org" not in valid_emails(clock.today())


def test_import_records_consent_history(tmp_path, make_contact, make_user):
    user = make_user("coordinator")
    known = make_contact(
        email="connu@example.org", newsletter_consent="express", consent_date=date(2025, 1, 1)
    )
    path = csv_file(
        tmp_path / "contacts.csv",
        [
            CONTACT_HEADER,
            ["Léa", "Gagnon", "lea@example.org", "tacite", "2026-02-01", "carte d’affaires"],
            ["Noé", "Roy", "noe@example.org", "aucun", "", ""],
            ["Camille", known.last_name, "connu@example.org", "retiré", "", ""],
        ],
    )
    result = run_import(analyse(path, "contacts"), user)
    db.session.commit()
    assert (result.created, result.updated, result.rejected) == (2, 1, 0)
    lea = db.session.scalar(select(Contact).where(Contact.email == "lea@example.org"))
    assert [(e.kind, e.on, e.source) for e in consent_history(lea.id)] == [
        ("implied", date(2026, 2, 1), "carte d’affaires")
    ]
    assert lea.unsubscribe_token and len(lea.unsubscribe_token) >= 40
    noe = db.session.scalar(select(Contact).where(Contact.email == "noe@example.org"))
    assert consent_history(noe.id) == []
    assert [e.kind for e in consent_history(known.id)] == ["withdrawn"]
    assert consent_history(known.id)[0].recorded_by_id == user.id
    audited = db.session.scalars(
        select(AuditEvent.entity_id).where(AuditEvent.entity_type == "contact")
    ).all()
    assert set(audited) == {lea.id, known.id}


def test_record_edit_adds_the_event_of_a_contact_form_edit(make_contact, make_user):
    from models.operations.common import snapshot
    from models.operations.consent import STATE, record_edit

    user = make_user("coordinator")
    contact = make_contact(email="e@example.org")
    before = snapshot(contact, STATE)
    assert record_edit(user, contact, before) is None  # nothing changed
    contact.newsletter_consent, contact.consent_date = "implied", date(2026, 1, 5)
    contact.consent_source = "carte d’affaires"
    record_edit(user, contact, before)
    db.session.commit()
    [event] = consent_history(contact.id)
    assert (event.kind, event.on, event.recorded_by_id) == ("implied", date(2026, 1, 5), user.id)


def test_consent_given_on_the_contact_forms_joins_the_history(make_user):
    from models.operations import create_contact, update_contact

    user = make_user("coordinator")
    contact = create_contact(
        user,
        {"first_name": "Léa", "last_name": "Tremblay", "newsletter_consent": "express",
         "consent_date": date(2026, 2, 1), "consent_source": "salon"},
    )  # fmt: skip
    quiet = create_contact(user, {"first_name": "Noé", "last_name": "Roy"})
    update_contact(user, contact, {"notes": "rappeler"})  # consent untouched: no event
    db.session.commit()
    assert [e.kind for e in consent_history(contact.id)] == ["express"]
    assert consent_history(quiet.id) == []
    update_contact(user, quiet, {"newsletter_consent": "implied", "consent_date": date(2026, 3, 1)})
    db.session.commit()
    [event] = consent_history(quiet.id)
    assert (event.kind, event.on, event.recorded_by_id) == ("implied", date(2026, 3, 1), user.id)


def test_a_confirmation_link_expires_but_is_single_use(app):
    from models import PendingSubscription
    from models.operations.subscriptions import pending_subscription, request_subscription

    data = {"email": "f@example.org", "first_name": "F", "last_name": "G", "language": "en"}
    token = request_subscription(data, "wording")
    assert pending_subscription(token) is not None
    db.session.scalar(select(PendingSubscription)).requested_at = datetime(2020, 1, 1)
    assert pending_subscription(token) is None
    assert pending_subscription("x" * 100) is None
