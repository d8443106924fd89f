"""Ties by spreadsheet: the fifth import kind and its export, as a partner's file holds them.

A tie names stakeholder A and B by name and region; its type and intensity are read in
French or English; a row matches the tie of its ID, else of the same ends and type (either
order for a partner tie, A then B for a directed one), so a re-import updates.
"""

import csv
import io
import json
import shutil
import subprocess
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from importers.history import UndoRefused, undo_batch
from importers.pipeline import analyse, run_import
from models import AuditEvent, Relationship, clock, db
from reports.exports import export_list, view
from tests.import_helpers import csv_file, xlsx

FRENCH = ["Organisme A", "Région A", "Organisme B", "Région B", "Type", "Intensité", "Début",
          "Fin", "Note"]  # fmt: skip
ENGLISH = ["Stakeholder A", "Region A", "Stakeholder B", "Region B", "Type", "Intensity",
           "Start", "End", "Note"]  # fmt: skip


def run(path, actor=None, **options):
    """Import `path` as ties and commit, as the CLI does; return the result."""
    result = run_import(analyse(path, "relationships"), actor, **options)
    db.session.commit()
    return result


def ties() -> list[Relationship]:
    db.session.expire_all()
    return list(db.session.scalars(select(Relationship).order_by(Relationship.id)))


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Relationship))


def errors_of(result) -> list[tuple]:
    return [(e.row, e.column, e.value, e.message) for e in result.errors]


@pytest.fixture
def network(make_stakeholder):
    """Stakeholders of Montréal, Laval, Estrie and the national level, as a table lists them."""
    return {
        "cpe": make_stakeholder("CPE Les Petits-Écureuils", region="06"),
        "table": make_stakeholder(
            "Table de concertation petite enfance de Laval", region="13", sector="community"
        ),
        "maison": make_stakeholder(
            "Maison de la famille de Laval", region="13", sector="community"
        ),
        "fondation": make_stakeholder(
            "Fondation Québécoise pour l'enfance", region=None, sector="philanthropy"
        ),
        "estrie": make_stakeholder("CPE Soleil de l'Estrie", region="05"),
    }


def french_file(tmp_path, name="liens.xlsx"):
    """A partner's workbook: a title row, accents, labels in French, dates as Excel dates,
    as an Excel serial and as text."""
    return xlsx(tmp_path / name, [
        FRENCH,
        ["CPE Les Petits-Écureuils", "Montréal", "Table de concertation petite enfance de Laval",
         "13 - Laval", "Membre de", "Coopération", datetime(2024, 9, 1), None, "Siège au comité"],
        ["Fondation Québécoise pour l'enfance", "", "CPE Les Petits-Écureuils", "06", "FINANCE",
         "coordination", "2025-03-01", "31/12/2026", ""],
        [None] * 9,
        ["cpe les petits ecureuils", "MONTREAL", "Maison de la famille de Laval", "Laval",
         "partenaire", "Integration", 45717, None, "Coopération depuis l'hiver"],
    ], title_rows=[["Liens de la table — 2025"], []])  # fmt: skip


def test_a_partners_french_file_creates_its_ties(app, tmp_path, network):
    result = run(french_file(tmp_path))
    assert (result.rows, result.created, result.rejected) == (3, 3, 0), result.errors
    member, funds, partner = ties()
    assert (member.source_id, member.target_id) == (network["cpe"].id, network["table"].id)
    assert (member.type, member.intensity) == ("member_of", "cooperation")
    assert (member.starts_on, member.ends_on, member.notes) == (date(2024, 9, 1), None,
                                                                "Siège au comité")  # fmt: skip
    assert (funds.source_id, funds.target_id) == (network["fondation"].id, network["cpe"].id)
    assert (funds.type, funds.intensity) == ("funds", "coordination")
    assert (funds.starts_on, funds.ends_on) == (date(2025, 3, 1), date(2026, 12, 31))
    assert (partner.type, partner.intensity, partner.starts_on) == (
        "partner",
        "integration",
        date(2025, 3, 1),
    )
    assert partner.notes == "Coopération depuis l'hiver"
    # Each tie is created by the write operation: audited as on a stakeholder's page.
    created = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "create", AuditEvent.entity_type == "relationship")).all()  # fmt: skip
    assert sorted(e.entity_id for e in created) == [t.id for t in ties()]


