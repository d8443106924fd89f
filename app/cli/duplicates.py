"""`maillage duplicates stakeholders|contacts`: the candidate duplicate pairs, best first."""

import json

import click
from flask_babel import force_locale, format_number, ngettext

from app.cli.common import user_by_email
from app.cli.options import as_user_option, lang_option
from app.extensions import db
from models.duplicate import KINDS


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--json", "as_json", is_flag=True, help="Print the pairs as one JSON object.")
@as_user_option
@lang_option("Language of the reasons (text output).")
def duplicates(kind: str, as_json: bool, as_email: str | None, lang: str) -> None:
    """List the candidate duplicate pairs, best first, with their score and reasons."""
    from models.duplicate_finder import find_pairs

    user = user_by_email(as_email)
    pairs = find_pairs(user, kind)
    if as_json:
        shown = [
            {"a": p.a, "b": p.b, "score": p.score, "reasons": [list(r) for r in p.reasons]}
            for p in pairs
        ]
        click.echo(json.dumps({"kind": kind, "pairs": shown}, ensure_ascii=False))
        return
    with force_locale(lang):
        for line in _lines(kind, user, pairs, lang):
            click.echo(line)


def _lines(kind: str, user, pairs, lang: str):
    """Yield the pairs as text: score and names, then the reasons in words."""
    from app.duplicates.words import reason_words
    from models import Contact, Stakeholder
    from models.labels import Labels
    from models.scoping import visible_contacts, visible_stakeholders

    labels = Labels(lang)
    model, query = (
        (Stakeholder, visible_stakeholders(user))
        if kind == "stakeholders"
        else (Contact, visible_contacts(user))
    )
    ids = {i for pair in pairs for i in (pair.a, pair.b)}
    names = {}
    for chunk in range(0, len(ids), 900):  # SQLite's limit of bound values
        part = sorted(ids)[chunk : chunk + 900]
        names |= {r.id: getattr(r, "name", None) or r.full_name
                  for r in db.session.scalars(query.where(model.id.in_(part)))}  # fmt: skip
    for pair in pairs:
        one, other = (f"{names.get(i)} (ID {i})" for i in (pair.a, pair.b))
        yield f"{pair.score:3d}  {one}  ↔  {other}"
        yield "     " + " · ".join(reason_words(reason, labels) for reason in pair.reasons)
    yield ngettext("%(count)s pair", "%(count)s pairs", len(pairs), count=format_number(len(pairs)))
