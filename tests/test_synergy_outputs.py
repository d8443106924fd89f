"""The synergy report's writers: the workbook, the JSON file and the command line."""

import json
import shutil
import subprocess
import zipfile
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from models import User, db
from models.audit import AuditEvent
from reports.synergy import SynergyFilters, compute_synergy
from reports.synergy_xlsx import write_synergy_xlsx
from tests.test_synergy import world  # noqa: F401 (the fixture)

TODAY = date(2026, 6, 30)


@pytest.fixture
def workbook_path(world, tmp_path):  # noqa: F811
    path = tmp_path / "synergy.xlsx"
    write_synergy_xlsx(compute_synergy(None, SynergyFilters(), today=TODAY), path, "fr")
    return path


def test_workbook_has_a_summary_one_sheet_per_table_and_a_method(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames == [
        "Résumé",
        "Couverture",
        "Couverture par MRC",
        "Diversité des secteurs",
        "Paliers engagés",
        "Lacunes",
        "Collaboration",
        "Réseau",
        "Étapes",
        "Grille d’influence",
        "Activité",
        "Suivis",
        "Méthode",
    ]
    coverage = book["Couverture"]
    assert coverage["A3"].value == "Mesure"
    assert coverage["G3"].value == "06 · Montréal"
    assert coverage["S3"].value == "National"
    measures = {row[0].value: row for row in coverage.iter_rows(min_row=4)}
    montreal = measures["Accès à des services éducatifs à la petite enfance de qualité"]
    assert montreal[6].value == 2 and montreal[18].value == 1
    assert coverage.freeze_panes == "B4"
    spans = book["Paliers engagés"]
    assert spans["G4"].value == "Local, Régional, National"
    method = [row[0] for row in book["Méthode"].iter_rows(values_only=True)]
    assert "Intermédiaires" in method and "Filtres" in method


def test_workbook_has_a_colour_scale_native_charts_and_no_formulas(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    rules = [rule for rng in book["Couverture"].conditional_formatting for rule in rng.rules]
    assert [rule.type for rule in rules] == ["colorScale"]
    assert len(rules[0].colorScale.cfvo) == 3
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        kinds = sorted(
            kind
            for n in charts
            for kind in ("barChart", "lineChart")
            if f"<c:{kind}>" in archive.read(n).decode()
        )
    assert len(charts) == 3  # commitments by theme, pipeline by stage, activity by month
    assert kinds == ["barChart", "barChart", "lineChart"]


def test_workbook_in_english(world, tmp_path):  # noqa: F811
    path = tmp_path / "synergy-en.xlsx"
    write_synergy_xlsx(compute_synergy(None, today=TODAY), path, "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Summary", "Coverage"]
    labels = [row[0].value for row in book["Coverage"].iter_rows(min_row=4)]
    assert "Access to affordable housing" in labels


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_turns_the_workbook_into_a_pdf(workbook_path, tmp_path):
    out = tmp_path / "pdf"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(workbook_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = out / "synergy.pdf"
    assert pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_cli_writes_json_in_the_users_scope_and_audits_it(world, runner, make_user, tmp_path):  # noqa: F811
    lead = make_user("regional_lead", regions=["06"], email="lead@example.org")
    out = tmp_path / "r.json"
    result = runner.invoke(
        args=[
            "report",
            "synergy",
            "--out",
            str(out),
            "--as",
            "lead@example.org",
            "--theme",
            "children",
            "--theme",
            "housing",
            "--since",
            "2025-01-01",
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data["coverage"]) == ["ece_access", "health_access", "early_screening", "housing"]
    assert data["coverage"]["ece_access"] == {"06": 2, "national": 1}
    assert data["filters"]["themes"] == ["children"] and data["filters"]["measures"] == ["housing"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "synergy_report"))
    assert (event.action, event.actor_id, event.after["format"]) == ("export", lead.id, "json")


def test_cli_writes_an_english_workbook(world, runner, tmp_path):  # noqa: F811
    out = tmp_path / "r.xlsx"
    result = runner.invoke(
        args=["report", "synergy", "--out", str(out), "--region", "Montréal", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book["Coverage"]["B3"].value == "06 · Montréal"


@pytest.mark.parametrize(
    "args",
    [
        ["--out", "r.csv"],
        ["--out", "r.json", "--since", "soon"],
        ["--out", "r.json", "--theme", "nothing"],
        ["--out", "r.json", "--region", "Atlantide"],
        ["--out", "r.json", "--as", "nobody@example.org"],
    ],
)
def test_cli_exits_2_on_bad_arguments(app, runner, tmp_path, args):
    args = [str(tmp_path / a) if a.startswith("r.") else a for a in args]
    result = runner.invoke(args=["report", "synergy", *args])
    assert result.exit_code == 2, result.output


def test_the_method_sheet_says_how_each_areas_betweenness_ran(world, tmp_path, monkeypatch):  # noqa: F811
    import reports.synergy_network

    monkeypatch.setattr(reports.synergy_network, "PROVINCE_GRAPH_UP_TO", 10)
    path = tmp_path / "synergy.xlsx"
    write_synergy_xlsx(compute_synergy(None, SynergyFilters(), today=TODAY), path, "fr")
    rows = dict(
        row[:2] for row in openpyxl.load_workbook(path)["Méthode"].iter_rows(values_only=True)
    )
    assert rows["06 · Montréal"] == "exacte"
    assert rows["Province"] == "les intermédiaires des régions, chacun mesuré dans sa région"


def test_the_activity_sheet_names_coordinators_and_regions(world, app, tmp_path):  # noqa: F811
    path = tmp_path / "synergy.xlsx"
    filters = SynergyFilters(regions=("06", "05"), since=date(2025, 1, 1), until=TODAY)
    with app.test_request_context():
        write_synergy_xlsx(compute_synergy(None, filters, today=TODAY), path, "fr")
    book = openpyxl.load_workbook(path)
    activity = book["Activité"]
    coordinator = db.session.scalar(select(User).where(User.email == "coord@example.org"))
    people = {row[6]: row[7] for row in activity.iter_rows(min_row=4, values_only=True) if row[6]}
    assert people == {coordinator.name: 3, "Personne": 1}
    regions = [row[9] for row in activity.iter_rows(min_row=4, values_only=True) if row[9]]
    assert regions == ["05 · Estrie", "06 · Montréal", "National"]
    for sheet in book.worksheets:  # no address anywhere a person reads
        for row in sheet.iter_rows(values_only=True):
            assert not any("@" in str(value) for value in row if value), (sheet.title, row)
    collaboration = [row[0] for row in book["Collaboration"].iter_rows(min_row=4, values_only=True)]
    assert collaboration == ["05 · Estrie", "06 · Montréal", "National", "Province"]
    summary = dict(row[:2] for row in book["Résumé"].iter_rows(min_row=3, values_only=True))
    assert summary["Filtres"] == (
        "Régions\xa0: 06 · Montréal, 05 · Estrie\xa0; "
        "Période\xa0: du 1 janvier 2025 au 30 juin 2026"
    )
