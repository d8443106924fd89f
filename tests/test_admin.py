"""Administration: users, reference lists and the audit log, through the screens and the
operations underneath."""

import json
from datetime import datetime

import pytest
from sqlalchemy import delete, select

from models import AuditEvent, Measure, Region, Sector, User, Vocabulary, db
from models.audit import record
from models.operations import (
    PermissionDenied,
    ValidationFailed,
    add_entry,
    rename_entry,
    reset_password,
    set_entry_active,
    set_user_active,
    update_user,
)
from reports.exports import export_rows, view
from tests.conftest import PASSWORD

NEW_PASSWORD = "another-long-passphrase"


@pytest.fixture(autouse=True)
def _restore_reference_after_each_test(restore_reference):
    """Admin tests rename and add reference entries: put the shipped lists back after."""
    yield


@pytest.fixture
def admin(login):
    """Sign the test client in as an administrator."""
    return login("admin", name="Ada Admin")


@pytest.fixture
def other_client(app, client):
    """Return a second browser (its own cookies)."""
    return app.test_client()


def sign_in(browser, email: str, password: str = PASSWORD):
    return browser.post("/login", data={"email": email, "password": password})


def events(entity_type: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_type == entity_type)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


NEW_LEAD = {
    "email": "Lea.Lead@Example.org",
    "name": "Léa Lead",
    "role": "regional_lead",
    "regions": ["06", "05"],
    "language": "fr",
    "password": NEW_PASSWORD,
}


# Users --------------------------------------------------------------------------------


def test_admin_creates_a_regional_lead_who_signs_in_and_sees_their_regions(
    client, admin, other_client
):
    response = client.post("/admin/users/new", data=NEW_LEAD)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "lea.lead@example.org"))
    assert user.role == "regional_lead" and user.region_codes == ["05", "06"]
    assert user.check_password(NEW_PASSWORD)
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "lea.lead@example.org" in listing and "Responsable de région" in listing

    assert sign_in(other_client, "lea.lead@example.org", NEW_PASSWORD).status_code == 302
    home = other_client.get("/").get_data(as_text=True)
    assert "Votre territoire\u00a0: Estrie, Montréal" in home


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "short"}, "Utilisez au moins 12 caractères."),
        ({"regions": []}, "Une personne responsable de région doit avoir au moins une région."),
        ({"role": "coordinator"}, "Seules les personnes responsables de région ont des régions."),
        ({"email": "not an email"}, "«\u00a0not an email\u00a0» n’est pas une adresse courriel"),
    ],
)
def test_creating_a_user_shows_the_problems_in_french(client, admin, change, message):
    response = client.post("/admin/users/new", data=NEW_LEAD | change)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.role == "regional_lead")) is None


def test_a_duplicate_email_is_refused_in_french(client, admin, make_user):
    make_user("coordinator", email="lea.lead@example.org")
    response = client.post("/admin/users/new", data=NEW_LEAD)
    assert response.status_code == 200
    assert "Un utilisateur a déjà ce courriel." in response.get_data(as_text=True)


