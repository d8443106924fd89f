"""`maillage export KIND --out FILE`: a list as .xlsx or .csv, in a user's scope."""

from pathlib import Path

import click

from app.cli.common import region_codes, user_by_email
from app.extensions import db
from models.columns import KINDS


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: .xlsx or .csv.",
)
@click.option("--region", "regions", multiple=True, help="Only these regions (code or name).")
@click.option("--as", "as_email", help="Apply this user's scope (and audit it as theirs).")
@click.option(
    "--lang",
    default="fr",
    type=click.Choice(["fr", "en"]),
    show_default=True,
    help="Language of headers and labels.",
)
def export(kind: str, out: Path, regions: tuple[str, ...], as_email: str | None, lang: str) -> None:
    """Export a list with the import's column names and an ID column."""
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter("the file must end in .xlsx or .csv", param_hint="--out")
    from reports.exports import export_list, view

    user = user_by_email(as_email)
    listing = view(kind, user, {"region": region_codes(regions)})
    rows = export_list(listing, out, lang=lang)
    db.session.commit()  # the export's audit event
    click.echo(f"{rows} rows written to {out}")
