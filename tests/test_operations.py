"""Write operations: what they change, the audit events they write, and whom they refuse."""

from datetime import date

import pytest
from sqlalchemy import func, select

from models import (
    AuditEvent,
    Commitment,
    CommitmentStatusChange,
    Contact,
    Interaction,
    Relationship,
    Stakeholder,
    User,
    clock,
    db,
)
from models.operations import (
    PermissionDenied,
    StaleRecord,
    ValidationFailed,
    archive_stakeholder,
    change_commitment_status,
    create_commitment,
    create_contact,
    create_interaction,
    create_relationship,
    create_stakeholder,
    create_user,
    delete_commitment,
    delete_contact,
    delete_interaction,
    delete_relationship,
    update_commitment,
    update_contact,
    update_interaction,
    update_relationship,
    update_stakeholder,
)

LONG_PASSWORD = "une phrase de passe assez longue"


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", name="Camille Coordonnatrice")


@pytest.fixture
def lead(make_user):
    """Return a regional lead of Montréal (06)."""
    return make_user("regional_lead", regions=["06"], name="Louis Responsable")


@pytest.fixture
def board(make_user):
    return make_user("board")


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def cpe(make_stakeholder):
    """Return a local stakeholder of Montréal (06)."""
    return make_stakeholder("CPE Soleil", region="06")


@pytest.fixture
def city(make_stakeholder):
    """Return a local stakeholder of Montérégie (16)."""
    return make_stakeholder("Ville de Longueuil", region="16", sector="municipal")


@pytest.fixture
def ministry(make_stakeholder):
    """Return a national stakeholder."""
    return make_stakeholder("Ministère de la Famille", region=None, sector="government")


def events(entity_type: str | None = None) -> list[AuditEvent]:
    """Return the audit events (of `entity_type`), oldest first."""
    query = select(AuditEvent).order_by(AuditEvent.id)
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    return list(db.session.scalars(query))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def refused_field(operation, *args, **kwargs) -> set[str]:
    """Run an operation that must fail validation; return the fields it names."""
    with pytest.raises(ValidationFailed) as error:
        operation(*args, **kwargs)
    return set(error.value.errors)


# Stakeholders -------------------------------------------------------------------------------


def test_create_stakeholder_cleans_its_values_and_audits_them(coordinator):
    stakeholder = create_stakeholder(
        coordinator,
        {
            "name": "  CPE Soleil ",
            "sector_code": "childcare",
            "level": "local",
            "region_code": "06",
            "email": " Info@CPESoleil.org ",
            "tags": ["table", " Priorité "],
            "influence": "4",
        },
    )
    assert (stakeholder.name, stakeholder.email, stakeholder.influence) == (
        "CPE Soleil",
        "info@cpesoleil.org",
        4,
    )
    assert stakeholder.tag_names == ["Priorité", "table"]
    assert stakeholder.created_by_id == coordinator.id
    [event] = events()
    assert (event.action, event.entity_type, event.entity_id, event.actor_id) == (
        "create",
        "stakeholder",
        stakeholder.id,
        coordinator.id,
    )
    assert event.before is None
    assert event.after["name"] == "CPE Soleil"
    assert event.after["region_code"] == "06"
    assert event.after["tag_names"] == ["Priorité", "table"]


def test_update_stakeholder_records_the_old_and_new_name(coordinator, cpe):
    assert update_stakeholder(coordinator, cpe, {"name": "CPE Soleil levant", "locality": ""})
    db.session.commit()
    [event] = events()
    assert (event.action, event.entity_type, event.entity_id) == ("update", "stakeholder", cpe.id)
    assert event.before == {"name": "CPE Soleil"}
    assert event.after == {"name": "CPE Soleil levant"}
    assert cpe.updated_by_id == coordinator.id
    assert cpe.name_key == "cpesoleillevant"


def test_update_stakeholder_with_the_same_values_changes_and_records_nothing(coordinator, cpe):
    assert not update_stakeholder(coordinator, cpe, {"name": "CPE Soleil", "region_code": "06"})
    assert events() == []


def test_update_stakeholder_tags_is_audited(coordinator, cpe):
    update_stakeholder(coordinator, cpe, {"tags": ["table de concertation"]})
    [event] = events()
    assert event.before == {"tag_names": []}
    assert event.after == {"tag_names": ["table de concertation"]}


