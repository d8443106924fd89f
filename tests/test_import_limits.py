"""No file can exhaust memory: stray far cells, lying counts, huge ods and xls sheets.

The crafted files are tiny (under 2 KB) but made python-calamine ask for gigabytes before
our row limit was checked, aborting the process. Each risky read runs `maillage import` in
a child process, as a user would from a shell, so that the suite survives a regression;
the child reports its own peak memory.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from importers.containers import MAX_LINES, MAX_ROWS
from importers.pipeline import analyse, run_import
from models import Stakeholder, db
from tests.import_helpers import csv_file, inline_row, ods, raw_xlsx

PEAK_MB = 400
HEADER = inline_row(1, ["Nom", "Région"]) + inline_row(2, ["CPE Soleil levant", "06"])
# The child's address space is capped at 1 GB, as a small container would be: a parser that
# reserves gigabytes, even untouched, aborts there (and fails the test, not the machine).
CHILD = """
import resource, sys
cap = 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from app.cli import main
try:
    sys.argv = ["maillage", *sys.argv[1:]]
    main()
finally:
    peak = max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print("PEAK", peak // 1024, file=sys.stderr)
"""


def import_in_child(app, path: Path, dry_run: bool = True) -> tuple[int, dict, int]:
    """Run `maillage import stakeholders PATH [--dry-run] --json` in a child process;
    return its exit status, its JSON and its peak memory in MB."""
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"])
    child = subprocess.run(
        [sys.executable, "-c", CHILD, "import", "stakeholders", str(path), "--json",
         *(["--dry-run"] if dry_run else [])],
        capture_output=True, timeout=300, env=env, cwd=Path(__file__).parent.parent, check=False,
    )  # fmt: skip
    peaks = [line.split()[1] for line in child.stderr.decode().splitlines() if "PEAK" in line]
    output = child.stdout.decode()
    report = json.loads(output.strip().splitlines()[-1]) if output.strip() else {}
    return child.returncode, report, int(peaks[-1]) if peaks else 0


def test_the_largest_list_accepted_imports_under_400_mb(app, tmp_path):
    from models.reference_data import REGIONS, SECTORS

    headers = ["Nom de l'organisme", "Secteur", "Palier", "Région", "Municipalité",
               "Courriel", "Téléphone", "Site Web", "Influence", "Intérêt", "Étiquettes",
               "Notes", "Référence externe"]  # fmt: skip
    rows = [
        [f"Organisme communautaire numéro {i}", SECTORS[i % len(SECTORS)][1], "Local",
         REGIONS[i % len(REGIONS)][1], f"Ville {i % 500}", f"info@org{i}.example.org",
         f"514-555-{i % 10000:04d}", f"https://org{i}.example.org", 1 + i % 5, 1 + i % 5,
         "petite enfance, concertation", "Rencontre prévue à l’automne", f"REF-{i}"]
        for i in range(MAX_ROWS)
    ]  # fmt: skip
    path = csv_file(tmp_path / "liste.csv", [headers, *rows], encoding="utf-8")
    status, report, peak = import_in_child(app, path, dry_run=False)
    assert (status, report["created"]) == (0, MAX_ROWS), report
    assert peak < PEAK_MB, f"{peak} MB"
    titles = [["Liste des partenaires"]] * (MAX_LINES - MAX_ROWS - 1)  # lines above the header
    one_more = csv_file(tmp_path / "trop.csv", [*titles, headers, *rows, rows[0]],
                        encoding="utf-8")  # fmt: skip
    status, report, _ = import_in_child(app, one_more)
    assert status == 2 and "50" in report["errors"][0]["message"]


def refusal(app, path: Path) -> str:
    """Import `path` in a child process; check that it was refused, in bounded memory;
    return the message, its no-break spaces all U+00A0."""
    status, report, peak = import_in_child(app, path)
    assert status == 2, report
    assert peak < PEAK_MB, f"{peak} MB"
    return report["errors"][0]["message"].replace("\u202f", "\xa0")


def far_cell(path: Path, cell: str, content: str) -> Path:
    """Write a two-row list plus one cell at `cell`: empty but formatted, or with `content`."""
    row = int("".join(c for c in cell if c.isdigit()))
    stray = (f'<c r="{cell}" s="0"/>' if not content
             else f'<c r="{cell}" t="inlineStr"><is><t>{content}</t></is></c>')  # fmt: skip
    return raw_xlsx(path, HEADER + f'<row r="{row}">{stray}</row>')


def test_far_empty_cell_imports_the_real_rows_in_bounded_memory(app, tmp_path):
    path = far_cell(tmp_path / "liste.xlsx", "XFD150000", "")
    assert path.stat().st_size < 2048
    status, report, peak = import_in_child(app, path)
    assert status == 0, report
    assert report["rows"] == 1 and report["created"] == 1
    assert peak < PEAK_MB
    # The same file through the pipeline itself writes the one stakeholder.
    result = run_import(analyse(path, "stakeholders"), None)
    db.session.commit()
    assert result.created == 1
    assert db.session.scalar(select(Stakeholder.name)) == "CPE Soleil levant"


@pytest.mark.parametrize("cell", ["XFD150000", "XFC5000"])
def test_far_filled_cell_is_refused_naming_the_cell(app, tmp_path, cell):
    message = refusal(app, far_cell(tmp_path / "liste.xlsx", cell, "x"))
    assert cell in message
    rows = int(cell.lstrip("XFDC"))
    # The sheet's size reads as French writes numbers: "150 000 lignes", not "150000".
    assert f"{rows // 1000}\xa0{rows % 1000:03d}" in message, message


@pytest.mark.parametrize("cell", ["AZ59999", "A60000", "BA60000"])
def test_a_filled_cell_past_the_last_row_allowed_refuses_the_list(app, tmp_path, cell):
    # AZ59999 is the corner of what is read without measuring the sheet first: calamine
    # reads it (3.1 million cells), then the rows are too many; past it, the sheet is
    # measured and refused before calamine runs. The person reads the same either way.
    message = refusal(app, far_cell(tmp_path / "liste.xlsx", cell, "x"))
    assert "compte plus de 50\xa0000 lignes" in message, message


@pytest.mark.parametrize("cell", ["BA3", "ZZ3", "AZ3"])
def test_a_list_wider_than_usual_is_read(app, tmp_path, cell):
    path = far_cell(tmp_path / "liste.xlsx", cell, "Note en marge")
    status, report, peak = import_in_child(app, path)
    assert status == 0, report
    assert report["rows"] == 1 and report["created"] == 1  # the far cell's row imports nothing
    assert peak < PEAK_MB


def test_a_far_cell_written_with_a_namespace_prefix_is_refused_too(app, tmp_path):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    stray = (f'<x:row xmlns:x="{main}" r="150000"><x:c r="XFD150000" t="inlineStr">'
             "<x:is><x:t>x</x:t></x:is></x:c></x:row>")  # fmt: skip
    assert "XFD150000" in refusal(app, raw_xlsx(tmp_path / "liste.xlsx", HEADER + stray))


def test_shared_strings_lying_about_their_count_are_refused(app, tmp_path):
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
               'openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2000000000">'
               "<si><t>Nom</t></si><si><t>Région</t></si></sst>")  # fmt: skip
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    path = raw_xlsx(tmp_path / "liste.xlsx", sheet, strings)
    status, report, peak = import_in_child(app, path)
    assert status == 2
    assert "2000000000" in report["errors"][0]["message"].replace("\u202f", "").replace(
        "\xa0", ""
    ).replace(" ", "")
    assert peak < PEAK_MB


def test_ods_repeating_a_cell_over_a_huge_area_is_refused(app, tmp_path):
    repeated = ('<table:table-row table:number-rows-repeated="6000">'
                '<table:table-cell table:number-columns-repeated="16384" '
                'office:value-type="string"><text:p>x</text:p></table:table-cell>'
                "</table:table-row>")  # fmt: skip
    path = ods(tmp_path / "liste.ods", [["Nom", "Région"], ["CPE Soleil levant", "06"]])
    _insert_into_table(path, repeated)
    status, report, peak = import_in_child(app, path)
    assert status == 2
    assert "liste.ods" in report["errors"][0]["message"]
    assert peak < PEAK_MB


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_xls_with_a_cell_in_its_last_row_and_column_is_refused(app, tmp_path):
    import xlsxwriter

    source = tmp_path / "liste.xlsx"
    book = xlsxwriter.Workbook(source)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Nom", "Région"])
    sheet.write_row(1, 0, ["CPE Soleil levant", "06"])
    sheet.write(65535, 255, "x")  # IV65536, the last cell of an .xls sheet
    book.close()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=180, check=True)  # fmt: skip
    status, report, peak = import_in_child(app, tmp_path / "liste.xls")
    assert status == 2
    assert "liste.xls" in report["errors"][0]["message"]
    assert peak < PEAK_MB


def test_ordinary_ods_is_still_read(app, tmp_path):
    path = ods(tmp_path / "liste.ods", [["Nom", "Région"], ["CPE Soleil levant", "06"]])
    run_import(analyse(path, "stakeholders"), None)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Stakeholder)) == 1


def test_far_cell_upload_answers_a_page_naming_the_cell(app, client, login, tmp_path):
    login("coordinator")
    path = far_cell(tmp_path / "partenaires.xlsx", "AX100000", "note")
    with path.open("rb") as stream:
        response = client.post("/imports/new", data={"kind": "stakeholders",
                               "file": (stream, "partenaires.xlsx")})  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "AX100000" in page and "partenaires.xlsx" in page


def _insert_into_table(path: Path, rows_xml: str) -> None:
    """Append `rows_xml` to the table of the ods at `path`."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"</table:table>", rows_xml.encode() + b"</table:table>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", parts.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
