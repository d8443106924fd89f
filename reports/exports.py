"""List exports of stakeholders, contacts, interactions and commitments (SPEC §5).

Rows start from the scoped selects of `models.scoping`, so an export never holds what its
user may not see. They carry the import's column names (`models.columns`) and labels in the
user's language, so an edited export re-imports onto the same records.

Archived stakeholders are left out by default, as in the lists on screen, and so are the
contacts and commitments of archived stakeholders; interactions are history and all stay.
A region filter keeps the stakeholders of those regions (national ones have no region, so
they drop out), the contacts and commitments of those stakeholders, and the interactions
with at least one of them.

Speed: plain columns are selected and streamed in batches (no ORM objects), tags and the
stakeholders and measures of interactions come in one extra query each, and codes become
labels through dictionaries.
"""

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Select, exists, or_, select

from models import (
    Commitment,
    Contact,
    Interaction,
    Stakeholder,
    StakeholderTag,
    User,
    db,
    interaction_measure,
    interaction_stakeholder,
)
from models.audit import record
from models.columns import KINDS, headers
from models.labels import Labels
from models.reference import Measure
from models.scoping import (
    stakeholder_in_scope,
    visible_commitments,
    visible_contacts,
    visible_interactions,
    visible_stakeholders,
)
from reports.spreadsheet import write_csv, write_xlsx

BATCH = 2000
SHEET_NAMES = {
    "fr": {
        "stakeholders": "Organismes",
        "contacts": "Contacts",
        "interactions": "Interactions",
        "commitments": "Engagements",
    },
    "en": {
        "stakeholders": "Stakeholders",
        "contacts": "Contacts",
        "interactions": "Interactions",
        "commitments": "Commitments",
    },
}


class _CodeLabels(dict):
    """Labels by code; an unknown code stays itself and a missing one is empty."""

    def __missing__(self, code: str | None) -> str:
        return code or ""


def export_headers(kind: str, lang: str = "fr") -> list[str]:
    """Return the column headers of `kind` in `lang` (the import's names, `ID` first)."""
    return headers(kind, lang)


def export_rows(
    kind: str,
    user: User | None = None,
    lang: str = "fr",
    region_codes: Iterable[str] | None = None,
    include_archived: bool = False,
    where: Sequence = (),
) -> Iterator[list[Any]]:
    """Return a stream of the rows of the `kind` list that `user` sees, as `export_headers`.

    `where` adds the conditions of a filtered list on screen (on the kind's model, which
    the statement joins to Stakeholder for contacts and commitments).
    """
    # Not a generator itself: a bad kind fails here, before any response has started.
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
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
        )
    }
    rows = _ROWS[kind](user, tables, list(region_codes or []), include_archived, list(where))
    return rows