def test_archive_stakeholder_keeps_it_and_records_archive(coordinator, cpe):
    archive_stakeholder(coordinator, cpe)
    db.session.commit()
    assert db.session.get(Stakeholder, cpe.id).archived is True
    archive_stakeholder(coordinator, cpe, archived=False)
    db.session.commit()
    assert cpe.archived is False
    assert [(e.action, e.before, e.after) for e in events()] == [
        ("archive", {"archived": False}, {"archived": True}),
        ("archive", {"archived": True}, {"archived": False}),
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"level": "local", "region_code": "06"}, "name"),
        ({"name": "   ", "level": "local", "region_code": "06"}, "name"),
        ({"name": "Ministère", "level": "national", "region_code": "06"}, "region_code"),
        ({"name": "CPE Soleil", "level": "local"}, "region_code"),
        ({"name": "CPE Soleil", "level": "regional", "region_code": ""}, "region_code"),
        ({"name": "CPE Soleil", "region_code": "18"}, "region_code"),
        ({"name": "CPE Soleil", "region_code": "06", "sector_code": "aerospace"}, "sector_code"),
        ({"name": "CPE Soleil", "region_code": "06", "level": "provincial"}, "level"),
        ({"name": "CPE Soleil", "region_code": "06", "stage": "converted"}, "stage"),
        ({"name": "CPE Soleil", "region_code": "06", "kind": "company"}, "kind"),
        ({"name": "CPE Soleil", "region_code": "06", "influence": 7}, "influence"),
        ({"name": "CPE Soleil", "region_code": "06", "influence": 0}, "influence"),
        ({"name": "CPE Soleil", "region_code": "06", "interest": "beaucoup"}, "interest"),
        ({"name": "CPE Soleil", "region_code": "06", "email": "info@"}, "email"),
    ],
)
def test_create_stakeholder_refuses_invalid_data_naming_the_field(coordinator, data, field):
    assert field in refused_field(create_stakeholder, coordinator, data)
    assert count(Stakeholder) == 0
    assert events() == []


def test_update_stakeholder_to_national_keeping_its_region_is_refused(coordinator, cpe):
    assert "region_code" in refused_field(
        update_stakeholder, coordinator, cpe, {"level": "national"}
    )
    assert (cpe.level, cpe.region_code) == ("local", "06")
    assert update_stakeholder(coordinator, cpe, {"level": "national", "region_code": None})
    assert (cpe.level, cpe.region_code) == ("national", None)


def test_create_stakeholder_ignores_keys_it_does_not_own(coordinator, board):
    stakeholder = create_stakeholder(
        coordinator,
        {
            "id": 999_999,
            "name": "CPE Soleil",
            "region_code": "06",
            "archived": True,
            "version": 7,
            "created_by_id": board.id,
            "name_key": "autre",
            "created_at": None,
        },
    )
    db.session.commit()
    assert stakeholder.id != 999_999
    assert stakeholder.archived is False
    assert stakeholder.version == 1
    assert stakeholder.created_by_id == coordinator.id
    assert stakeholder.name_key == "cpesoleil"


def test_update_stakeholder_ignores_keys_it_does_not_own(coordinator, board, cpe):
    original_id = cpe.id
    update_stakeholder(
        coordinator,
        cpe,
        {
            "id": 999_999,
            "archived": True,
            "version": 40,
            "updated_by_id": board.id,
            "locality": "Verdun",
        },
    )
    db.session.commit()
    stored = db.session.get(Stakeholder, original_id)
    assert (stored.archived, stored.version, stored.locality) == (False, 2, "Verdun")
    assert stored.updated_by_id == coordinator.id
    assert [e.after for e in events()] == [{"locality": "Verdun"}]


def test_stale_stakeholder_edit_is_refused_naming_who_saved_first(coordinator, make_user, cpe):
    opened_version = cpe.version
    colleague = make_user("coordinator", name="Sophie Gagnon")
    update_stakeholder(colleague, cpe, {"locality": "Verdun"}, expected_version=opened_version)
    db.session.commit()
    with pytest.raises(StaleRecord) as error:
        update_stakeholder(
            coordinator, cpe, {"locality": "Lachine"}, expected_version=opened_version
        )
    assert "Sophie Gagnon" in str(error.value)
    assert cpe.locality == "Verdun"
    assert update_stakeholder(
        coordinator, cpe, {"locality": "Lachine"}, expected_version=cpe.version
    )


def test_stale_edit_is_refused_after_someone_changed_only_the_tags(coordinator, make_user, cpe):
    colleague = make_user("coordinator", name="Sophie Gagnon")
    update_stakeholder(colleague, cpe, {"locality": "Verdun"})
    db.session.commit()
    opened_version = cpe.version
    update_stakeholder(colleague, cpe, {"tags": ["priorité"]}, expected_version=opened_version)
    db.session.commit()
    with pytest.raises(StaleRecord) as error:
        update_stakeholder(coordinator, cpe, {"tags": []}, expected_version=opened_version)
    assert "Sophie Gagnon" in str(error.value)
    assert cpe.tag_names == ["priorité"]


# Contacts -----------------------------------------------------------------------------------


def test_create_contact_lowercases_the_email_and_audits_it(coordinator, cpe):
    contact = create_contact(
        coordinator,
        {
            "stakeholder_id": cpe.id,
            "first_name": " Marie ",
            "last_name": "Roy",
            "email": "Marie.Roy@CPESoleil.org",
            "newsletter_consent": "express",
            "consent_date": date(2026, 3, 14),
        },
    )
    assert (contact.first_name, contact.email) == ("Marie", "marie.roy@cpesoleil.org")
    [event] = events()
    assert (event.action, event.entity_type, event.entity_id) == ("create", "contact", contact.id)
    assert event.after["email"] == "marie.roy@cpesoleil.org"
    assert event.after["stakeholder_id"] == cpe.id
    assert event.after["consent_date"] == "2026-03-14"


