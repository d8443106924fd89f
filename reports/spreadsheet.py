"""The one spreadsheet writer: every export (and the synergy workbook) writes through it.

It owns formula neutralization (in CSV a leading apostrophe, SPEC §5; in xlsx the value is
kept exact and a cell that would read as a formula gets Excel's quote prefix, a style), the
CSV dialect, the xlsx styles and the column widths,
so that every file the coalition downloads behaves the same in Excel and LibreOffice.
Rows are any iterable of sequences (a generator is best): memory stays bounded because
CSV is streamed and XlsxWriter runs in constant-memory mode.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

import xlsxwriter

# Text starting with one of these is run as a formula (or a DDE payload) by spreadsheets.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")

BOM = "\ufeff"
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# The cell formats, by name; each also exists with Excel's quote prefix (`Workbook.format`).
FORMATS = {
    "header": {"bold": True, "bg_color": "#E8EEF4", "bottom": 1},
    "date": {"num_format": DATE_FORMAT},
    "datetime": {"num_format": DATETIME_FORMAT},
    "title": {"bold": True, "font_size": 14},
    "label": {"bold": True, "valign": "top"},
    "wrap": {"text_wrap": True, "valign": "top"},
    "decimal": {"num_format": "0.0000"},
}
# Excel's day 0 is 1899-12-30 for every date after the 1900 leap-year bug (1900-03-01).
_EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()
_FIRST_SAFE_SERIAL = date(1900, 3, 1).toordinal() - _EXCEL_EPOCH_ORDINAL

Target = str | Path | IO


def neutralize(value: Any) -> Any:
    """Return `value` with a leading apostrophe if it is text a spreadsheet would run.

    Numbers, dates and None are returned unchanged: only text can smuggle a formula.
    """
    if value.__class__ is str and value[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def restore(text: Any) -> Any:
    """Return `text` without the apostrophe that `neutralize` added (for re-imports).

    A cell typed as `'=x` in the first place also reads back as `=x`: Excel shows it so too.
    """
    if isinstance(text, str) and text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _csv_cell(value: Any) -> Any:
    if value.__class__ is str:
        return "'" + value if value[:1] in FORMULA_TRIGGERS else value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value  # csv writes None as an empty cell, numbers as themselves


def write_csv(target: Target, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a UTF-8 (with BOM) CSV that Excel opens with its accents; return the row count."""
    # The BOM is written by hand: the `utf-8-sig` codec is pure Python, plain UTF-8 is not.
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8", newline="", buffering=1 << 16) as stream:
            stream.write(BOM)
            return _write_csv_stream(stream, headers, rows)
    if isinstance(target, io.TextIOBase):  # its opener chose the encoding (and any BOM)
        return _write_csv_stream(target, headers, rows)
    # A binary stream (an HTTP response body, BytesIO): wrap it without closing it.
    stream = io.TextIOWrapper(target, encoding="utf-8", newline="")
    try:
        stream.write(BOM)
        return _write_csv_stream(stream, headers, rows)
    finally:
        stream.flush()
        stream.detach()


def _write_csv_stream(stream: IO[str], headers: Sequence[str], rows: Iterable) -> int:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in headers])
    count = 0

    def cells() -> Iterator[list]:
        # Once per cell: text (most cells) is checked inline, the rest by a call.
        nonlocal count
        triggers, other = FORMULA_TRIGGERS, _csv_cell
        for count, row in enumerate(rows, start=1):  # noqa: B007 (read after the loop)
            yield [
                ("'" + v if v[:1] in triggers else v) if v.__class__ is str else other(v)
                for v in row
            ]

    writer.writerows(cells())
    return count


def _text_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max(len(line) for line in str(value).split("\n"))


def column_widths(headers: Sequence[str], sample: Sequence[Sequence[Any]]) -> list[float]:
    """Return a readable width per column from the headers and a sample of rows."""
    widths = [_text_width(h) + 2 for h in headers]  # room for the autofilter button
    for row in sample:
        for col, value in enumerate(row[: len(widths)]):
            widths[col] = max(widths[col], _text_width(value) + 1)
    return [min(max(width, MIN_WIDTH), MAX_WIDTH) for width in widths]


