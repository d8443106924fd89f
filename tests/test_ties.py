"""Ties recorded on a stakeholder's page, through HTTP as each role: add one with every
field, edit it (a stale form refused, nothing lost), end it today and undo that once,
remove it; who may (admins and coordinators any tie; a regional lead one end theirs, the
other any they see; the board none, buttons or POST); a tie reaching outside a lead's
territory shown without the other stakeholder; and the audit log in words."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models import AuditEvent, Relationship, clock, db
from models.operations import update_relationship


@pytest.fixture
def cpe(make_stakeholder):
    """A childcare centre of Montréal (06)."""
    return make_stakeholder("CPE Soleil levant", region="06")


@pytest.fixture
def table(make_stakeholder):
    """A local concertation table of Montréal (06)."""
    return make_stakeholder("Table de concertation 0-5 ans de Verdun", region="06",
                            sector="community")  # fmt: skip


@pytest.fixture
def ministry(make_stakeholder):
    """A national stakeholder."""
    return make_stakeholder("Ministère de la Famille", region=None, sector="government")


@pytest.fixture
def city(make_stakeholder):
    """A stakeholder of Montérégie (16), outside the lead's territory."""
    return make_stakeholder("Ville de Longueuil", region="16", sector="municipal")


def html_of(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    """Return the page's text, tags and spaces folded: what a person reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def ties_card(html: str) -> str:
    """Return the text of the page's "Ties" card."""
    card = html[html.index('id="ties"') :]
    return text_of(card[: card.index("</ul>")])


def tie_of(cpe, other) -> Relationship:
    return db.session.scalar(
        select(Relationship).where(
            Relationship.source_id == cpe.id, Relationship.target_id == other.id
        )
    )


def hidden(html: str, name: str) -> str:
    """Return the value of the hidden input `name` of the page."""
    return re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]*)"', html).group(1)


def test_a_coordinator_adds_a_tie_with_every_field(client, login, cpe, table):
    login("coordinator")
    button = f'href="/stakeholders/{cpe.id}/ties/new">Ajouter un lien</a>'
    assert button in html_of(client, f"/stakeholders/{cpe.id}")
    page = html_of(client, f"/stakeholders/{cpe.id}/ties/new")
    assert "Un lien entre CPE Soleil levant et un autre acteur." in page
    for label in ("Autre acteur", "Type de lien", "Intensité", "Non précisée", "Connaissance",
                  "Intégration", "Date de début", "Date de fin", "Note"):  # fmt: skip
        assert label in page, label
    response = client.post(f"/stakeholders/{cpe.id}/ties/new", data={
        "other_id": str(table.id), "type": "member_of", "intensity": "coordination",
        "starts_on": "2025-03-03", "ends_on": "", "notes": "Siège au comité de coordination.",
    })  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == f"/stakeholders/{cpe.id}#ties"
    tie = tie_of(cpe, table)
    assert (tie.type, tie.intensity, tie.starts_on, tie.ends_on, tie.notes) == (
        "member_of", "coordination", date(2025, 3, 3), None, "Siège au comité de coordination."
    )  # fmt: skip
    page = html_of(client, f"/stakeholders/{cpe.id}")
    assert "Lien avec Table de concertation 0-5 ans de Verdun ajouté." in page
    card = ties_card(page)
    assert "Membre de · Table de concertation 0-5 ans de Verdun" in card
    assert "Coordination · depuis le 3 mars 2025" in card
    assert "Siège au comité de coordination." in card
    # The other end lists it too, linking back.
    other = html_of(client, f"/stakeholders/{table.id}")
    assert f'href="/stakeholders/{cpe.id}">CPE Soleil levant</a>' in other


def test_a_tie_with_an_error_comes_back_with_what_was_typed(client, login, cpe, table):
    login("coordinator")
    response = client.post(f"/stakeholders/{cpe.id}/ties/new", data={
        "other_id": str(table.id), "type": "partner", "starts_on": "2026-06-01",
        "ends_on": "2026-05-01", "notes": "Une note à garder",
    })  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and tie_of(cpe, table) is None
    assert "La date de fin précède la date de début." in page
    assert "Une note à garder</textarea>" in page
    assert '<h1 class="h3">Ajouter un lien</h1>' in page  # the form's page again
    nobody = client.post(f"/stakeholders/{cpe.id}/ties/new", data={"type": "partner"})
    assert "Choisissez l’autre acteur." in nobody.get_data(as_text=True)