def test_contacts_without_email_are_many(coordinator, cpe):
    for first_name in ("Marie", "Jean", "Lucie"):
        contact = create_contact(
            coordinator,
            {"stakeholder_id": cpe.id, "first_name": first_name, "last_name": "Roy", "email": ""},
        )
        assert contact.email is None
    db.session.commit()
    assert count(Contact) == 3


def test_update_contact_records_the_old_and_new_email(coordinator, make_contact, cpe):
    contact = make_contact(cpe, email="marie@cpesoleil.org")
    update_contact(coordinator, contact, {"email": "MARIE.ROY@cpesoleil.org", "title": ""})
    [event] = events()
    assert (event.action, event.entity_id) == ("update", contact.id)
    assert event.before == {"email": "marie@cpesoleil.org"}
    assert event.after == {"email": "marie.roy@cpesoleil.org"}


def test_update_contact_keeping_its_own_email_is_not_a_duplicate(coordinator, make_contact):
    contact = make_contact(email="marie@cpesoleil.org")
    assert update_contact(
        coordinator, contact, {"email": "Marie@CPESoleil.org", "title": "Directrice"}
    )
    db.session.commit()
    db.session.expire_all()
    assert (contact.email, contact.title) == ("marie@cpesoleil.org", "Directrice")
    assert [(e.before, e.after) for e in events()] == [({"title": ""}, {"title": "Directrice"})]


def test_delete_contact_records_what_it_held(coordinator, make_contact, cpe):
    contact = make_contact(cpe, email="marie@cpesoleil.org")
    contact_id = contact.id
    delete_contact(coordinator, contact)
    db.session.commit()
    assert db.session.get(Contact, contact_id) is None
    [event] = events()
    assert (event.action, event.entity_type, event.entity_id) == ("delete", "contact", contact_id)
    assert event.before["email"] == "marie@cpesoleil.org"
    assert event.after is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"last_name": "Roy"}, "first_name"),
        ({"first_name": "Marie", "last_name": " "}, "last_name"),
        ({"first_name": "Marie", "last_name": "Roy", "email": "marie@cpesoleil"}, "email"),
        ({"first_name": "Marie", "last_name": "Roy", "email": "Taken@CPESoleil.org"}, "email"),
        ({"first_name": "Marie", "last_name": "Roy", "language": "es"}, "language"),
        (
            {"first_name": "Marie", "last_name": "Roy", "newsletter_consent": "yes"},
            "newsletter_consent",
        ),
        ({"first_name": "Marie", "last_name": "Roy", "stakeholder_id": 999_999}, "stakeholder_id"),
    ],
)
def test_create_contact_refuses_invalid_data_naming_the_field(
    coordinator, make_contact, data, field
):
    make_contact(email="taken@cpesoleil.org")
    assert field in refused_field(create_contact, coordinator, data)
    assert count(Contact) == 1


def test_update_contact_to_another_contacts_email_is_refused(coordinator, make_contact):
    make_contact(email="marie@cpesoleil.org")
    other = make_contact(email="jean@cpesoleil.org")
    assert refused_field(update_contact, coordinator, other, {"email": "marie@cpesoleil.org"}) == {
        "email"
    }
    assert other.email == "jean@cpesoleil.org"


# Interactions -------------------------------------------------------------------------------


def test_joint_meeting_is_logged_with_its_stakeholders_contacts_and_measures(
    coordinator, cpe, city, make_contact
):
    marie, jean = make_contact(cpe), make_contact(city)
    meeting = create_interaction(
        coordinator,
        {
            "occurred_on": date(2026, 3, 14),
            "kind": "meeting",
            "summary": " Table locale ",
            "stakeholder_ids": [city.id, cpe.id],
            "contact_ids": [marie.id, jean.id],
            "measure_codes": ["transit", "housing"],
            "follow_up_on": date(2026, 4, 1),
        },
    )
    db.session.commit()
    assert {s.name for s in meeting.stakeholders} == {"CPE Soleil", "Ville de Longueuil"}
    assert {c.id for c in meeting.contacts} == {marie.id, jean.id}
    assert [m.code for m in meeting.measures] == ["housing", "transit"]
    assert (meeting.logged_by_id, meeting.summary) == (coordinator.id, "Table locale")
    [event] = events()
    assert (event.action, event.entity_type, event.entity_id) == (
        "create",
        "interaction",
        meeting.id,
    )
    assert event.after["stakeholder_ids"] == sorted([cpe.id, city.id])
    assert event.after["contact_ids"] == sorted([marie.id, jean.id])
    assert event.after["measure_codes"] == ["housing", "transit"]
    assert event.after["occurred_on"] == "2026-03-14"
    assert event.after["follow_up_on"] == "2026-04-01"


