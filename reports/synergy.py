"""The synergy report (SPEC §5): one computation, as plain data keyed by codes.

`compute_synergy(user, filters)` answers every table of the report with aggregate SQL over
the user's scope (`models.scoping`); the page, the workbook and the JSON all render the
same `SynergyReport`. Decisions where the SPEC is silent:

- **Stakeholders counted**: the non-archived stakeholders in the user's scope that pass the
  sector and level filters. A region filter keeps the stakeholders of those regions *and*
  the national ones (they work everywhere); the columns are the regions in scope (a
  regional lead's own regions), narrowed by the filter, plus `national`.
- **Measures**: the measures named, plus every measure of the themes named; all of them
  when neither is given.
- **Period** (`since`/`until`, inclusive): a commitment counts when its `committed_on` falls
  within it, an interaction when its `occurred_on` does. An *undated* commitment counts when
  no period is given and is left out when one is (it cannot be shown to fall within it).
  Relationships count when current today; "dormant" (no interaction in the last 180 days)
  and "overdue" are judged on `today`, overdue follow-ups among the period's interactions.
- **Level span**: a national stakeholder with an active commitment to a measure counts
  toward every region's cell of that measure (and toward the `national` column).
- **Gaps**: a measure gap is a cell (regions and `national`) with no active commitment; a
  sector gap is a region (not `national`) with no stakeholder of that sector.
- **Influence grid**: a score of 4 or 5 is high, 1 to 3 low; stakeholders without both
  scores are `unassessed` (see `QUADRANTS`).
- **MRC filter**: like the region filter, it keeps the stakeholders of those MRCs *and*
  the national ones; the columns are then the regions of those MRCs.
- **Coverage by MRC**: when the report covers one to three regions (a lead's own, or a
  region filter), coverage is also counted by MRC of those regions (national stakeholders
  are in no MRC); stakeholders of those regions whose MRC is not known count in a
  `none` column (`models.municipality.NO_MRC`), so that each row adds up to its regions'.
- **Collaboration**: see `reports.synergy_network`; the network measures and their previous
  period: see `reports.network_measures`.
"""

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, distinct, func, or_, select

from models import Commitment, Interaction, Stakeholder, User, clock, db, interaction_stakeholder
from models.audit import record
from models.bulk import collector_paused
from models.dormant import is_dormant
from models.labels import Labels
from models.municipality import NO_MRC, directory, mrc_columns
from models.reference import (
    ACTIVE_STATUSES,
    INTERACTION_KINDS,
    LEVELS,
    NATIONAL,
    STAGES,
    Measure,
    Region,
    Sector,
)
from models.scoping import stakeholder_in_scope, visible_interactions
from reports.network_measures import (
    Dated,
    Period,
    network_report,
    periods,
    periods_json,
    window,
)
from reports.synergy_network import People, counted_people

HIGH_SCORE = 4  # influence or interest of 4 or 5 is "high"
# (influence high?, interest high?) → quadrant code
QUADRANTS = {
    (False, False): "keep_informed",
    (True, False): "keep_satisfied",
    (False, True): "involve",
    (True, True): "partner_closely",
}
UNASSESSED = "unassessed"
QUADRANT_NAMES = {
    "keep_informed": _l("Keep informed"),
    "keep_satisfied": _l("Keep satisfied"),
    "involve": _l("Involve"),
    "partner_closely": _l("Partner closely"),
    UNASSESSED: _l("Not assessed"),
}
NO_USER = "none"