def test_an_english_csv_with_codes_and_labels(app, tmp_path, network):
    path = csv_file(tmp_path / "ties.csv", [
        ENGLISH,
        ["CPE Les Petits-Écureuils", "Montreal", "Maison de la famille de Laval", "Laval",
         "Partner", "Cooperation", "2025-03-01", "", "Met at the forum"],
        ["Maison de la famille de Laval", "13", "Table de concertation petite enfance de Laval",
         "13", "member of", "AWARENESS", "", "", ""],
        ["Fondation Québécoise pour l'enfance", "National", "Maison de la famille de Laval",
         "13", "funds", "integration", "01/09/2024", "2025-08-31", ""],
    ], encoding="utf-8", delimiter=",", bom=True)  # fmt: skip
    result = run(path)
    assert (result.created, result.rejected) == (3, 0), result.errors
    assert [(t.type, t.intensity) for t in ties()] == [
        ("partner", "cooperation"), ("member_of", "awareness"), ("funds", "integration")
    ]  # fmt: skip
    assert ties()[2].ends_on == date(2025, 8, 31)


def test_a_stakeholder_named_by_its_id(app, tmp_path, network):
    path = xlsx(tmp_path / "ids.xlsx", [
        ["Organisme A", "Organisme B", "Type"],
        [f"#{network['cpe'].id}", network["estrie"].id, "autre"],
    ])  # fmt: skip
    result = run(path)
    assert result.created == 1, result.errors
    (tie,) = ties()
    assert (tie.source_id, tie.target_id, tie.type) == (network["cpe"].id, network["estrie"].id,
                                                        "other")  # fmt: skip


def test_errors_name_the_row_the_column_and_the_value(app, tmp_path, network):
    path = xlsx(tmp_path / "erreurs.xlsx", [
        FRENCH,
        ["CPE Fantôme", "06", "CPE Les Petits-Écureuils", "06", "partenaire", "", "", "", ""],
        ["CPE Les Petits-Écureuils", "06", "Maison de la famille de Laval", "13", "Cousin",
         "", "", "", ""],
        ["CPE Les Petits-Écureuils", "06", "Maison de la famille de Laval", "13", "partenaire",
         "Fusion", "", "", ""],
        ["CPE Les Petits-Écureuils", "06", "CPE Soleil de l'Estrie", "05", "partenaire", "",
         "2025-06-01", "2025-01-31", ""],
        ["CPE Les Petits-Écureuils", "06", "CPE Soleil de l'Estrie", "05", "partenaire", "",
         "1 mars 2025", "", ""],
        ["CPE Les Petits-Écureuils", "06", "CPE Les Petits-Écureuils", "06", "partenaire", "",
         "", "", ""],
        ["Maison de la famille de Laval", "13", "Table de concertation petite enfance de Laval",
         "13", "partenaire", "", "", "", ""],
        # The same partner tie, its ends the other way round: the same tie.
        ["Table de concertation petite enfance de Laval", "Laval",
         "Maison de la famille de Laval", "Laval", "Partenaire", "coopération", "", "", ""],
    ], title_rows=[["Liens"]])  # fmt: skip
    result = run(path)
    assert result.written is False and count() == 0
    found = errors_of(result)
    nobody = "Aucun acteur nommé «\u00a0CPE Fantôme\u00a0» dans la région 06."
    assert found[0] == (3, "Organisme A", "CPE Fantôme", nobody)
    assert found[1][:3] == (4, "Type", "Cousin")
    assert "Valeur inconnue" in found[1][3]
    assert found[2][:3] == (5, "Intensité", "Fusion")
    assert found[3] == (6, "Fin", "2025-01-31",
                        "La date de fin précède la date de début.")  # fmt: skip
    assert found[4][:3] == (7, "Début", "1 mars 2025")
    assert found[5][:3] == (8, "Organisme B", "CPE Les Petits-Écureuils")
    assert "lui-même" in found[5][3]
    assert found[6] == (10, "Organisme A", "Table de concertation petite enfance de Laval",
                        "Même fiche que la ligne 9 du fichier.")  # fmt: skip
    assert len(found) == 7


def test_a_directed_tie_the_other_way_is_another_tie(app, tmp_path, network):
    path = xlsx(tmp_path / "finance.xlsx", [
        ["Organisme A", "Organisme B", "Type"],
        ["Fondation Québécoise pour l'enfance", "CPE Les Petits-Écureuils", "finance"],
        ["CPE Les Petits-Écureuils", "Fondation Québécoise pour l'enfance", "finance"],
    ])  # fmt: skip
    result = run(path)
    assert (result.created, result.rejected) == (2, 0), result.errors