def test_update_interaction_records_changed_fields_and_links(coordinator, cpe, make_interaction):
    call = make_interaction([cpe], kind="call", summary="Premier appel")
    update_interaction(
        coordinator,
        call,
        {"summary": "Premier appel, rappeler", "measure_codes": ["early_screening"]},
    )
    db.session.commit()
    changes = [(e.action, e.entity_id, e.before, e.after) for e in events()]
    assert (
        "update",
        call.id,
        {"summary": "Premier appel"},
        {"summary": "Premier appel, rappeler"},
    ) in changes
    assert (
        "update",
        call.id,
        {"measure_codes": []},
        {"measure_codes": ["early_screening"]},
    ) in changes
    assert [m.code for m in call.measures] == ["early_screening"]


def test_delete_interaction_records_what_it_held_and_keeps_the_stakeholders(
    coordinator, cpe, city, make_interaction
):
    meeting = make_interaction([cpe, city])
    meeting_id = meeting.id
    delete_interaction(coordinator, meeting)
    db.session.commit()
    assert db.session.get(Interaction, meeting_id) is None
    assert count(Stakeholder) == 2
    [event] = events()
    assert (event.action, event.entity_type, event.entity_id) == (
        "delete",
        "interaction",
        meeting_id,
    )
    assert event.before["stakeholder_ids"] == sorted([cpe.id, city.id])


def test_admin_may_delete_an_interaction_left_without_stakeholders(admin, make_interaction, cpe):
    orphan = make_interaction([cpe])
    orphan.stakeholders = []
    db.session.commit()
    delete_interaction(admin, orphan)
    db.session.commit()
    assert count(Interaction) == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "call"}, "stakeholder_ids"),
        ({"stakeholder_ids": []}, "stakeholder_ids"),
        ({"stakeholder_ids": [999_999]}, "stakeholder_ids"),
        ({"stakeholder_ids": "CPE"}, "kind"),
        ({"kind": "fax"}, "kind"),
        ({"occurred_on": None}, "occurred_on"),
        ({"occurred_on": "14/03/2026"}, "occurred_on"),
        ({"measure_codes": ["world_peace"]}, "measure_codes"),
        ({"contact_ids": [999_999]}, "contact_ids"),
    ],
)
def test_create_interaction_refuses_invalid_data_naming_the_field(coordinator, cpe, data, field):
    if field != "stakeholder_ids":
        data = {"stakeholder_ids": [cpe.id], **data}
    if data.get("stakeholder_ids") == "CPE":
        data = {"stakeholder_ids": [cpe.id], "kind": "fax"}
    assert field in refused_field(create_interaction, coordinator, data)
    assert count(Interaction) == 0


# Commitments --------------------------------------------------------------------------------


def test_create_commitment_audits_it_and_starts_its_history(coordinator, cpe):
    commitment = create_commitment(
        coordinator,
        {
            "stakeholder_id": cpe.id,
            "measure_code": "housing",
            "status": "committed",
            "involvement": "leader",
            "committed_on": date(2026, 3, 14),
        },
    )
    db.session.commit()
    assert [(h.status, h.changed_on) for h in commitment.history] == [
        ("committed", date(2026, 3, 14))
    ]
    [event] = events()
    assert (event.action, event.entity_type, event.entity_id) == (
        "create",
        "commitment",
        commitment.id,
    )
    assert event.after["stakeholder_id"] == cpe.id
    assert event.after["measure_code"] == "housing"
    assert event.after["status"] == "committed"


def test_status_changes_are_kept_with_their_dates(coordinator, cpe):
    commitment = create_commitment(
        coordinator, {"stakeholder_id": cpe.id, "measure_code": "housing"}
    )
    created_on = clock.today()
    assert change_commitment_status(coordinator, commitment, "committed", on=date(2026, 3, 1))
    assert change_commitment_status(coordinator, commitment, "achieved", on=date(2026, 6, 30))
    assert not change_commitment_status(coordinator, commitment, "achieved")
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Commitment, commitment.id)
    assert [(h.status, h.changed_on) for h in stored.history] == [
        ("intended", created_on),
        ("committed", date(2026, 3, 1)),
        ("achieved", date(2026, 6, 30)),
    ]
    assert all(h.user_id == coordinator.id for h in stored.history)
    updates = [(e.before, e.after) for e in events() if e.action == "update"]
    assert updates == [
        ({"status": "intended"}, {"status": "committed"}),
        ({"status": "committed"}, {"status": "achieved"}),
    ]


def test_update_commitment_records_the_changed_fields(coordinator, cpe, make_commitment):
    commitment = make_commitment(cpe, "housing", description="")
    update_commitment(
        coordinator, commitment, {"description": "Logements familiaux", "due_on": date(2027, 1, 31)}
    )
    [event] = events()
    assert (event.action, event.entity_id) == ("update", commitment.id)
    assert event.before == {"description": "", "due_on": None}
    assert event.after == {"description": "Logements familiaux", "due_on": "2027-01-31"}


