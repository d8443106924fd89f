"""Bad files get one clear message and write nothing; every format is read."""

import shutil
import subprocess
import zipfile

import pytest
from sqlalchemy import func, select

from importers.pipeline import analyse, run_import
from importers.reader import BadFile
from models import Stakeholder, db
from tests.import_helpers import csv_file, ods, xlsx

ROWS = [["Nom", "Région"], ["CPE A", "06"], ["CPE B", "Laval"]]


def refused(path) -> str:
    with pytest.raises(BadFile) as error:
        run_import(analyse(path, "stakeholders"), None)
    assert db.session.scalar(select(func.count()).select_from(Stakeholder)) == 0
    return str(error.value)


def test_not_a_spreadsheet(app, tmp_path):
    pdf = tmp_path / "liste.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3 a PDF, not a spreadsheet")
    assert "spreadsheet" in refused(pdf) or "chiffrier" in refused(pdf)
    other = tmp_path / "liste.pdf"
    other.write_bytes(b"%PDF-1.4")
    assert ".xlsx" in refused(other)
    binary = tmp_path / "liste.csv"
    binary.write_bytes(b"\x00\x01\x02PNG\x00")
    assert "CSV" in refused(binary)


def test_truncated_xlsx(app, tmp_path):
    path = xlsx(tmp_path / "t.xlsx", ROWS)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert refused(path) == (
        "t.xlsx est endommagé ou incomplet\u202f; enregistrez-le de nouveau et réessayez."
    )


def test_encrypted_xlsx_is_an_ole2_container(app, tmp_path):
    path = tmp_path / "protege.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    message = refused(path)
    assert "password" in message or "mot de passe" in message


def test_empty_files(app, tmp_path):
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    assert refused(empty) == "vide.csv est vide."
    blank = xlsx(tmp_path / "vide.xlsx", [[None], [None]])
    assert refused(blank) == "vide.xlsx est vide."


def test_no_recognizable_header(app, tmp_path):
    path = xlsx(tmp_path / "h.xlsx", [["Colonne 1", "Colonne 2"], ["a", "b"]])
    message = refused(path)
    assert "header" in message or "en-tête" in message


def test_zip_bomb_is_refused_before_parsing(app, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    message = refused(path)
    assert "expands" in message or "décompress" in message


def test_zip_lying_about_its_size_is_refused(app, tmp_path):
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a/>" * 100_000)
    data = bytearray(path.read_bytes())
    # Shrink the declared uncompressed size in the central directory to 10 bytes.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    refused(path)


def test_xml_entity_declarations_are_refused(app, tmp_path):
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    path = ods(tmp_path / "lol.ods", ROWS, extra_xml=laughs)
    message = refused(path)
    assert "XML" in message


def test_minimal_ods_is_read(app, tmp_path):
    path = ods(tmp_path / "ok.ods", ROWS)
    assert run_import(analyse(path, "stakeholders"), None).created == 2


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
@pytest.mark.parametrize("target", ["xls", "ods"])
def test_libreoffice_conversions_are_read(app, tmp_path, target):
    source = xlsx(tmp_path / "source.xlsx", [["Titre"], *ROWS, ["CPE C", 6]])
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    result = run_import(analyse(tmp_path / "out" / f"source.{target}", "stakeholders"), None)
    assert (result.created, result.rejected) == (3, 0), result.errors
    assert result.errors == []


def test_csv_semicolon_cp1252_header_detection(app, tmp_path):
    path = csv_file(tmp_path / "x.csv", [["Rapport"], [], ["Nom", "Région"], ["Équipe", "06"]])
    sheet = analyse(path, "stakeholders")
    assert sheet.mapping.header_row == 3
    assert run_import(sheet, None).created == 1


def test_unknown_columns_are_reported_and_ignored(app, tmp_path):
    path = xlsx(tmp_path / "u.xlsx", [["Nom", "Région", "Couleur préférée"], ["CPE", "06", "bleu"]])
    sheet = analyse(path, "stakeholders")
    assert sheet.mapping.unknown == ["Couleur préférée"]
    assert run_import(sheet, None).created == 1


def test_missing_required_column(app, tmp_path):
    path = xlsx(tmp_path / "m.xlsx", [["Région", "Secteur"], ["06", "santé"]])
    message = refused(path)
    assert "Nom" in message


def test_a_quote_never_closed_is_named_with_its_line(app, tmp_path):
    path = tmp_path / "partenaires.csv"
    lines = ["Nom;Région", "CPE A;06", "CPE B;13", '"CPE C;06'] + ["CPE D;06"] * 20_000
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    message = refused(path)
    assert "partenaires.csv" in message and "à partir de la ligne 4\u00a0:" in message
    assert "guillemet" in message
