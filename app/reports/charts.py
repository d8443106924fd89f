"""Rows and shapes for the synergy page's charts (server-side, so no script is needed)."""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_percent, get_locale
from flask_babel import gettext as _

from app.choices import labels
from app.reports.forms import area_label
from reports.synergy import SynergyReport, coordinator_name

HEAT_LEVELS = 9  # classes heat-0 (nothing) to heat-9 (the most) in reports.css


def heat(value: int, top: int) -> int:
    """Return the heat class number of `value` on a scale whose maximum is `top`."""
    if not value or not top:
        return 0
    return 1 + (HEAT_LEVELS - 1) * value // top


def top_of(table: dict[str, dict[str, int]]) -> int:
    """Return the largest value of a measure × area table (0 when empty)."""
    return max((v for row in table.values() for v in row.values()), default=0)


CHART_HEIGHT = 120  # the month chart's drawing height, in SVG units


@dataclass
class Column:
    """One column of the month chart, in SVG units."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def stage_rows(report: SynergyReport) -> list[tuple[str, int]]:
    """Return (stage label, stakeholders) over every region of the report."""
    totals = {stage: 0 for stage in labels().codes("stage")}
    for stages in report.pipeline.values():
        for stage, count in stages.items():
            totals[stage] = totals.get(stage, 0) + count
    return [(labels().of("stage", stage), count) for stage, count in totals.items()]


def kind_rows(report: SynergyReport) -> list[tuple[str, int]]:
    """Return (interaction kind label, interactions)."""
    return [(labels().of("interaction_kind", k), n) for k, n in report.activity["by_kind"].items()]


def region_rows(report: SynergyReport) -> list[tuple[str, int]]:
    """Return (region label, interactions)."""
    return [(area_label(code), n) for code, n in report.activity["by_region"].items()]


def user_rows(report: SynergyReport) -> list[tuple[str, int]]:
    """Return (coordinator, interactions), the most active first."""
    by_user = report.activity["by_user"]
    rows = [(coordinator_name(report, key), n) for key, n in by_user.items()]
    return sorted(rows, key=lambda row: -row[1])


def density_words(density: float) -> str:
    """Return what a density means to a board member: "3 % of the possible ties exist"."""
    pattern = get_locale().percent_formats[None].pattern.replace("#,##0", "#,##0.#")
    return _("%(percent)s of the possible ties exist", percent=format_percent(density, pattern))


def month_label(month: str) -> str:
    """Return "2026-03" as the user's locale writes a month: "mars 2026", "Mar 2026"."""
    year, number = month.split("-")
    return format_date(date(int(year), int(number), 1), "MMM y")


def month_columns(report: SynergyReport, width: float = 600) -> list[Column]:
    """Return the columns of the interactions-by-month chart."""
    months = report.activity["by_month"]
    top = max(months.values(), default=0) or 1
    step = width / max(len(months), 1)
    columns = []
    for number, (month, value) in enumerate(months.items()):
        height = CHART_HEIGHT * value / top
        columns.append(
            Column(
                month_label(month),
                value,
                number * step + step * 0.1,
                CHART_HEIGHT - height,
                step * 0.8,
                height,
            )
        )
    return columns