def test_current_ties_come_first_and_ended_ones_after_muted(
    client, login, cpe, table, ministry, make_stakeholder, make_relationship
):
    clsc = make_stakeholder("CLSC de Verdun", region="06", sector="health")
    make_relationship(cpe, ministry, "funds", starts_on=date(2021, 9, 1),
                      ends_on=date(2024, 8, 31), intensity="cooperation")  # fmt: skip
    make_relationship(clsc, cpe, "partner", ends_on=clock.today() + timedelta(days=400))
    make_relationship(cpe, table, "member_of", starts_on=date(2023, 1, 15), intensity="integration")
    login("coordinator")
    page = html_of(client, f"/stakeholders/{cpe.id}")
    card = ties_card(page)
    names = [n for n in ("Table de concertation", "CLSC de Verdun", "Ministère") if n in card]
    assert sorted(names, key=card.index) == ["Table de concertation", "CLSC de Verdun", "Ministère"]
    ended = card[card.index("Finance") :]
    assert ended.startswith("Finance · Ministère de la Famille Terminé")
    assert "Coopération · du 1 septembre 2021 au 31 août 2024" in ended
    assert "Intégration · depuis le 15 janvier 2023" in card
    assert "jusqu’au" in card
    assert page.count('class="tie mb-2 pb-2 border-bottom text-muted tie-ended"') == 1
    # An ended tie has no "end today" button; the two current ones have.
    assert page.count("Terminer aujourd’hui") == 2


def test_a_tie_is_edited(client, login, cpe, table, make_relationship):
    tie = make_relationship(cpe, table, "partner", intensity="awareness")
    login("coordinator")
    edit = f"/stakeholders/{table.id}/ties/{tie.id}/edit"  # from either end
    assert edit in html_of(client, f"/stakeholders/{table.id}")
    form = html_of(client, edit)
    assert "Modifier le lien" in form and "Le lien entre" in form
    assert '<option selected value="awareness">Connaissance</option>' in form
    response = client.post(edit, data={
        "version": "1", "type": "member_of", "intensity": "coordination",
        "starts_on": "2024-09-01", "ends_on": "", "notes": "Comité des partenaires",
    })  # fmt: skip
    assert response.headers["Location"] == f"/stakeholders/{table.id}#ties"
    db.session.refresh(tie)
    assert (tie.type, tie.intensity, tie.starts_on, tie.notes, tie.version) == (
        "member_of", "coordination", date(2024, 9, 1), "Comité des partenaires", 2
    )  # fmt: skip
    assert "Lien avec CPE Soleil levant enregistré." in html_of(client, f"/stakeholders/{table.id}")


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(
    client, login, make_user, cpe, table, make_relationship
):
    tie = make_relationship(cpe, table, "partner")
    login("coordinator")
    edit = f"/stakeholders/{cpe.id}/ties/{tie.id}/edit"
    assert 'name="version" type="hidden" value="1"' in html_of(client, edit)
    colleague = make_user("coordinator", name="Sophie Lavoie")
    update_relationship(colleague, tie, {"intensity": "integration"}, 1)
    db.session.commit()
    response = client.post(edit, data={
        "version": "1", "type": "partner", "intensity": "awareness", "notes": "Ma note",
    })  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Sophie Lavoie a modifié cette fiche" in page
    assert "Ma note</textarea>" in page  # nothing lost
    assert "Intégration" in text_of(page[page.index("stale-differences") :])
    db.session.refresh(tie)
    assert (tie.intensity, tie.notes) == ("integration", "")


