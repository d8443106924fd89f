"""CSV files as Excel and LibreOffice write them: every accent arrives, or the row says why.

The first accent comes after 90 KB of plain rows, past any sample a reader might guess the
encoding from.
"""

import codecs
import shutil
import subprocess

import pytest
from sqlalchemy import select

from importers.pipeline import analyse, run_import
from models import Stakeholder, db

PLAIN = [[f"Garderie numero {i}", "Laval"] for i in range(3500)]  # over 90 KB, no accent
ACCENTED = [["CPE Les Étoiles", "Montréal"], ["Maison de la famille Cœur d’île", "Québec"]]


def rows_text(delimiter: str) -> str:
    lines = [["Nom", "Region"], *PLAIN, *ACCENTED]  # headers typed without accents
    return "\r\n".join(delimiter.join(row) for row in lines) + "\r\n"


def imported_names(path) -> set[str]:
    result = run_import(analyse(path, "stakeholders"), None)
    db.session.commit()
    assert result.rejected == 0, [e.as_dict() for e in result.errors]
    return set(db.session.scalars(select(Stakeholder.name)))


@pytest.mark.parametrize(
    ("what", "encoded"),
    [
        ("Excel CSV (séparateur : point-virgule), Windows-1252",
         lambda: rows_text(";").encode("cp1252")),
        ("Excel CSV UTF-8, with BOM", lambda: codecs.BOM_UTF8 + rows_text(";").encode()),
        ("LibreOffice CSV, UTF-8 without BOM, commas", lambda: rows_text(",").encode()),
        ("Excel Unicode Text: UTF-16 LE with BOM, tabs",
         lambda: codecs.BOM_UTF16_LE + rows_text("\t").encode("utf-16-le")),
    ],
)  # fmt: skip
def test_accents_after_the_first_64_kib_arrive_exactly(app, tmp_path, what, encoded):
    path = tmp_path / "partenaires.csv"
    path.write_bytes(encoded())
    assert path.stat().st_size > 90_000
    names = imported_names(path)
    assert "CPE Les Étoiles" in names and "Maison de la famille Cœur d’île" in names
    regions = dict(db.session.execute(select(Stakeholder.name, Stakeholder.region_code)).all())
    assert regions["CPE Les Étoiles"] == "06"


def test_a_byte_that_is_no_text_rejects_its_row_naming_row_and_column(app, tmp_path):
    data = rows_text(";").encode("cp1252").replace(b"CPE Les \xc9toiles", b"CPE Les \x81toiles")
    path = tmp_path / "partenaires.csv"
    path.write_bytes(data)
    result = run_import(analyse(path, "stakeholders"), None)
    db.session.rollback()
    assert result.rejected == 1
    error = result.errors[0]
    assert (error.row, error.column) == (len(PLAIN) + 2, "Nom")
    assert "Windows-1252" in error.message
    assert "�" in error.value  # the person sees where the byte was


def test_the_cli_exits_1_on_such_a_byte(app, runner, tmp_path):
    data = rows_text(";").encode("cp1252").replace(b"Montr\xe9al", b"Montr\x8dal")
    path = tmp_path / "partenaires.csv"
    path.write_bytes(data)
    out = runner.invoke(args=["import", "stakeholders", str(path), "--json"])
    assert out.exit_code == 1
    assert '"column": "Region"' in out.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_csv_saved_by_libreoffice_in_windows_1252_arrives_exactly(app, tmp_path):
    import xlsxwriter

    source = tmp_path / "partenaires.xlsx"
    book = xlsxwriter.Workbook(source)
    sheet = book.add_worksheet()
    for number, row in enumerate([["Nom", "Region"], *PLAIN, *ACCENTED]):
        sheet.write_row(number, 0, row)
    book.close()
    # Filter options: separator 59 (;), quote 34 ("), character set 1 (Windows-1252).
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,1",
                    "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=180, check=True)  # fmt: skip
    written = tmp_path / "partenaires.csv"
    assert b"\xc9toiles" in written.read_bytes()  # really Windows-1252
    names = imported_names(written)
    assert "CPE Les Étoiles" in names
    # "Cœur d’île": œ and ’ exist in Windows-1252 too.
    assert "Maison de la famille Cœur d’île" in names
