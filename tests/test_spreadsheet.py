"""The spreadsheet writer: formula neutralization, the CSV dialect, the xlsx layout."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from reports.spreadsheet import Workbook, neutralize, restore, write_csv, write_xlsx

DANGEROUS = ["=SUM(A1)", "+1", "-2", "@x", "\tcmd", "\rcmd"]
HEADERS = ["ID", "Nom", "Date", "Montant", "Notes"]


def test_neutralize_prefixes_formula_text_and_restore_undoes_it():
    for text in DANGEROUS:
        assert neutralize(text) == "'" + text
        assert restore(neutralize(text)) == text
    for value in ["CPE Soleil", "", "'déjà cité", 42, 1.5, date(2026, 3, 14), None]:
        assert neutralize(value) == value
        assert restore(value) == value
    assert restore("'apostrophe d'origine") == "'apostrophe d'origine"


def rows():
    yield [1, "Éducation Québec", date(2026, 3, 14), 12.5, None]
    for n, text in enumerate(DANGEROUS, start=2):
        yield [n, text, None, -3, text]


def test_csv_has_bom_crlf_iso_dates_and_neutralized_cells(tmp_path):
    path = tmp_path / "out.csv"
    assert write_csv(path, HEADERS, rows()) == 1 + len(DANGEROUS)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\r\n")[0] == b"\xef\xbb\xbfID,Nom,Date,Montant,Notes"
    with open(path, encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    assert table[1] == ["1", "Éducation Québec", "2026-03-14", "12.5", ""]
    for line, text in zip(table[2:], DANGEROUS, strict=True):
        assert line[1] == line[4] == "'" + text
        assert restore(line[1]) == text
        assert line[3] == "-3"  # a number is data, not a formula


def test_csv_writes_to_text_and_binary_streams():
    text = io.StringIO()
    write_csv(text, ["Nom"], [["Montréal"]])
    assert text.getvalue() == "Nom\r\nMontréal\r\n"  # a text stream's owner picks the BOM
    binary = io.BytesIO()
    write_csv(binary, ["Nom"], [["Montréal"]])
    assert binary.getvalue() == "\ufeffNom\r\nMontréal\r\n".encode()


def test_xlsx_layout_types_and_exact_quoted_cells(tmp_path):
    path = tmp_path / "out.xlsx"
    assert write_xlsx(path, HEADERS, rows(), sheet_name="Organismes") == 1 + len(DANGEROUS)
    sheet = openpyxl.load_workbook(path)["Organismes"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E8"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDE"]
    assert all(8 <= w <= 61 for w in widths)
    assert widths[1] > widths[0]
    first = [c.value for c in sheet[2]]
    assert first == [1, "Éducation Québec", datetime(2026, 3, 14), 12.5, None]
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    for row, text in zip(sheet.iter_rows(min_row=3), DANGEROUS, strict=True):
        # The value is exact; Excel's quote prefix (a style) keeps it text when edited.
        # XlsxWriter stores a carriage return as Excel's escape, which openpyxl leaves as is.
        assert unescape(row[1].value) == unescape(row[4].value) == text
        assert row[1].quotePrefix and row[4].quotePrefix
        assert row[3].value == -3
    assert not sheet["B2"].quotePrefix  # plain text keeps the plain style
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_xlsx_width_is_capped_and_reads_the_longest_line(tmp_path):
    path = tmp_path / "wide.xlsx"
    write_xlsx(path, ["A", "B"], [["x" * 500, "court\n" + "y" * 30]])
    sheet = openpyxl.load_workbook(path).active
    assert sheet.column_dimensions["A"].width == pytest.approx(60, abs=1)
    assert sheet.column_dimensions["B"].width == pytest.approx(31, abs=1)


def test_workbook_holds_several_sheets_and_an_empty_table(tmp_path):
    path = tmp_path / "book.xlsx"
    with Workbook(path) as book:
        assert book.add_table_sheet("Un", ["Nom"], iter([["a"], ["b"]])) == 2
        assert book.add_table_sheet("Deux", ["Nom"], []) == 0
        # Booleans, datetimes and odd types still land as data.
        book.add_table_sheet(
            "Trois", ["A", "B", "C"], [[True, datetime(2026, 1, 2, 3, 4), object.__new__(Marker)]]
        )
    loaded = openpyxl.load_workbook(path)
    assert loaded.sheetnames == ["Un", "Deux", "Trois"]
    assert loaded["Deux"].max_row == 1
    third = [c.value for c in loaded["Trois"][2]]
    assert third == [True, datetime(2026, 1, 2, 3, 4), "=marker"]
    assert loaded["Trois"]["C2"].quotePrefix


def unescape(text: str) -> str:
    return text.replace("_x000D_", "\r")


class Marker:
    def __str__(self) -> str:
        return "=marker"
