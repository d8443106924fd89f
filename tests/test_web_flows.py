"""The main web journeys through the test client: list, search, log, edit, export."""

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from models import AuditEvent, Commitment, Interaction, Stakeholder, clock, db


def test_search_is_accent_and_case_insensitive(client, login, make_stakeholder):
    make_stakeholder("CPE Les Petits Génies de Montréal", region="06")
    make_stakeholder("Ville de Sherbrooke", region="05", sector="municipal")
    login("coordinator")
    page = client.get("/stakeholders/?q=GENIES montreal").get_data(as_text=True)
    assert "CPE Les Petits Génies de Montréal" in page
    assert "Ville de Sherbrooke" not in page  # (the MRC filter offers Sherbrooke)


def test_filters_and_regional_scope_in_the_list(client, login, make_stakeholder):
    make_stakeholder("CPE Montréal", region="06")
    make_stakeholder("CPE Laval", region="13")
    make_stakeholder("CPE Estrie", region="05")
    make_stakeholder("Fondation nationale", region=None, sector="philanthropy")
    login("regional_lead", regions=["06", "13"])
    page = client.get("/stakeholders/").get_data(as_text=True)
    assert "CPE Montréal" in page and "CPE Laval" in page and "Fondation nationale" in page
    assert "CPE Estrie" not in page
    page = client.get("/stakeholders/?region=13").get_data(as_text=True)
    assert "CPE Laval" in page and "CPE Montréal" not in page
    # A region outside the lead's territory shows nothing, even when asked for.
    assert "CPE Estrie" not in client.get("/stakeholders/?region=05").get_data(as_text=True)
    lookup = client.get("/stakeholders/lookup?q=cpe").get_json()["results"]
    assert sorted(r["label"].split(" (")[0] for r in lookup) == ["CPE Laval", "CPE Montréal"]


