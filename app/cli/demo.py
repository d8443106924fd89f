"""`maillage demo`: realistic invented data for all 17 regions."""

from pathlib import Path

import click
from flask import current_app

from app.extensions import db


def logins_file() -> Path:
    """Return the instance file that keeps the demo logins, for `make run` to show."""
    return Path(current_app.instance_path) / "demo-logins.txt"


def save_logins(path: Path, logins: list[tuple[str, str, str]]) -> None:
    """Write `logins` to `path`, one `role email password` line each, keeping older ones."""
    lines = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.split()) == 3:
                lines[line.split()[1]] = line
    for email, role, password in logins:
        lines[email] = f"{role:<14} {email:<27} {password}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)  # it holds passwords: private from the start
    path.write_text("".join(f"{line}\n" for line in lines.values()), encoding="utf-8")


def show_logins(path: Path) -> None:
    """Print the saved demo logins, if any."""
    if path.exists():
        click.echo(f"Demo logins (role, email, password), from {path}:")
        click.echo(path.read_text(encoding="utf-8").rstrip("\n"))


@click.command()
@click.option("--seed", default=2026, show_default=True, help="Random seed (same data each time).")
@click.option(
    "--stakeholders",
    "count",
    default=300,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many stakeholders; contacts, interactions and commitments scale with it.",
)
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing (but show the demo logins) when the database has data.",
)
def demo(seed: int, count: int, if_empty: bool) -> None:
    """Load demo data: stakeholders, contacts, interactions, commitments and demo users."""
    from models.demo import database_is_empty, generate_demo, refresh_statistics

    path = logins_file()
    if if_empty and not database_is_empty():
        click.echo("The database already has data: no demo loaded.")
        show_logins(path)
        return
    summary = generate_demo(seed=seed, stakeholders=count, progress=click.echo)
    db.session.commit()
    refresh_statistics()
    click.echo(summary.describe())
    if summary.logins:
        save_logins(path, summary.logins)
        click.echo(f"Demo logins saved in {path}.")
    else:
        show_logins(path)
