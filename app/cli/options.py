"""Options that several CLI commands share: `--out`, `--as`, `--region`, `--mrc`, `--lang`."""

from pathlib import Path

import click


def out_option(help: str, *suffixes: str):
    """Return the required `--out FILE` option; the file must end in one of `suffixes`."""

    def check(ctx, param, out: Path) -> Path:
        if suffixes and out.suffix.lower() not in suffixes:
            raise click.BadParameter(f"the file must end in {' or '.join(suffixes)}")
        return out

    path = click.Path(dir_okay=False, path_type=Path)
    return click.option("--out", "out", required=True, type=path, callback=check, help=help)


def lang_option(help: str):
    """Return the `--lang fr|en` option (French by default)."""
    choice = click.Choice(["fr", "en"])
    return click.option("--lang", default="fr", type=choice, show_default=True, help=help)


as_user_option = click.option(
    "--as", "as_email", help="Apply this user's scope (and audit it as theirs)."
)
regions_option = click.option(
    "--region", "regions", multiple=True, help="Only these regions (code or name)."
)
mrcs_option = click.option(
    "--mrc", "mrcs", multiple=True, help="Only these MRCs (code or name: 910, Le Domaine-du-Roy)."
)