@dataclass(frozen=True)
class SynergyFilters:
    """What the report covers: codes of regions, MRCs, themes, measures, sectors, levels; a
    period."""

    regions: tuple[str, ...] = ()
    mrcs: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the filters as JSON-ready values (dates in ISO form)."""
        data = {key: list(value) for key, value in asdict(self).items() if key in _LISTS}
        data["since"] = self.since.isoformat() if self.since else None
        data["until"] = self.until.isoformat() if self.until else None
        return data


_LISTS = ("regions", "mrcs", "themes", "measures", "sectors", "levels")
MRC_REGIONS_AT_MOST = 3  # coverage by MRC is counted for a report of at most 3 regions


@dataclass
class SynergyReport:
    """Every table of the synergy report, keyed by codes; cells with nothing hold 0 or []."""

    filters: SynergyFilters
    today: date
    regions: list[str]  # the columns: region codes in scope, then "national"
    measures: list[str]
    sectors: list[str]
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)
    # Coverage by MRC of the report's regions, when they are few (else both empty); its
    # columns: the MRCs, then NO_MRC.
    mrc_columns: list[str] = field(default_factory=list)
    coverage_by_mrc: dict[str, dict[str, int]] = field(default_factory=dict)
    sector_breadth: dict[str, dict[str, int]] = field(default_factory=dict)
    level_span: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    gaps: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    collaboration: dict[str, dict[str, Any]] = field(default_factory=dict)
    betweenness_method: dict[str, str] = field(default_factory=dict)
    # Network measures (reports.network_measures): per area and province, with the previous
    # period and the change; the two periods; how each area's communities were found.
    network: dict[str, dict[str, Any]] = field(default_factory=dict)
    network_periods: dict[str, dict[str, str | None]] = field(default_factory=dict)
    community_method: dict[str, str] = field(default_factory=dict)
    pipeline: dict[str, dict[str, int]] = field(default_factory=dict)
    pipeline_by_sector: dict[str, dict[str, int]] = field(default_factory=dict)
    influence_grid: dict[str, dict[str, int]] = field(default_factory=dict)
    activity: dict[str, dict[str, int]] = field(default_factory=dict)
    follow_ups: dict[str, int] = field(default_factory=dict)
    # The coordinators of `activity["by_user"]` (keyed by email there) as people read them.
    user_names: dict[str, str] = field(default_factory=dict)


def compute_synergy(
    user: User | None, filters: SynergyFilters | None = None, today: date | None = None
) -> SynergyReport:
    """Compute the synergy report of `user`'s scope (None: everything) under `filters`."""
    with collector_paused():  # a quarter of the time went to the collector's passes
        return _compute(user, filters or SynergyFilters(), today or clock.today())


def _compute(user: User | None, filters: SynergyFilters, today: date) -> SynergyReport:
    report = SynergyReport(
        filters, today, _columns(user, filters), _measures(filters), _sectors(filters)
    )
    scoped = _Counted(user, filters)
    both = periods(filters.since, filters.until, today)
    rows = window(*both)
    # The counted stakeholders and the active commitments of both periods, read once: the
    # commitment tables count the current period's (the filters'), the network ties both's.
    people = counted_people(scoped)
    commitments = Dated(_dated_commitments(report, scoped, rows))
    _commitment_tables(report, people, commitments.of(both[0]))
    _coverage_by_mrc(report, scoped)
    _stakeholder_tables(report, scoped)
    _activity_tables(report, user, scoped)
    (
        report.collaboration,
        report.betweenness_method,
        report.network,
        report.community_method,
    ) = network_report(
        scoped,
        people,
        commitments,
        _joint_interactions(report, scoped, rows),
        report.regions,
        both,
    )
    report.network_periods = periods_json(*both)
    return report


def _columns(user: User | None, filters: SynergyFilters) -> list[str]:
    codes = db.session.scalars(select(Region.code).order_by(Region.position)).all()
    if user is not None and not user.sees_everything:
        codes = [c for c in codes if c in user.region_codes]
    if filters.regions:
        codes = [c for c in codes if c in filters.regions]
    if filters.mrcs:  # the regions of the MRCs chosen
        known = directory().territories
        chosen = {known[mrc].region_code for mrc in filters.mrcs if mrc in known}
        codes = [c for c in codes if c in chosen]
    return [*codes, NATIONAL]


