"""`maillage demo`: realistic invented data for all 17 regions."""

import click

from app.extensions import db


@click.command()
@click.option("--seed", default=2026, show_default=True, help="Random seed (same data each time).")
@click.option("--stakeholders", "count", default=300, show_default=True,
              help="How many stakeholders; contacts, interactions and commitments scale with it.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has stakeholders.")
def demo(seed: int, count: int, if_empty: bool) -> None:
    """Load demo data: stakeholders, contacts, interactions, commitments and demo users."""
    from models.demo import database_is_empty, generate_demo

    if if_empty and not database_is_empty():
        click.echo("The database already has data: no demo loaded.")
        return
    summary = generate_demo(seed=seed, stakeholders=count, progress=click.echo)
    db.session.commit()
    click.echo(summary.describe())
