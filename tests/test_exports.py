"""List exports: the import's columns, French labels, territory scoping, the CLI and audit."""

import csv
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select

from models import AuditEvent, StakeholderTag, clock, db
from models.columns import KINDS
from reports.exports import export_headers, export_list, export_rows, view


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def read_xlsx(path) -> tuple[openpyxl.worksheet.worksheet.Worksheet, list[dict]]:
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def world(make_user, make_stakeholder, make_contact, make_interaction, make_commitment,
          make_relationship):  # fmt: skip
    """A Montréal, a Laval and a national stakeholder, each with a contact, interactions
    and a commitment; a joint meeting between Montréal and Laval; Montréal's ties to Laval
    and to the national one."""
    coordinator = make_user("coordinator", email="coord@example.org")
    montreal = make_stakeholder(
        "CPE Les Petits-Écureuils",
        region="06",
        stage="engaged",
        influence=4,
        interest=5,
        tags=[StakeholderTag(name="table de concertation"), StakeholderTag(name="priorité")],
        notes='=HYPERLINK("http://evil")',
        phone="+1 514 555-0100",
    )
    laval = make_stakeholder("Maison de la famille de Laval", region="13", sector="community")
    national = make_stakeholder("Fondation Québécoise", region=None, sector="philanthropy")
    make_stakeholder("Ancien organisme", region="06", archived=True)
    for stakeholder in (montreal, laval, national):
        make_contact(
            stakeholder,
            first_name=f"Contact {stakeholder.name}",
            newsletter_consent="express",
            consent_date=date(2025, 9, 1),
        )
    make_interaction(
        [montreal, laval],
        occurred_on=date(2026, 3, 14),
        logged_by=coordinator,
        summary="Rencontre conjointe",
        follow_up_on=date(2026, 4, 1),
        measures=[],
    )
    make_interaction([laval], kind="call", summary="Appel Laval")
    make_interaction([national], kind="email", summary="Courriel national")
    make_commitment(montreal, measure="early_screening", committed_on=date(2026, 1, 15))
    make_commitment(laval, measure="housing")
    make_commitment(national, measure="family_literacy", status="intended")
    make_relationship(montreal, laval, intensity="cooperation")
    make_relationship(national, montreal, type="funds")
    return {"montreal": montreal, "laval": laval, "national": national, "coordinator": coordinator}


def test_headers_are_the_import_columns():
    assert export_headers("stakeholders")[:2] == ["ID", "Nom"]
    assert "Étape de mobilisation" in export_headers("stakeholders")
    assert export_headers("stakeholders", "en")[:2] == ["ID", "Name"]


def test_stakeholder_csv_in_french(app, world, tmp_path):
    path = tmp_path / "organismes.csv"
    assert export_list(view("stakeholders"), path) == 3  # the archived one is left out
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = {row["Nom"]: row for row in read_csv(path)}
    assert list(next(iter(rows.values())))[:6] == [
        "ID",
        "Nom",
        "Type",
        "Secteur",
        "Palier",
        "Région",
    ]
    montreal = rows["CPE Les Petits-Écureuils"]
    assert montreal["ID"] == str(world["montreal"].id)
    assert montreal["Région"] == "Montréal"
    assert montreal["Secteur"] == "Services de garde éducatifs"
    assert montreal["Palier"] == "Local"
    assert montreal["Type"] == "Organisme"
    assert montreal["Étape de mobilisation"] == "Engagé dans la démarche"
    assert montreal["Étiquettes"] == "priorité, table de concertation"
    assert montreal["Notes"] == '\'=HYPERLINK("http://evil")'
    assert montreal["Téléphone"] == "'+1 514 555-0100"
    national = rows["Fondation Québécoise"]
    assert (national["Région"], national["Palier"]) == ("", "National")
    assert national["Secteur"] == "Philanthropie"


def test_stakeholder_csv_in_english(app, world, tmp_path):
    path = tmp_path / "stakeholders.csv"
    export_list(view("stakeholders"), path, lang="en")
    rows = {row["Name"]: row for row in read_csv(path)}
    montreal = rows["CPE Les Petits-Écureuils"]
    assert montreal["Stage"] == "Engaged"
    assert montreal["Sector"] == "Educational childcare"
    assert montreal["Region"] == "Montréal"


