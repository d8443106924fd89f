"""`maillage users create`: accounts from the command line."""

import os

import click

from app.cli.common import region_codes
from app.extensions import db
from models.operations import ValidationFailed, create_user
from models.user import ROLES


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The user's role.")
@click.option("--region", "regions", multiple=True, help="A region code (regional leads).")
@click.option("--name", default="", help="The user's full name.")
@click.option("--lang", default="fr", type=click.Choice(["fr", "en"]), help="Interface language.")
def create(email: str, role: str, regions: tuple[str, ...], name: str, lang: str) -> None:
    """Create a user; the password comes from MAILLAGE_PASSWORD or a prompt."""
    password = os.environ.get("MAILLAGE_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        user = create_user(
            None,
            email,
            role,
            password,
            name=name,
            region_codes=region_codes(regions),
            language=lang,
        )
    except ValidationFailed as error:
        db.session.rollback()
        for field, message in error.errors.items():
            click.echo(f"{field}: {message}", err=True)
        raise SystemExit(2) from None
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")
