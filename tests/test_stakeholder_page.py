"""A stakeholder's page is where work on it starts: add a contact or a commitment, change a
commitment's status in place, log an interaction, see who was present, edit its owner and
its ties; read-only users see none of these controls. And a new stakeholder's level and
region never start as a combination the form refuses."""

import re
from datetime import date

from sqlalchemy import select

from models import (
    AuditEvent,
    Commitment,
    Contact,
    Relationship,
    Stakeholder,
    StakeholderTag,
    clock,
    db,
)
from models.operations import update_commitment
from models.operations.privacy import anonymize_contact

EDIT_CONTROLS = (
    "Ajouter un contact",
    "Ajouter un engagement",
    "Consigner une interaction",
    "Ajouter un lien",
    'action="/commitments/',
)


def page_of(client, stakeholder) -> str:
    response = client.get(f"/stakeholders/{stakeholder.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_coordinator_adds_a_contact_and_a_commitment_and_comes_back(
    client, login, make_stakeholder
):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    html = page_of(client, cpe)
    for label in EDIT_CONTROLS[:3]:
        assert label in html
    new_contact = f"/contacts/new?stakeholder={cpe.id}"
    assert new_contact.replace("?", "?") in html
    form = client.get(new_contact).get_data(as_text=True)
    assert f'<option selected value="{cpe.id}">CPE Soleil</option>' in form
    response = client.post(
        new_contact,
        data={
            "first_name": "Émilie",
            "last_name": "Gagné",
            "stakeholder_id": str(cpe.id),
            "language": "fr",
            "newsletter_consent": "none",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == f"/stakeholders/{cpe.id}"
    contact = db.session.scalar(select(Contact).where(Contact.last_name == "Gagné"))
    assert contact.stakeholder_id == cpe.id
    assert f'href="/contacts/{contact.id}">Émilie Gagné</a>' in page_of(client, cpe)

    new_commitment = f"/commitments/new?stakeholder={cpe.id}"
    response = client.post(
        new_commitment,
        data={
            "stakeholder_id": str(cpe.id),
            "measure_code": "ece_access",
            "status": "intended",
            "involvement": "supporter",
        },
    )
    assert response.headers["Location"] == f"/stakeholders/{cpe.id}"
    assert db.session.scalar(select(Commitment.status)) == "intended"


def test_a_new_record_opened_elsewhere_goes_to_its_own_page(client, login, make_stakeholder):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    response = client.post(
        "/contacts/new",
        data={
            "first_name": "Léa",
            "last_name": "Roy",
            "stakeholder_id": str(cpe.id),
            "language": "fr",
            "newsletter_consent": "none",
        },
    )
    contact = db.session.scalar(select(Contact))
    assert response.headers["Location"] == f"/contacts/{contact.id}"


def test_the_status_changes_in_place_audited_and_kept_in_the_history(
    client, login, make_stakeholder, make_commitment
):
    user = login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    commitment = make_commitment(cpe, status="intended")
    html = page_of(client, cpe)
    prefix = f"commitment-{commitment.id}"
    assert f'<label class="visually-hidden" for="{prefix}-status">' in html
    response = client.post(
        f"/commitments/{commitment.id}/status",
        data={f"{prefix}-status": "in_progress", f"{prefix}-version": "1"},
    )
    assert response.headers["Location"] == f"/stakeholders/{cpe.id}"
    db.session.expire_all()
    stored = db.session.get(Commitment, commitment.id)
    assert (stored.status, stored.version) == ("in_progress", 2)
    assert [h.status for h in stored.history] == ["in_progress"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "commitment"))
    assert (event.actor_id, event.after) == (user.id, {"status": "in_progress"})
    html = page_of(client, cpe)
    assert "le statut est maintenant « En cours »" in html.replace("\u00a0", " ")
    assert f"En cours ({clock.today().day}" in html  # the history, its date in words


def test_a_status_change_over_someone_elses_is_refused(
    client, login, make_user, make_stakeholder, make_commitment
):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    commitment = make_commitment(cpe, status="intended")
    page_of(client, cpe)  # the page shows version 1
    colleague = make_user("coordinator", name="Sophie Lavoie")
    update_commitment(colleague, commitment, {"status": "achieved"})
    db.session.commit()
    prefix = f"commitment-{commitment.id}"
    client.post(
        f"/commitments/{commitment.id}/status",
        data={f"{prefix}-status": "withdrawn", f"{prefix}-version": "1"},
    )
    db.session.expire_all()
    assert db.session.get(Commitment, commitment.id).status == "achieved"
    assert "Sophie Lavoie a modifié cette fiche" in page_of(client, cpe)


def test_read_only_users_see_no_edit_control(client, login, make_stakeholder, make_commitment):
    local = make_stakeholder("CPE Soleil", region="06")
    national = make_stakeholder("Réseau national", region=None)
    make_commitment(local)
    make_commitment(national)
    login("board")
    for stakeholder in (local, national):
        html = page_of(client, stakeholder)
        assert "Engagements" in html
        assert not [c for c in EDIT_CONTROLS if c in html], stakeholder.name
    lead = login("regional_lead", regions=["06"])
    html = page_of(client, national)
    # A lead may tie a national stakeholder to one of their region's (tests/test_ties.py).
    assert [c for c in EDIT_CONTROLS if c in html] == ["Ajouter un lien"]
    assert "Consigner une interaction" in page_of(client, local)  # its own region's
    commitment = db.session.scalar(select(Commitment).where(Commitment.stakeholder == national))
    refused = client.post(f"/commitments/{commitment.id}/status", data={})
    assert refused.status_code == 403 and lead.role == "regional_lead"


def test_interactions_link_to_their_page_and_say_who_was_present(
    client, login, make_stakeholder, make_contact, make_interaction
):
    login("regional_lead", regions=["06"])
    cpe = make_stakeholder("CPE Soleil", region="06")
    cisss = make_stakeholder("CISSS de Laval", region="13")
    clsc = make_stakeholder("CLSC Verdun", region="06")
    emilie = make_contact(cpe, first_name="Émilie", last_name="Gagné")
    hidden = make_contact(cisss, first_name="Paul", last_name="Caché")
    other = make_contact(clsc, first_name="Marc", last_name="Roy")
    meeting = make_interaction(
        [cpe, cisss, clsc], occurred_on=date(2026, 12, 15), contacts=[emilie, hidden, other]
    )
    html = page_of(client, cpe)
    assert f'href="/interactions/{meeting.id}">15 déc. 2026</a>' in html
    assert "2026-12-15" not in html
    assert f'href="/contacts/{emilie.id}">Émilie Gagné</a>' in html
    assert f'href="/contacts/{other.id}">Marc Roy</a> (CLSC Verdun)' in html
    assert "Caché" not in html and "CISSS de Laval" not in html  # out of the lead's scope
    assert f'href="/stakeholders/{clsc.id}">CLSC Verdun</a>' in html


def test_a_coordinator_reads_everyone_present_by_name_even_without_a_stakeholder(
    client, login, make_stakeholder, make_contact, make_interaction
):
    coordinator = login("coordinator", name="Équipe de coordination")
    cpe = make_stakeholder("CPE Soleil", region="06")
    cisss = make_stakeholder("CISSS de Laval", region="13")
    fortin = make_contact(cpe, first_name="Luc", last_name="Fortin")
    emond = make_contact(cisss, first_name="Anne", last_name="Émond")
    dube = make_contact(None, first_name="Zoé", last_name="Dubé")  # no stakeholder
    erased = make_contact(cpe, first_name="Noémie", last_name="Effacée")
    meeting = make_interaction(
        [cpe, cisss],
        occurred_on=date(2026, 11, 2),
        contacts=[fortin, emond, dube, erased],
        logged_by=coordinator,
        summary="Tour de table",
    )
    anonymize_contact(None, erased)  # as the retention job does
    make_interaction([cpe], occurred_on=date(2026, 11, 20), kind="call")
    html = page_of(client, cpe)
    lines = re.findall(r'<li class="[^"]*interaction">(.*?)</li>', html, re.S)
    assert len(lines) == 2 and "20 nov. 2026" in lines[0]  # the latest first
    assert "Présent" not in lines[0]
    meeting_line = " ".join(re.sub(r"<[^>]+>", "", lines[1]).split())
    assert meeting_line == (
        f"2 nov. 2026 · Rencontre · Équipe de coordination · avec CISSS de Laval"
        f" Présents : Contact anonymisé nº {erased.id}, Zoé Dubé, Anne Émond (CISSS de Laval),"
        " Luc Fortin Tour de table"  # an anonymized contact has no name to sort by
    ), meeting_line
    assert f'href="/interactions/{meeting.id}"' in lines[1]


def test_its_tags_show_in_name_order_as_links_to_the_list_and_on_its_edit_form(
    client, login, make_stakeholder
):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    cpe.tags = [StakeholderTag(name=n) for n in ("table de concertation", "priorité 2027")]
    make_stakeholder("CPE Lune", region="06").tags = [StakeholderTag(name="autre")]
    db.session.commit()
    db.session.expire_all()
    html = page_of(client, cpe)
    shown = re.findall(r'<a class="badge[^"]*" href="([^"]+)">([^<]+)</a>', html)
    assert [name for _href, name in shown] == ["priorité 2027", "table de concertation"]
    assert shown[0][0] == "/stakeholders/?tag=priorit%C3%A9+2027"
    form = client.get(f"/stakeholders/{cpe.id}/edit").get_data(as_text=True)
    assert re.search(r'name="tags"[^>]*value="priorité 2027, table de concertation"', form)


def test_the_owner_is_chosen_on_the_edit_form_audited_and_shown(
    client, login, make_user, make_stakeholder
):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    lead = make_user("regional_lead", regions=["06"], name="Lucie Montréal")
    far = make_user("regional_lead", regions=["03"], name="Jean Québec")
    board = make_user("board", name="Marie Conseil")
    gone = make_user("coordinator", name="Ancien Collègue", active=False)
    form = client.get(f"/stakeholders/{cpe.id}/edit").get_data(as_text=True)
    owners = re.search(r'<select[^>]*name="owner_id".*?</select>', form, re.S).group(0)
    assert "Lucie Montréal" in owners
    assert not [n for n in ("Jean Québec", "Marie Conseil", "Ancien Collègue") if n in owners]
    data = {
        "name": "CPE Soleil",
        "kind": "organization",
        "sector_code": "childcare",
        "level": "local",
        "region_code": "06",
        "stage": "identified",
        "version": "1",
    }
    client.post(f"/stakeholders/{cpe.id}/edit", data=data | {"owner_id": str(lead.id)})
    db.session.expire_all()
    assert db.session.get(Stakeholder, cpe.id).owner_id == lead.id
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "stakeholder").order_by(AuditEvent.id)
    ).all()[-1]
    assert event.after == {"owner_id": lead.id}
    assert '<dd class="col-7">Lucie Montréal</dd>' in page_of(client, cpe)
    for refused in (far, board, gone):
        page = client.post(
            f"/stakeholders/{cpe.id}/edit",
            data=data | {"owner_id": str(refused.id), "version": "2"},
        )
        assert page.status_code == 200, refused.name
        db.session.expire_all()
        assert db.session.get(Stakeholder, cpe.id).owner_id == lead.id


