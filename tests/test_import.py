"""The import pipeline: formats, header detection, normalization, matching, outcomes, CLI."""

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from importers.pipeline import analyse, run_import
from models import (
    AuditEvent,
    Commitment,
    Contact,
    ImportBatch,
    Interaction,
    Relationship,
    Stakeholder,
    clock,
    db,
)
from tests.import_helpers import csv_file, ods, xlsx

HEADER = ["Nom de l'organisme", "Région", "Secteur", "Palier", "Courriel", "Téléphone",
          "Étiquettes", "Référence externe"]  # fmt: skip


def run(path, kind="stakeholders", actor=None, **options):
    """Import `path` and commit, as the CLI does; return the result."""
    result = run_import(analyse(path, kind), actor, **options)
    db.session.commit()
    return result


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_xlsx_with_titles_above_the_header_is_read_and_normalized(app, tmp_path):
    path = xlsx(tmp_path / "partenaires.xlsx", [
        HEADER,
        ["CPE Les Petits-Amis", "06 - Montréal", "Services de garde éducatifs", "Local",
         " INFO@CPE.ORG ", "(514) 555-1234 poste 12", "table; priorité", "00123"],
        [None, None, None, None, None, None, None, None],
        ["Fondation Québec", "", "philanthropy", "provincial", "", "", "", ""],
        ["Table de Laval", "13", "Organismes communautaires", "Regional", "", "450.555.9876",
         "", ""],
    ], title_rows=[["Liste des partenaires — 2026"], ["Préparée par la table"], []])  # fmt: skip
    result = run(path)
    assert (result.rows, result.created, result.rejected) == (3, 3, 0)
    cpe = db.session.scalar(select(Stakeholder).where(Stakeholder.name_key == "cpelespetitsamis"))
    assert (cpe.region_code, cpe.sector_code, cpe.level) == ("06", "childcare", "local")
    assert cpe.email == "info@cpe.org"
    assert cpe.phone == "514-555-1234 poste 12"
    assert cpe.tag_names == ["priorité", "table"]
    assert cpe.external_ref == "00123"  # leading zeros kept
    national = db.session.scalar(select(Stakeholder).where(Stakeholder.name == "Fondation Québec"))
    assert (national.level, national.region_code) == ("national", None)
    laval = db.session.scalar(select(Stakeholder).where(Stakeholder.name == "Table de Laval"))
    assert (laval.level, laval.phone) == ("regional", "450-555-9876")


def test_csv_in_cp1252_with_semicolons(app, tmp_path):
    path = csv_file(tmp_path / "liste.csv", [
        ["Organisation", "Région", "Secteur", "Étape de mobilisation"],
        ["Centre de pédiatrie sociale", "MONTEREGIE", "Santé et services sociaux", "Contacté"],
        ["École Saint-Édouard", "Côte–Nord", "education", "Engagé dans la démarche"],
    ])  # fmt: skip
    result = run(path)
    assert result.created == 2, result.errors
    names = dict(db.session.execute(select(Stakeholder.name, Stakeholder.region_code)).all())
    assert names == {"Centre de pédiatrie sociale": "16", "École Saint-Édouard": "09"}
    stages = set(db.session.scalars(select(Stakeholder.stage)))
    assert stages == {"contacted", "engaged"}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("utf-8", ",", True), ("utf-8", ",", False), ("utf-8", "\t", False), ("cp1252", ",", False)],
)
def test_csv_encodings_and_delimiters_are_detected(app, tmp_path, encoding, delimiter, bom):
    path = csv_file(tmp_path / "l.csv", [["Nom", "Région"], ["Garderie Émilie, inc.", "Montréal"]],
                    encoding=encoding, delimiter=delimiter, bom=bom)  # fmt: skip
    result = run(path)
    assert result.created == 1, result.errors
    assert db.session.scalar(select(Stakeholder.name)) == "Garderie Émilie, inc."