def test_a_tie_is_ended_today_and_the_end_undone_once(client, login, cpe, table, make_relationship):
    later = clock.today() + timedelta(days=90)
    tie = make_relationship(cpe, table, "partner", starts_on=date(2024, 1, 1), ends_on=later)
    login("coordinator")
    page = html_of(client, f"/stakeholders/{cpe.id}")
    end = f"/stakeholders/{cpe.id}/ties/{tie.id}/end"
    assert f'action="{end}"' in page
    version = f"tie-{tie.id}-version"
    response = client.post(end, data={version: hidden(page, version)})
    assert response.headers["Location"] == f"/stakeholders/{cpe.id}#ties"
    db.session.refresh(tie)
    assert tie.ends_on == clock.today()
    page = html_of(client, f"/stakeholders/{cpe.id}")
    assert "Lien avec Table de concertation 0-5 ans de Verdun terminé aujourd’hui." in page
    assert "Terminé" in ties_card(page)
    assert "Terminer aujourd’hui" not in page
    undo = f"/stakeholders/{cpe.id}/ties/{tie.id}/undo"
    assert f'action="{undo}"' in page and "Annuler" in page
    data = {name: hidden(page, name) for name in ("undo-tie-version", "undo-tie-ends_on")}
    assert f'action="{undo}"' not in html_of(client, f"/stakeholders/{cpe.id}")  # once
    client.post(undo, data=data)
    db.session.refresh(tie)
    assert tie.ends_on == later
    page = html_of(client, f"/stakeholders/{cpe.id}")
    assert "Lien avec Table de concertation 0-5 ans de Verdun rétabli." in page
    actions = db.session.execute(
        select(AuditEvent.action, AuditEvent.after).where(AuditEvent.entity_type == "relationship")
    ).all()
    assert actions == [("update", {"ends_on": clock.today().isoformat()}),
                       ("update", {"ends_on": later.isoformat()})]  # fmt: skip


def test_an_undo_after_someone_else_changed_the_tie_is_refused(
    client, login, make_user, cpe, table, make_relationship
):
    tie = make_relationship(cpe, table, "partner")
    login("coordinator")
    client.post(f"/stakeholders/{cpe.id}/ties/{tie.id}/end", data={f"tie-{tie.id}-version": "1"})
    page = html_of(client, f"/stakeholders/{cpe.id}")
    data = {name: hidden(page, name) for name in ("undo-tie-version", "undo-tie-ends_on")}
    colleague = make_user("coordinator", name="Sophie Lavoie")
    update_relationship(colleague, tie, {"notes": "Fin de l’entente"})
    db.session.commit()
    client.post(f"/stakeholders/{cpe.id}/ties/{tie.id}/undo", data=data)
    db.session.refresh(tie)
    assert (tie.ends_on, tie.notes) == (clock.today(), "Fin de l’entente")
    assert "Sophie Lavoie a modifié cette fiche" in html_of(client, f"/stakeholders/{cpe.id}")


def test_a_tie_is_removed_after_confirmation(client, login, cpe, table, make_relationship):
    tie = make_relationship(cpe, table, "partner")
    login("admin")
    remove = f"/stakeholders/{cpe.id}/ties/{tie.id}/remove"
    assert "Retirer le lien" in html_of(client, remove)
    assert tie_of(cpe, table) is not None  # asking removes nothing
    response = client.post(remove, data={})
    assert response.headers["Location"] == f"/stakeholders/{cpe.id}#ties"
    assert tie_of(cpe, table) is None
    page = html_of(client, f"/stakeholders/{cpe.id}")
    assert "Lien avec Table de concertation 0-5 ans de Verdun retiré." in page
    assert "Aucun lien consigné." in page
    deleted = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "delete"))
    assert deleted.before["target_id"] == table.id


def test_a_lead_ties_their_stakeholder_to_a_national_one_not_outside_their_regions(
    client, login, cpe, ministry, city, make_stakeholder
):
    login("regional_lead", regions=["06"])
    page = html_of(client, f"/stakeholders/{cpe.id}/ties/new")
    # Their stakeholder's type-ahead offers every stakeholder they see, national ones too.
    assert 'data-lookup="/stakeholders/lookup"' in page
    response = client.post(f"/stakeholders/{cpe.id}/ties/new",
                           data={"other_id": str(ministry.id), "type": "funds"})  # fmt: skip
    assert response.status_code == 302
    assert tie_of(cpe, ministry).type == "funds"
    assert "Lien avec Ministère de la Famille ajouté." in html_of(client, f"/stakeholders/{cpe.id}")
    # From a national stakeholder's page: only to one of their regions'.
    page = html_of(client, f"/stakeholders/{ministry.id}/ties/new")
    assert 'data-lookup="/stakeholders/lookup?engage=1"' in page
    data = {"other_id": str(cpe.id), "type": "partner"}
    client.post(f"/stakeholders/{ministry.id}/ties/new", data=data)
    assert tie_of(ministry, cpe).type == "partner"

    # Refused: their stakeholder to one of another region (which does not exist for them)...
    refused = client.post(f"/stakeholders/{cpe.id}/ties/new",
                          data={"other_id": str(city.id), "type": "partner"})  # fmt: skip
    assert refused.status_code == 200 and "Choisissez l’autre acteur." in refused.get_data(True)
    assert "Ville de Longueuil" not in refused.get_data(as_text=True)
    # ... two national ones, which they only read...
    council = make_stakeholder("Conseil national des familles", region=None)
    refused = client.post(f"/stakeholders/{ministry.id}/ties/new",
                          data={"other_id": str(council.id), "type": "partner"})  # fmt: skip
    assert "Vous n’avez pas le droit" in refused.get_data(as_text=True)
    # ... and two stakeholders of another region (the page itself is not found).
    brossard = make_stakeholder("CPE Brossard", region="16")
    response = client.post(f"/stakeholders/{city.id}/ties/new",
                           data={"other_id": str(brossard.id), "type": "partner"})  # fmt: skip
    assert response.status_code == 404
    assert db.session.scalar(select(Relationship).where(Relationship.source_id.in_(
        (city.id, council.id, brossard.id)))) is None  # fmt: skip
    assert tie_of(cpe, city) is None and tie_of(ministry, council) is None


