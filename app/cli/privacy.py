"""`maillage privacy export|anonymize EMAIL`: access requests and erasure (Law 25).

Exit status: 0 done, 1 no contact has that email or the change was refused (with a
message), 2 the arguments are unusable. `--as EMAIL` audits the action as that
administrator's; without it, as the system's.
"""

from pathlib import Path

import click
from flask_babel import gettext as _

from app.cli.common import user_by_email
from app.cli.options import out_option
from app.extensions import db
from models.operations import OperationError
from models.operations.privacy import anonymize_contact, export_personal_data
from models.privacy import access_export_json, find_contact_by_email

AS_HELP = "Audit it as this administrator's action."


def contact_or_exit(email: str):
    """Return the contact whose email is `email`, or exit with status 1."""
    contact = find_contact_by_email(email)
    if contact is None:
        click.echo(_("No contact has the email %(email)s.", email=email), err=True)
        raise SystemExit(1)
    return contact


def admin_or_exit(as_email: str | None):
    """Return the `--as` user when they are an administrator (None: the system), else exit."""
    actor = user_by_email(as_email)
    if actor is not None and not actor.is_admin:
        click.echo(_("%(email)s is not an administrator.", email=actor.email), err=True)
        raise SystemExit(1)
    return actor


@click.group()
def privacy() -> None:
    """Answer access requests and anonymize contacts."""


@privacy.command("export")
@click.argument("email")
@out_option("The JSON file to write.")
@click.option("--as", "as_email", help=AS_HELP)
def export(email: str, out: Path, as_email: str | None) -> None:
    """Write everything held on the contact with this email to a JSON file."""
    actor = admin_or_exit(as_email)
    contact = contact_or_exit(email)
    try:
        data = export_personal_data(actor, contact)
        out.write_text(access_export_json(data), encoding="utf-8")
    except (OperationError, OSError) as error:
        db.session.rollback()
        click.echo(_("Export failed: %(error)s", error=error), err=True)
        raise SystemExit(1) from None
    db.session.commit()  # the export's audit event
    click.echo(_("Personal data of contact %(id)s written to %(file)s.", id=contact.id, file=out))


@privacy.command("anonymize")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--as", "as_email", help=AS_HELP)
def anonymize(email: str, yes: bool, as_email: str | None) -> None:
    """Erase the personal data of the contact with this email; keep their interactions."""
    actor = admin_or_exit(as_email)
    contact = contact_or_exit(email)
    if not yes:
        click.confirm(
            _(
                "Erase for good the personal data of %(name)s (contact %(id)s)?",
                name=contact.full_name,
                id=contact.id,
            ),
            abort=True,
        )
    try:
        done = anonymize_contact(actor, contact)
    except OperationError as error:
        db.session.rollback()
        click.echo(_("Anonymization failed: %(error)s", error=error), err=True)
        raise SystemExit(1) from None
    db.session.commit()
    if not done:
        click.echo(_("Contact %(id)s was already anonymized: nothing was changed.", id=contact.id))
        return
    click.echo(_("Contact %(id)s anonymized.", id=contact.id))