def test_csv_stray_byte_does_not_crash_and_rejects_its_row(app, tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes("Nom;Région\r\nCPE Été;06\r\n".encode("cp1252") + b"CPE \x81;06\r\n")
    result = run(path, skip_invalid=True)
    assert (result.created, result.rejected) == (1, 1)
    assert (result.errors[0].row, result.errors[0].column) == (3, "Nom")


def test_ods_is_read(app, tmp_path):
    path = ods(
        tmp_path / "l.ods",
        [
            ["Titre du fichier"],
            [],
            ["Name", "Region", "Level"],
            ["CPE Soleil", 6, "local"],
            ["Réseau", "", "National"],
        ],
    )
    result = run(path)
    assert result.created == 2, result.errors
    assert (
        db.session.scalar(select(Stakeholder.region_code).where(Stakeholder.name == "CPE Soleil"))
        == "06"
    )


def test_dates_as_cells_serials_and_text(app, tmp_path, make_stakeholder):
    for name in ("A", "B", "C", "D"):
        make_stakeholder(f"CPE {name}", region="06")
    path = xlsx(tmp_path / "e.xlsx", [
        ["Organisme", "Région", "Mesure", "Statut", "Date d'engagement", "Échéance"],
        ["CPE A", "06", "early_screening", "Engagé", date(2026, 3, 14), datetime(2026, 6, 1)],
        ["CPE B", "06", "Accès au dépistage précoce", "committed", 46095, "2026-06-01"],
        ["CPE C", "06", "Access to early screening", "En cours", "14/03/2026", "01/06/2026"],
        ["CPE D", "06", "EARLY SCREENING", "realise", "46095", None],
    ])  # fmt: skip
    result = run(path, "commitments")
    assert result.created == 4, result.errors
    rows = db.session.execute(select(Commitment.committed_on, Commitment.status)).all()
    assert {r.committed_on for r in rows} == {date(2026, 3, 14)}
    assert {r.status for r in rows} == {"committed", "in_progress", "achieved"}
    assert count(Commitment.__table__) == 4


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (["CPE", "Montrel", "", ""], "Région", "Montréal (06)"),
        (["CPE", "06", "sante publique", ""], "Secteur", "Santé"),
        (["CPE", "06", "", "municipal"], "Palier", "«\u00a0"),
        (["CPE", "06", "", "", "x@y"], "Courriel", "courriel"),
        (["CPE", "06", "", "", "", "555"], "Téléphone", "téléphone"),
        (["CPE", "06", "", "", "", "", "9"], "Influence", "1 à 5"),
        (["CPE", "", "", "local"], "Région", "gion"),
        (["CPE", "06", "", "national"], "Région", "national"),
    ],
)
def test_each_error_names_row_column_and_value(app, tmp_path, cells, column, message):
    header = ["Nom", "Région", "Secteur", "Palier", "Courriel", "Téléphone", "Influence"]
    path = xlsx(tmp_path / "e.xlsx", [header, ["CPE bon", "06"], cells],
                title_rows=[["Titre"]])  # fmt: skip
    result = run(path)
    assert result.rejected == 1 and result.created == 0
    error = result.errors[0]
    assert (error.row, error.column) == (4, column), error
    assert message.lower() in error.message.lower()
    assert count(Stakeholder.__table__) == 0  # all or nothing


def test_unknown_value_message_is_french_by_default(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Région"], ["CPE", "Montrel"]])
    error = run(path).errors[0]
    assert "n’est pas une région" in error.message and "Montréal (06)" in error.message
    assert error.value == "Montrel"


def test_skip_invalid_imports_the_valid_rows(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Région"], ["CPE A", "06"], ["CPE B", "99x"],
                                      ["CPE C", "Laval"]])  # fmt: skip
    result = run(path, skip_invalid=True)
    assert (result.created, result.rejected) == (2, 1)
    assert result.errors[0].row == 3
    assert result.rejected_rows == [["CPE B", "99x", "Région: " + result.errors[0].message]]
    assert count(Stakeholder.__table__) == 2