def test_a_lead_edits_ends_and_removes_the_ties_of_their_region(
    client, login, cpe, ministry, make_relationship
):
    tie = make_relationship(ministry, cpe, "funds")
    login("regional_lead", regions=["06"])
    edit = f"/stakeholders/{ministry.id}/ties/{tie.id}/edit"
    assert edit in html_of(client, f"/stakeholders/{ministry.id}")
    client.post(edit, data={"version": "1", "type": "funds", "intensity": "cooperation"})
    client.post(f"/stakeholders/{cpe.id}/ties/{tie.id}/end", data={f"tie-{tie.id}-version": "2"})
    db.session.refresh(tie)
    assert (tie.intensity, tie.ends_on) == ("cooperation", clock.today())
    client.post(f"/stakeholders/{cpe.id}/ties/{tie.id}/remove", data={})
    assert tie_of(ministry, cpe) is None


def test_a_lead_sees_a_tie_reaching_outside_their_territory_without_the_other_end(
    client, login, cpe, city, ministry, make_relationship
):
    outside = make_relationship(
        city, cpe, "partner", intensity="cooperation", starts_on=date(2024, 5, 1),
        notes="Entente confidentielle",
    )  # fmt: skip
    make_relationship(cpe, ministry, "funds")
    login("regional_lead", regions=["06"])
    page = html_of(client, f"/stakeholders/{cpe.id}")
    card = ties_card(page)
    assert "Partenaire · Un acteur hors de votre territoire" in card
    assert "Coopération · depuis le 1 mai 2024" in card
    for secret in ("Ville de Longueuil", f"/stakeholders/{city.id}", "Entente confidentielle"):
        assert secret not in page, secret
    # Its buttons are not shown, and its pages refuse.
    assert f"/ties/{outside.id}/" not in page
    assert page.count("Terminer aujourd’hui") == 1  # the national funder's tie
    base = f"/stakeholders/{cpe.id}/ties/{outside.id}"
    assert client.get(f"{base}/edit").status_code == 403
    assert client.post(f"{base}/end", data={}).status_code == 403
    assert client.post(f"{base}/remove", data={}).status_code == 403
    assert client.get(f"/stakeholders/{city.id}/ties/{outside.id}/edit").status_code == 404
    db.session.refresh(outside)
    assert outside.ends_on is None
    # A coordinator sees it whole.
    login("coordinator")
    assert "Ville de Longueuil" in ties_card(html_of(client, f"/stakeholders/{cpe.id}"))


def test_the_board_sees_no_tie_button_and_is_refused_on_post(
    client, login, cpe, table, make_relationship
):
    tie = make_relationship(cpe, table, "partner", intensity="integration")
    login("board")
    page = html_of(client, f"/stakeholders/{cpe.id}")
    assert "Partenaire · Table de concertation 0-5 ans de Verdun" in ties_card(page)
    for control in ("Ajouter un lien", "Terminer aujourd’hui", f"/ties/{tie.id}/", "Retirer"):
        assert control not in page, control
    base = f"/stakeholders/{cpe.id}/ties"
    assert client.get(f"{base}/new").status_code == 403
    data = {"other_id": str(table.id), "type": "partner"}
    assert client.post(f"{base}/new", data=data).status_code == 403
    assert client.get(f"{base}/{tie.id}/edit").status_code == 403
    assert client.post(f"{base}/{tie.id}/edit", data={"type": "funds"}).status_code == 403
    assert client.post(f"{base}/{tie.id}/end", data={}).status_code == 403
    assert client.post(f"{base}/{tie.id}/undo", data={}).status_code == 403
    assert client.post(f"{base}/{tie.id}/remove", data={}).status_code == 403
    db.session.refresh(tie)
    assert (tie.type, tie.ends_on) == ("partner", None)
    assert db.session.scalar(select(AuditEvent.id)) is None