def test_a_new_stakeholders_level_and_region_never_start_wrong(client, login):
    login("coordinator")
    form = client.get("/stakeholders/new").get_data(as_text=True)
    level = re.search(r'<select[^>]*name="level".*?</select>', form, re.S).group(0)
    assert level.startswith("<select") and "selected" not in level  # "—", the first, shows
    data = {
        "name": "Réseau Famille",
        "kind": "organization",
        "sector_code": "",
        "stage": "identified",
        "owner_id": "",
    }
    # National with a region left in its (hidden) field: the region is ignored.
    response = client.post(
        "/stakeholders/new", data=data | {"level": "national", "region_code": "06"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = db.session.scalar(select(Stakeholder))
    assert (stored.level, stored.region_code) == ("national", None)
    # A region's lead... cannot create; a user of one region gets it preset.
    login("admin", regions=["05"])
    form = client.get("/stakeholders/new").get_data(as_text=True)
    assert re.search(r'<option selected value="local">', form)
    assert re.search(r'<option selected value="05">', form)
    form_data = {"level": "local", "region_code": "05"} | data | {"name": "CPE Magog"}
    assert client.post("/stakeholders/new", data=form_data).status_code == 302


def test_ties_are_added_and_removed_after_confirmation(client, login, make_stakeholder):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    table = make_stakeholder("Table de concertation 0-5 ans", region="06")
    html = page_of(client, cpe)
    assert "Ajouter un lien" in html
    response = client.post(
        f"/stakeholders/{cpe.id}/ties/new", data={"type": "member_of", "other_id": str(table.id)}
    )
    assert response.headers["Location"] == f"/stakeholders/{cpe.id}#ties"
    tie = db.session.scalar(select(Relationship))
    assert (tie.source_id, tie.target_id, tie.type) == (cpe.id, table.id, "member_of")
    html = page_of(client, table)  # the other end lists it too
    assert f'href="/stakeholders/{cpe.id}">CPE Soleil</a>' in html
    remove = f"/stakeholders/{cpe.id}/ties/{tie.id}/remove"
    assert remove in page_of(client, cpe)
    confirm = client.get(remove).get_data(as_text=True)
    assert "Table de concertation 0-5 ans" in confirm and "Retirer le lien" in confirm
    assert db.session.scalar(select(Relationship)) is not None  # asking removes nothing
    client.post(remove, data={})
    assert db.session.scalar(select(Relationship)) is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "delete"))
    refused = client.post(
        f"/stakeholders/{cpe.id}/ties/new", data={"type": "partner", "other_id": str(cpe.id)}
    )
    assert "ne peut pas être lié à lui-même" in refused.get_data(as_text=True)  # the form again