def test_dry_run_writes_nothing(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Région"], ["CPE A", "06"]])
    result = run(path, dry_run=True)
    assert result.created == 1 and not result.written
    assert count(Stakeholder.__table__) == 0 and count(ImportBatch.__table__) == 0


def test_matching_by_id_then_external_reference_then_name_and_region(
    app, tmp_path, make_stakeholder
):
    by_id = make_stakeholder("Ancien nom", region="06")
    by_ref = make_stakeholder("Autre", region="05", external_ref="REF-1")
    by_name = make_stakeholder("C.P.E. Les Petits-Amis", region="06")
    same_name_elsewhere = make_stakeholder("CPE Les Petits Amis", region="05")
    path = xlsx(tmp_path / "m.xlsx", [
        ["ID", "Nom", "Région", "Référence externe", "Municipalité"],
        [by_id.id, "Nouveau nom", "06", "", ""],
        ["", "Autre nom", "05", "REF-1", ""],
        ["", "cpe les petits-amis", "Montréal", "", "Verdun"],
    ])  # fmt: skip
    result = run(path)
    assert (result.created, result.updated, result.rejected) == (0, 3, 0), result.errors
    db.session.expire_all()
    assert db.session.get(Stakeholder, by_id.id).name == "Nouveau nom"
    assert db.session.get(Stakeholder, by_ref.id).name == "Autre nom"
    assert db.session.get(Stakeholder, by_name.id).locality == "Verdun"
    assert db.session.get(Stakeholder, same_name_elsewhere.id).locality == ""
    assert db.session.get(Stakeholder, by_id.id).version == 2


def test_two_rows_matching_one_record_reject_the_second(app, tmp_path, make_stakeholder):
    make_stakeholder("CPE Soleil", region="06")
    path = xlsx(tmp_path / "d.xlsx", [["Nom", "Région"], ["CPE Soleil", "06"], ["Nouveau", "05"],
                                      ["cpe SOLEIL", "Montréal"], ["nouveau", "5"]])  # fmt: skip
    result = run(path)
    assert [(e.row, e.column) for e in result.errors] == [(4, "Nom"), (5, "Nom")]
    assert "row 2" in result.errors[0].message.lower() or "ligne 2" in result.errors[0].message
    assert "3" in result.errors[1].message


def test_unknown_id_is_an_error(app, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", [["ID", "Nom", "Région"], [424242, "X", "06"]])
    error = run(path).errors[0]
    assert (error.row, error.column, error.value) == (2, "ID", "424242")


def test_reimporting_the_same_file_changes_nothing(app, tmp_path, make_user):
    user = make_user("coordinator")
    path = xlsx(tmp_path / "r.xlsx", [HEADER, ["CPE A", "06", "childcare", "local", "a@b.org",
                                               "5145551234", "x, y", ""],
                                      ["CPE B", "05", "", "", "", "", "", "B-7"]])  # fmt: skip
    assert run(path, actor=user).created == 2
    second = run(path, actor=user)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert count(Stakeholder.__table__) == 2


def test_edited_export_reimports_onto_the_same_records(app, tmp_path, make_stakeholder):
    import openpyxl

    from reports.exports import export_list, view

    first = make_stakeholder("CPE Un", region="06", external_ref="E-1")
    make_stakeholder("Fondation", region=None, sector="philanthropy")
    path = tmp_path / "export.xlsx"
    export_list(view("stakeholders"), path)
    db.session.commit()
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["Q2"] = "'=notes édités"  # neutralized as an export does; restored on import
    sheet["G2"] = "Plateau-Mont-Royal"  # a borough: free text (Sherbrooke is in Estrie)
    book.save(path)
    result = run(path)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1), result.errors
    db.session.expire_all()
    stakeholder = db.session.get(Stakeholder, first.id)
    assert (stakeholder.locality, stakeholder.notes) == ("Plateau-Mont-Royal", "=notes édités")
    csv_path = tmp_path / "export.csv"
    export_list(view("stakeholders"), csv_path)
    again = run(csv_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2), again.errors


def test_contacts_never_revive_a_withdrawn_consent(app, tmp_path, make_stakeholder, make_contact):
    cpe = make_stakeholder("CPE Soleil", region="06")
    gone = make_contact(cpe, email="gone@x.org", newsletter_consent="express",
                        consent_withdrawn_on=date(2026, 1, 5))  # fmt: skip
    path = xlsx(tmp_path / "c.xlsx", [
        ["Prénom", "Nom", "Organisme", "Région", "Courriel", "Infolettre", "Langue"],
        ["Camille", "Roy", "CPE Soleil", "06", "GONE@x.org", "exprès", "anglais"],
        ["Alex", "Côté", "cpe soleil", "", "alex@x.org", "retiré", "Français"],
        ["Sam", "Lee", cpe.id, "", "sam@x.org", "tacite", "en"],
    ])  # fmt: skip
    result = run(path, "contacts")
    assert (result.created, result.updated, result.rejected) == (2, 1, 0), result.errors
    db.session.expire_all()
    kept = db.session.get(Contact, gone.id)
    assert kept.consent_withdrawn_on == date(2026, 1, 5) and kept.first_name == "Camille"
    assert kept.language == "en"
    alex = db.session.scalar(select(Contact).where(Contact.email == "alex@x.org"))
    assert alex.consent_withdrawn_on == clock.today() and alex.stakeholder_id == cpe.id
    sam = db.session.scalar(select(Contact).where(Contact.email == "sam@x.org"))
    assert (sam.newsletter_consent, sam.stakeholder_id) == ("implied", cpe.id)


def test_stakeholder_references_resolve_or_explain(app, tmp_path, make_stakeholder):
    make_stakeholder("CPE Double", region="06")
    make_stakeholder("CPE Double", region="05")
    path = xlsx(tmp_path / "c.xlsx", [
        ["Prénom", "Nom", "Organisme", "Région"],
        ["A", "B", "CPE Double", ""],
        ["C", "D", "CPE Inconnu", "06"],
        ["E", "F", "CPE Double", "05"],
    ])  # fmt: skip
    result = run(path, "contacts")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Organisme"), (3, "Organisme")]
    assert "05, 06" in result.errors[0].message
    assert "CPE Inconnu" in result.errors[1].message


def test_interactions_with_several_stakeholders_and_measures(app, tmp_path, make_stakeholder,
                                                             make_user):  # fmt: skip
    me = make_user("coordinator")
    other = make_user("coordinator", email="marie@coalition.org")
    a = make_stakeholder("CPE A", region="06")
    b = make_stakeholder("Fondation B", region=None, sector="philanthropy")
    path = xlsx(tmp_path / "i.xlsx", [
        ["Date", "Type", "Organismes", "Mesures", "Résumé", "Coordonnateur", "Suivi"],
        [date(2026, 3, 14), "Rencontre", "CPE A (06)\nFondation B", "housing; Soutien financier",
         "Table ronde", "Marie@Coalition.org", "2026-04-01"],
        ["15/03/2026", "appel", f"#{a.id}", "", "Suivi", "", ""],
    ])  # fmt: skip
    result = run(path, "interactions", actor=me)
    assert result.created == 2, result.errors
    joint = db.session.scalar(select(Interaction).where(Interaction.summary == "Table ronde"))
    assert {s.id for s in joint.stakeholders} == {a.id, b.id}
    assert {m.code for m in joint.measures} == {"housing", "financial_support"}
    assert joint.logged_by_id == other.id and joint.follow_up_on == date(2026, 4, 1)
    call = db.session.scalar(select(Interaction).where(Interaction.summary == "Suivi"))
    assert call.logged_by_id == me.id and call.kind == "call"
    again = run(path, "interactions", actor=me)
    assert (again.created, again.unchanged) == (0, 2)


def test_commitment_status_change_is_kept_in_history(app, tmp_path, make_stakeholder,
                                                     make_commitment):  # fmt: skip
    cpe = make_stakeholder("CPE A", region="06")
    commitment = make_commitment(cpe, measure="housing", status="intended")
    path = xlsx(tmp_path / "e.xlsx", [["Organisme", "Région", "Mesure", "Statut"],
                                      ["CPE A", "06", "housing", "Réalisé"]])  # fmt: skip
    result = run(path, "commitments")
    assert result.updated == 1, result.errors
    db.session.expire_all()
    changed = db.session.get(Commitment, commitment.id)
    assert changed.status == "achieved"
    assert [h.status for h in changed.history] == ["achieved"]


def test_import_writes_a_batch_and_an_audit_event(app, tmp_path, make_user):
    user = make_user("coordinator")
    run(xlsx(tmp_path / "a.xlsx", [["Nom", "Région"], ["CPE A", "06"]]), actor=user)
    batch = db.session.scalar(select(ImportBatch))
    assert (batch.user_id, batch.kind, batch.created, batch.filename) == (
        user.id,
        "stakeholders",
        1,
        "a.xlsx",
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
    assert event.entity_id == batch.id and event.after["created"] == 1


def test_a_big_import_leaves_the_planner_its_statistics(app, tmp_path):
    """On PostgreSQL the tables an import filled in bulk are analyzed in its transaction
    (`models.bulk.analyze`), so that the next pages are not planned for empty tables."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL keeps planner statistics here")
    from models.bulk import ANALYZED_FROM

    rows = [["Nom", "Région"]] + [[f"CPE {i}", "06"] for i in range(ANALYZED_FROM)]
    assert run(csv_file(tmp_path / "big.csv", rows)).created == ANALYZED_FROM
    counted = db.session.scalar(
        text("SELECT reltuples FROM pg_class WHERE relname = 'stakeholder'")
    )
    assert counted == count(Stakeholder)


# CLI ---------------------------------------------------------------------------------------


def test_cli_exit_codes_and_json(app, runner, tmp_path, make_user):
    good = xlsx(tmp_path / "g.xlsx", [["Nom", "Région"], ["CPE A", "06"]])
    bad = xlsx(tmp_path / "b.xlsx", [["Nom", "Région"], ["CPE B", "06"], ["CPE C", "Nulle part"]])
    out = runner.invoke(args=["import", "stakeholders", str(good), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data == {
        "kind": "stakeholders",
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "dry_run": False,
        "errors": [],
    }
    out = runner.invoke(args=["import", "stakeholders", str(bad), "--json"])
    assert out.exit_code == 1
    data = json.loads(out.output)
    assert data["errors"][0]["row"] == 3 and data["errors"][0]["column"] == "Région"
    assert data["errors"][0]["value"] == "Nulle part"
    assert count(Stakeholder.__table__) == 1
    out = runner.invoke(args=["import", "stakeholders", str(bad), "--skip-invalid"])
    assert out.exit_code == 1 and "Ligne 3" in out.output
    assert count(Stakeholder.__table__) == 2
    out = runner.invoke(args=["import", "stakeholders", str(good), "--dry-run", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["dry_run"] is True


def test_cli_unusable_file_or_arguments_exit_2(app, runner, tmp_path, make_user):
    lead = make_user("regional_lead", regions=["06"])
    good = xlsx(tmp_path / "g.xlsx", [["Nom", "Région"], ["CPE A", "06"]])
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"%PDF-1.4 not a spreadsheet")
    assert runner.invoke(args=["import", "stakeholders", str(junk)]).exit_code == 2
    out = runner.invoke(args=["import", "stakeholders", str(junk), "--json"])
    assert out.exit_code == 2 and json.loads(out.output)["errors"][0]["message"]
    assert (
        runner.invoke(args=["import", "stakeholders", str(tmp_path / "none.xlsx")]).exit_code == 2
    )
    assert runner.invoke(args=["import", "people", str(good)]).exit_code == 2
    out = runner.invoke(args=["import", "stakeholders", str(good), "--as", lead.email])
    assert out.exit_code == 2
    assert count(Stakeholder.__table__) == 0


def test_cli_as_user_records_the_author(app, runner, tmp_path, make_user):
    user = make_user("coordinator")
    good = xlsx(tmp_path / "g.xlsx", [["Nom", "Région"], ["CPE A", "06"]])
    assert (
        runner.invoke(args=["import", "stakeholders", str(good), "--as", user.email]).exit_code == 0
    )
    assert db.session.scalar(select(Stakeholder.created_by_id)) == user.id


def test_undo_of_each_kind_restores_what_was_there(app, tmp_path, make_user, make_stakeholder,
                                                   make_contact, make_commitment,
                                                   make_relationship):  # fmt: skip
    from importers.history import undo_batch

    author = make_user("coordinator")
    cpe = make_stakeholder("CPE A", region="06")
    tie = make_relationship(cpe, make_stakeholder("CPE B", region="06"), intensity="awareness")
    contact = make_contact(cpe, first_name="Lou", email="lou@x.org", title="DG")
    commitment = make_commitment(cpe, measure="housing", status="intended")
    files = {
        "contacts": [["Prénom", "Nom", "Courriel", "Titre", "Organisme", "Région"],
                     ["Lou", contact.last_name, "lou@x.org", "Directrice", "CPE A", "06"],
                     ["Noé", "Roy", "noe@x.org", "", "CPE A", "06"]],
        "commitments": [["Organisme", "Région", "Mesure", "Statut"],
                        ["CPE A", "06", "housing", "achieved"],
                        ["CPE A", "06", "transit", "committed"]],
        "interactions": [["Date", "Organismes", "Mesures", "Résumé"],
                         ["2026-03-14", "CPE A", "housing; transit", "Rencontre"]],
        "relationships": [["Organisme A", "Organisme B", "Type", "Intensité"],
                          ["CPE B", "CPE A", "partenaire", "intégration"],
                          ["CPE B", "CPE A", "membre de", ""]],
    }  # fmt: skip
    for kind, rows in files.items():
        result = run(xlsx(tmp_path / f"{kind}.xlsx", rows), kind, actor=author)
        assert result.rejected == 0, result.errors
        undo_batch(author, result.batch)
        db.session.commit()
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).title == "DG"
    assert count(Contact.__table__) == 1
    assert db.session.get(Commitment, commitment.id).status == "intended"
    assert count(Commitment.__table__) == 1
    assert count(Interaction.__table__) == 0
    assert db.session.get(Relationship, tie.id).intensity == "awareness"
    assert count(Relationship.__table__) == 1


def test_contacts_and_commitments_reimport_unchanged(app, tmp_path, make_stakeholder):
    make_stakeholder("CPE A", region="06")
    contacts = xlsx(tmp_path / "c.xlsx", [["Prénom", "Nom", "Courriel", "Organisme", "Région",
                                           "Date du consentement", "Infolettre"],
                                          ["Lou", "Roy", "lou@x.org", "CPE A", "06", 46095,
                                           "exprès"]])  # fmt: skip
    commitments = xlsx(
        tmp_path / "e.xlsx",
        [["Organisme", "Région", "Mesure", "Échéance"], ["CPE A", "06", "housing", "2026-12-31"]],
    )
    for path, kind in ((contacts, "contacts"), (commitments, "commitments")):
        assert run(path, kind).created == 1
        again = run(path, kind)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 1), again.errors


def test_references_resolve_only_in_the_importers_scope(app, make_user, make_stakeholder):
    from importers.kinds.contacts import ContactImporter
    from importers.values import Vocabulary

    lead = make_user("regional_lead", regions=["06"])
    make_stakeholder("CPE Estrie", region="05")
    mine = make_stakeholder("CPE Montréal", region="06")
    importer = ContactImporter(lead, Vocabulary())
    refs = [("name", "cpeestrie", None, "CPE Estrie"), ("name", "cpemontreal", None, "x")]
    resolved = importer.resolve_stakeholders(refs)
    assert isinstance(resolved[refs[0]], str)  # out of scope: as if it did not exist
    assert resolved[refs[1]]["id"] == mine.id


def test_a_leads_row_with_another_regions_reference_is_rejected_not_a_crash(
    app, tmp_path, make_user, make_stakeholder
):
    """A stakeholder the lead does not see still holds its external reference: the row
    that gives it is refused, naming the column, and the others are written if skipped."""
    lead = make_user("regional_lead", regions=["06"])
    make_stakeholder(name="Table de Laval", region="13", external_ref="L-13")
    path = csv_file(tmp_path / "liste.csv", [
        ["Nom", "Région", "Référence externe"],
        ["CPE Lune", "06", "L-13"],
        ["CPE Soleil", "06", "M-06"],
    ])  # fmt: skip
    result = run(path, actor=lead)
    assert (result.rejected, result.written) == (1, False)
    error = result.errors[0]
    assert (error.row, error.column, error.value) == (2, "Référence externe", "L-13")
    assert error.message == "Un autre acteur a déjà cette référence externe."
    again = run(path, actor=lead, skip_invalid=True)
    assert (again.created, again.rejected) == (1, 1)
    names = set(db.session.scalars(select(Stakeholder.name)))
    assert names == {"Table de Laval", "CPE Soleil"}


def test_imported_and_updated_stakeholders_are_found_by_search(app, tmp_path, make_user):
    from importers.history import undo_batch
    from models.scoping import visible_stakeholders
    from models.search import stakeholder_search

    def found(q):
        statement = visible_stakeholders(None).where(stakeholder_search(q))
        return [s.name for s in db.session.scalars(statement)]

    path = xlsx(
        tmp_path / "s.xlsx",
        [
            ["Nom", "Région", "Municipalité", "Étiquettes"],
            ["CPE Les Écureuils", "12", "Lévis", "concertation"],
        ],
    )
    result = run(path, actor=make_user("coordinator"))
    assert found("levis") == ["CPE Les Écureuils"] and found("concertation")
    edited = xlsx(
        tmp_path / "e.xlsx",
        [
            ["Nom", "Région", "Municipalité", "Étiquettes"],
            ["CPE Les Écureuils", "12", "Lauzon", "priorité"],
        ],
    )
    second = run(edited)
    assert second.updated == 1
    assert found("lauzon") and found("priorite") and not found("levis")
    undo_batch(None, second.batch)
    db.session.commit()
    assert found("levis") and not found("lauzon")
    assert result.created == 1