class Workbook:
    """An xlsx workbook with the house styles; add table sheets, then close it.

    Constant-memory mode writes each row as it comes, so a sheet's rows must be written
    in order; pass `constant_memory=False` for sheets written out of order (the synergy
    report's small tables and charts use `self.book` and `self.formats` directly).
    """

    def __init__(self, target: Target, constant_memory: bool = True):
        if isinstance(target, Path):
            target = str(target)
        self.book = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": constant_memory,
                # Never turn text into formulas, links or numbers: it is data, not a program.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.formats: dict[tuple[str | None, bool], Any] = {}

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        """Finish the file."""
        self.book.close()

    def add_table_sheet(
        self, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Write a sheet with a bold frozen header, an autofilter and fitted widths."""
        sheet = self.book.add_worksheet(name[:31])
        rows = iter(rows)
        sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
        # Widths go first: in constant-memory mode nothing can be revisited later.
        for col, width in enumerate(column_widths(headers, sample)):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        for col, header in enumerate(headers):
            self.write_text(sheet, 0, col, str(header), "header")
        last_row = self._write_rows(sheet, chain(sample, rows))
        sheet.autofilter(0, 0, last_row, max(len(headers) - 1, 0))
        return last_row

    def report_sheet(self, name: str, title: str) -> "ReportSheet":
        """Add a report sheet (tables, label–value lines and charts placed freely)."""
        return ReportSheet(self, name, title)

    def format(self, name: str | None, quoted: bool = False):
        """Return the cell format `name` of FORMATS (None: the default), with `quote_prefix`
        if `quoted`; each is made once, on first use."""
        key = (name, quoted)
        if key not in self.formats:
            props = dict(FORMATS[name]) if name else {}
            if quoted:
                props["quote_prefix"] = True
            self.formats[key] = self.book.add_format(props) if props else None
        return self.formats[key]

    def write_text(self, sheet, row: int, col: int, text: str, format_name: str | None = None):
        """Write `text` exactly; text a spreadsheet would run as a formula gets Excel's
        quote prefix (a style, not an apostrophe in the value), so it stays text even when
        someone edits the cell."""
        quoted = text[:1] in FORMULA_TRIGGERS
        sheet.write_string(row, col, text, self.format(format_name, quoted))

    def _write_rows(self, sheet, rows: Iterator[Sequence[Any]]) -> int:
        """Write `rows` from the second line on; return how many were written."""
        # The hot loop of every export: bound methods and type checks inlined, because
        # this runs once per cell (1.6 million times for 100,000 stakeholders).
        write_string = sheet.write_string
        write_number = sheet.write_number
        write_other = self._write_other
        triggers = FORMULA_TRIGGERS
        quoted = self.format(None, quoted=True)
        row_number = 0
        for row_number, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                kind = value.__class__
                if kind is str:
                    if value:  # an empty string is a blank cell
                        if value[0] in triggers:
                            write_string(row_number, col, value, quoted)
                        else:
                            write_string(row_number, col, value)
                elif kind is int or kind is float:
                    write_number(row_number, col, value)
                elif value is not None:
                    write_other(sheet, row_number, col, value)
        return row_number

    def _write_other(self, sheet, row: int, col: int, value: Any) -> None:
        """Write a date, datetime, boolean or any other value that is not str/int/float."""
        if isinstance(value, datetime):
            sheet.write_datetime(row, col, value, self.format("datetime"))
        elif isinstance(value, date):
            serial = value.toordinal() - _EXCEL_EPOCH_ORDINAL
            if serial >= _FIRST_SAFE_SERIAL:  # a plain serial is exact, and much faster
                sheet.write_number(row, col, serial, self.format("date"))
            else:
                sheet.write_datetime(row, col, value, self.format("date"))
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(row, col, float(value))
        else:
            self.write_text(sheet, row, col, str(value))


def write_xlsx(
    target: Target,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "Export",
) -> int:
    """Write a one-sheet xlsx workbook of `rows` under `headers`; return the row count."""
    with Workbook(target) as workbook:
        return workbook.add_table_sheet(sheet_name, headers, rows)


# Report sheets: small tables written out of order, charts and colour scales. They need a
# workbook made with `constant_memory=False`. Every cell is a value, never a formula: charts
# point at cell ranges instead.

HEAT_COLOURS = ("#F7FBFF", "#6BAED6", "#08306B")  # low, middle, high: a blue scale
CHART_COLOURS = ("#1F5F8B", "#E07B39", "#4E9A06", "#8E5EA2", "#C0392B", "#7F8C8D")
CellRange = tuple[str, int, int, int, int]  # sheet name, first row, first col, last row, last col


class ReportSheet:
    """One report sheet: a title, then tables placed where asked, with charts beside them."""

    def __init__(self, workbook: "Workbook", name: str, title: str):
        self.workbook = workbook
        self.name = name[:31]
        self.sheet = workbook.book.add_worksheet(self.name)
        workbook.write_text(self.sheet, 0, 0, title, "title")
        self.widths: dict[int, float] = {}

    def table(
        self,
        row: int,
        col: int,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        colour_scale: bool = False,
        freeze: bool = False,
    ) -> CellRange:
        """Write a table with a bold header at (row, col); return its data range.

        `colour_scale` colours the numbers (every column but the first) from low to high;
        `freeze` keeps the header row and the first column in view.
        """
        for offset, text in enumerate(headers):
            self.workbook.write_text(self.sheet, row, col + offset, str(text), "header")
            self._fit(col + offset, text)
        for r, values in enumerate(rows, start=row + 1):
            for offset, value in enumerate(values):
                self._cell(r, col + offset, value)
                self._fit(col + offset, value)
        last_row = row + max(len(rows), 1)
        if colour_scale and rows and len(headers) > 1:
            low, middle, high = HEAT_COLOURS
            self.sheet.conditional_format(
                row + 1,
                col + 1,
                last_row,
                col + len(headers) - 1,
                {"type": "3_color_scale", "min_color": low, "mid_color": middle, "max_color": high},
            )
        if freeze:
            self.sheet.freeze_panes(row + 1, col + 1)
        return (self.name, row + 1, col, last_row, col + len(headers) - 1)

    def pairs(self, row: int, col: int, pairs: Sequence[tuple[str, Any]]) -> int:
        """Write label–value lines (label in bold) from (row, col); return the next free row."""
        for label, value in pairs:
            self.workbook.write_text(self.sheet, row, col, str(label), "label")
            self._fit(col, label, limit=40)
            if isinstance(value, str):
                self.workbook.write_text(self.sheet, row, col + 1, value, "wrap")
                self._fit(col + 1, value, limit=90)
            else:
                self._cell(row, col + 1, value)
            row += 1
        return row

    def chart(
        self,
        kind: str,
        title: str,
        categories: CellRange,
        series: Sequence[tuple[str, CellRange]],
        anchor: tuple[int, int],
        stacked: bool = False,
        size: tuple[int, int] = (640, 320),
    ) -> None:
        """Insert a native chart (`column`, `bar` or `line`) of `series` over `categories`."""
        options = {"type": kind, **({"subtype": "stacked"} if stacked else {})}
        chart = self.workbook.book.add_chart(options)
        for number, (name, values) in enumerate(series):
            colour = CHART_COLOURS[number % len(CHART_COLOURS)]
            style = (
                {"line": {"color": colour, "width": 2.25}}
                if kind == "line"
                else {"fill": {"color": colour}, "border": {"none": True}}
            )
            chart.add_series(
                {"name": name, "categories": list(categories), "values": list(values), **style}
            )
        chart.set_title({"name": title, "name_font": {"size": 12}})
        chart.set_legend({"position": "bottom"} if len(series) > 1 else {"none": True})
        chart.set_size({"width": size[0], "height": size[1]})
        self.sheet.insert_chart(anchor[0], anchor[1], chart)

    def chart_of_table(
        self, kind: str, title: str, data: CellRange, series: str, anchor: tuple[int, int]
    ) -> None:
        """Chart the second column of a two-column table's `data`, named `series`, over its
        first."""
        name, first, col, last, _last_col = data
        values = (name, first, col + 1, last, col + 1)
        self.chart(kind, title, (name, first, col, last, col), [(series, values)], anchor)

    def finish(self) -> None:
        """Set the column widths measured while writing."""
        for col, width in self.widths.items():
            self.sheet.set_column(col, col, min(max(width, MIN_WIDTH), MAX_WIDTH + 30))

    def _cell(self, row: int, col: int, value: Any) -> None:
        if value is None or value == "":
            return
        if value.__class__ is str:
            self.workbook.write_text(self.sheet, row, col, value)
        elif isinstance(value, float):
            self.sheet.write_number(row, col, value, self.workbook.format("decimal"))
        elif isinstance(value, bool | int):
            self.sheet.write_number(row, col, int(value))
        else:
            self.workbook._write_other(self.sheet, row, col, value)

    def _fit(self, col: int, value: Any, limit: int = MAX_WIDTH) -> None:
        self.widths[col] = max(self.widths.get(col, 0), min(_text_width(value) + 2, limit))
