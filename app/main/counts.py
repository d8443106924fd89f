"""The dashboards' territory figures: counted once for the whole province, per area (a
region code or "national"), remembered until the data they count changes (`models.cache`),
then narrowed to each user's areas (`models.scoping`).

A count over 100,000 stakeholders and 300,000 commitments takes most of a second; counted
per request, it made every dashboard slow. The dormant stakeholders are remembered apart:
they are the only figure an interaction changes, and logging one is the most frequent
write, so a call logged costs the next dashboard a recount of the dormant alone (0.1 s at
100,000 stakeholders, against 0.7 s for the rest).
"""

from collections import defaultdict
from dataclasses import dataclass

from flask import g
from sqlalchemy import exists, func, select

from app.extensions import db
from models import Commitment, Stakeholder
from models.cache import remembered
from models.dormant import is_dormant
from models.labels import Labels
from models.municipality import NO_MRC, mrc_columns
from models.reference import ACTIVE_STATUSES
from models.scoping import AREA, NATIONAL, visible_areas

DEPENDS_ON = ("stakeholder", "commitment", "import_batch", "change_batch")
DORMANT_DEPENDS_ON = ("stakeholder", "interaction", "import_batch", "change_batch")


@dataclass(frozen=True)
class Territory:
    """Counts of the non-archived stakeholders of the province, keyed by area."""

    stages: dict[tuple[str, str], int]  # (area, stage) → stakeholders
    commitments: dict[tuple[str, str], int]  # (area, measure) → active commitments
    # (region, MRC or None, measure) → active commitments of the regions' stakeholders
    mrc_commitments: dict[tuple[str, str | None, str], int]
    committed: dict[str, int]  # area → stakeholders with an active commitment


@dataclass
class RegionCount:
    """One row of the table by region."""

    code: str
    label: str
    stakeholders: int
    commitments: int


def territory() -> Territory:
    """Return the province's figures (remembered until the data changes; read once a
    request)."""
    if "territory" not in g:
        g.territory = remembered("territory", None, _count_territory, DEPENDS_ON)
    return g.territory


def _count_territory() -> Territory:
    current = Stakeholder.current_of_all()
    stages = db.session.execute(
        select(AREA, Stakeholder.stage, func.count())
        .where(current)
        .group_by(AREA, Stakeholder.stage)
    ).all()
    # The active commitments by region, MRC and measure: summed by area and measure too,
    # rather than joined again (each join reads the 300,000 commitments).
    by_mrc = db.session.execute(
        select(Stakeholder.region_code, Stakeholder.mrc_code, Commitment.measure_code, func.count())
        .join(Commitment, Commitment.stakeholder_id == Stakeholder.id)
        .where(current, Commitment.status.in_(ACTIVE_STATUSES))
        .group_by(Stakeholder.region_code, Stakeholder.mrc_code, Commitment.measure_code)
    ).all()
    commitments: dict[tuple[str, str], int] = defaultdict(int)
    for region, _mrc, measure, n in by_mrc:
        commitments[(region or NATIONAL, measure)] += n
    # The stakeholders with an active commitment: one look-up each in the commitments'
    # stakeholder index, rather than a join of the 300,000 made distinct again.
    active = exists().where(
        Commitment.stakeholder_id == Stakeholder.id, Commitment.status.in_(ACTIVE_STATUSES)
    )
    committed = db.session.execute(
        select(AREA, func.count()).where(current, active).group_by(AREA)
    ).all()
    return Territory(
        {(area, stage): n for area, stage, n in stages},
        dict(commitments),
        {(r, mrc, measure): n for r, mrc, measure, n in by_mrc if r is not None},
        dict(committed),
    )


def _count_dormant() -> dict[str, int]:
    """Return area → dormant stakeholders of the province (`models.dormant`)."""
    query = select(AREA, func.count()).where(is_dormant(of_all=True)).group_by(AREA)
    return dict(db.session.execute(query).all())


def stage_funnel(user, stages: list[str]) -> list[tuple[str, int]]:
    """Return (stage, stakeholders) in the user's areas, for `stages` in their order."""
    areas = visible_areas(user)
    counts = dict.fromkeys(stages, 0)
    for (area, stage), n in territory().stages.items():
        if stage in counts and (areas is None or area in areas):
            counts[stage] += n
    return list(counts.items())


def coverage(user, labels: Labels) -> dict[str, dict[str, int]]:
    """Return measure → area → active commitments, over the areas the user sees."""
    commitments = territory().commitments
    codes = area_codes(user, labels)
    return {
        measure: {area: commitments.get((area, measure), 0) for area in codes}
        for measure in labels.codes("measure")
    }


def coverage_by_mrc(user, labels: Labels) -> tuple[list[str], dict[str, dict[str, int]]]:
    """Return the columns (the MRCs of the user's regions, NO_MRC, then "national") and
    measure → column → active commitments: a regional lead's territory by MRC."""
    regions = set(user.region_codes)
    columns = [*mrc_columns(regions), NATIONAL]
    table = {measure: dict.fromkeys(columns, 0) for measure in labels.codes("measure")}
    figures = territory()
    for (region, mrc, measure), n in figures.mrc_commitments.items():
        if region in regions and measure in table:
            row = table[measure]
            row[mrc if mrc in row else NO_MRC] += n
    for measure, row in table.items():
        row[NATIONAL] = figures.commitments.get((NATIONAL, measure), 0)
    return columns, table


def dormant_count(user) -> int:
    """Return how many stakeholders of the user's areas are dormant (`models.dormant`)."""
    areas = visible_areas(user)
    by_area = remembered("dormant_count", None, _count_dormant, DORMANT_DEPENDS_ON)
    return sum(n for area, n in by_area.items() if areas is None or area in areas)


def area_codes(user, labels: Labels) -> list[str]:
    """Return the areas `user` sees, in display order (regions, then "national")."""
    areas = visible_areas(user)
    codes = [*labels.codes("region"), "national"]
    return codes if areas is None else [c for c in codes if c in areas]


def counts_by_region(user, labels: Labels) -> list[RegionCount]:
    """Return one row per area the user sees, with its stakeholders and active commitments."""
    figures = territory()
    stakeholders: dict[str, int] = defaultdict(int)
    commitments: dict[str, int] = defaultdict(int)
    for (area, _stage), n in figures.stages.items():
        stakeholders[area] += n
    for (area, _measure), n in figures.commitments.items():
        commitments[area] += n
    return [
        RegionCount(code, labels.of("region", code), stakeholders[code], commitments[code])
        for code in area_codes(user, labels)
    ]


def committed_by_area(user) -> dict[str, int]:
    """Return area → stakeholders with an active commitment, over the areas the user sees
    (the synergy report's count with no filter: `reports.synergy.committed_by_area`)."""
    areas = visible_areas(user)
    return {a: n for a, n in territory().committed.items() if areas is None or a in areas}
