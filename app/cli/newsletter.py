"""`maillage newsletter export --out FILE.csv`: the contacts whose consent is valid today."""

from pathlib import Path

import click
from flask import current_app
from flask_babel import ngettext

from app.cli.options import out_option
from app.extensions import db


@click.group()
def newsletter() -> None:
    """The newsletter list."""


@newsletter.command("export")
@out_option("The .csv file to write.", ".csv")
def export_command(out: Path) -> None:
    """Write the contacts whose newsletter consent is valid today, with unsubscribe links."""
    from app.newsletter.listing import write_newsletter_list

    rows = write_newsletter_list(out, None, current_app.config["PUBLIC_URL"])
    db.session.commit()  # the export's audit event, and any token handed out
    written = ngettext(
        "%(num)s contact written to %(file)s.",
        "%(num)s contacts written to %(file)s.",
        rows,
        file=out,
    )
    click.echo(written)