def _measures(filters: SynergyFilters) -> list[str]:
    query = select(Measure.code).order_by(Measure.position)
    if filters.themes or filters.measures:
        query = query.where(
            or_(Measure.code.in_(filters.measures), Measure.theme_code.in_(filters.themes))
        )
    return list(db.session.scalars(query))


def _sectors(filters: SynergyFilters) -> list[str]:
    query = select(Sector.code).order_by(Sector.position)
    if filters.sectors:
        query = query.where(Sector.code.in_(filters.sectors))
    return list(db.session.scalars(query))


class _Counted:
    """The stakeholders the report counts, as conditions on `Stakeholder` and its columns.

    Plain conditions rather than a CTE, so that every join uses the primary key (SQLite
    re-scans a CTE joined twice).
    """

    def __init__(self, user: User | None, filters: SynergyFilters):
        scope = stakeholder_in_scope(user)
        self.conditions = [Stakeholder.current_of_all()]
        if scope is not None:
            self.conditions.append(scope)
        if filters.regions:
            self.conditions.append(
                or_(Stakeholder.region_code.in_(filters.regions), Stakeholder.level == NATIONAL)
            )
        if filters.mrcs:
            self.conditions.append(
                or_(Stakeholder.mrc_code.in_(filters.mrcs), Stakeholder.level == NATIONAL)
            )
        if filters.sectors:
            self.conditions.append(Stakeholder.sector_code.in_(filters.sectors))
        if filters.levels:
            self.conditions.append(Stakeholder.level.in_(filters.levels))
        self.c = _Columns

    def ids(self):
        """Return the select of the ids of the counted stakeholders."""
        return select(Stakeholder.id).where(*self.conditions)


class _Columns:
    id = Stakeholder.id
    name = Stakeholder.name
    sector = Stakeholder.sector_code
    level = Stakeholder.level
    area = func.coalesce(Stakeholder.region_code, NATIONAL)
    stage = Stakeholder.stage
    influence = Stakeholder.influence
    interest = Stakeholder.interest


def _period(column, filters: SynergyFilters | Period) -> list:
    conditions = []
    if filters.since:
        conditions.append(column >= filters.since)
    if filters.until:
        conditions.append(column <= filters.until)
    return conditions


def _active_commitments(report: SynergyReport, scoped, period: Period | None = None):
    """Return the select of (stakeholder, measure) of the active commitments counted (in
    `period`, by default the filters')."""
    return (
        select(Commitment.stakeholder_id, Commitment.measure_code)
        .join(Stakeholder, Stakeholder.id == Commitment.stakeholder_id)
        .where(*scoped.conditions)
        .where(Commitment.status.in_(ACTIVE_STATUSES))
        .where(Commitment.measure_code.in_(report.measures))
        .where(*_period(Commitment.committed_on, period or report.filters))
    )


def _grid(rows: list[str], columns: list[str], empty) -> dict[str, dict]:
    return {row: {column: empty() for column in columns} for row in rows}


def _commitment_tables(report: SynergyReport, people: People, commitments) -> None:
    """Fill coverage, sector breadth, level span and the measure gaps from the (stakeholder,
    measure) of the active commitments counted in the report's period."""
    report.coverage = _grid(report.measures, report.regions, int)
    report.sector_breadth = _grid(report.measures, report.regions, int)
    # One pass: active commitments by measure, area, level and sector, counted here from the
    # rows the network reads too (a second aggregate over them was 0.8 s of SQLite's time at
    # 100,000 stakeholders). A stakeholder holds at most one commitment to a measure and has
    # one level and one sector, so the counts of a (measure, area) add up to its
    # stakeholders, its sectors are the distinct ones and its levels those present.
    counts: Counter = Counter()
    index, areas, levels_of, sectors_of = people.index, people.areas, people.levels, people.sectors
    for stakeholder_id, measure in commitments:
        i = index[stakeholder_id]
        counts[measure, areas[i], levels_of[i], sectors_of[i]] += 1
    levels: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    sectors: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for (measure, area, level, sector), stakeholders in counts.items():
        levels[measure][area].add(level)
        if sector is not None:
            sectors[measure][area].add(sector)
        if area in report.coverage[measure]:
            report.coverage[measure][area] += stakeholders
    for measure, by_area in sectors.items():
        for area, present in by_area.items():
            if area in report.sector_breadth[measure]:
                report.sector_breadth[measure][area] = len(present)
    report.level_span = _grid(report.measures, report.regions, list)
    for measure, by_area in levels.items():
        national = NATIONAL in by_area[NATIONAL]
        for area in report.regions:
            engaged = by_area.get(area, set()) | ({NATIONAL} if national else set())
            report.level_span[measure][area] = [lv for lv in LEVELS if lv in engaged]
    report.gaps = {
        "measures": [
            {"measure": m, "region": r}
            for m in report.measures
            for r in report.regions
            if not report.coverage[m][r]
        ]
    }