def test_a_reimport_updates_and_creates_nothing(app, tmp_path, network):
    first = run(french_file(tmp_path))
    before = [(t.id, t.version) for t in ties()]
    again = run(french_file(tmp_path, "encore.xlsx"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3), again.errors
    # The partner tie named the other way round, its intensity changed; the member tie's
    # intensity changed too.
    changed = xlsx(tmp_path / "modifie.xlsx", [
        FRENCH,
        ["Maison de la famille de Laval", "13", "CPE Les Petits-Écureuils", "06", "partenaire",
         "Coordination", "", "", ""],
        ["CPE Les Petits-Écureuils", "06", "Table de concertation petite enfance de Laval",
         "13", "membre", "intégration", "", "", ""],
    ])  # fmt: skip
    result = run(changed)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 0), result.errors
    member, funds, partner = ties()
    assert [t.id for t in ties()] == [i for i, _v in before]
    assert (member.intensity, partner.intensity) == ("integration", "coordination")
    # The stored order of the partner tie stays; empty cells leave values as they were.
    assert (partner.source_id, partner.target_id) == (network["cpe"].id, network["maison"].id)
    assert partner.notes == "Coopération depuis l'hiver" and member.starts_on == date(2024, 9, 1)
    assert (member.version, partner.version, funds.version) == (2, 2, 1)
    assert first.created == 3


def test_a_row_with_an_id_updates_that_tie(app, tmp_path, network, make_relationship):
    tie = make_relationship(network["cpe"], network["maison"], intensity="awareness")
    other = make_relationship(network["cpe"], network["estrie"])
    path = xlsx(tmp_path / "id.xlsx", [
        ["ID", "Organisme A", "Organisme B", "Type", "Intensité"],
        [tie.id, "Maison de la famille de Laval", "CPE Les Petits-Écureuils", "", "coopération"],
        [other.id, "CPE Les Petits-Écureuils", "Maison de la famille de Laval", "", ""],
        [999999, "CPE Les Petits-Écureuils", "CPE Soleil de l'Estrie", "", ""],
    ])  # fmt: skip
    result = run(path)
    found = errors_of(result)
    assert found[0][:3] == (3, "Organisme A", "CPE Les Petits-Écureuils")
    assert f"(ID {tie.id})" in found[0][3]  # its new ends are those of another partner tie
    assert found[1][:3] == (4, "ID", "999999")
    result = run(xlsx(tmp_path / "id2.xlsx", [
        ["ID", "Organisme A", "Organisme B", "Type", "Intensité"],
        [tie.id, "Maison de la famille de Laval", "CPE Les Petits-Écureuils", "", "coopération"],
    ]))  # fmt: skip
    assert (result.updated, result.created) == (1, 0), result.errors
    stored = db.session.get(Relationship, tie.id)
    assert (stored.source_id, stored.intensity) == (network["cpe"].id, "cooperation")


def export_to(path, user=None, lang="fr"):
    count = export_list(view("relationships", user), path, lang=lang)
    db.session.commit()
    return count


@pytest.fixture
def recorded(tmp_path, network):
    """The ties of the French file, imported."""
    assert run(french_file(tmp_path)).created == 3
    return ties()


def test_the_export_holds_the_import_columns_and_labels(app, tmp_path, recorded):
    path = tmp_path / "liens.csv"
    assert export_to(path) == 3
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == ["ID", *FRENCH]
    funds = next(row for row in rows if row["Type"] == "Finance")
    assert funds == {
        "ID": str(recorded[1].id), "Organisme A": "Fondation Québécoise pour l'enfance",
        "Région A": "", "Organisme B": "CPE Les Petits-Écureuils", "Région B": "Montréal",
        "Type": "Finance", "Intensité": "Coordination", "Début": "2025-03-01",
        "Fin": "2026-12-31", "Note": "",
    }  # fmt: skip
    english = tmp_path / "ties.xlsx"
    export_to(english, lang="en")
    sheet = openpyxl.load_workbook(english).active
    assert sheet.title == "Ties"
    assert [c.value for c in sheet[1]] == ["ID", *ENGLISH]
    assert {row[5] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "Member of", "Funds", "Partner"
    }  # fmt: skip


