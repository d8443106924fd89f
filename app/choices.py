"""Select options built from the reference lists, in the user's language.

Options are `{value: label}` dicts, the form WTForms 3.3 takes without deprecation.
"""

from flask import g, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from models.labels import Labels, labels_in
from models.municipality import directory
from models.reference import Measure
from models.user import possible_owners


def labels() -> Labels:
    """Return the reference labels in the request's language (read again from the database
    only after an audited change, such as an admin's renaming)."""
    if "labels" not in g:
        lang = g.get("lang", "fr")
        g.labels = labels_in(lang)
    return g.labels


def options(table: str, blank: str | None = None) -> dict[str, str]:
    """Return the {code: label} options of a reference table, with an optional blank first."""
    return ({"": blank} if blank is not None else {}) | labels().table(table)


def active_options(table: str, blank: str | None = None, keep=()) -> dict[str, str]:
    """Return the options a new value may take: the active entries of `table`, plus those in
    `keep` (the record's current values), with an optional blank first."""
    return ({"": blank} if blank is not None else {}) | labels().active_table(table, keep)


def region_options(blank: str | None = None) -> dict[str, str]:
    """Return the regions as {code: "06 · Montréal"} options."""
    return ({"": blank} if blank is not None else {}) | labels().regions()


def municipality_options(keep: str | None = None) -> dict[str, str]:
    """Return the options of a municipality type-ahead (`stakeholders.municipalities` searches
    the directory): an empty choice, and `keep` (a record's municipality, even one a newer
    directory retired) as {code: "Roberval (Ville, Le Domaine-du-Roy, 02 …)"}. Without
    script, a place typed in the free-text field is linked to the one municipality of its
    region it names (`models.operations.stakeholders`)."""
    known = directory()
    return {"": "—"} | ({keep: known.by_code[keep].described()} if keep in known.by_code else {})


def mrc_options(regions=None) -> dict:
    """Return the MRCs (or equivalent territories) of `regions` (all when None) grouped by
    region, {"02 · Saguenay–Lac-Saint-Jean": {"910": "Le Domaine-du-Roy"}}, with an empty
    choice first."""
    grouped: dict = {"": "—"}
    named = labels().regions()
    for territory in directory().territories_of(regions):
        grouped.setdefault(named.get(territory.region_code, territory.region_code), {})[
            territory.code
        ] = territory.name
    return grouped


def score_options() -> dict[str, str]:
    """Return the 1–5 options of influence and interest, with an empty choice."""
    return {"": "—"} | {str(n): str(n) for n in range(1, 6)}


def owner_options(current=None, level=None, region_code=None) -> dict[str, str]:
    """Return the users who may own a stakeholder (of `level` and `region_code`, when
    given) as {id: name} options, the `current` owner kept, with an empty choice first."""
    users = db.session.scalars(possible_owners()).all()
    if level is not None:
        users = [u for u in users if u.may_own(level, region_code)]
    if current is not None and current not in users:
        users.insert(0, current)
    return {"": "—"} | {str(u.id): u.name or u.email for u in users}


def any_option() -> str:
    """Return the label of the empty choice of a filter."""
    return _("All")


def stakeholder_picker(field, stakeholder=None, engage: bool = True) -> None:
    """Make `field` a stakeholder type-ahead over the stakeholders the user may act for
    (create a contact, a commitment), holding `stakeholder`; with `engage=False`, over
    every stakeholder the user sees (the other end of a lead's tie may be national)."""
    field.choices = {"": "—"}
    if stakeholder is not None:
        field.choices[str(stakeholder.id)] = stakeholder.name
    field.render_kw = {
        # Only those the user may act for: a lead commits no national stakeholder.
        "data-lookup": url_for("stakeholders.lookup", **({"engage": 1} if engage else {})),
        "data-placeholder": _("Type a name…"),
        # Forms drawn by Bootstrap-Flask, not by `render_lookup`: lookup.js reads this.
        "data-remove": _("Remove %(name)s", name="{name}"),
    }


def measure_groups(keep=()) -> list[tuple[str, dict[str, str]]]:
    """Return the measures a new value may take (as `active_options`) grouped by theme, in
    display order: [(theme label, {code: label})]."""
    measures = active_options("measure", keep=keep)
    theme_of = dict(db.session.execute(select(Measure.code, Measure.theme_code)).all())
    groups: dict[str, dict[str, str]] = {code: {} for code in labels().codes("theme")}
    for code, label in measures.items():
        groups.setdefault(theme_of.get(code, ""), {})[code] = label
    return [(labels().of("theme", theme), found) for theme, found in groups.items() if found]
