"""`maillage import KIND FILE`: import a spreadsheet, as SPEC §6 says.

Exit status: 0 nothing rejected, 1 rows rejected, 2 the file or the arguments are unusable.
The command is the transaction: it commits once, or not at all.
"""

import json
import sys
from pathlib import Path

import click
from flask_babel import gettext as _

from app.cli.common import user_by_email
from app.extensions import db
from importers.pipeline import analyse, run_import
from importers.reader import BadFile
from models.columns import KINDS


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows, skip the others.")
@click.option("--as", "as_email", help="Import as this user (their scope and rights).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def import_command(
    kind: str, file: Path, dry_run: bool, skip_invalid: bool, as_email: str | None, as_json: bool
) -> None:
    """Import stakeholders, contacts, interactions, commitments or ties from a spreadsheet."""
    user = user_by_email(as_email)
    if user is not None and not user.can_import:
        raise click.UsageError(_("%(email)s is not allowed to import.", email=user.email))
    if not file.is_file():
        raise click.UsageError(_("%(file)s does not exist.", file=file))
    try:
        result = run_import(analyse(file, kind), user, skip_invalid=skip_invalid, dry_run=dry_run)
    except BadFile as error:
        db.session.rollback()
        _fail(str(error), kind, dry_run, as_json)
    except Exception:
        db.session.rollback()  # nothing half-written
        raise
    if result.written:
        db.session.commit()
    else:
        db.session.rollback()
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
    else:
        _report(result)
    sys.exit(1 if result.rejected else 0)


def _fail(message: str, kind: str, dry_run: bool, as_json: bool) -> None:
    """Report an unusable file and exit with status 2."""
    if as_json:
        click.echo(json.dumps({"kind": kind, "rows": 0, "created": 0, "updated": 0,
                               "unchanged": 0, "rejected": 0, "dry_run": dry_run,
                               "errors": [{"row": None, "column": None, "value": None,
                                           "message": message}]}, ensure_ascii=False))  # fmt: skip
    else:
        click.echo(message, err=True)
    sys.exit(2)


def _report(result) -> None:
    """Print the counts, then one line per row error."""
    for error in result.errors:
        click.echo(
            _("Row %(row)s, column “%(column)s”, value “%(value)s”: %(message)s",
              row=error.row, column=error.column, value=error.value, message=error.message),
            err=True,
        )  # fmt: skip
    click.echo(_("%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s "
                 "unchanged, %(rejected)s rejected.", rows=result.rows, created=result.created,
                 updated=result.updated, unchanged=result.unchanged,
                 rejected=result.rejected))  # fmt: skip
    for line in result.inferred_lines():
        click.echo(line)
    if result.dry_run:
        click.echo(_("Dry run: nothing was written."))
    elif result.rejected and not result.written:
        click.echo(_("Nothing was written: fix the rejected rows, or use --skip-invalid."))
