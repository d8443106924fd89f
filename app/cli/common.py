"""Helpers shared by the CLI commands: resolving `--as`, `--region` and `--mrc`."""

import click
from sqlalchemy import func, select

from app.extensions import db
from models import User
from models.normalize import region_code_from_text


def user_by_email(email: str | None) -> User | None:
    """Return the active user named by `--as EMAIL`, or exit with status 2."""
    if not email:
        return None
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active:
        raise click.UsageError(f"no active user with the email {email}")
    return user


def region_codes(values: tuple[str, ...]) -> list[str]:
    """Return the region codes named by `--region` values (`06`, `6`, `Montréal`)."""
    codes = []
    for value in values:
        try:
            codes.append(region_code_from_text(value))
        except ValueError as error:
            raise click.BadParameter(f"{value}: {error}", param_hint="--region") from None
    return codes


def mrc_codes(values: tuple[str, ...]) -> list[str]:
    """Return the MRC (or equivalent territory) codes named by `--mrc` values (`910`,
    `Le Domaine-du-Roy`, `MRC de Brome-Missisquoi`)."""
    from models.municipality import directory

    codes = []
    for value in values:
        found = directory().territories_named(value)
        if not found:
            raise click.BadParameter(f"{value}: no MRC has this name or code", param_hint="--mrc")
        codes.append(found[0].code)
    return codes
