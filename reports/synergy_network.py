"""Collaboration in the synergy report: ties, cross-sector and cross-level ties, density, brokers.

Two stakeholders are tied when they took part in the same interaction (of the period), hold
active commitments to the same measure in the same region (`national` counting as one
region), or are linked by a relationship current today. A pair is one tie however many of
these link it.

Ties are counted with bit sets, not pair lists: each stakeholder gets an integer whose bits
are its tied stakeholders. A measure shared by 1,000 stakeholders of a region is 500,000
pairs, but only 1,000 bitwise ORs here, so counting stays fast however dense the ties.

Brokers are the stakeholders of highest betweenness centrality (networkx). So that the
graph's size grows with the data and not with the square of a shared commitment, it is the
*affiliation* graph: stakeholders are linked to one node per joint interaction, one node per
(measure, region) commitment group and one node per relationship they belong to. Every tie
is then two steps, so the stakeholders on a shortest path are those of the tie graph (a pair
linked twice, e.g. by a meeting and a commitment, counts as two paths).
Betweenness counts the shortest paths between pairs of *stakeholders* only (a group node is
a go-between, never an end), normalized by the number of pairs of other stakeholders,
(n−1)(n−2)/2. It is exact up to `EXACT_UP_TO` stakeholders; above, it is estimated from
as many source stakeholders as fit `WORK` graph steps (at least `MIN_SOURCES`), drawn with
a fixed seed, so the same data always gives the same brokers; a large graph's brokers are
therefore an estimate, and the report says how many sources each entry used.

The province's graph is every region's at once: above `PROVINCE_GRAPH_UP_TO` nodes and
edges (20,000 stakeholders make about 150,000), its brokers are computed per region, as
the SPEC defines them: the province lists the regions' brokers of highest betweenness, each
scored within its own region (method `per_region`). Counting them on the whole graph took
half of the report's time.

The network measures (components, isolates, communities, reach, the previous period:
`reports.network_measures`) read the same tie sets, built by `tie_sets` from the same rows.
"""

import random
from collections import defaultdict
from datetime import date
from typing import Any

import networkx as nx
from sqlalchemy import Select, func, select

from models import Relationship, db, interaction_stakeholder

PROVINCE = "province"
BROKERS = 3
EXACT_UP_TO = 150
# Above EXACT_UP_TO, as many sources as fit this many graph steps (nodes + edges visited).
WORK = 8_000
MIN_SOURCES = 2
SEED = 2026
PROVINCE_GRAPH_UP_TO = 50_000
PER_REGION = "per_region"