def export_list(
    kind: str,
    path: str | Path,
    user: User | None = None,
    lang: str = "fr",
    region_codes: Iterable[str] | None = None,
    include_archived: bool = False,
    where: Sequence = (),
) -> int:
    """Write the `kind` list to a .xlsx or .csv file, audit it, and return the row count."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValueError(f"{path.name}: an export is a .xlsx or a .csv file")
    codes = list(region_codes or [])
    rows = export_rows(kind, user, lang, codes, include_archived, where)
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
        user,
        "export",
        kind,
        None,
        None,
        {"format": suffix[1:], "rows": count, "regions": codes, "lang": _lang(lang)},
    )
    return count


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def _stakeholder_conditions(region_codes: list[str], include_archived: bool) -> list:
    conditions = []
    if not include_archived:
        conditions.append(Stakeholder.archived.is_(False))
    if region_codes:
        conditions.append(Stakeholder.region_code.in_(region_codes))
    return conditions


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


def _stakeholder_rows(user, tables, codes, include_archived, where) -> Iterator[list[Any]]:
    chosen = visible_stakeholders(user).where(
        *_stakeholder_conditions(codes, include_archived), *where
    )
    tags = _grouped(
        select(StakeholderTag.stakeholder_id, StakeholderTag.name)
        .where(StakeholderTag.stakeholder_id.in_(chosen.with_only_columns(Stakeholder.id)))
        .order_by(StakeholderTag.stakeholder_id, StakeholderTag.name),
        ", ",
    )
    s = Stakeholder
    statement = chosen.with_only_columns(
        s.id,
        s.name,
        s.kind,
        s.sector_code,
        s.level,
        s.region_code,
        s.locality,
        s.email,
        s.phone,
        s.website,
        s.stage,
        s.influence,
        s.interest,
        s.notes,
        s.external_ref,
    ).order_by(s.name_key, s.id)
    kinds, sectors, levels = tables["stakeholder_kind"], tables["sector"], tables["level"]
    regions, stages = tables["region"], tables["stage"]
    # Unpacking, not row.attribute: attribute access would cost a third of the CSV's time.
    for (id_, name, kind, sector, level, region, locality, email, phone, website, stage,
         influence, interest, notes, external_ref) in _execute(statement):  # fmt: skip
        yield [id_, name, kinds[kind], sectors[sector], levels[level], regions[region],
               locality, email, phone, website, stages[stage], influence, interest,
               tags.get(id_, ""), notes, external_ref]  # fmt: skip


def _contact_rows(user, tables, codes, include_archived, where) -> Iterator[list[Any]]:
    c = Contact
    statement = (
        visible_contacts(user)
        .with_only_columns(
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
        .select_from(Contact)
        .outerjoin(Stakeholder, Contact.stakeholder_id == Stakeholder.id)
        .where(*where)
        .order_by(c.last_name, c.first_name, c.id)
    )
    if codes:
        statement = statement.where(*_stakeholder_conditions(codes, include_archived))
    elif not include_archived:
        # A contact of no stakeholder is not archived: keep it.
        statement = statement.where(
            or_(Contact.stakeholder_id.is_(None), Stakeholder.archived.is_(False))
        )
    regions, consents = tables["region"], tables["consent_kind"]
    for (id_, first, last, stakeholder, region, title, email, phone, language, consent,
         consent_date, source, withdrawn_on) in _execute(statement):  # fmt: skip
        # A withdrawal must survive the round trip, or a re-import would re-subscribe.
        newsletter = consents["withdrawn" if withdrawn_on else consent]
        yield [id_, first, last, stakeholder or "", regions[region], title, email, phone,
               language, newsletter, consent_date, source]  # fmt: skip


def _interaction_rows(user, tables, codes, _include_archived, where) -> Iterator[list[Any]]:
    link = interaction_stakeholder.c
    chosen = visible_interactions(user).where(*where)
    if codes:
        chosen = chosen.where(
            exists(
                select(link.interaction_id)
                .join(Stakeholder, Stakeholder.id == link.stakeholder_id)
                .where(link.interaction_id == Interaction.id)
                .where(Stakeholder.region_code.in_(codes))
            )
        )
    ids = chosen.with_only_columns(Interaction.id)
    # Only the participants the user may see: a joint meeting may reach outside their regions.
    participants = (
        select(link.interaction_id, Stakeholder.name)
        .join(Stakeholder, Stakeholder.id == link.stakeholder_id)
        .where(link.interaction_id.in_(ids))
        .order_by(link.interaction_id, Stakeholder.name_key, Stakeholder.id)
    )
    scope = stakeholder_in_scope(user)
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
    statement = (
        chosen.with_only_columns(i.id, i.occurred_on, i.kind, i.summary, User.email, i.follow_up_on)
        .select_from(Interaction)
        .outerjoin(User, User.id == Interaction.logged_by_id)
        .order_by(i.occurred_on.desc(), i.id.desc())
    )
    kinds = tables["interaction_kind"]
    for id_, occurred_on, kind, summary, coordinator, follow_up in _execute(statement):
        yield [id_, occurred_on, kinds[kind], names.get(id_, ""), measures.get(id_, ""),
               summary, coordinator or "", follow_up]  # fmt: skip


def _commitment_rows(user, tables, codes, include_archived, where) -> Iterator[list[Any]]:
    c = Commitment
    statement = (
        visible_commitments(user)
        .with_only_columns(
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
        .select_from(Commitment)
        .join(Stakeholder, Stakeholder.id == Commitment.stakeholder_id)
        .where(*_stakeholder_conditions(codes, include_archived), *where)
        .order_by(Stakeholder.name_key, Stakeholder.id, c.id)
    )
    regions, measures = tables["region"], tables["measure"]
    statuses, involvements = tables["commitment_status"], tables["involvement"]
    for (id_, stakeholder, region, measure, status, involvement, committed_on, due_on,
         description) in _execute(statement):  # fmt: skip
        yield [id_, stakeholder, regions[region], measures[measure], statuses[status],
               involvements[involvement], committed_on, due_on, description]  # fmt: skip


_ROWS = {
    "stakeholders": _stakeholder_rows,
    "contacts": _contact_rows,
    "interactions": _interaction_rows,
    "commitments": _commitment_rows,
}