def test_stakeholder_xlsx_layout_and_types(app, world, tmp_path):
    path = tmp_path / "organismes.xlsx"
    export_list(view("stakeholders"), path)
    sheet, rows = read_xlsx(path)
    assert sheet.title == "Organismes"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R4"
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJKLMNOPQR")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    montreal = next(r for r in rows if r["Nom"] == "CPE Les Petits-Écureuils")
    assert montreal["ID"] == world["montreal"].id
    assert (montreal["Influence"], montreal["Intérêt"]) == (4, 5)
    assert montreal["Notes"] == world["montreal"].notes  # exact: no apostrophe added
    notes = next(c for c in sheet[1] if c.value == "Notes").column_letter
    quoted = [sheet[f"{notes}{row}"] for row in range(2, sheet.max_row + 1)]
    assert any(cell.value == montreal["Notes"] and cell.quotePrefix for cell in quoted)
    assert montreal["Région"] == "Montréal"


def test_other_kinds_in_xlsx_have_real_dates_and_joined_lists(app, world, tmp_path):
    export_list(view("interactions"), tmp_path / "i.xlsx")
    _, interactions = read_xlsx(tmp_path / "i.xlsx")
    joint = next(r for r in interactions if r["Résumé"] == "Rencontre conjointe")
    assert joint["Date"] == datetime(2026, 3, 14)
    assert joint["Suivi"] == datetime(2026, 4, 1)
    assert joint["Type"] == "Rencontre"
    assert joint["Organismes"] == "CPE Les Petits-Écureuils\nMaison de la famille de Laval"
    assert joint["Coordination"] == "coord@example.org"

    export_list(view("commitments"), tmp_path / "c.xlsx")
    sheet, commitments = read_xlsx(tmp_path / "c.xlsx")
    assert sheet.title == "Engagements"
    screening = next(r for r in commitments if r["Organisme"] == "CPE Les Petits-Écureuils")
    assert screening["Mesure"] == "Accès au dépistage précoce"
    assert (screening["Statut"], screening["Implication"]) == ("Engagé", "Appui")
    assert screening["Date d'engagement"] == datetime(2026, 1, 15)
    assert screening["Région"] == "Montréal"

    export_list(view("contacts"), tmp_path / "p.csv")
    contact = next(r for r in read_csv(tmp_path / "p.csv") if r["Région"] == "Montréal")
    assert contact["Organisme"] == "CPE Les Petits-Écureuils"
    assert (contact["Infolettre"], contact["Langue"]) == ("Exprès", "fr")
    assert contact["Date du consentement"] == "2025-09-01"


def test_interaction_measures_are_labels_one_per_line(app, make_stakeholder, make_interaction):
    from models import Measure

    stakeholder = make_stakeholder()
    make_interaction(
        [stakeholder],
        measures=[db.session.get(Measure, "housing"), db.session.get(Measure, "ece_access")],
    )
    (row,) = export_rows(view("interactions"))
    assert row[4] == (
        "Accès à des services éducatifs à la petite enfance de qualité\n"
        "Accès à un logement abordable"
    )


def test_withdrawn_consent_survives_the_round_trip(app, make_stakeholder, make_contact):
    make_contact(
        make_stakeholder(), newsletter_consent="express", consent_withdrawn_on=date(2026, 2, 1)
    )
    make_contact(None, first_name="Sans organisme")
    rows = list(export_rows(view("contacts")))
    assert {row[9] for row in rows} == {"Retiré", "Aucun"}


@pytest.mark.parametrize("kind", KINDS)
def test_regional_lead_sees_only_their_region_and_national(app, world, make_user, kind, tmp_path):
    lead = make_user("regional_lead", regions=["06"])
    path = tmp_path / f"{kind}.csv"
    export_list(view(kind, lead), path)
    text = path.read_text(encoding="utf-8-sig")
    assert "Laval" not in text
    assert "Petits-Écureuils" in text
    assert "Québécoise" in text
    everything = tmp_path / f"all-{kind}.csv"
    export_list(view(kind), everything)
    assert "Laval" in everything.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("kind", KINDS)
def test_region_filter(app, world, kind):
    rows = list(export_rows(view(kind, filters={"region": ["13"]})))
    text = repr(rows)
    assert rows
    assert "Laval" in text
    assert "Québécoise" not in text
    if kind not in ("interactions", "relationships"):  # the meeting and tie name Montréal
        assert "Petits-Écureuils" not in text


