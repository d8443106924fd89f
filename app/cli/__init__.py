"""The `maillage` command line: a Flask CLI group with the project's commands."""

import click
from flask.cli import FlaskGroup

from app.cli import (
    backup,
    demo,
    digest,
    duplicates,
    export,
    imports,
    maildrop,
    merge,
    newsletter,
    privacy,
    reference,
    report,
    users,
    worker,
)


def register(app) -> None:
    """Attach the project's commands to `app.cli`."""
    app.cli.add_command(users.users)
    app.cli.add_command(demo.demo)
    app.cli.add_command(duplicates.duplicates)
    app.cli.add_command(export.export)
    app.cli.add_command(report.report)
    app.cli.add_command(imports.import_command)
    app.cli.add_command(newsletter.newsletter)
    app.cli.add_command(privacy.privacy)
    app.cli.add_command(backup.backup)
    app.cli.add_command(backup.restore)
    app.cli.add_command(worker.worker)
    app.cli.add_command(reference.reference)
    app.cli.add_command(merge.merge)
    app.cli.add_command(digest.digest)
    app.cli.add_command(maildrop.maildrop)


def _create_app():
    from app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """Maillage, the stakeholder mobilization CRM of the Collectif petite enfance."""


def main() -> None:
    """Run the `maillage` command."""
    cli(prog_name="maillage")
