"""`maillage maildrop poll`: read the drop mailbox once, now, and say what became of it."""

import click
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from inbox.poll import poll


@click.group()
def maildrop() -> None:
    """The mail drop: emails logged from the coalition's drop mailbox."""


@maildrop.command("poll")
def poll_command() -> None:
    """Read the drop mailbox once and print what became of its messages."""
    app = current_app._get_current_object()
    if not app.config["MAILDROP_HOST"]:
        raise click.UsageError(_("MAILDROP_HOST is not set: there is no drop mailbox to read."))
    run = poll(app)
    click.echo(ngettext("%(num)s message read:", "%(num)s messages read:", run.seen))
    lines = (
        ngettext("%(num)s logged as an interaction", "%(num)s logged as interactions",
                 run.logged),
        ngettext("%(num)s with addresses to classify", "%(num)s with addresses to classify",
                 run.queued),
        ngettext("%(num)s ignored (sender not an active user)",
                 "%(num)s ignored (sender not an active user)", run.ignored),
        ngettext("%(num)s already read", "%(num)s already read", run.duplicates),
        ngettext("%(num)s could not be read or filed (see the log)",
                 "%(num)s could not be read or filed (see the log)", run.failed),
    )  # fmt: skip
    for line in lines:
        click.echo(f"  {line}")
    if run.error:
        click.echo(_("The reading stopped: %(error)s", error=run.error), err=True)
        raise SystemExit(1)