def test_archived_are_included_on_request(app, world):
    names = [row[1] for row in export_rows(view("stakeholders", filters={"archived": "all"}))]
    assert "Ancien organisme" in names


def test_export_writes_one_audit_event(app, world, make_user, tmp_path):
    lead = make_user("regional_lead", regions=["06"])
    count = export_list(view("commitments", lead, {"region": ["06"]}), tmp_path / "c.xlsx")
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export"))
    assert (event.actor_id, event.entity_type, event.entity_id) == (lead.id, "commitments", None)
    filters = {"region": ["06"]}
    assert event.after == {"format": "xlsx", "rows": count, "filters": filters, "lang": "fr"}


def test_bad_extension_is_refused(app, tmp_path):
    with pytest.raises(ValueError):
        export_list(view("stakeholders"), tmp_path / "x.pdf")
    with pytest.raises(ValueError):
        export_rows(view("nobody"))


def test_cli_export_as_a_user(app, runner, world, make_user, tmp_path):
    admin = make_user("admin")
    path = tmp_path / "x.csv"
    result = runner.invoke(args=["export", "stakeholders", "--out", str(path), "--as", admin.email])
    assert result.exit_code == 0, result.output
    assert "3" in result.output
    assert read_csv(path)[0]["Nom"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.actor_id == admin.id
    assert event.after["format"] == "csv"


def test_cli_export_region_filter(app, runner, world, tmp_path):
    path = tmp_path / "x.xlsx"
    result = runner.invoke(args=["export", "contacts", "--out", str(path), "--region", "Montréal"])
    assert result.exit_code == 0, result.output
    _, rows = read_xlsx(path)
    assert [r["Organisme"] for r in rows] == ["CPE Les Petits-Écureuils"]


@pytest.mark.parametrize(
    "args",
    [
        ["--out", "x.pdf"],
        ["--out", "x.csv", "--as", "nobody@example.org"],
        ["--out", "x.csv", "--region", "Atlantide"],
    ],
)
def test_cli_export_refuses_bad_arguments(app, runner, tmp_path, args):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = runner.invoke(args=["export", "stakeholders", *args])
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["stakeholders", "contacts", "interactions", "commitments"])
def test_an_xlsx_export_reimported_changes_nothing(app, runner, world, tmp_path, kind):
    from importers.pipeline import analyse, run_import
    from models import Stakeholder
    from models.normalize import normalize_phone

    for stakeholder in db.session.scalars(select(Stakeholder)):
        stakeholder.phone = normalize_phone(stakeholder.phone)  # as every form stores it
    odd = db.session.scalar(select(Stakeholder).where(Stakeholder.name == "Fondation Québécoise"))
    odd.name, odd.notes = "-5 à confirmer", "+ une note qui commence par un signe"
    odd.phone = normalize_phone("+44 20 7946 0958")
    db.session.commit()
    path = tmp_path / f"{kind}.xlsx"
    export_list(view(kind), path)
    result = run_import(analyse(path, kind), None, dry_run=True)
    db.session.rollback()
    assert result.rejected == 0, [e.as_dict() for e in result.errors]
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == result.rows > 0


@pytest.mark.parametrize(
    ("url", "french", "english"),
    [
        ("/stakeholders/export.xlsx", "acteurs", "stakeholders"),
        ("/commitments/export.csv", "engagements", "commitments"),
        ("/admin/audit/export.csv", "journal-audit", "audit-log"),
        ("/admin/users/export.xlsx", "utilisateurs", "users"),
        ("/reports/synergy.json", "rapport-synergie", "synergy-report"),
        ("/newsletter/export.csv", "infolettre", "newsletter"),
    ],
)
def test_a_download_is_named_in_the_users_language(app, client, make_user, url, french, english):
    from tests.conftest import PASSWORD

    admin = make_user("admin")
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    today, suffix = clock.today().isoformat(), url.rsplit(".", 1)[1]
    for lang, words in (("fr", french), ("en", english)):
        response = client.get(url, query_string={"lang": lang})
        assert response.status_code == 200, url
        disposition = response.headers["Content-Disposition"]
        assert disposition == f"attachment; filename={words}-{today}.{suffix}"