def _coverage_by_mrc(report: SynergyReport, scoped) -> None:
    """Fill coverage by MRC when the report covers one to three regions."""
    regions = [code for code in report.regions if code != NATIONAL]
    if not 0 < len(regions) <= MRC_REGIONS_AT_MOST:
        return
    columns = mrc_columns(regions)
    if report.filters.mrcs:
        columns = [code for code in columns if code in report.filters.mrcs]
    report.mrc_columns = columns
    report.coverage_by_mrc = _grid(report.measures, columns, int)
    # One commitment per stakeholder and measure: counting commitments counts stakeholders.
    counts = (
        _active_commitments(report, scoped)
        .with_only_columns(
            Commitment.measure_code, Stakeholder.mrc_code, func.count(), maintain_column_froms=True
        )
        .where(Stakeholder.region_code.in_(regions))
        .group_by(Commitment.measure_code, Stakeholder.mrc_code)
    )
    for measure, mrc, stakeholders in db.session.execute(counts):
        row = report.coverage_by_mrc[measure]
        column = mrc if mrc in row else NO_MRC
        if column in row:
            row[column] += stakeholders


def _stakeholder_tables(report: SynergyReport, scoped) -> None:
    """Fill the sector gaps, the pipeline (by region and by sector) and the influence grid.

    One aggregate by area, sector, stage and influence quadrant (a few hundred rows) gives
    all four: each is a sum over some of its columns.
    """
    high_influence = scoped.c.influence >= HIGH_SCORE
    high_interest = scoped.c.interest >= HIGH_SCORE
    quadrant = case(
        (or_(scoped.c.influence.is_(None), scoped.c.interest.is_(None)), UNASSESSED),
        *[
            (
                and_(
                    high_influence if inf else ~high_influence,
                    high_interest if intr else ~high_interest,
                ),
                code,
            )
            for (inf, intr), code in QUADRANTS.items()
        ],
    ).label("quadrant")
    groups = db.session.execute(
        select(scoped.c.area, scoped.c.sector, scoped.c.stage, quadrant, func.count())
        .where(*scoped.conditions)
        .group_by(scoped.c.area, scoped.c.sector, scoped.c.stage, quadrant)
    ).all()
    present = {(area, sector) for area, sector, _stage, _quadrant, _count in groups}
    report.gaps["sectors"] = [
        {"sector": s, "region": r}
        for r in report.regions
        if r != NATIONAL
        for s in report.sectors
        if (r, s) not in present
    ]
    report.pipeline = _grid(report.regions, list(STAGES), int)
    report.pipeline_by_sector = _grid(report.sectors, list(STAGES), int)
    report.influence_grid = _grid([*QUADRANTS.values(), UNASSESSED], list(STAGES), int)
    for area, sector, stage, code, count in groups:
        if stage not in STAGES:
            continue
        if area in report.pipeline:
            report.pipeline[area][stage] += count
        if sector in report.pipeline_by_sector:
            report.pipeline_by_sector[sector][stage] += count
        report.influence_grid[code][stage] += count