def test_quick_log_of_a_joint_meeting(client, login, make_stakeholder, make_contact):
    soleil = make_stakeholder("CPE Soleil", region="06")
    ville = make_stakeholder("Ville de Montréal", region="06", sector="municipal")
    camille = make_contact(soleil, first_name="Camille")
    assert "/login" in client.get("/interactions/new").headers["Location"]  # not signed in
    user = login("coordinator")
    form = client.get(f"/interactions/new?stakeholder={soleil.id}").get_data(as_text=True)
    assert f'value="{clock.today().isoformat()}"' in form  # the date defaults to today
    response = client.post(
        "/interactions/new",
        data={
            "occurred_on": "2026-11-20",
            "kind": "meeting",
            "stakeholder_ids": [soleil.id, ville.id],
            "contact_ids": [camille.id],
            "measure_codes": ["ece_access", "housing"],
            "summary": "Rencontre conjointe",
            "follow_up_on": (clock.today() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    interaction = db.session.scalar(select(Interaction))
    assert {s.name for s in interaction.stakeholders} == {"CPE Soleil", "Ville de Montréal"}
    assert [c.first_name for c in interaction.contacts] == ["Camille"]
    assert {m.code for m in interaction.measures} == {"ece_access", "housing"}
    assert interaction.logged_by_id == user.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    said = "Interaction consignée\u00a0: rencontre du 20 nov. 2026 avec CPE Soleil, Ville de "
    assert said + "Montréal." in page
    assert "Rencontre conjointe" in page


def test_quick_log_without_stakeholder_says_so_in_french(client, login):
    login("coordinator")
    page = client.post(
        "/interactions/new", data={"occurred_on": "2026-11-20", "kind": "call"}
    ).get_data(as_text=True)
    assert "Choisissez au moins un acteur." in page
    assert db.session.scalar(select(Interaction)) is None


def test_regional_lead_cannot_log_for_another_region(client, login, make_stakeholder):
    estrie = make_stakeholder("CPE Estrie", region="05")
    login("regional_lead", regions=["06"])
    page = client.post(
        "/interactions/new",
        data={
            "occurred_on": "2026-11-20",
            "kind": "call",
            "stakeholder_ids": [estrie.id],
        },
    ).get_data(as_text=True)
    assert "Acteur inconnu." in page
    assert db.session.scalar(select(Interaction)) is None


def test_stale_edit_is_refused_naming_who_saved(client, login, make_user, make_stakeholder):
    from models.operations import update_stakeholder

    cpe = make_stakeholder("CPE Soleil", region="06")
    login("coordinator")
    form = client.get(f"/stakeholders/{cpe.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form
    colleague = make_user("coordinator", name="Sophie Lavoie")
    update_stakeholder(colleague, cpe, {"locality": "Verdun"})
    db.session.commit()
    page = client.post(
        f"/stakeholders/{cpe.id}/edit",
        data={
            "name": "CPE Soleil levant",
            "kind": "organization",
            "sector_code": "childcare",
            "level": "local",
            "region_code": "06",
            "stage": "identified",
            "version": "1",
        },
    ).get_data(as_text=True)
    assert "Sophie Lavoie a modifié cette fiche" in page
    db.session.refresh(cpe)
    assert (cpe.name, cpe.locality) == ("CPE Soleil", "Verdun")


def test_edit_copies_only_the_forms_fields(client, login, make_stakeholder):
    cpe = make_stakeholder("CPE Soleil", region="06")
    stakeholder_id = cpe.id
    user = login("coordinator")
    client.post(
        f"/stakeholders/{stakeholder_id}/edit",
        data={
            "name": "CPE Soleil",
            "kind": "organization",
            "sector_code": "childcare",
            "level": "local",
            "region_code": "06",
            "stage": "engaged",
            "version": "1",
            "archived": "1",
            "id": "999",
            "updated_by_id": "999",
        },
    )
    db.session.expire_all()
    stored = db.session.get(Stakeholder, stakeholder_id)
    assert (stored.stage, stored.version) == ("engaged", 2)  # the form's fields are saved
    assert (stored.archived, stored.updated_by_id) == (False, user.id)  # the others are not
    assert db.session.get(Stakeholder, 999) is None


def test_filtered_export_holds_what_the_list_shows(client, login, make_stakeholder):
    make_stakeholder("CPE Montréal", region="06", stage="engaged")
    make_stakeholder("CPE Laval", region="13", stage="identified")
    login("board")
    response = client.get("/stakeholders/export.csv?stage=engaged")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["ID", "Nom"]
    assert [r[1] for r in rows[1:]] == ["CPE Montréal"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.after["rows"] == 1


def test_commitment_status_change_is_kept_in_history(client, login, make_stakeholder):
    cpe = make_stakeholder("CPE Soleil", region="06")
    login("regional_lead", regions=["06"])
    client.post(
        "/commitments/new",
        data={
            "stakeholder_id": str(cpe.id),
            "measure_code": "housing",
            "status": "intended",
            "involvement": "supporter",
            "committed_on": "2026-01-15",
        },
    )
    commitment = db.session.scalar(select(Commitment))
    response = client.post(
        f"/commitments/{commitment.id}/edit",
        data={
            "status": "committed",
            "involvement": "leader",
            "version": str(commitment.version),
        },
    )
    assert response.status_code == 302
    db.session.refresh(commitment)
    assert [h.status for h in commitment.history] == ["intended", "committed"]
    page = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert "Intention" in page and "Engagé" in page


def test_typed_text_is_escaped_where_shown(client, login, make_stakeholder):
    make_stakeholder('<script>alert("x")</script>', region="06", notes="<b>gras</b>")
    login("coordinator")
    stakeholder = db.session.scalar(select(Stakeholder))
    for url in ("/stakeholders/", f"/stakeholders/{stakeholder.id}"):
        page = client.get(url).get_data(as_text=True)
        assert '<script>alert("x")</script>' not in page
        assert "&lt;script&gt;" in page


def test_search_finds_locality_email_and_tags_and_follows_edits(client, login, make_user):
    from models.operations import create_stakeholder, update_stakeholder

    coordinator = login("coordinator")
    cpe = create_stakeholder(
        coordinator,
        {
            "name": "CPE Les Écureuils",
            "region_code": "12",
            "locality": "Lévis",
            "email": "info@ecureuils.example.org",
            "tags": ["Table de concertation"],
        },
    )
    db.session.commit()
    for q in ("levis", "ÉCUREUILS", "ecureuils.example", "concertation", "cpe lev"):
        assert "CPE Les Écureuils" in client.get(f"/stakeholders/?q={q}").get_data(as_text=True), q
    update_stakeholder(coordinator, cpe, {"name": "CPE Les Mésanges", "tags": ["Priorité"]})
    db.session.commit()
    assert "Mésanges" in client.get("/stakeholders/?q=mesanges").get_data(as_text=True)
    assert "Mésanges" in client.get("/stakeholders/?q=priorite").get_data(as_text=True)
    assert "Mésanges" not in client.get("/stakeholders/?q=concertation").get_data(as_text=True)
    assert "Mésanges" in client.get("/stakeholders/?q=le").get_data(as_text=True)  # 2 letters
