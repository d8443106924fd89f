"""List exports of stakeholders, contacts, interactions, commitments and ties (SPEC §5).

An export is a view of a list (`models.lists`): the same scope, filters and sort as the
list on screen, so it holds the rows the page counts, in its order, and never what its user
may not see. Rows carry the import's column names (`models.columns`) and labels in the
user's language, so an edited export re-imports onto the same records.

Speed: plain columns are selected and streamed in batches (no ORM objects), tags and the
stakeholders and measures of interactions come in one extra query each, and codes become
labels through dictionaries.
"""

import json
from collections.abc import Iterator, Mapping
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select

from models import (
    Commitment,
    Contact,
    Interaction,
    Relationship,
    Stakeholder,
    StakeholderTag,
    User,
    db,
    interaction_measure,
    interaction_stakeholder,
    user_region,
)
from models.audit import AuditEvent, record
from models.columns import KINDS, headers
from models.labels import ROLE_LABELS, Labels
from models.lists import LISTS, ListQuery
from models.lists import relationships as ends
from models.municipality import directory
from models.reference import Measure
from models.scoping import (
    stakeholder_in_scope,
)
from reports.spreadsheet import write_csv, write_xlsx

BATCH = 2000
SHEET_NAMES = {
    "fr": {
        "stakeholders": "Organismes",
        "contacts": "Contacts",
        "interactions": "Interactions",
        "commitments": "Engagements",
        "relationships": "Liens",
        "audit": "Journal",
        "users": "Utilisateurs",
    },
    "en": {
        "stakeholders": "Stakeholders",
        "contacts": "Contacts",
        "interactions": "Interactions",
        "commitments": "Commitments",
        "relationships": "Ties",
        "audit": "Audit log",
        "users": "Users",
    },
}


class _CodeLabels(dict):
    """Labels by code; an unknown code stays itself and a missing one is empty."""

    def __missing__(self, code: str | None) -> str:
        return code or ""


# The lists that are not imported: their own headers.
LOG_HEADERS = {
    "audit": {
        "fr": ["ID", "Quand (UTC)", "Qui", "Action", "Entité", "ID de l'entité", "Avant", "Après"],
        "en": ["ID", "When (UTC)", "Who", "Action", "Entity", "Entity ID", "Before", "After"],
    },
    "users": {
        "fr": ["ID", "Courriel", "Nom", "Rôle", "Régions", "Langue", "Actif"],
        "en": ["ID", "Email", "Name", "Role", "Regions", "Language", "Active"],
    },
}
EXPORTED = (*KINDS, *LOG_HEADERS)


def export_headers(kind: str, lang: str = "fr") -> list[str]:
    """Return the column headers of `kind` in `lang` (the import's names, `ID` first)."""
    if kind in LOG_HEADERS:
        return LOG_HEADERS[kind][_lang(lang)]
    return headers(kind, lang)


def export_rows(listing: ListQuery, lang: str = "fr") -> Iterator[list[Any]]:
    """Return a stream of the rows of the view `listing` (a list query of `models.lists`:
    the user's scope, the filters and the sort of the list on screen), as `export_headers`."""
    # Not a generator itself: a bad kind fails here, before any response has started.
    if listing.name not in EXPORTED:
        raise ValueError(f"unknown kind {listing.name!r}; expected one of {', '.join(EXPORTED)}")
    labels = Labels(lang)
    tables = {
        t: _CodeLabels(labels.table(t))
        for t in (
            "region",
            "sector",
            "measure",
            "level",
            "stage",
            "stakeholder_kind",
            "consent_kind",
            "commitment_status",
            "involvement",
            "interaction_kind",
            "relationship_type",
            "relationship_intensity",
        )
    }
    return _ROWS[listing.name](listing, tables, labels)


def view(kind: str, user: User | None = None, filters: Mapping | None = None) -> ListQuery:
    """Return the view of the `kind` list that `filters` asks for (as a list page's
    arguments: `{"region": ["06"], "archived": "all"}`), in `user`'s scope; a bad filter
    value is an error here, not left out."""
    if kind not in EXPORTED:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(EXPORTED)}")
    listing = LISTS[kind].parse(user, filters or {})
    if listing.dropped:
        bad = ", ".join(f"{dropped.label}: {dropped.value}" for dropped in listing.dropped)
        raise ValueError(f"unknown filter values ({bad})")
    return listing