def test_admin_edits_role_regions_and_language(client, admin, make_user):
    user = make_user("coordinator", name="Paul")
    page = client.get(f"/admin/users/{user.id}/edit")
    assert page.status_code == 200 and "Paul" in page.get_data(as_text=True)
    response = client.post(
        f"/admin/users/{user.id}/edit",
        data={
            "name": "Paul B.",
            "role": "regional_lead",
            "regions": ["03"],
            "language": "en",
            "email": "ignored@example.org",
            "active": "0",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.role, user.region_codes, user.language) == (
        "Paul B.",
        "regional_lead",
        ["03"],
        "en",
    )
    assert user.email.startswith("coordinator") and user.active  # not the form's fields
    event = events("user")[-1]
    assert event.before == {"name": "Paul", "role": "coordinator", "language": "fr", "regions": []}
    assert event.after == {
        "name": "Paul B.",
        "role": "regional_lead",
        "language": "en",
        "regions": ["03"],
    }


def test_admin_cannot_demote_or_deactivate_themself(client, admin):
    response = client.post(
        f"/admin/users/{admin.id}/edit",
        data={"name": "Ada", "role": "coordinator", "language": "fr"},
    )
    assert "Vous ne pouvez pas retirer votre propre rôle d’administration." in response.get_data(
        as_text=True
    )
    response = client.post(
        f"/admin/users/{admin.id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin" and admin.active
    assert client.get("/admin/users").status_code == 200


def test_deactivation_ends_the_sessions_at_once_and_reactivation_restores_sign_in(
    client, admin, other_client, make_user
):
    user = make_user("coordinator")
    assert sign_in(other_client, user.email).status_code == 302
    assert other_client.get("/").status_code == 200

    assert client.post(f"/admin/users/{user.id}/active", data={"active": "0"}).status_code == 302
    db.session.refresh(user)
    assert not user.active
    refused = other_client.get("/")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert sign_in(other_client, user.email).status_code == 200  # the form again
    assert "Désactivé" in client.get("/admin/users").get_data(as_text=True)

    assert client.post(f"/admin/users/{user.id}/active", data={"active": "1"}).status_code == 302
    assert sign_in(other_client, user.email).status_code == 302
    assert other_client.get("/").status_code == 200
    assert [(e.before, e.after) for e in events("user")] == [
        ({"active": True}, {"active": False}),
        ({"active": False}, {"active": True}),
    ]


def test_admin_resets_a_password_without_auditing_it(client, admin, other_client, make_user):
    user = make_user("board")
    assert sign_in(other_client, user.email).status_code == 302
    short = client.post(f"/admin/users/{user.id}/password", data={"password": "short"})
    assert "Utilisez au moins 12 caractères." in short.get_data(as_text=True)
    response = client.post(f"/admin/users/{user.id}/password", data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)
    assert other_client.get("/").status_code == 302  # the old sessions ended
    assert sign_in(other_client, user.email, NEW_PASSWORD).status_code == 302


def test_no_audit_event_holds_a_password_or_its_hash(client, admin, make_user):
    client.post("/admin/users/new", data=NEW_LEAD)
    user = db.session.scalar(select(User).where(User.email == "lea.lead@example.org"))
    client.post(f"/admin/users/{user.id}/password", data={"password": PASSWORD + "-new"})
    client.post(
        f"/admin/users/{user.id}/edit",
        data={"name": "L", "role": "regional_lead", "regions": ["06"], "language": "fr"},
    )
    stored = [json.dumps([e.before, e.after]) for e in db.session.scalars(select(AuditEvent))]
    assert len(stored) == 3
    for text in stored:
        assert "scrypt" not in text and NEW_PASSWORD not in text and PASSWORD not in text
        assert "password_hash" not in text


# Reference lists ------------------------------------------------------------------------


def test_renaming_a_sector_shows_the_new_label_in_exports(client, admin, make_stakeholder):
    make_stakeholder("CPE Soleil", sector="childcare")
    page = client.get("/admin/reference/sector")
    assert "Services de garde éducatifs" in page.get_data(as_text=True)
    response = client.post(
        "/admin/reference/sector/childcare/edit",
        data={
            "label_fr": "Garde éducative à l’enfance",
            "label_en": "Early childhood care",
            "code": "hacked",
        },
    )
    assert response.status_code == 302
    rows = list(export_rows(view("stakeholders", admin), lang="fr"))
    assert any("Garde éducative à l’enfance" in row for row in rows)
    assert db.session.get(Sector, "hacked") is None
    event = events("sector")[-1]
    assert event.before["label_fr"] == "Services de garde éducatifs"
    assert event.after == {
        "code": "childcare",
        "label_fr": "Garde éducative à l’enfance",
        "label_en": "Early childhood care",
    }


def test_renaming_a_vocabulary_entry_and_empty_labels(client, admin):
    empty = client.post("/admin/reference/stage/contacted/edit", data={"label_fr": " "})
    assert "Ce champ est obligatoire." in empty.get_data(as_text=True)
    client.post(
        "/admin/reference/stage/contacted/edit",
        data={"label_fr": "Premier contact", "label_en": "First contact"},
    )
    assert db.session.get(Vocabulary, ("stage", "contacted")).label_fr == "Premier contact"
    assert client.get("/admin/reference/stage/nothing/edit").status_code == 404


def test_adding_a_measure_under_a_theme(client, admin):
    page = client.get("/admin/reference/measure/new")
    assert "Les familles" in page.get_data(as_text=True)
    data = {
        "code": "parental_leave",
        "theme_code": "families",
        "label_fr": "Congés parentaux",
        "label_en": "Parental leave",
    }
    assert client.post("/admin/reference/measure/new", data=data).status_code == 302
    measure = db.session.get(Measure, "parental_leave")
    assert measure.theme_code == "families" and measure.active
    assert measure.position > max(
        m.position for m in db.session.scalars(select(Measure)) if m.code != "parental_leave"
    )
    again = client.post("/admin/reference/measure/new", data=data)
    assert "Ce code est déjà utilisé." in again.get_data(as_text=True)
    bad = client.post("/admin/reference/measure/new", data=data | {"code": "Congé-été"})
    assert "lettres minuscules" in bad.get_data(as_text=True)
    assert events("measure")[0].after["code"] == "parental_leave"
    assert "Congés parentaux" in client.get("/admin/reference/measure").get_data(as_text=True)


def test_regions_and_levels_cannot_be_added_to(client, admin):
    assert client.get("/admin/reference/region/new").status_code == 404
    assert client.post("/admin/reference/level/new", data={"code": "x"}).status_code == 404
    text = client.get("/admin/reference").get_data(as_text=True)
    assert "17 régions administratives" in text
    assert client.post("/admin/reference/region/06/active", data={"active": "0"}).status_code == 404


def test_deactivating_and_reactivating_a_sector(client, admin):
    response = client.post("/admin/reference/sector/research/active", data={"active": "0"})
    assert response.status_code == 302
    sector = db.session.get(Sector, "research")
    assert not sector.active
    client.post("/admin/reference/sector/research/active", data={"active": "1"})
    db.session.refresh(sector)
    assert sector.active
    assert [e.after for e in events("sector")] == [
        {"code": "research", "active": False},
        {"code": "research", "active": True},
    ]
    # An empty POST changes nothing.
    client.post("/admin/reference/sector/research/active")
    db.session.refresh(sector)
    assert sector.active and len(events("sector")) == 2


# Audit log ----------------------------------------------------------------------------


def add_event(actor, entity_type, entity_id, at, action="update", before=None, after=None):
    event = record(actor, action, entity_type, entity_id, before, after)
    event.at = at  # an event of the past
    return event


@pytest.fixture
def history(admin, make_user):
    """Four events by two people on three days."""
    other = make_user("coordinator", name="Zoé Coord")
    db.session.execute(delete(AuditEvent))
    add_event(
        admin,
        "stakeholder",
        101,
        datetime(2026, 1, 10, 15, 0),
        before={"name": "CPE <b>Lune</b>"},
        after={"name": "CPE Soleil"},
    )
    add_event(
        other,
        "stakeholder",
        102,
        datetime(2026, 2, 3, 15, 0),
        action="create",
        after={"name": "Table 0-5"},
    )
    add_event(other, "contact", 201, datetime(2026, 2, 20, 15, 0))
    add_event(admin, "commitment", 301, datetime(2026, 3, 1, 15, 0), action="delete")
    db.session.commit()
    return admin, other


def shown_ids(client, query: str) -> set[str]:
    text = client.get("/admin/audit?" + query).get_data(as_text=True)
    return {i for i in ("#101", "#102", "#201", "#301") if i in text}


def test_the_audit_log_lists_newest_first_with_a_readable_diff(client, history):
    text = client.get("/admin/audit").get_data(as_text=True)
    assert text.index("#301") < text.index("#201") < text.index("#102") < text.index("#101")
    assert "<del>CPE &lt;b&gt;Lune&lt;/b&gt;</del> → <ins>CPE Soleil</ins>" in text
    assert "Zoé Coord" in text


def test_the_audit_log_filters(client, history):
    admin, other = history
    assert shown_ids(client, f"actor={other.id}") == {"#102", "#201"}
    assert shown_ids(client, "entity_type=stakeholder") == {"#101", "#102"}
    assert shown_ids(client, "entity_type=stakeholder&entity_id=102") == {"#102"}
    assert shown_ids(client, "action=delete") == {"#301"}
    assert shown_ids(client, "date_from=2026-02-01&date_to=2026-02-20") == {"#102", "#201"}
    assert shown_ids(client, "date_to=2026-01-10") == {"#101"}
    assert shown_ids(client, f"actor={admin.id}&date_from=2026-02-01") == {"#301"}
    assert shown_ids(client, "date_from=not-a-date") == {"#101", "#102", "#201", "#301"}


def test_the_audit_log_is_read_only(app, client, history):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin/audit")]
    assert [sorted(r.methods - {"HEAD", "OPTIONS"}) for r in rules] == [["GET"], ["GET"]]
    assert client.post("/admin/audit").status_code == 405


# Operations ---------------------------------------------------------------------------


def test_only_admins_run_the_admin_operations(app, make_user):
    coordinator, user = make_user("coordinator"), make_user("board")
    for call in (
        lambda: update_user(coordinator, user, {"name": "X"}),
        lambda: set_user_active(coordinator, user, False),
        lambda: reset_password(coordinator, user, NEW_PASSWORD),
        lambda: rename_entry(coordinator, Sector, "health", "A", "B"),
        lambda: add_entry(coordinator, "stage", "new_stage", "A", "B"),
        lambda: set_entry_active(coordinator, Sector, "health", False),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_update_user_validates_like_create_user(app, make_user):
    admin, user = make_user("admin"), make_user("coordinator")
    with pytest.raises(ValidationFailed) as error:
        update_user(admin, user, {"role": "regional_lead"})
    assert "regions" in error.value.errors
    with pytest.raises(ValidationFailed) as error:
        update_user(admin, user, {"role": "boss", "language": "de", "regions": ["99"]})
    assert set(error.value.errors) == {"role", "language", "regions"}
    assert not update_user(admin, user, {"name": user.name, "password_hash": "x"})
    assert update_user(admin, user, {"role": "regional_lead", "regions": ["06", "06"]})
    assert user.region_codes == ["06"]
    assert update_user(admin, user, {"role": "board", "regions": []})
    assert user.regions == []


def test_set_user_active_rotates_the_session_token(app, make_user):
    admin, user = make_user("admin"), make_user("coordinator")
    token = user.session_token
    assert set_user_active(admin, user, False)
    assert not user.active and user.session_token != token
    assert not set_user_active(admin, user, False)
    token = user.session_token
    assert set_user_active(admin, user, True)
    assert user.active and user.session_token == token
    with pytest.raises(ValidationFailed):
        set_user_active(admin, admin, False)


def test_reset_password_checks_the_policy(app, make_user):
    admin, user = make_user("admin"), make_user("coordinator")
    with pytest.raises(ValidationFailed):
        reset_password(admin, user, "short")
    token = user.session_token
    reset_password(admin, user, NEW_PASSWORD)
    assert user.check_password(NEW_PASSWORD) and user.session_token != token
    token = admin.session_token
    reset_password(admin, admin, NEW_PASSWORD)  # their own: they stay signed in
    assert admin.session_token == token
    assert all("hash" not in json.dumps(e.after) for e in events("user"))


def test_reference_operations(app, make_user):
    admin = make_user("admin")
    assert rename_entry(admin, Region, "06", "Montréal (île)", "Montreal (island)")
    assert not rename_entry(admin, "region", "06", "Montréal (île)", "Montreal (island)")
    with pytest.raises(ValidationFailed):
        rename_entry(admin, Sector, "nothing", "A", "B")
    with pytest.raises(ValidationFailed):
        rename_entry(admin, Sector, "health", "x" * 201, "B")
    with pytest.raises(ValueError):
        rename_entry(admin, "nothing", "x", "A", "B")
    for model_or_list, code in ((Region, "18"), ("level", "metropolitan")):
        with pytest.raises(ValidationFailed):
            add_entry(admin, model_or_list, code, "A", "B")
    for code in ("Upper", "é", "with space", "", "x" * 41):
        with pytest.raises(ValidationFailed):
            add_entry(admin, Sector, code, "A", "B")
    with pytest.raises(ValidationFailed) as error:
        add_entry(admin, Measure, "new_measure", "A", "B", theme_code="nothing")
    assert "theme_code" in error.value.errors
    kind = add_entry(admin, "interaction_kind", "webinar", "Webinaire", "Webinar")
    assert (kind.list, kind.position) == ("interaction_kind", 6)
    sector = add_entry(admin, Sector, "sports_2", "Sports", "Sports")
    assert sector.active and db.session.get(Sector, "sports_2") is sector
    for model_or_list, code in ((Region, "06"), ("stage", "contacted")):
        with pytest.raises(ValidationFailed):
            set_entry_active(admin, model_or_list, code, False)
    assert set_entry_active(admin, Measure, "ece_access", False)
    assert not db.session.get(Measure, "ece_access").active
    assert [e.entity_type for e in db.session.scalars(select(AuditEvent))] == [
        "region",
        "interaction_kind",
        "sector",
        "measure",
    ]


def test_the_screens_speak_english_to_an_english_admin(client, login):
    login("admin", language="en")
    assert "Administrator" in client.get("/admin/users").get_data(as_text=True)
    text = client.get("/admin/reference/measure").get_data(as_text=True)
    assert "Platform measures" in text and "English label" in text
    assert "Entity type" in client.get("/admin/audit").get_data(as_text=True)