def test_delete_commitment_records_what_it_held(coordinator, cpe, make_commitment):
    commitment = make_commitment(cpe, "housing")
    change_commitment_status(coordinator, commitment, "achieved")
    db.session.commit()
    commitment_id = commitment.id
    delete_commitment(coordinator, commitment)
    db.session.commit()
    assert db.session.get(Commitment, commitment_id) is None
    assert count(CommitmentStatusChange) == 0
    event = events()[-1]
    assert (event.action, event.entity_type, event.entity_id) == (
        "delete",
        "commitment",
        commitment_id,
    )
    assert event.before["measure_code"] == "housing"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"measure_code": "housing"}, "measure_code"),
        ({"measure_code": "world_peace"}, "measure_code"),
        ({"measure_code": None}, "measure_code"),
        ({"measure_code": "transit", "status": "promised"}, "status"),
        ({"measure_code": "transit", "involvement": "boss"}, "involvement"),
        ({"measure_code": "transit", "due_on": "2027"}, "due_on"),
        ({"stakeholder_id": 999_999, "measure_code": "transit"}, "stakeholder_id"),
    ],
)
def test_create_commitment_refuses_invalid_data_naming_the_field(
    coordinator, cpe, make_commitment, data, field
):
    make_commitment(cpe, "housing")
    assert field in refused_field(
        create_commitment, coordinator, {"stakeholder_id": cpe.id, **data}
    )
    assert count(Commitment) == 1


def test_change_to_an_unknown_status_is_refused(coordinator, cpe, make_commitment):
    commitment = make_commitment(cpe, "housing", status="committed")
    assert refused_field(change_commitment_status, coordinator, commitment, "done") == {"status"}
    assert commitment.status == "committed"


# Relationships ------------------------------------------------------------------------------


def test_relationship_create_update_and_delete_are_audited(coordinator, cpe, city):
    tie = create_relationship(
        coordinator,
        {"source_id": city.id, "target_id": cpe.id, "type": "funds", "starts_on": date(2026, 1, 1)},
    )
    db.session.commit()
    update_relationship(coordinator, tie, {"ends_on": date(2026, 12, 31)})
    db.session.commit()
    tie_id = tie.id
    delete_relationship(coordinator, tie)
    db.session.commit()
    assert db.session.get(Relationship, tie_id) is None
    created, updated, deleted = events()
    assert (created.action, created.entity_type, created.entity_id) == (
        "create",
        "relationship",
        tie_id,
    )
    assert created.after["type"] == "funds"
    assert created.after["starts_on"] == "2026-01-01"
    assert (updated.action, updated.before, updated.after) == (
        "update",
        {"ends_on": None},
        {"ends_on": "2026-12-31"},
    )
    assert (deleted.action, deleted.before["source_id"], deleted.after) == ("delete", city.id, None)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target_id": "source"}, "target_id"),
        ({"starts_on": date(2026, 6, 1), "ends_on": date(2026, 5, 31)}, "ends_on"),
        ({"type": "rival"}, "type"),
        ({"target_id": 999_999}, "target_id"),
    ],
)
def test_create_relationship_refuses_invalid_data_naming_the_field(
    coordinator, cpe, city, data, field
):
    values = {"source_id": cpe.id, "target_id": city.id, **data}
    if values["target_id"] == "source":
        values["target_id"] = cpe.id
    assert field in refused_field(create_relationship, coordinator, values)
    assert count(Relationship) == 0


def test_relationship_end_before_its_existing_start_is_refused(
    coordinator, cpe, city, make_relationship
):
    tie = make_relationship(cpe, city, starts_on=date(2026, 6, 1))
    assert refused_field(update_relationship, coordinator, tie, {"ends_on": date(2026, 1, 1)}) == {
        "ends_on"
    }


def test_relationship_cannot_be_moved_onto_itself(coordinator, cpe, city, make_relationship):
    tie = make_relationship(cpe, city)
    assert refused_field(update_relationship, coordinator, tie, {"target_id": cpe.id}) == {
        "target_id"
    }


def test_regional_lead_ties_their_regions_stakeholders_to_any_they_see(
    lead, cpe, ministry, make_stakeholder, make_relationship
):
    # One end theirs to engage (Montréal), the other any they see (a national one).
    tie = create_relationship(lead, {"source_id": ministry.id, "target_id": cpe.id})
    update_relationship(lead, tie, {"intensity": "coordination"})
    delete_relationship(lead, tie)
    assert [e.action for e in events("relationship")] == ["create", "update", "delete"]
    # Two national stakeholders, which they only read: refused, even by moving a tie's end.
    council = make_stakeholder("Conseil national des familles", region=None)
    with pytest.raises(PermissionDenied):
        create_relationship(lead, {"source_id": ministry.id, "target_id": council.id})
    with pytest.raises(PermissionDenied):
        update_relationship(lead, make_relationship(ministry, council), {"notes": "x"})
    own = make_relationship(cpe, ministry)
    with pytest.raises(PermissionDenied):
        update_relationship(lead, own, {"source_id": council.id})
    assert len(events("relationship")) == 3


