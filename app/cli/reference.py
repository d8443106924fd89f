"""`maillage reference municipalities FILE`: load a new edition of the municipal directory."""

from pathlib import Path

import click

from app.extensions import db
from models.audit import record
from models.municipality import (
    DirectoryFileError,
    follow_directory,
    load_directory,
    read_directory_file,
)


@click.group()
def reference() -> None:
    """Manage the reference data shipped with Maillage."""


@reference.command("municipalities")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Say what would change, change nothing.")
def municipalities(file: Path, dry_run: bool) -> None:
    """Load FILE, an edition of Quebec's municipal directory: the ministry's own CSV
    (MAMH, Répertoire des municipalités: mcode, munnom, regadm, mrc, ...; its personal
    columns are never read) or the extract Maillage ships. New municipalities are added,
    changed ones updated, those absent kept but no longer offered; stakeholders naming a
    municipality follow it to its region and MRC."""
    try:
        rows = read_directory_file(file.read_bytes())
    except DirectoryFileError as error:
        raise click.ClickException(f"{file.name}: {error}") from None
    connection = db.session.connection()
    loaded = load_directory(connection, rows)
    moved, linked, placed = follow_directory(connection)
    record(
        None,
        "import",
        "municipality",
        None,
        None,
        {
            "file": file.name,
            "added": loaded.added,
            "changed": loaded.changed,
            "retired": loaded.retired,
            "stakeholders_moved": moved,
            "stakeholders_linked": linked,
            "stakeholders_placed": placed,
        },
    )
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(
        f"{len(rows)} municipalities read: {loaded.added} added, {loaded.changed} changed, "
        f"{loaded.retired} no longer in the directory (kept, not offered), "
        f"{loaded.unchanged} unchanged."
    )
    click.echo(
        f"Stakeholders: {moved} moved to their municipality's new region or MRC, "
        f"{linked} linked to a municipality by their locality, "
        f"{placed} placed in their region's only MRC (Montréal, Laval, Nord-du-Québec)."
    )
    if dry_run:
        click.echo("Dry run: nothing was changed.")