def test_the_audit_log_shows_the_intensity_in_words(client, login, cpe, table):
    login("coordinator")
    client.post(f"/stakeholders/{cpe.id}/ties/new", data={
        "other_id": str(table.id), "type": "partner", "intensity": "cooperation",
    })  # fmt: skip
    tie = tie_of(cpe, table)
    client.post(f"/stakeholders/{cpe.id}/ties/{tie.id}/edit",
                data={"version": "1", "type": "partner", "intensity": "integration"})  # fmt: skip
    login("admin")
    log = text_of(html_of(client, "/admin/audit?entity=relationship"))
    for words in ("Intensité", "Coopération", "Intégration", "Partenaire", "Relation"):
        assert words in log, words
    for code in ("cooperation", "integration", "intensity"):
        assert code not in log, code
    english = text_of(html_of(client, "/admin/audit?entity=relationship&lang=en"))
    assert "Intensity" in english and "Cooperation" in english and "Integration" in english


def test_a_directed_tie_reads_the_right_way_from_either_page(client, login, cpe, table):
    """Member of and funds read one way: the CPE is a member of the table. On the table's
    page the tie reads "A pour membre · CPE", and recording it from there (choosing "A pour
    membre") makes the CPE the member; turning it round on the edit page swaps the ends."""
    login("coordinator")
    response = client.post(f"/stakeholders/{table.id}/ties/new", data={
        "other_id": str(cpe.id), "type": "~member_of", "intensity": "cooperation",
    })  # fmt: skip
    assert response.status_code == 302
    tie = tie_of(cpe, table)  # the CPE (source) is a member of the table (target)
    assert tie is not None and tie.type == "member_of"
    assert "A pour membre · CPE Soleil levant" in ties_card(
        html_of(client, f"/stakeholders/{table.id}")
    )
    assert "Membre de · Table de concertation 0-5 ans de Verdun" in ties_card(
        html_of(client, f"/stakeholders/{cpe.id}")
    )
    edit = f"/stakeholders/{table.id}/ties/{tie.id}/edit"
    assert '<option selected value="~member_of">A pour membre</option>' in html_of(client, edit)
    remove = html_of(client, f"/stakeholders/{table.id}/ties/{tie.id}/remove")
    assert "« A pour membre »" in text_of(remove)
    # Turned round from the table's page: the table is now a member of the CPE.
    client.post(edit, data={"version": "1", "type": "member_of", "intensity": "cooperation"})
    db.session.refresh(tie)
    assert (tie.source_id, tie.target_id, tie.type) == (table.id, cpe.id, "member_of")
    assert "A pour membre · Table de concertation" in ties_card(
        html_of(client, f"/stakeholders/{cpe.id}")
    )


def test_a_lead_reads_many_ties_outside_their_territory_as_counts(
    client, login, make_stakeholder, ministry, cpe, make_relationship
):
    """On a national funder's page, a lead reads its ties outside their territory counted
    by type ("4 liens hors de votre territoire : Finance (3), Partenaire (1)"), not four
    nameless lines; ended ones and those in the territory are listed as usual."""
    for n in range(3):
        make_relationship(ministry, make_stakeholder(f"CPE de Longueuil {n}", region="16"), "funds")
    make_relationship(make_stakeholder("Ville de Sherbrooke", region="05"), ministry, "partner")
    ended = make_relationship(ministry, make_stakeholder("CPE de Gatineau", region="07"), "funds",
                              ends_on=date(2024, 1, 31))  # fmt: skip
    make_relationship(ministry, cpe, "funds")
    login("regional_lead", regions=["06"])
    card = ties_card(html_of(client, f"/stakeholders/{ministry.id}"))
    assert "4 liens hors de votre territoire : Finance (3), Partenaire (1)" in card
    assert card.count("Un acteur hors de votre territoire") == 1  # the ended one, listed
    assert f"/ties/{ended.id}/" not in card and "Finance · CPE Soleil levant" in card
    assert "Longueuil" not in card and "Sherbrooke" not in card
