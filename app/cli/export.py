"""`maillage export KIND --out FILE`: a list as .xlsx or .csv, in a user's scope."""

from pathlib import Path

import click

from app.cli.common import mrc_codes, region_codes, user_by_email
from app.cli.options import (
    as_user_option,
    lang_option,
    mrcs_option,
    out_option,
    regions_option,
)
from app.extensions import db
from models.columns import KINDS


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@out_option("The file to write: .xlsx or .csv.", ".xlsx", ".csv")
@regions_option
@mrcs_option
@as_user_option
@lang_option("Language of headers and labels.")
def export(
    kind: str,
    out: Path,
    regions: tuple[str, ...],
    mrcs: tuple[str, ...],
    as_email: str | None,
    lang: str,
) -> None:
    """Export a list with the import's column names and an ID column."""
    from reports.exports import export_list, view

    user = user_by_email(as_email)
    filters = {"region": region_codes(regions), "mrc": mrc_codes(mrcs)}
    listing = view(kind, user, filters)
    rows = export_list(listing, out, lang=lang)
    db.session.commit()  # the export's audit event
    click.echo(f"{rows} rows written to {out}")
