"""`maillage report synergy --out FILE`: the synergy report as .xlsx or .json (SPEC §6)."""

from pathlib import Path

import click
from sqlalchemy import select

from app.cli.common import mrc_codes, region_codes, user_by_email
from app.cli.options import (
    as_user_option,
    lang_option,
    mrcs_option,
    out_option,
    regions_option,
)
from app.extensions import db
from models.normalize import parse_date
from models.reference import Measure, Theme


@click.group()
def report() -> None:
    """Reports."""


def _date(value: str | None, option: str):
    try:
        return parse_date(value)
    except ValueError:
        raise click.BadParameter(f"{value}: not a date (2026-03-14)", param_hint=option) from None


def _themes_and_measures(codes: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split `--theme` values into theme codes and measure codes; exit 2 on an unknown one."""
    themes = set(db.session.scalars(select(Theme.code)))
    measures = set(db.session.scalars(select(Measure.code)))
    for code in codes:
        if code not in themes | measures:
            raise click.BadParameter(f"{code}: no such theme or measure", param_hint="--theme")
    return tuple(c for c in codes if c in themes), tuple(c for c in codes if c in measures)


@report.command()
@out_option("The file to write: .xlsx or .json.", ".xlsx", ".json")
@regions_option
@mrcs_option
@click.option("--theme", "themes", multiple=True, help="Only these themes or measures (code).")
@click.option("--since", help="Start of the period (2026-01-01).")
@click.option("--until", help="End of the period (2026-12-31).")
@lang_option("Language of the workbook's labels.")
@as_user_option
def synergy(
    out: Path,
    regions: tuple[str, ...],
    mrcs: tuple[str, ...],
    themes: tuple[str, ...],
    since: str | None,
    until: str | None,
    lang: str,
    as_email: str | None,
) -> None:
    """Write the synergy report: coverage, gaps, collaboration, pipeline, activity."""
    fmt = out.suffix.lower().lstrip(".")
    from reports.synergy import SynergyFilters, compute_synergy, record_synergy_export
    from reports.synergy_json import write_synergy_json
    from reports.synergy_xlsx import write_synergy_xlsx

    theme_codes, measure_codes = _themes_and_measures(themes)
    filters = SynergyFilters(
        regions=tuple(region_codes(regions)),
        mrcs=tuple(mrc_codes(mrcs)),
        themes=theme_codes,
        measures=measure_codes,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
    )
    user = user_by_email(as_email)
    result = compute_synergy(user, filters)
    if fmt == "json":
        write_synergy_json(result, out)
    else:
        write_synergy_xlsx(result, out, lang)
    record_synergy_export(user, filters, fmt)
    db.session.commit()
    click.echo(f"synergy report written to {out}")