# Users -------------------------------------------------------------------------------------


def test_admin_creates_a_regional_lead_audited_without_the_password(admin):
    user = create_user(
        admin,
        " Louis@Collectif.org ",
        "regional_lead",
        LONG_PASSWORD,
        name="Louis",
        region_codes=["13", "06"],
    )
    db.session.commit()
    assert (user.email, user.region_codes) == ("louis@collectif.org", ["06", "13"])
    assert user.check_password(LONG_PASSWORD)
    [event] = events()
    assert (event.action, event.entity_type, event.entity_id, event.actor_id) == (
        "create",
        "user",
        user.id,
        admin.id,
    )
    assert event.after == {
        "email": "louis@collectif.org",
        "role": "regional_lead",
        "regions": ["06", "13"],
        "name": "Louis",
    }
    assert LONG_PASSWORD not in str(event.after)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("louis@collectif.org", "regional_lead", LONG_PASSWORD), "regions"),
        (("louis@collectif.org", "coordinator", "court"), "password"),
        (("louis@", "coordinator", LONG_PASSWORD), "email"),
        (("", "coordinator", LONG_PASSWORD), "email"),
        (("Taken@Collectif.org", "coordinator", LONG_PASSWORD), "email"),
        (("louis@collectif.org", "superuser", LONG_PASSWORD), "role"),
    ],
)
def test_create_user_refuses_invalid_data_naming_the_field(admin, make_user, args, field):
    make_user("coordinator", email="taken@collectif.org")
    assert field in refused_field(create_user, admin, *args)


def test_only_regional_leads_have_regions(admin):
    assert "regions" in refused_field(
        create_user,
        admin,
        "camille@collectif.org",
        "coordinator",
        LONG_PASSWORD,
        region_codes=["06"],
    )


@pytest.mark.parametrize("role", ["coordinator", "regional_lead", "board"])
def test_only_an_admin_creates_users(make_user, role):
    actor = make_user(role, regions=["06"] if role == "regional_lead" else ())
    with pytest.raises(PermissionDenied):
        create_user(actor, "new@collectif.org", "coordinator", LONG_PASSWORD)


# Permissions --------------------------------------------------------------------------------


def every_change(actor, cpe, city, contact, interaction, commitment, relationship):
    """Return one call of every write operation, as (name, callable)."""
    return [
        (
            "create_stakeholder",
            lambda: create_stakeholder(actor, {"name": "Nouveau", "region_code": "06"}),
        ),
        ("update_stakeholder", lambda: update_stakeholder(actor, cpe, {"name": "Autre"})),
        ("archive_stakeholder", lambda: archive_stakeholder(actor, cpe)),
        (
            "create_contact",
            lambda: create_contact(
                actor, {"stakeholder_id": cpe.id, "first_name": "A", "last_name": "B"}
            ),
        ),
        ("update_contact", lambda: update_contact(actor, contact, {"title": "DG"})),
        ("delete_contact", lambda: delete_contact(actor, contact)),
        ("create_interaction", lambda: create_interaction(actor, {"stakeholder_ids": [cpe.id]})),
        ("update_interaction", lambda: update_interaction(actor, interaction, {"summary": "x"})),
        ("delete_interaction", lambda: delete_interaction(actor, interaction)),
        (
            "create_commitment",
            lambda: create_commitment(actor, {"stakeholder_id": cpe.id, "measure_code": "transit"}),
        ),
        ("update_commitment", lambda: update_commitment(actor, commitment, {"description": "x"})),
        (
            "change_commitment_status",
            lambda: change_commitment_status(actor, commitment, "achieved"),
        ),
        ("delete_commitment", lambda: delete_commitment(actor, commitment)),
        (
            "create_relationship",
            lambda: create_relationship(actor, {"source_id": cpe.id, "target_id": city.id}),
        ),
        ("update_relationship", lambda: update_relationship(actor, relationship, {"notes": "x"})),
        ("delete_relationship", lambda: delete_relationship(actor, relationship)),
        ("create_user", lambda: create_user(actor, "x@collectif.org", "board", LONG_PASSWORD)),
    ]


@pytest.fixture
def records(cpe, city, make_contact, make_interaction, make_commitment, make_relationship):
    """Return one saved contact, interaction, commitment and relationship around `cpe`."""
    return (
        make_contact(cpe),
        make_interaction([cpe]),
        make_commitment(cpe, "housing"),
        make_relationship(cpe, city),
    )