def test_an_export_edited_and_reimported_keeps_its_ids(app, tmp_path, recorded):
    path = tmp_path / "liens.xlsx"
    export_to(path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Type")].value == "Membre de":
            row[header.index("Intensité")].value = "Intégration"
            row[header.index("Fin")].value = datetime(2026, 6, 30)
    book.save(path)
    result = run(path)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2), result.errors
    assert [t.id for t in ties()] == [t.id for t in recorded]
    member = ties()[0]
    assert (member.intensity, member.ends_on) == ("integration", date(2026, 6, 30))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_an_export_resaved_by_libreoffice_reimports_unchanged(app, tmp_path, recorded):
    path = tmp_path / "liens.xlsx"
    export_to(path)
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    result = run(out / "liens.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3), result.errors
    assert [(t.id, t.version) for t in ties()] == [(t.id, 1) for t in recorded]


def test_undo_of_a_batch_of_ties_restores_what_was_there(
    app, tmp_path, network, make_user, make_relationship
):
    author = make_user("coordinator")
    tie = make_relationship(network["cpe"], network["maison"], intensity="awareness",
                            notes="Avant")  # fmt: skip
    path = xlsx(tmp_path / "liens.xlsx", [
        FRENCH,
        ["CPE Les Petits-Écureuils", "06", "Maison de la famille de Laval", "13", "partenaire",
         "intégration", "2025-01-15", "", "Après"],
        ["CPE Les Petits-Écureuils", "06", "CPE Soleil de l'Estrie", "05", "autre", "", "", "",
         ""],
    ])  # fmt: skip
    result = run(path, actor=author)
    assert (result.created, result.updated) == (1, 1), result.errors
    undo_batch(author, result.batch)
    db.session.commit()
    (restored,) = ties()
    assert restored.id == tie.id
    assert (restored.intensity, restored.starts_on, restored.notes) == ("awareness", None, "Avant")
    # A batch whose ties changed since cannot be undone.
    again = run(path, actor=author)
    db.session.get(Relationship, tie.id).notes = "Changé à la main"
    db.session.commit()
    with pytest.raises(UndoRefused):
        undo_batch(author, again.batch)


def test_a_leads_cli_export_holds_only_their_regions_ties(
    app, runner, tmp_path, network, make_user, make_relationship
):
    lead = make_user("regional_lead", regions=["06"])
    make_relationship(network["cpe"], network["fondation"], type="funds")
    make_relationship(network["cpe"], network["maison"])  # Laval: out of the lead's scope
    make_relationship(network["maison"], network["estrie"])
    path = tmp_path / "liens.csv"
    out = runner.invoke(args=["export", "relationships", "--out", str(path), "--as", lead.email])
    assert out.exit_code == 0, out.output
    text = path.read_text(encoding="utf-8-sig")
    assert "Petits-Écureuils" in text and "Fondation" in text
    assert "Laval" not in text and "Estrie" not in text
    everything = tmp_path / "tout.csv"
    assert runner.invoke(args=["export", "relationships", "--out", str(everything)]).exit_code == 0
    assert len(everything.read_text(encoding="utf-8-sig").splitlines()) == 4
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.actor_id == lead.id))
    assert (event.action, event.entity_type, event.after["rows"]) == ("export", "relationships", 1)


