"""`maillage backup --out FILE` and `maillage restore FILE`: the whole database, online."""

from collections.abc import Callable
from pathlib import Path

import click
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import Engine

from app.extensions import db
from models.audit import record
from models.backup import BackupError, BackupInfo, backup_database, restore_database


def describe(info: BackupInfo) -> str:
    """Return the size and the counts of a backup as one line, in the current language."""
    labels = {
        "stakeholders": lambda n: ngettext("%(num)s stakeholder", "%(num)s stakeholders", n),
        "contacts": lambda n: ngettext("%(num)s contact", "%(num)s contacts", n),
        "interactions": lambda n: ngettext("%(num)s interaction", "%(num)s interactions", n),
    }
    size = ngettext("%(size)s byte", "%(size)s bytes", info.size, size=format_number(info.size))
    counts = ", ".join(labels[name](n) for name, n in info.counts.items())
    return _("%(size)s; %(counts)s", size=size, counts=counts) if counts else size


def _audited(action: str, copy: Callable[[Engine, Path], BackupInfo], file: Path) -> BackupInfo:
    """Run `copy` (the backup or the restore) on `file`, then audit and commit it as `action`;
    exit with its message when it fails."""
    db.session.remove()
    try:
        info = copy(db.engine, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    record(None, action, "backup", None, None, {"file": str(file), **info.counts})
    db.session.commit()
    return info


@click.command()
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The backup file to write (replaced when it exists).",
)
def backup(out: Path) -> None:
    """Copy the whole database to FILE while the application keeps running."""
    # A backup holds every person's data: it is an audited export.
    info = _audited("export", backup_database, out)
    click.echo(
        _("Backup written to %(file)s: %(details)s (schema %(revision)s).",
          file=out, details=describe(info), revision=info.revision)
    )  # fmt: skip


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(source: Path, yes: bool) -> None:
    """Replace the whole database with the backup FILE."""
    where = db.engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(
            _(
                "Every record in %(database)s will be replaced by the contents of %(file)s. Go on?",
                database=where,
                file=source,
            ),
            abort=True,
        )
    info = _audited("import", restore_database, source)
    click.echo(
        _("Restored %(file)s into %(database)s: %(details)s (schema %(revision)s).",
          file=source, database=where, details=describe(info), revision=info.revision)
    )  # fmt: skip
    click.echo(_("If this backup comes from an older version, run `maillage db upgrade`."))