OPERATIONS = [name for name, _call in every_change(*[None] * 7)]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_board_may_change_nothing(board, cpe, city, records, operation):
    call = dict(every_change(board, cpe, city, *records))[operation]
    with pytest.raises(PermissionDenied):
        call()
    assert events() == []


LEAD_MAY = {
    "create_interaction",
    "update_interaction",
    "delete_interaction",
    "create_commitment",
    "update_commitment",
    "change_commitment_status",
    "delete_commitment",
}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_regional_lead_may_engage_their_region_but_not_manage_it(
    lead, cpe, city, records, operation
):
    call = dict(every_change(lead, cpe, city, *records))[operation]
    if operation in LEAD_MAY:
        call()
        assert events()[-1].actor_id == lead.id
    else:
        # A tie to `city`, outside their regions: a stakeholder that does not exist for them.
        refusal = ValidationFailed if operation == "create_relationship" else PermissionDenied
        with pytest.raises(refusal):
            call()
        assert events() == []


@pytest.mark.parametrize("operation", OPERATIONS)
def test_coordinator_may_change_everything_but_users(coordinator, cpe, city, records, operation):
    call = dict(every_change(coordinator, cpe, city, *records))[operation]
    if operation == "create_user":
        with pytest.raises(PermissionDenied):
            call()
    else:
        call()
        assert events()[-1].actor_id == coordinator.id


def test_regional_lead_may_not_log_for_another_region(lead, city):
    # Outside their territory the stakeholder does not exist for them (SPEC §1: a 404).
    assert refused_field(create_interaction, lead, {"stakeholder_ids": [city.id]}) == {
        "stakeholder_ids"
    }
    assert refused_field(
        create_commitment, lead, {"stakeholder_id": city.id, "measure_code": "transit"}
    ) == {"stakeholder_id"}
    assert count(Interaction) == count(Commitment) == 0


def test_regional_lead_may_not_log_a_joint_meeting_reaching_outside(lead, cpe, city):
    assert "stakeholder_ids" in refused_field(
        create_interaction, lead, {"stakeholder_ids": [cpe.id, city.id]}
    )
    assert count(Interaction) == 0


def test_regional_lead_may_not_log_for_a_national_stakeholder(lead, ministry):
    with pytest.raises(PermissionDenied):
        create_interaction(lead, {"stakeholder_ids": [ministry.id]})
    with pytest.raises(PermissionDenied):
        create_commitment(lead, {"stakeholder_id": ministry.id, "measure_code": "transit"})
    assert count(Interaction) == count(Commitment) == 0


def test_regional_lead_may_not_change_another_regions_records(
    lead, cpe, city, make_commitment, make_interaction, ministry
):
    commitments = [make_commitment(city, "housing"), make_commitment(ministry, "housing")]
    interactions = [
        make_interaction([city]),
        make_interaction([ministry]),
        make_interaction([cpe, city]),
    ]
    for commitment in commitments:
        with pytest.raises(PermissionDenied):
            change_commitment_status(lead, commitment, "withdrawn")
        with pytest.raises(PermissionDenied):
            delete_commitment(lead, commitment)
    for interaction in interactions:
        with pytest.raises(PermissionDenied):
            update_interaction(lead, interaction, {"summary": "Modifié"})
        with pytest.raises(PermissionDenied):
            delete_interaction(lead, interaction)
    assert events() == []


def test_regional_lead_may_not_move_an_interaction_outside_their_region(
    lead, cpe, city, make_interaction
):
    call = make_interaction([cpe])
    assert "stakeholder_ids" in refused_field(
        update_interaction, lead, call, {"stakeholder_ids": [cpe.id, city.id]}
    )
    assert [s.id for s in call.stakeholders] == [cpe.id]


def test_commitment_cannot_be_moved_to_another_stakeholder_or_measure(
    lead, cpe, city, make_commitment
):
    commitment = make_commitment(cpe, "housing", description="")
    update_commitment(
        lead,
        commitment,
        {
            "stakeholder_id": city.id,
            "measure_code": "transit",
            "id": 999_999,
            "version": 9,
            "description": "Appui",
        },
    )
    db.session.commit()
    stored = db.session.get(Commitment, commitment.id)
    assert (stored.stakeholder_id, stored.measure_code, stored.version) == (cpe.id, "housing", 2)
    assert stored.description == "Appui"


def test_contact_and_interaction_ignore_keys_they_do_not_own(coordinator, board, cpe):
    contact = create_contact(
        coordinator,
        {
            "first_name": "Marie",
            "last_name": "Roy",
            "id": 999_999,
            "version": 5,
            "created_by_id": board.id,
        },
    )
    call = create_interaction(
        coordinator,
        {"stakeholder_ids": [cpe.id], "id": 999_999, "version": 5, "updated_by_id": board.id},
    )
    db.session.commit()
    for record in (contact, call):
        assert record.id != 999_999
        assert record.version == 1
        assert record.updated_by_id == coordinator.id


# Stale edits of the other records ----------------------------------------------------------


