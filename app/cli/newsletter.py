"""`maillage newsletter export --out FILE.csv [--view ID|NAME] [--as EMAIL]`: the contacts
whose consent is valid today, only those of a saved view if given."""

from pathlib import Path

import click
from flask import current_app
from flask_babel import ngettext

from app.cli.common import user_by_email
from app.cli.options import as_user_option, out_option
from app.extensions import db


@click.group()
def newsletter() -> None:
    """The newsletter list."""


@newsletter.command("export")
@out_option("The .csv file to write.", ".csv")
@click.option(
    "--view",
    "view_named",
    help="Only the contacts of this saved view (its ID or exact name), of the contacts or "
    "of the stakeholders (then their contacts).",
)
@as_user_option
def export_command(out: Path, view_named: str | None, as_email: str | None) -> None:
    """Write the contacts whose newsletter consent is valid today, with unsubscribe links."""
    from app.newsletter.listing import write_newsletter_list

    user = user_by_email(as_email)
    view = saved_view(user, view_named) if view_named else None
    rows = write_newsletter_list(out, user, current_app.config["PUBLIC_URL"], view=view)
    db.session.commit()  # the export's audit event, and any token handed out
    written = ngettext(
        "%(num)s contact written to %(file)s.",
        "%(num)s contacts written to %(file)s.",
        rows,
        file=out,
    )
    click.echo(written)


def saved_view(user, named: str):
    """Return the saved view of contacts or stakeholders `user` may open (None: any) whose
    ID or exact name is `named`, or exit with status 2 saying why."""
    from app.newsletter.listing import VIEW_LISTS
    from models.saved_view import SavedView
    from models.scoping import visible_saved_views

    query = visible_saved_views(user).where(SavedView.list_name.in_(VIEW_LISTS))
    named = named.strip()
    if named.isdecimal():
        found = list(db.session.scalars(query.where(SavedView.id == int(named))))
    else:
        found = list(db.session.scalars(query.where(SavedView.name == named)))
    if not found:
        raise click.BadParameter(
            f"no saved view of contacts or stakeholders is {named!r}", param_hint="--view"
        )
    if len(found) > 1:
        ids = ", ".join(f"{view.id} ({view.list_name})" for view in found)
        raise click.BadParameter(
            f"several saved views are named {named!r}: give the ID of one: {ids}",
            param_hint="--view",
        )
    return found[0]