def collaboration(
    scoped, active: Select, joint: Select, areas: list[str], today: date
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Return the collaboration entries of `areas` and `province`, and how betweenness ran."""
    people = counted_people(scoped)
    meetings = _rows(joint_only(joint))
    network = tie_sets(people, _rows(active), meetings, relationships(scoped, today))
    return entries(network, areas)


def counted_people(scoped) -> list:
    """Return the counted stakeholders (id, name, sector, level, area), sorted by area."""
    return _rows(
        select(
            scoped.c.id,
            scoped.c.name,
            scoped.c.sector.label("sector"),
            scoped.c.level,
            scoped.c.area.label("area"),
        )
        .where(*scoped.conditions)
        .order_by(scoped.c.area, scoped.c.id)
    )


def tie_sets(people, commitments, meetings, links: list[tuple[int, int]]) -> "_TieSets":
    """Return the tie graph of `people` from the (stakeholder, measure) rows of active
    commitments, the (interaction, stakeholder) rows of joint interactions and the
    (stakeholder, stakeholder) pairs of current relationships (ids; extra columns ignored)."""
    index = {row.id: i for i, row in enumerate(people)}
    groups = _groups(people, index, commitments, meetings)
    return _TieSets(people, groups, sorted((index[a], index[b]) for a, b in links))


def entries(network: "_TieSets", areas: list[str]):
    """Return the collaboration entries of `areas` and `province`, and how betweenness ran."""
    entries, methods = {}, {}
    for area in areas:
        entries[area], methods[area] = network.entry(area)
    regional = [b for area in areas for b in entries[area]["brokers"]]
    entries[PROVINCE], methods[PROVINCE] = network.entry(None, regional)
    return entries, methods


def _groups(people, index: dict[int, int], commitments, meetings) -> list[list[int]]:
    """Return the stakeholder indexes of each commitment group and each joint interaction."""
    areas = [person.area for person in people]
    by_group: dict[tuple[str, str], list[int]] = defaultdict(list)
    for stakeholder_id, measure, *_ in commitments:
        i = index[stakeholder_id]
        by_group[(measure, areas[i])].append(i)
    by_interaction: dict[int, list[int]] = defaultdict(list)
    for interaction_id, stakeholder_id, *_ in meetings:
        by_interaction[interaction_id].append(index[stakeholder_id])
    # In a stable order whatever order the database returned the rows in, so that Louvain
    # (whose result depends on the order of the nodes) gives the same communities.
    hubs = [by_group[key] for key in sorted(by_group)]
    hubs += [by_interaction[key] for key in sorted(by_interaction)]
    return [hub for hub in hubs if len(hub) > 1]


def joint_only(joint: Select) -> Select:
    """Return `joint` narrowed to the interactions with several participants: only they can
    tie anyone (counted on the plain link table, which its primary key indexes;
    out-of-scope participants drop later)."""
    several = (
        select(interaction_stakeholder.c.interaction_id.label("id"))
        .group_by(interaction_stakeholder.c.interaction_id)
        .having(func.count() > 1)
        .subquery()
    )
    return joint.join(several, several.c.id == interaction_stakeholder.c.interaction_id)


def relationships(scoped, day: date) -> list[tuple[int, int]]:
    """Return the (id, id) pairs of counted stakeholders linked by a relationship current on
    `day`."""
    ids = scoped.ids()
    query = select(Relationship.source_id, Relationship.target_id).where(
        Relationship.source_id.in_(ids),
        Relationship.target_id.in_(ids),
        Relationship.current_on(day),
    )
    return [tuple(row) for row in _rows(query)]


class _TieSets:
    """The tie graph of the counted stakeholders as one bit set of neighbours each."""

    def __init__(self, people, groups: list[list[int]], links: list[tuple[int, int]]):
        self.people = people  # sorted by area, so an area's indexes are one run
        areas = [person.area for person in people]
        self.ranges: dict[str, range] = {}
        for i, area in enumerate(areas):
            if area not in self.ranges:
                self.ranges[area] = range(i, i + areas.count(area))
        self.hubs = [*groups, *links]
        self.hubs_by_area: dict[str, list[list[int]]] = defaultdict(list)
        self.crossing: list[list[int]] = []  # the hubs whose members are of several areas
        for hub in self.hubs:
            within = self.ranges[areas[hub[0]]]
            if within.start <= min(hub) and max(hub) < within.stop:  # most hubs: one area
                self.hubs_by_area[areas[hub[0]]].append(hub)
                continue
            by_area: dict[str, list[int]] = defaultdict(list)
            for i in hub:
                by_area[areas[i]].append(i)
            for area, within in by_area.items():
                if len(within) > 1:
                    self.hubs_by_area[area].append(within)
            if len(by_area) > 1:
                self.crossing.append(hub)
        self.ties = [0] * len(people)
        for group in groups:
            # Shifted from the group's lowest index: small integers are cheaper to build.
            low = min(group)
            mask = sum(1 << (i - low) for i in set(group)) << low
            for i in group:
                self.ties[i] |= mask
        for a, b in links:
            self.ties[a] |= 1 << b
            self.ties[b] |= 1 << a
        for i in {i for group in groups for i in group}:  # a group's mask holds its members
            self.ties[i] ^= 1 << i
        self.sectors = [person.sector for person in people]
        self.levels = [person.level for person in people]
        sector_sets, level_sets = _sets(self.sectors), _sets(self.levels)
        with_sector = sum(sector_sets.values())
        # Whom a stakeholder of a sector (a level) would tie across sectors (levels).
        self.other_sectors = {k: with_sector & ~members for k, members in sector_sets.items()}
        self.other_levels = {k: ~members for k, members in level_sets.items()}
        # Each area's (None: the province's) degrees, in the order of its members.
        self.degrees: dict[str | None, list[int]] = {}

    def members(self, area: str | None) -> range:
        """Return the indexes of the stakeholders of `area` (None: all of them)."""
        if area is None:
            return range(len(self.people))
        return self.ranges.get(area, range(0))

    def hubs_of(self, area: str | None) -> list[list[int]]:
        """Return the hubs of `area` (None: the province), each its members in `area`."""
        return self.hubs if area is None else self.hubs_by_area.get(area, [])

    def too_large(self, area: str | None) -> bool:
        """Return whether `area` is a province whose affiliation graph is too large to
        measure as one (its brokers and communities then come from its regions)."""
        hubs = self.hubs_of(area)
        size = len(self.members(area)) + len(hubs) + sum(map(len, hubs))
        return area is None and size > PROVINCE_GRAPH_UP_TO

    def entry(self, area: str | None, regional: list[dict] = ()) -> tuple[dict[str, Any], str]:
        """Return the collaboration numbers of `area` (None: the province, whose brokers
        come from the `regional` ones when its graph is too large), and how betweenness
        ran."""
        numbers = self.counts(area)
        if self.too_large(area):
            brokers, method = _best(regional), PER_REGION
        else:
            brokers, method = self._brokers(self.members(area), self.hubs_of(area))
        return {**numbers, "brokers": brokers}, method

    def counts(self, area: str | None, cross: bool = True) -> dict[str, Any]:
        """Return the stakeholders, ties, cross-sector and cross-level ties (unless not
        `cross`) and density of `area` (None: the province), and keep each member's degree in
        `degrees[area]`."""
        members = self.members(area)
        inside = ((1 << members.stop) - 1) ^ ((1 << members.start) - 1)
        ties = cross_sector = cross_levels = 0
        other_sectors, other_levels = self.other_sectors, self.other_levels
        whole = area is None  # every tie is inside the province
        sectors = self.sectors[members.start : members.stop]
        levels = self.levels[members.start : members.stop]
        self.degrees[area] = degrees = []
        for i, sector, level in zip(members, sectors, levels, strict=True):
            tied = self.ties[i] if whole else self.ties[i] & inside
            if not tied:
                degrees.append(0)
                continue
            degree = tied.bit_count()
            degrees.append(degree)
            ties += degree
            if not cross:
                continue
            if sector is not None:
                cross_sector += (tied & other_sectors[sector]).bit_count()
            cross_levels += (tied & other_levels[level]).bit_count()
        n = len(members)
        return {
            "stakeholders": n,
            "ties": ties // 2,
            "cross_sector_ties": cross_sector // 2,
            "cross_level_ties": cross_levels // 2,
            "density": round(ties / (n * (n - 1)), 4) if n > 1 else 0,
        }

    def _brokers(self, members: range, hubs: list) -> tuple[list[dict], str]:
        """Return the top stakeholders by betweenness among `members`, and the method used."""
        n = len(members)
        if n < 3 or not hubs:
            return [], "exact"
        graph = nx.Graph()
        graph.add_nodes_from(members)
        # Hubs are negative numbers, stakeholders their (non-negative) indexes.
        graph.add_edges_from((-number, i) for number, hub in enumerate(hubs, 1) for i in hub)
        sources = members
        method = "exact"
        size = graph.number_of_nodes() + graph.number_of_edges()
        k = max(MIN_SOURCES, WORK // size)
        if n > EXACT_UP_TO and k < n:
            sources = random.Random(SEED).sample(members, k)
            method = f"sampled:{k}/{n}"
        raw = nx.betweenness_centrality_subset(graph, sources, members, normalized=False)
        pairs = (n - 1) * (n - 2) / 2
        chosen = set(sources)
        k = len(sources)
        scores = []
        for i in members:
            if raw[i] <= 0:
                continue
            # Estimate all pairs from the sampled sources (a source is never its own go-between).
            scale = 1 if k == n else (n - 1) / (k - 1 if i in chosen else k)
            scores.append((raw[i] * scale / pairs, i))
        scores.sort(key=lambda item: (-item[0], self.people[item[1]].name, item[1]))
        return [
            {"id": self.people[i].id, "name": self.people[i].name, "betweenness": round(b, 4)}
            for b, i in scores[:BROKERS]
        ], method


def _sets(values: list) -> dict[str, int]:
    """Return, for each value of `values` (None aside), the bit set of its indexes."""
    sets: dict[str, int] = defaultdict(int)
    for i, value in enumerate(values):
        if value is not None:
            sets[value] |= 1 << i
    return dict(sets)


def _rows(query: Select) -> list:
    """Return the rows of a select of plain columns (Core: no ORM work per row)."""
    return db.session.connection().execute(query).all()


def _best(brokers: list[dict]) -> list[dict]:
    """Return the BROKERS of highest betweenness among `brokers` (ties by name, then id)."""
    return sorted(brokers, key=lambda b: (-b["betweenness"], b["name"], b["id"]))[:BROKERS]