def test_stale_edits_of_contacts_interactions_commitments_are_refused(
    coordinator, make_user, cpe, make_contact, make_interaction, make_commitment
):
    colleague = make_user("coordinator", name="Sophie Gagnon")
    cases = [
        (update_contact, make_contact(cpe), {"title": "DG"}, {"title": "Directrice"}),
        (update_interaction, make_interaction([cpe]), {"summary": "a"}, {"summary": "b"}),
        (update_commitment, make_commitment(cpe), {"description": "a"}, {"description": "b"}),
    ]
    for update, obj, theirs, mine in cases:
        opened_version = obj.version
        update(colleague, obj, theirs, expected_version=opened_version)
        db.session.commit()
        with pytest.raises(StaleRecord, match="Sophie Gagnon"):
            update(coordinator, obj, mine, expected_version=opened_version)


def test_stale_edit_is_refused_after_someone_changed_only_the_measures(
    coordinator, make_user, cpe, make_interaction
):
    colleague = make_user("coordinator", name="Sophie Gagnon")
    call = create_interaction(colleague, {"stakeholder_ids": [cpe.id]})
    db.session.commit()
    opened_version = call.version
    update_interaction(
        colleague, call, {"measure_codes": ["housing"]}, expected_version=opened_version
    )
    db.session.commit()
    with pytest.raises(StaleRecord, match="Sophie Gagnon"):
        update_interaction(
            coordinator, call, {"measure_codes": []}, expected_version=opened_version
        )


# Operations never commit ---------------------------------------------------------------------


def test_operations_never_commit(admin, cpe, city):
    create_stakeholder(admin, {"name": "Table de Laval", "level": "regional", "region_code": "13"})
    update_stakeholder(admin, cpe, {"name": "CPE Renommé"})
    archive_stakeholder(admin, city)
    contact = create_contact(
        admin,
        {
            "stakeholder_id": cpe.id,
            "first_name": "Marie",
            "last_name": "Roy",
            "email": "marie@cpesoleil.org",
        },
    )
    create_interaction(
        admin,
        {
            "stakeholder_ids": [cpe.id, city.id],
            "contact_ids": [contact.id],
            "measure_codes": ["housing"],
        },
    )
    commitment = create_commitment(admin, {"stakeholder_id": cpe.id, "measure_code": "housing"})
    change_commitment_status(admin, commitment, "committed")
    create_relationship(admin, {"source_id": cpe.id, "target_id": city.id})
    create_user(admin, "louis@collectif.org", "regional_lead", LONG_PASSWORD, region_codes=["06"])
    db.session.rollback()
    assert count(Stakeholder) == 2
    assert db.session.get(Stakeholder, cpe.id).name == "CPE Soleil"
    assert db.session.get(Stakeholder, city.id).archived is False
    for model in (
        Contact,
        Interaction,
        Commitment,
        CommitmentStatusChange,
        Relationship,
        AuditEvent,
    ):
        assert count(model) == 0, model.__name__
    assert db.session.scalar(select(User.id).where(User.email == "louis@collectif.org")) is None


def test_deletes_are_undone_by_a_rollback(coordinator, cpe, city, records):
    contact, interaction, commitment, relationship = records
    delete_contact(coordinator, contact)
    delete_interaction(coordinator, interaction)
    delete_commitment(coordinator, commitment)
    delete_relationship(coordinator, relationship)
    db.session.rollback()
    for model in (Contact, Interaction, Commitment, Relationship):
        assert count(model) == 1, model.__name__
    assert count(AuditEvent) == 0


def test_duplicate_external_reference_is_refused_naming_the_field(coordinator, cpe):
    update_stakeholder(coordinator, cpe, {"external_ref": "REQ-1001"})
    with pytest.raises(ValidationFailed) as refused:
        create_stakeholder(
            coordinator, {"name": "CPE Autre", "region_code": "06", "external_ref": " REQ-1001 "}
        )
    assert "REQ-1001" in refused.value.errors["external_ref"]
    # Keeping one's own reference is not a duplicate.
    assert update_stakeholder(coordinator, cpe, {"external_ref": "REQ-1001"}) is False


def test_an_entry_an_admin_adds_to_a_vocabulary_is_accepted(coordinator, cpe, restore_reference):
    from models.operations import add_entry

    admin = User(email="admin-vocab@example.org", role="admin", name="Admin")
    db.session.add(admin)
    db.session.flush()
    add_entry(admin, "interaction_kind", "webinar", "Webinaire", "Webinar")
    add_entry(admin, "stage", "ally", "Allié", "Ally")
    interaction = create_interaction(coordinator, {"kind": "webinar", "stakeholder_ids": [cpe.id]})
    assert interaction.kind == "webinar"
    assert update_stakeholder(coordinator, cpe, {"stage": "ally"})
    with pytest.raises(ValidationFailed) as refused:
        create_interaction(coordinator, {"kind": "telepathy", "stakeholder_ids": [cpe.id]})
    assert "kind" in refused.value.errors
