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
from array import array
from collections import defaultdict
from datetime import date
from functools import cached_property
from itertools import repeat
from operator import and_, sub
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
STREAM_BATCH = 10_000
# Bit sets of more indexes than this are set in an array of bytes (`_mask`).
MASKED_BY_ADDING_UP_TO = 16


def counted_people(scoped) -> "People":
    """Return the counted stakeholders as columns (`People`), sorted by area, then id."""
    return People(
        _stream(
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
    )


class People:
    """The counted stakeholders as columns, sorted by area (so that an area's indexes are
    one run): ids, names, sectors, levels and areas, index by index.

    Columns rather than a row object each, and the repeated codes (sectors, levels,
    areas) kept once each: the report holds 100,000 of them while it runs.
    """

    def __init__(self, rows):
        self.ids = array("q")
        self.names: list[str] = []
        self.sectors: list[str | None] = []
        self.levels: list[str] = []
        self.areas: list[str] = []
        self.starts = array("l")  # the index where each one's area starts
        self.ranges: dict[str, range] = {}
        codes: dict = {}  # one copy of each code
        start = 0
        for i, (sid, name, sector, level, area) in enumerate(rows):
            if not self.areas or area != self.areas[-1]:
                if self.areas:
                    self.ranges[self.areas[-1]] = range(start, i)
                start = i
            self.ids.append(sid)
            self.names.append(name)
            self.sectors.append(codes.setdefault(sector, sector))
            self.levels.append(codes.setdefault(level, level))
            self.areas.append(codes.setdefault(area, area))
            self.starts.append(start)
        if self.areas:
            self.ranges[self.areas[-1]] = range(start, len(self.areas))
        self.index = {sid: i for i, sid in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def others(self) -> tuple[dict[str, int], dict[str, int]]:
        """Return, for each sector (each level), the bit set of whom one of its stakeholders
        would tie across sectors (across levels); the same for both periods' graphs."""
        sector_sets, level_sets = _sets(self.sectors), _sets(self.levels)
        with_sector = sum(sector_sets.values())
        return (
            {k: with_sector & ~members for k, members in sector_sets.items()},
            {k: ~members for k, members in level_sets.items()},
        )


def tie_sets(people: "People", commitments, meetings, links: list[tuple[int, int]]) -> "_TieSets":
    """Return the tie graph of `people` from the (stakeholder, measure) rows of active
    commitments, the (interaction, stakeholder) rows of joint interactions and the
    (stakeholder, stakeholder) pairs of current relationships (ids; extra columns ignored)."""
    groups = _groups(people, commitments, meetings)
    index = people.index
    return _TieSets(people, groups, sorted((index[a], index[b]) for a, b in links))


def _groups(people: "People", commitments, meetings) -> list[list[int]]:
    """Return the stakeholder indexes of each commitment group and each joint interaction."""
    index, areas = people.index, people.areas
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
    """The tie graph of the counted stakeholders: its hubs, and one bit set of neighbours
    per stakeholder, built for one area at a time (`ties_of`).

    A stakeholder's bit set holds its neighbours *of its own area*, bit 0 being the area's
    first member; `away` holds the (rare) neighbours of other areas, as indexes. Bit sets
    over the province's indexes cost as many bytes as the index of their highest neighbour
    (at 100,000 stakeholders, kilobytes each: the report peaked at 2 GB with both periods'
    graphs); over the area, as many as its size, and only one area's are held at once
    (Montréal's 22,000 stakeholders: 52 MB; all areas together were 140 MB).
    """

    def __init__(self, people: "People", groups: list[list[int]], links: list[tuple[int, int]]):
        self.people = people  # sorted by area, so an area's indexes are one run
        areas = people.areas
        self.ranges = people.ranges
        self.hubs = [*groups, *links]
        self.hubs_by_area: dict[str, list[list[int]]] = defaultdict(list)
        self.crossing: list[list[int]] = []  # the hubs whose members are of several areas
        away: dict[int, set[int]] = defaultdict(set)
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
                for i in hub:
                    away[i].update(j for j in hub if areas[j] != areas[i])
        self.away = dict(away)
        self.sectors = people.sectors
        self.levels = people.levels
        self.other_sectors, self.other_levels = people.others
        # Each area's (None: the province's) degrees, in the order of its members.
        self.degrees: dict[str | None, list[int]] = {}
        self._ties: tuple[str | None, list[int]] = (None, [])  # the last area's bit sets
        self._sums: dict[tuple[str, bool], tuple] = {}  # see `_counts`

    def ties_of(self, area: str) -> list[int]:
        """Return the bit sets of `area`'s members (bit 0: the area's first member), kept
        until another area's are asked for."""
        if self._ties[0] != area:
            self._ties = (None, [])  # the previous area's go first
            members = self.members(area)
            start = members.start
            ties = [0] * len(members)
            hubs = self.hubs_by_area.get(area, [])
            for hub in hubs:
                # Shifted from the hub's lowest index: small integers are cheaper to build.
                low = min(hub)
                mask = _mask(set(hub), low) << (low - start)
                for i in hub:
                    ties[i - start] |= mask
            for i in {i for hub in hubs for i in hub}:  # a hub's mask holds its members
                ties[i - start] ^= 1 << (i - start)
            self._ties = (area, ties)
        return self._ties[1]

    def forget(self) -> None:
        """Let the last area's bit sets go (before other large work)."""
        self._ties = (None, [])

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
        if self.too_large(area):
            brokers, method = _best(regional), PER_REGION
        else:  # first, while no area's bit sets are held: its graph is the larger
            self.forget()
            brokers, method = self._brokers(self.members(area), self.hubs_of(area))
        return {**self.counts(area), "brokers": brokers}, method

    def counts(self, area: str | None, cross: bool = True) -> dict[str, Any]:
        """Return the stakeholders, ties, cross-sector and cross-level ties (unless not
        `cross`) and density of `area` (None: the province), and keep each member's degree in
        `degrees[area]`."""
        if area is None:  # the province: its areas' members, with their ties away too
            parts = [self._counts(a, cross)[1] for a in self.ranges]
            ties, cross_sector, cross_levels = (sum(part[k] for part in parts) for k in range(3))
            self.degrees[None] = [d for part in parts for d in part[3]]
        else:
            ties, cross_sector, cross_levels, self.degrees[area] = self._counts(area, cross)[0]
        n = len(self.members(area))
        return {
            "stakeholders": n,
            "ties": ties // 2,
            "cross_sector_ties": cross_sector // 2,
            "cross_level_ties": cross_levels // 2,
            "density": round(ties / (n * (n - 1)), 4) if n > 1 else 0,
        }

    def _counts(self, area: str, cross: bool) -> tuple[tuple, tuple]:
        """Return the sums of the degrees, cross-sector and cross-level ties of `area`'s
        members and their degrees: within the area, and with their ties to other areas (the
        province's part). Counted once per area, with `map` over the bit sets (no Python
        loop per member but for the few with ties away)."""
        known = self._sums.get((area, cross)) or self._sums.get((area, True))
        if known:
            return known
        members = self.members(area)
        start, stop = members.start, members.stop
        ties = self.ties_of(area)
        degrees = list(map(int.bit_count, ties))
        cross_sector = cross_levels = 0
        if cross:
            # Whom a member of a sector (a level) would tie across sectors (levels), in the
            # area's bits; nobody for a member without a sector.
            other_sectors = {k: bits >> start for k, bits in self.other_sectors.items()}
            other_sectors[None] = 0
            other_levels = {k: bits >> start for k, bits in self.other_levels.items()}
            sectors = map(other_sectors.__getitem__, self.sectors[start:stop])
            levels = map(other_levels.__getitem__, self.levels[start:stop])
            cross_sector = sum(map(int.bit_count, map(and_, ties, sectors)))
            cross_levels = sum(map(int.bit_count, map(and_, ties, levels)))
        within = (sum(degrees), cross_sector, cross_levels, degrees)
        overall = [*within[:3], list(degrees)]
        for i in [i for i in self.away if start <= i < stop]:
            elsewhere = self.away[i]
            overall[0] += len(elsewhere)
            overall[3][i - start] += len(elsewhere)
            sector, level = self.sectors[i], self.levels[i]
            for j in elsewhere if cross else ():
                overall[1] += sector is not None and self.sectors[j] not in (None, sector)
                overall[2] += self.levels[j] != level
        self._sums[(area, cross)] = (within, tuple(overall))
        return self._sums[(area, cross)]

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
        scores.sort(key=lambda item: (-item[0], self.people.names[item[1]], item[1]))
        return [
            {"id": self.people.ids[i], "name": self.people.names[i], "betweenness": round(b, 4)}
            for b, i in scores[:BROKERS]
        ], method


def _mask(indexes, low: int = 0) -> int:
    """Return the bit set of `indexes` (distinct), bit 0 being `low`.

    A few indexes (most hubs: a meeting's participants) are added up as integers through
    `map`. More are set in an array of bytes, which then becomes the integer: adding up
    integers of thousands of bits, one new integer per index, took a sector's or a level's
    bit set over 100,000 stakeholders 27 to 177 ms, and about a fifteenth of the report's
    time in all. (NumPy sets the bytes a little faster, but loading it costs the report's
    process 18 MB of its 400.)"""
    if len(indexes) <= MASKED_BY_ADDING_UP_TO:
        return sum(map((1).__lshift__, map(sub, indexes, repeat(low))))
    bits = bytearray(((max(indexes) - low) >> 3) + 1)
    for i in indexes:
        i -= low
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


def _sets(values: list) -> dict[str, int]:
    """Return, for each value of `values` (None aside), the bit set of its indexes."""
    indexes: dict[str, list[int]] = defaultdict(list)
    for i, value in enumerate(values):
        if value is not None:
            indexes[value].append(i)
    return {value: _mask(found) for value, found in indexes.items()}


def _stream(query: Select):
    """Yield the rows of a select of plain columns, fetched a batch at a time (a server-side
    cursor on PostgreSQL): never all of them in memory at once."""
    result = db.session.connection().execute(query.execution_options(yield_per=STREAM_BATCH))
    for batch in result.partitions():
        yield from batch


def _rows(query: Select) -> list:
    """Return the rows of a select of plain columns (Core: no ORM work per row)."""
    return db.session.connection().execute(query).all()


def _best(brokers: list[dict]) -> list[dict]:
    """Return the BROKERS of highest betweenness among `brokers` (ties by name, then id)."""
    return sorted(brokers, key=lambda b: (-b["betweenness"], b["name"], b["id"]))[:BROKERS]