def test_cli_import_of_ties(app, runner, tmp_path, network, make_user):
    lead = make_user("regional_lead", regions=["06"])
    path = french_file(tmp_path)
    refused = runner.invoke(args=["import", "relationships", str(path), "--as", lead.email])
    assert refused.exit_code == 2 and count() == 0  # a lead cannot import
    out = runner.invoke(args=["import", "relationships", str(path), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) | {"errors": []} == {
        "kind": "relationships", "rows": 3, "created": 3, "updated": 0, "unchanged": 0,
        "rejected": 0, "dry_run": False, "errors": [],
    }  # fmt: skip
    assert count() == 3


# The web: the wizard, and the export link of the import pages ------------------------------


@pytest.mark.usefixtures("jobs_worker")
def test_the_wizard_imports_ties_in_the_users_language(app, client, login, tmp_path, network):
    from models.import_batch import ImportMapping
    from tests.test_import_web import _defaults, upload, wait_until_done

    login("coordinator", language="en")
    path = xlsx(tmp_path / "ties.xlsx", [
        ENGLISH,
        ["CPE Les Petits-Écureuils", "06", "Maison de la famille de Laval", "13", "Partner",
         "Cooperation", "2025-03-01", "", ""],
        ["Ghost daycare", "06", "CPE Les Petits-Écureuils", "06", "Partner", "", "", "", ""],
    ])  # fmt: skip
    response = upload(client, path, kind="relationships")
    assert response.status_code == 302, response.data
    batch_id = int(response.headers["Location"].split("/")[-2])
    page = client.get(f"/imports/{batch_id}/mapping")
    assert page.status_code == 200
    assert client.post(f"/imports/{batch_id}/mapping", data=_defaults(page)).status_code == 302
    assert db.session.scalar(select(ImportMapping.kind)) == "relationships"  # remembered
    preview = client.get(f"/imports/{batch_id}/preview").get_data(as_text=True)
    assert "No stakeholder named “Ghost daycare” in region 06." in preview
    response = client.post(f"/imports/{batch_id}/preview", data={"skip_invalid": "y"})
    assert response.status_code == 302
    assert wait_until_done(client, batch_id)["status"] == "done"
    (tie,) = ties()
    assert (tie.source_id, tie.target_id, tie.intensity) == (
        network["cpe"].id, network["maison"].id, "cooperation"
    )  # fmt: skip
    result = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "No stakeholder named “Ghost daycare” in region 06." in result
    assert "Ties between stakeholders" in client.get("/imports/").get_data(as_text=True)
    rejected = client.get(f"/imports/{batch_id}/rejected.csv").get_data(as_text=True)
    assert "Ghost daycare" in rejected and "Error" in rejected.splitlines()[0]


def test_the_import_and_network_pages_offer_the_ties_export(app, client, login, recorded):
    login("coordinator")
    for page in ("/imports/", "/imports/new", "/network"):
        html = client.get(page).get_data(as_text=True)
        assert 'href="/network/ties.xlsx"' in html
        assert 'href="/network/ties.csv"' in html
    response = client.get("/network/ties.xlsx")
    assert response.status_code == 200
    assert f"liens-{clock.today().isoformat()}.xlsx" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == "Liens" and sheet.max_row == 4
    filtered = client.get("/network/ties.csv?type=funds").get_data(as_text=True)
    assert len(filtered.splitlines()) == 2 and "Finance" in filtered
    # Every role reads the ties of its scope; a lead's hold only ties within its regions.
    login("board")
    assert client.get("/network/ties.xlsx").status_code == 200
    login("regional_lead", regions=["06"])
    lead = client.get("/network/ties.csv").get_data(as_text=True)
    assert "Exporter les liens (Excel)" in client.get("/network").get_data(as_text=True)
    # Montréal's lead sees the CPE and the national foundation, not Laval: one tie of three.
    assert len(lead.splitlines()) - 1 == 1 and "Fondation Québécoise" in lead


def test_a_tie_written_from_the_table_or_the_funded_side_is_turned_round(app, tmp_path, network):
    """A table's list says "A pour membre", a centre's "Financé par": the row is read from
    B's side (B is the member, B funds A), the tie stored the right way, and the same tie
    written the usual way later updates it. Errors still name the column the person filled."""
    path = xlsx(tmp_path / "table.xlsx", [
        FRENCH,
        ["Table de concertation petite enfance de Laval", "Laval", "Maison de la famille de Laval",
         "Laval", "A pour membre", "Coordination", None, None, None],
        ["CPE Les Petits-Écureuils", "06", "Fondation Québécoise pour l'enfance", "",
         "Financé par", "", None, None, None],
        ["Table de concertation petite enfance de Laval", "Laval", "CPE Fantôme", "06",
         "Has as member", "", None, None, None],
    ])  # fmt: skip
    result = run(path, skip_invalid=True)
    assert (result.created, result.rejected) == (2, 1), result.errors
    assert [(e.row, e.column) for e in result.errors] == [(4, "Organisme B")]
    member, funds = ties()
    assert (member.source_id, member.target_id, member.type) == (
        network["maison"].id, network["table"].id, "member_of"
    )  # fmt: skip
    assert (funds.source_id, funds.target_id, funds.type) == (
        network["fondation"].id, network["cpe"].id, "funds"
    )  # fmt: skip
    usual = xlsx(tmp_path / "usual.xlsx", [
        FRENCH,
        ["Maison de la famille de Laval", "Laval", "Table de concertation petite enfance de Laval",
         "Laval", "Membre de", "Intégration", None, None, None],
    ])  # fmt: skip
    again = run(usual)
    assert (again.created, again.updated) == (0, 1)
    assert ties()[0].intensity == "integration"