def _counted_interactions(report: SynergyReport, user: User | None, scoped):
    """Return the select of interactions in the period with a participant counted."""
    # Not correlated: the counted participants are found once, then each interaction is
    # looked up among them. Correlated (EXISTS per interaction), SQLite without statistics
    # may walk the stakeholders' `archived` index for every interaction: minutes, not ms.
    involved = (
        select(interaction_stakeholder.c.interaction_id)
        .join(Stakeholder, Stakeholder.id == interaction_stakeholder.c.stakeholder_id)
        .where(*scoped.conditions)
    )
    return (
        visible_interactions(user)
        .where(Interaction.id.in_(involved))
        .where(*_period(Interaction.occurred_on, report.filters))
    )


def _dated_commitments(report: SynergyReport, scoped, period: Period):
    """Return the select of (stakeholder, measure, committed on) of the active commitments
    counted in `period` (both network periods' rows; the commitment tables count the current
    period's)."""
    return _active_commitments(report, scoped, period).add_columns(Commitment.committed_on)


def _joint_interactions(report: SynergyReport, scoped, period: Period):
    """Return the select of (interaction, stakeholder, date) of counted stakeholders in
    `period`."""
    return (
        select(
            interaction_stakeholder.c.interaction_id,
            interaction_stakeholder.c.stakeholder_id,
            Interaction.occurred_on,
        )
        .join(Stakeholder, Stakeholder.id == interaction_stakeholder.c.stakeholder_id)
        .join(Interaction, Interaction.id == interaction_stakeholder.c.interaction_id)
        .where(*scoped.conditions, *_period(Interaction.occurred_on, period))
    )


def _activity_tables(report: SynergyReport, user: User | None, scoped) -> None:
    """Fill the activity counts and the follow-ups."""
    counted = _counted_interactions(report, user, scoped).subquery()
    # One pass over the interactions: by day (months are summed here), kind and coordinator,
    # with their overdue follow-ups.
    overdue_now = and_(counted.c.follow_up_on < report.today, counted.c.follow_up_done.is_(False))
    groups = db.session.execute(
        select(
            counted.c.occurred_on,
            counted.c.kind,
            counted.c.logged_by_id,
            func.count(),
            func.count(case((overdue_now, 1))),
        ).group_by(counted.c.occurred_on, counted.c.kind, counted.c.logged_by_id)
    ).all()
    by_month = dict.fromkeys(_months(report.filters, [row[0] for row in groups]), 0)
    by_kind = dict.fromkeys(INTERACTION_KINDS, 0)
    per_user: dict[int | None, int] = defaultdict(int)
    overdue = 0
    for day, kind, user_id, count, late in groups:
        by_month[f"{day:%Y-%m}"] += count
        by_kind[kind] = by_kind.get(kind, 0) + count
        per_user[user_id] += count
        overdue += late
    users = db.session.execute(
        select(User.id, User.email, User.name).where(User.id.in_(list(per_user)))
    ).all()
    emails = {uid: email for uid, email, _name in users}
    report.user_names = {email: name or email for _uid, email, name in users}
    by_user = dict(sorted((emails.get(uid) or NO_USER, count) for uid, count in per_user.items()))
    by_region = dict.fromkeys(report.regions, 0)
    per_area = (
        select(scoped.c.area, func.count(distinct(interaction_stakeholder.c.interaction_id)))
        .join(Stakeholder, Stakeholder.id == interaction_stakeholder.c.stakeholder_id)
        .where(*scoped.conditions)
        .group_by(scoped.c.area)
    )
    period = _period(Interaction.occurred_on, report.filters)
    if period:  # the interactions' dates are only read when a period asks for them
        per_area = per_area.join(
            Interaction, Interaction.id == interaction_stakeholder.c.interaction_id
        ).where(*period)
    for area, count in db.session.execute(per_area):
        if area in by_region:
            by_region[area] = count
    report.activity = {
        "by_month": by_month,
        "by_kind": by_kind,
        "by_user": by_user,
        "by_region": by_region,
    }
    dormant = (
        select(func.count())
        .select_from(Stakeholder)
        .where(*scoped.conditions, is_dormant(report.today, of_all=True))
    )
    report.follow_ups = {
        "overdue": overdue,
        "dormant_stakeholders": db.session.scalar(dormant),
    }


