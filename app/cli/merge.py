"""`maillage merge stakeholders|contacts KEEP OTHER [--as EMAIL]`: fold OTHER into KEEP.

The merge screen's rules (`models/operations/merge.py`) with its default picks: each field
keeps KEEP's value, or OTHER's where KEEP's is empty. Prints the survivor's ID; exit 1 with
the message when refused (a record unknown or out of the `--as` user's scope included), 2
when the arguments are unusable. One audit event; undoable from the web's merges page.
"""

import click
from flask_babel import gettext as _

from app.cli.common import user_by_email
from app.cli.options import as_user_option
from app.extensions import db
from models.operations import OperationError
from models.operations.merge import merge_contacts, merge_stakeholders, model_of
from models.scoping import visible_contacts, visible_stakeholders


@click.command("merge")
@click.argument("kind", type=click.Choice(["stakeholders", "contacts"]))
@click.argument("keep", type=int)
@click.argument("other", type=int)
@as_user_option
def merge(kind: str, keep: int, other: int, as_email: str | None) -> None:
    """Merge the record OTHER into KEEP (OTHER is removed); print the survivor's ID."""
    actor = user_by_email(as_email)
    model = model_of(kind)
    scoped = visible_stakeholders(actor) if kind == "stakeholders" else visible_contacts(actor)
    records = []
    for number in (keep, other):
        found = db.session.scalar(scoped.where(model.id == number))
        if found is None:
            click.echo(_("No record has the ID %(id)s.", id=number), err=True)
            raise SystemExit(1)
        records.append(found)
    operation = merge_stakeholders if kind == "stakeholders" else merge_contacts
    try:
        done = operation(actor, *records)
        db.session.commit()
    except OperationError as error:
        db.session.rollback()
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    click.echo(done.kept_id)