def export_list(listing: ListQuery, path: str | Path, lang: str = "fr") -> int:
    """Write the view `listing` to a .xlsx or .csv file, audit it, and return the row count."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValueError(f"{path.name}: an export is a .xlsx or a .csv file")
    kind = listing.name
    rows = export_rows(listing, lang)
    columns = export_headers(kind, lang)
    try:
        if suffix == ".csv":
            count = write_csv(path, columns, rows)
        else:
            count = write_xlsx(path, columns, rows, sheet_name=SHEET_NAMES[_lang(lang)][kind])
    except BaseException:
        path.unlink(missing_ok=True)  # never leave half a file behind
        raise
    record(
        listing.user,
        "export",
        kind,
        None,
        None,
        {"format": suffix[1:], "rows": count, "filters": listing.args(), "lang": _lang(lang)},
    )
    return count


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def _execute(statement: Select) -> Iterator:
    """Yield the rows of `statement`, fetched in batches, as plain Core in the session.

    Core skips the ORM's per-row processing and batches skip a fetch call per row (each
    about a third of the time here); on PostgreSQL the batches come from a server-side
    cursor, so memory stays bounded.
    """
    result = db.session.connection().execute(statement.execution_options(yield_per=BATCH))
    return chain.from_iterable(result.partitions())


def _grouped(
    statement: Select, separator: str, label: dict[str, str] | None = None
) -> dict[int, str]:
    """Run a (key, value) select ordered by key; join each key's values with `separator`.

    With `label`, values are codes shown as labels, and equal lists share one string: a
    few hundred combinations of measures cover 300,000 interactions.
    """
    joined: dict[int, str] = {}
    shared: dict[tuple[str, ...], str] = {}
    for key, rows in groupby(_execute(statement), key=itemgetter(0)):
        values = tuple(row[1] for row in rows)
        if label is None:
            joined[key] = separator.join(values)
        else:
            text = shared.get(values)
            if text is None:
                text = shared[values] = separator.join(label[code] for code in values)
            joined[key] = text
    return joined


def _stakeholder_rows(listing, tables, _labels) -> Iterator[list[Any]]:
    tags = _grouped(
        select(StakeholderTag.stakeholder_id, StakeholderTag.name)
        .where(StakeholderTag.stakeholder_id.in_(listing.ids()))
        .order_by(StakeholderTag.stakeholder_id, StakeholderTag.name),
        ", ",
    )
    s = Stakeholder
    statement = listing.select().with_only_columns(
        s.id,
        s.name,
        s.kind,
        s.sector_code,
        s.level,
        s.region_code,
        s.locality,
        s.municipality_code,
        s.mrc_code,
        s.email,
        s.phone,
        s.website,
        s.stage,
        s.influence,
        s.interest,
        s.notes,
        s.external_ref,
    )
    kinds, sectors, levels = tables["stakeholder_kind"], tables["sector"], tables["level"]
    regions, stages = tables["region"], tables["stage"]
    places, territories = _place_names()
    # Unpacking, not row.attribute: attribute access would cost a third of the CSV's time.
    for (id_, name, kind, sector, level, region, locality, place, mrc, email, phone, website,
         stage, influence, interest, notes, ref) in _execute(statement):  # fmt: skip
        yield [id_, name, kinds[kind], sectors[sector], levels[level], regions[region],
               places.get(place, locality), place or "", territories[mrc], email, phone,
               website, stages[stage], influence, interest, tags.get(id_, ""), notes,
               ref]  # fmt: skip


def _place_names() -> tuple[dict[str, str], dict[str | None, str]]:
    """Return geographic code → official name, and MRC code → what the import reads back
    as that MRC: its name, or `Le Domaine-du-Roy (91)` when the name alone would be read
    as another territory (an MRC and a census division may share a name)."""
    known = directory()
    places = {code: place.name for code, place in known.by_code.items()}
    territories = _CodeLabels()
    for code, territory in known.territories.items():
        named = known.territories_named(territory.name)
        territories[code] = territory.name if named[:1] == [territory] else (
            f"{territory.name} ({code})")  # fmt: skip
    return places, territories


def _contact_rows(listing, tables, _labels) -> Iterator[list[Any]]:
    c = Contact
    statement = listing.select().with_only_columns(
        c.id,
        c.first_name,
        c.last_name,
        Stakeholder.name,
        Stakeholder.region_code,
        c.title,
        c.email,
        c.phone,
        c.language,
        c.newsletter_consent,
        c.consent_date,
        c.consent_source,
        c.consent_withdrawn_on,
    )
    regions, consents = tables["region"], tables["consent_kind"]
    for (id_, first, last, stakeholder, region, title, email, phone, language, consent,
         consent_date, source, withdrawn_on) in _execute(statement):  # fmt: skip
        # A withdrawal must survive the round trip, or a re-import would re-subscribe.
        newsletter = consents["withdrawn" if withdrawn_on else consent]
        yield [id_, first, last, stakeholder or "", regions[region], title, email, phone,
               language, newsletter, consent_date, source]  # fmt: skip


def _interaction_rows(listing, tables, _labels) -> Iterator[list[Any]]:
    link = interaction_stakeholder.c
    ids = listing.ids()
    # Only the participants the user may see: a joint meeting may reach outside their regions.
    participants = (
        select(link.interaction_id, Stakeholder.name)
        .join(Stakeholder, Stakeholder.id == link.stakeholder_id)
        .where(link.interaction_id.in_(ids))
        .order_by(link.interaction_id, Stakeholder.name_key, Stakeholder.id)
    )
    scope = stakeholder_in_scope(listing.user)
    if scope is not None:
        participants = participants.where(scope)
    names = _grouped(participants, "\n")
    discussed = interaction_measure.c
    measures = _grouped(
        select(discussed.interaction_id, discussed.measure_code)
        .join(Measure, Measure.code == discussed.measure_code)
        .where(discussed.interaction_id.in_(ids))
        .order_by(discussed.interaction_id, Measure.position),
        "\n",
        tables["measure"],
    )
    i = Interaction
    statement = listing.select().with_only_columns(
        i.id, i.occurred_on, i.kind, i.summary, User.email, i.follow_up_on
    )
    kinds = tables["interaction_kind"]
    for id_, occurred_on, kind, summary, coordinator, follow_up in _execute(statement):
        yield [id_, occurred_on, kinds[kind], names.get(id_, ""), measures.get(id_, ""),
               summary, coordinator or "", follow_up]  # fmt: skip


def _commitment_rows(listing, tables, _labels) -> Iterator[list[Any]]:
    c = Commitment
    statement = listing.select().with_only_columns(
        c.id,
        Stakeholder.name,
        Stakeholder.region_code,
        c.measure_code,
        c.status,
        c.involvement,
        c.committed_on,
        c.due_on,
        c.description,
    )
    regions, measures = tables["region"], tables["measure"]
    statuses, involvements = tables["commitment_status"], tables["involvement"]
    for (id_, stakeholder, region, measure, status, involvement, committed_on, due_on,
         description) in _execute(statement):  # fmt: skip
        yield [id_, stakeholder, regions[region], measures[measure], statuses[status],
               involvements[involvement], committed_on, due_on, description]  # fmt: skip


def _relationship_rows(listing, tables, _labels) -> Iterator[list[Any]]:
    r, a, b = Relationship, ends.A, ends.B  # the list's own joins of the two ends
    statement = listing.select().with_only_columns(
        r.id, a.name, a.region_code, b.name, b.region_code, r.type, r.intensity,
        r.starts_on, r.ends_on, r.notes,
    )  # fmt: skip
    regions, types = tables["region"], tables["relationship_type"]
    intensities = tables["relationship_intensity"]
    for (id_, name_a, region_a, name_b, region_b, type_, intensity, starts_on, ends_on,
         notes) in _execute(statement):  # fmt: skip
        yield [id_, name_a, regions[region_a], name_b, regions[region_b], types[type_],
               intensities[intensity], starts_on, ends_on, notes]  # fmt: skip


def _audit_rows(listing, _tables, labels) -> Iterator[list[Any]]:
    a = AuditEvent
    statement = listing.select().with_only_columns(
        a.id, a.at, User.email, a.action, a.entity_type, a.entity_id, a.before, a.after
    )
    for id_, at, who, action, entity, entity_id, before, after in _execute(statement):
        yield [id_, at, who or "", labels.action(action), labels.entity(entity), entity_id,
               _json(before), _json(after)]  # fmt: skip


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _user_rows(listing, _tables, labels) -> Iterator[list[Any]]:
    regions = _grouped(
        select(user_region.c.user_id, user_region.c.region_code)
        .where(user_region.c.user_id.in_(listing.ids()))
        .order_by(user_region.c.user_id, user_region.c.region_code),
        ", ",
    )
    u = User
    statement = listing.select().with_only_columns(
        u.id, u.email, u.name, u.role, u.language, u.active
    )
    for id_, email, name, role, language, active in _execute(statement):
        yield [id_, email, name, str(ROLE_LABELS.get(role, role)), regions.get(id_, ""),
               language, active]  # fmt: skip


_ROWS = {
    "stakeholders": _stakeholder_rows,
    "contacts": _contact_rows,
    "interactions": _interaction_rows,
    "commitments": _commitment_rows,
    "relationships": _relationship_rows,
    "audit": _audit_rows,
    "users": _user_rows,
}