def _months(filters: SynergyFilters, days: list[date]) -> list[str]:
    """Return every month from the period's start (or first day) to its end (or last day)."""
    first = filters.since or (min(days) if days else None)
    last = filters.until or (max(days) if days else None)
    if first is None or last is None or first > last:
        return []
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def coordinator_name(report: SynergyReport, key: str) -> str:
    """Return who `activity["by_user"]`'s `key` is, as a person reads it: their name."""
    return _("Nobody") if key == NO_USER else report.user_names.get(key, key)


def describe_filters(filters: SynergyFilters, labels: Labels) -> str:
    """Return the filters in words ("Régions : 06 · Montréal ; Période : …"), or that
    there are none; dates as the current locale writes them."""
    parts = []
    for label, table, codes in (
        (_("Regions"), "region", filters.regions),
        (_("MRCs"), "mrc", filters.mrcs),
        (_("Themes"), "theme", filters.themes),
        (_("Measures"), "measure", filters.measures),
        (_("Sectors"), "sector", filters.sectors),
        (_("Levels"), "level", filters.levels),
    ):
        if codes:
            named = {"region": labels.area, "mrc": labels.mrc}.get(table)
            words = [named(c) if named else labels.of(table, c) for c in codes]
            parts.append(_("%(label)s: %(values)s", label=label, values=", ".join(words)))
    if filters.since or filters.until:
        since = format_date(filters.since, "long") if filters.since else "…"
        until = format_date(filters.until, "long") if filters.until else "…"
        parts.append(_("Period: %(since)s to %(until)s", since=since, until=until))
    return _("; ").join(parts) or _("None: every stakeholder in scope")


def record_synergy_export(user: User | None, filters: SynergyFilters, fmt: str) -> None:
    """Audit a download of the report (the caller commits)."""
    record(user, "export", "synergy_report", None, None, {**filters.as_json(), "format": fmt})


def tie_selects(user: User | None, filters: SynergyFilters):
    """Return the counted stakeholders and the selects of the active commitments and of the
    joint interactions that tie them, as the report's collaboration counts them (the network
    map, `reports.network_map`, draws that same graph)."""
    scope = SynergyReport(filters, clock.today(), [], _measures(filters), [])
    scoped = _Counted(user, filters)
    joint = _joint_interactions(scope, scoped, filters).with_only_columns(
        interaction_stakeholder.c.interaction_id,
        interaction_stakeholder.c.stakeholder_id,
        maintain_column_froms=True,
    )
    return scoped, _active_commitments(scope, scoped), joint


def committed_by_area(
    user: User | None, report: SynergyReport, measures: list[str] | None = None
) -> dict[str, int]:
    """Return each column of `report` (its regions and `national`) → distinct stakeholders
    with an active commitment to one of `measures` (default: the report's), counted as the
    coverage counts them: for one measure, that measure's row of `report.coverage`."""
    chosen = [m for m in report.measures if measures is None or m in measures]
    scope = SynergyReport(report.filters, report.today, report.regions, chosen, [])
    scoped = _Counted(user, report.filters)
    query = (
        _active_commitments(scope, scoped)
        .with_only_columns(
            scoped.c.area,
            func.count(distinct(Commitment.stakeholder_id)),
            maintain_column_froms=True,
        )
        .group_by(scoped.c.area)
    )
    counts = dict.fromkeys(report.regions, 0)
    for area, count in db.session.execute(query):
        if area in counts:
            counts[area] = count
    return counts
