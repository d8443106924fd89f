"""`maillage digest send`: send the weekly digest of follow-ups now (the worker sends it on
Monday mornings by itself)."""

import click
from flask.cli import with_appcontext

from jobs.digest import send_digests


@click.group()
def digest() -> None:
    """The weekly digest of follow-ups, emailed to those who asked for it."""


@digest.command("send")
@click.option("--force", is_flag=True,
              help="Send this week's digest now, even before Monday morning and to those "
                   "who already had it.")  # fmt: skip
@with_appcontext
def send(force: bool) -> None:
    """Send the week's digests that are due (what the worker does every 15 minutes)."""
    outcome = send_digests(force=force)
    click.echo(f"Digests sent: {outcome.sent}; nothing to send: {outcome.empty}; "
               f"addresses refused: {outcome.refused}.")  # fmt: skip
    if outcome.failed:
        raise click.ClickException("The SMTP server refused or did not answer; try again later.")
