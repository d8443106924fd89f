"""Retention review: contacts dormant for N years, bulk anonymization with confirmation;
and the audit trail, which no screen can edit or delete."""

from datetime import date, datetime, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import event, select

from models import AuditEvent, Contact, Stakeholder, clock, db
from models.privacy import dormant_contacts, retention_cutoff


def years_ago(years: int, days: int = 0) -> date:
    return retention_cutoff(years, clock.today()) - timedelta(days=days)


@pytest.fixture
def people(make_stakeholder, make_contact, make_interaction):
    """Contacts last met 4 years ago, 1 year ago, never (added 6 years ago or last
    month), and one already anonymized."""
    cpe = make_stakeholder("CPE Les Lucioles", region="06")
    old = datetime.combine(years_ago(6), datetime.min.time())
    found = {
        "met_4y": make_contact(cpe, "Aurèle", "Vieux"),
        "met_1y": make_contact(cpe, "Béa", "Récente"),
        "never_old": make_contact(cpe, "Céleste", "Jamais", created_at=old),
        "never_new": make_contact(cpe, "Dorian", "Nouveau"),
        "gone": make_contact(cpe, "Éloi", "Parti", created_at=old, anonymized_at=old),
    }
    make_interaction([cpe], occurred_on=years_ago(4), contacts=[found["met_4y"]])
    make_interaction([cpe], occurred_on=years_ago(5), contacts=[found["met_1y"]])
    make_interaction([cpe], occurred_on=years_ago(1), contacts=[found["met_1y"]])
    db.session.commit()
    return {key: c.id for key, c in found.items()}


def dormant(years: int) -> set[int]:
    return set(
        db.session.scalars(dormant_contacts(years, clock.today()).with_only_columns(Contact.id))
    )


def test_dormant_contacts_have_no_interaction_for_n_years(app, people):
    assert dormant(3) == {people["met_4y"], people["never_old"]}
    assert dormant(5) == {people["never_old"]}
    assert dormant(7) == set()


def test_a_29_february_cutoff_falls_on_the_28th(app):
    assert retention_cutoff(3, date(2028, 2, 29)) == date(2025, 2, 28)


def test_the_page_lists_them_with_no_box_ticked(client, login, people):
    login("admin")
    page = client.get("/personal-data/retention")
    assert page.status_code == 200
    assert "Vieux" in page.text and "Jamais" in page.text
    assert "Récente" not in page.text and "Nouveau" not in page.text and "Parti" not in page.text
    assert 'type="checkbox"' in page.text and "checked" not in page.text
    assert format_date(years_ago(4), "medium", locale="fr_CA") in page.text  # 5 déc. 2022
    longer = client.get("/personal-data/retention?years=5")
    assert "Vieux" not in longer.text and "Jamais" in longer.text
    wrong = client.get("/personal-data/retention?years=0")
    assert wrong.status_code == 200 and "Vieux" in wrong.text  # back to 3 years


def test_bulk_anonymization_asks_for_confirmation_first(client, login, people):
    login("admin")
    chosen = [people["met_4y"], people["never_old"], people["met_1y"]]  # the last: not dormant
    confirm = client.post("/personal-data/retention", data={"contact_ids": chosen, "years": "3"})
    assert confirm.status_code == 200
    assert "Vieux" in confirm.text and "Jamais" in confirm.text and "Récente" not in confirm.text
    db.session.expire_all()
    assert db.session.get(Contact, people["met_4y"]).anonymized_at is None
    done = client.post(
        "/personal-data/retention",
        data={"contact_ids": chosen, "years": "3", "confirmed": "yes"},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Contacts anonymisés\u00a0: 2." in done.text
    db.session.expire_all()
    anonymized = set(
        db.session.scalars(select(Contact.id).where(Contact.anonymized_at.is_not(None)))
    )
    assert anonymized == {people["met_4y"], people["never_old"], people["gone"]}
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "anonymize")).all()
    assert sorted(e.entity_id for e in events) == sorted(chosen[:2])


def test_nothing_ticked_changes_nothing(client, login, people):
    anonymized = select(Contact.id).where(Contact.anonymized_at.is_not(None))
    before = set(db.session.scalars(anonymized))
    login("admin")
    response = client.post("/personal-data/retention", data={"years": "3", "confirmed": "yes"})
    assert "Cochez au moins un contact." in client.get(response.headers["Location"]).text
    db.session.expire_all()
    assert set(db.session.scalars(anonymized)) == before
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "anonymize")) is None


# The audit trail ---------------------------------------------------------------------

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def test_no_route_that_writes_is_an_audit_screen(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule or "audit" in rule.endpoint:
            assert not (rule.methods & WRITES), rule.rule


def snapshot() -> list[tuple]:
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    return [(e.id, e.at, e.actor_id, e.action, e.entity_type, e.entity_id, e.before, e.after)
            for e in events]  # fmt: skip


def test_no_write_route_updates_or_deletes_an_audit_event(
    app, client, login, make_user, make_stakeholder, make_contact, make_interaction,
    make_commitment, make_relationship,
):  # fmt: skip
    """Every POST/PUT/PATCH/DELETE route, called by an administrator, leaves the audit
    events as they were (anonymization's redaction of values is tested on its own)."""
    from models.operations import create_contact
    from tests.test_permissions import ROUTES, _merge, pending_address, saved_views

    admin = login("admin")
    mine, theirs = make_stakeholder(region="06"), make_stakeholder(region="05")
    world = {
        "mine": mine.id, "theirs": theirs.id, "national": make_stakeholder(region=None).id,
        "mine_contact": create_contact(admin, {"first_name": "Zoé", "last_name": "Audit",
                                               "stakeholder_id": mine.id}).id,
        "theirs_contact": make_contact(theirs).id,
        "mine_interaction": make_interaction([mine]).id,
        "theirs_interaction": make_interaction([theirs]).id,
        "mine_commitment": make_commitment(mine).id,
        "theirs_commitment": make_commitment(theirs).id,
        "user": make_user("coordinator").id, **saved_views(make_user),
    }  # fmt: skip
    national = db.session.get(Stakeholder, world["national"])
    world["mine_tie"] = make_relationship(mine, national).id
    world["theirs_tie"] = make_relationship(theirs, national).id
    world["merge"] = _merge(make_stakeholder)
    world["theirs_pending"] = pending_address(make_user)
    db.session.commit()
    before = snapshot()
    assert before
    paths = {(m, p.format(**world)) for m, p, _ in ROUTES.values() if m in WRITES}
    for rule in app.url_map.iter_rules():
        for method in (rule.methods or set()) & WRITES:
            values = {arg: 999999 for arg in rule.arguments}
            try:
                paths.add((method, app.url_for(rule.endpoint, **values)))
            except Exception:  # a converter that takes no number: ROUTES has that route
                continue
    writes: list[str] = []

    def spy(_conn, _cursor, statement, *_args) -> None:
        text = " ".join(statement.lower().split())
        if text.startswith(("update audit_event", "delete from audit_event")):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", spy)
    try:
        for method, path in sorted(paths):
            if path != "/logout":
                client.open(path, method=method)
    finally:
        event.remove(db.engine, "before_cursor_execute", spy)
    assert not writes
    db.session.expire_all()
    assert snapshot()[: len(before)] == before
