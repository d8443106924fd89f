"""Network measures a board can act on (SPEC §5, Network), per region and for the province.

They read the report's tie graph (`reports.synergy_network`: the same definition of a tie,
the same bit sets). With n the stakeholders of an area and a stakeholder's degree the
number of others of the area it is tied to:

- **components**: the connected components of two or more stakeholders (islands);
- **isolates**: the stakeholders tied to nobody of the area;
- **average degree**: 2 · ties / n (0 when n = 0);
- **degree centralization** (Freeman): Σ (highest degree − degree) / ((n − 1)(n − 2)),
  0 when n < 3: 1 for a star, 0 when everyone has as many ties as everyone else;
- **communities**: Louvain (networkx `louvain_communities`, seed `SEED`); those of two or
  more stakeholders, largest first, each with its size, its sectors (code → stakeholders)
  and whether it mixes several;
- **reach**: for each stakeholder, how many distinct others are within two ties; the
  `REACHERS` best (ties by name, then id).

**Previous period.** With a period [since, until] (until defaulting to today), the previous
period is the same number of days ending the day before `since`: interactions that occurred
in it, commitments committed in it (their status as today), relationships current on its
last day. With no start date, "previous" is the network as it stood 90 days before the
period's end (today when no period is chosen): interactions and dated commitments up to that
day, undated commitments when the current network counts them, relationships current that
day. Both periods count the same stakeholders (those counted today). The current network is
the collaboration table's. `change` is now minus then.

**Speed** (20,000 stakeholders make 4 million ties). One fetch of the commitment and
interaction rows of both periods, split in Python. Components come from a union-find over
the hubs (commitment groups, joint interactions, relationships), never the pairs; isolates
and degrees from the bit sets' counts the collaboration table already makes; the
province's components start from its areas' and join only the hubs that cross areas.
Reach is exact for everyone: each stakeholder's two-step set is the union of its hubs'
neighbourhoods (a hub's members and their neighbours: one OR of bit sets per member).
Louvain runs on the tie graph itself up to `LOUVAIN_TIES_UP_TO` ties: exact. Above, the
tie graph is too dense for networkx (a region of 4,000 stakeholders has 1.9 million ties;
even its affiliation graph takes 0.4 s), so Louvain runs on a graph of groups: each
stakeholder of a hub of `GROUP_FROM` members or more (a commitment group, a large
meeting) stands with the largest such hub it belongs to; one without stands with the group
most of its smaller hubs' partners stand with, or alone; two groups are linked by the number
of pairs their hubs tie (a group's own pairs are a loop, which networkx takes as a community
already formed). When the province's graph is too large for its brokers
(`synergy_network.PROVINCE_GRAPH_UP_TO`), its communities and reach are its regions', each
counted within its region, as its brokers are.
"""

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from heapq import nsmallest
from operator import or_
from typing import Any

import networkx as nx

from reports.synergy_network import (
    PER_REGION,
    PROVINCE,
    SEED,
    _stream,
    joint_only,
    relationships,
    tie_sets,
)

REACHERS = 3
LOOK_BACK_DAYS = 90
LOUVAIN_TIES_UP_TO = 2_000
GROUP_FROM = 5  # hubs of this many members or more gather stakeholders into a group
TIE_GRAPH, GROUPED = "tie_graph", "grouped"
CHANGES = ("components", "isolates", "average_degree", "degree_centralization", "density", "ties")


@dataclass(frozen=True)
class Period:
    """Which rows make a network: dates from `since` to `until` (None: open), undated
    commitments or not, relationships current on `day`."""

    since: date | None
    until: date | None
    undated: bool
    day: date

    def days(self) -> tuple[int, int]:
        """Return the period's first and last days as ordinals (an open end: the first or
        last day there is)."""
        return (self.since or date.min).toordinal(), (self.until or date.max).toordinal()


def periods(since: date | None, until: date | None, today: date) -> tuple[Period, Period]:
    """Return the current period of the report's filters and the previous one (see above)."""
    current = Period(since, until, since is None and until is None, today)
    end = until or today
    if since is None:
        cutoff = end - timedelta(days=LOOK_BACK_DAYS)
        return current, Period(None, cutoff, current.undated, cutoff)
    days = max((end - since).days + 1, 1)
    last = since - timedelta(days=1)
    return current, Period(since - timedelta(days=days), last, False, last)


def window(current: Period, previous: Period) -> Period:
    """Return the period whose rows hold both periods' (fetched once, split in Python)."""
    return Period(previous.since, current.until, current.undated, current.day)


def periods_json(current: Period, previous: Period) -> dict[str, dict[str, str | None]]:
    """Return both periods as the JSON writes them (ISO dates; the current one ends today
    when open)."""

    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "current": {"since": iso(current.since), "until": iso(current.until or current.day)},
        "previous": {"since": iso(previous.since), "until": iso(previous.until)},
    }


def network_report(
    scoped, people, commitment_rows: "Dated", joint, areas: list[str], both: tuple[Period, Period]
):
    """Return the collaboration entries of `areas` and `province` and how betweenness ran,
    their network measures, and how each area's communities were found. `people` are the
    counted stakeholders (`synergy_network.counted_people`), `commitment_rows` the
    (stakeholder, measure, date) of their active commitments and `joint` selects the
    (interaction, stakeholder, date) of joint interactions, both over `window(*both)`."""
    meeting_rows = Dated(joint_only(joint))

    def graph(period: Period):
        return tie_sets(
            people,
            commitment_rows.of(period),
            meeting_rows.of(period),
            relationships(scoped, period.day),
        )

    # One period's graph at a time: each holds a bit set per stakeholder.
    current = graph(both[0])
    now, how, collaboration, methods = _Measures(current).of(areas)
    del current
    previous = graph(both[1])
    before, _how, counts, _none = _Measures(previous).of(areas, collaboration=False)
    del previous
    network = {}
    for area in [*areas, PROVINCE]:
        then = {**before[area], "ties": counts[area]["ties"], "density": counts[area]["density"]}
        here = {**now[area], "ties": collaboration[area]["ties"]}
        here["density"] = collaboration[area]["density"]
        change = {key: round(here[key] - then[key], 4) for key in CHANGES}
        network[area] = {**now[area], "previous": then, "change": change}
    return collaboration, methods, network, how


class Dated:
    """The rows (two ids or codes, and a date) of a select, as compact columns: read once
    for both periods, split by `of`. As row objects (a Row and its tuple each) they were
    32 MB at 20,000 stakeholders; as columns, about 7 MB at 100,000."""

    def __init__(self, query):
        self.first, self.second, self.days = array("q"), [], array("l")
        codes: dict = {}  # one copy of each code
        for first, second, day in _stream(query):
            self.first.append(first)
            self.second.append(codes.setdefault(second, second))
            self.days.append(day.toordinal() if day else 0)

    def of(self, period: Period):
        """Yield the (first, second) of the rows of `period` (undated ones if it counts
        them)."""
        low, high = period.days()
        for first, second, day in zip(self.first, self.second, self.days, strict=True):
            if (low <= day <= high) if day else period.undated:
                yield first, second


class _Measures:
    """The measures of one tie graph (`synergy_network._TieSets`), area by area."""

    def __init__(self, network):
        self.network = network

    def of(self, areas: list[str], collaboration: bool = True) -> tuple[dict, dict, dict, dict]:
        """Return the measures of `areas` and of the province and how their communities were
        found, then their collaboration entries and how betweenness ran (without
        `collaboration`: their counts without cross ties, and no methods). Area by area, so
        that each area's bit sets are built once and held alone."""
        network = self.network
        measures, methods, views, entries, how = {}, {}, [], {}, {}
        for area in areas:
            if collaboration:
                entries[area], how[area] = network.entry(area)
            else:
                entries[area] = network.counts(area, cross=False)
            views.append(view := _View(network, area))
            measures[area], methods[area] = view.measures()
        if collaboration:
            regional = [b for area in areas for b in entries[area]["brokers"]]
            entries[PROVINCE], how[PROVINCE] = network.entry(None, regional)
        else:
            entries[PROVINCE] = network.counts(None, cross=False)
        # The province's components are its areas' joined by the hubs that cross areas.
        roots = list(range(len(network.people)))
        for view in views:
            roots[view.members.start : view.members.stop] = view.root
        every = sum(len(view.members) for view in views) == len(network.people)
        province = _View(network, None, roots if every else None)
        if network.too_large(None):
            measures[PROVINCE], _method = province.measures(communities=False)
            found = [c for area in areas for c in measures[area]["communities"]]
            measures[PROVINCE]["communities"] = _largest_first(found)
            best = [r for area in areas for r in measures[area]["reach"]]
            measures[PROVINCE]["reach"] = _best(best)
            methods[PROVINCE] = PER_REGION
        else:
            measures[PROVINCE], methods[PROVINCE] = province.measures()
        return measures, methods, entries, how


class _View:
    """One area's (or the province's) part of a tie graph, with its components."""

    def __init__(self, network, area: str | None, roots: list[int] | None = None):
        self.network, self.area = network, area
        self.members = network.members(area)
        self.start = self.members.start
        self.whole = area is None
        if area not in network.degrees:
            network.counts(area, cross=False)
        self.degrees = network.degrees[area]
        self.hubs = network.hubs_of(area)
        self.local: list[int] | None = None  # the province's, see `neighbours`
        self.root = self._union_find(roots)
        self.components = Counter(self.root)

    def _union_find(self, roots: list[int] | None) -> list[int]:
        """Return each member's component root, joining the members of each hub (or, from
        the areas' `roots`, of each hub that crosses areas)."""
        start = self.start
        parent = list(roots) if roots is not None else list(self.members)

        def find(i: int) -> int:
            while parent[i - start] != i:
                parent[i - start] = parent[parent[i - start] - start]
                i = parent[i - start]
            return i

        for hub in self.network.crossing if roots is not None else self.hubs:
            first = find(hub[0])
            for i in hub[1:]:
                other = find(i)
                if other != first:
                    parent[other - start] = first
        return [find(i) for i in self.members]

    def measures(self, communities: bool = True) -> tuple[dict[str, Any], str]:
        """Return the view's measures, and how its communities were found."""
        n, degrees = len(self.members), self.degrees
        ties = sum(degrees) // 2
        top = max(degrees, default=0)
        spread = n * top - 2 * ties
        found, method = self.communities() if communities else ([], TIE_GRAPH)
        return {
            "components": sum(1 for size in self.components.values() if size > 1),
            "isolates": degrees.count(0),
            "average_degree": round(2 * ties / n, 4) if n else 0,
            "degree_centralization": round(spread / ((n - 1) * (n - 2)), 4) if n > 2 else 0,
            "communities": found,
            "reach": self.reach() if communities else [],
        }, method

    def tied(self, i: int) -> int:
        """Return the bit set of `i`'s neighbours within the view, shifted to its start."""
        return self.neighbours()[i - self.start]

    def neighbours(self) -> list[int]:
        """Return each member's neighbours within the view, as bit sets shifted to its start
        (an area's are the tie graph's, held by it for one area at a time)."""
        network = self.network
        if not self.whole:
            return network.ties_of(self.area)
        if self.local is None:  # over the province's indexes, with the ties to other areas
            starts, away = network.people.starts, network.away
            ties = (t for area in network.ranges for t in network.ties_of(area))
            self.local = [
                (t << starts[i]) | sum(1 << j for j in away.get(i, ())) for i, t in enumerate(ties)
            ]
        return self.local

    # Communities ---------------------------------------------------------------------------

    def communities(self) -> tuple[list[dict[str, Any]], str]:
        """Return the Louvain communities of two or more stakeholders, and the graph used."""
        if sum(self.degrees) // 2 <= LOUVAIN_TIES_UP_TO:
            graph, members, method = self._tie_graph(), None, TIE_GRAPH
        else:
            (graph, members), method = self._grouped_graph(), GROUPED
        found = []
        for nodes in nx.community.louvain_communities(graph, seed=SEED):
            people = sorted(p for node in nodes for p in (members[node] if members else [node]))
            if len(people) > 1:
                found.append(self._community(people))
        return _largest_first(found), method

    def _tie_graph(self) -> nx.Graph:
        """Return the tie graph of the view's stakeholders who have a tie."""
        graph = nx.Graph()
        start = self.start
        members = [i for i, d in zip(self.members, self.degrees, strict=True) if d]
        graph.add_nodes_from(members)
        for i in members:
            later = self.tied(i) >> (i - start + 1)
            while later:
                low = later & -later
                graph.add_edge(i, i + low.bit_length())
                later ^= low
        return graph

    def _grouped_graph(self) -> tuple[nx.Graph, dict[int, list[int]]]:
        """Return the graph of groups (see the module docstring) and each node's members."""
        home: dict[int, int] = {}  # stakeholder → its group (~hub number), or itself
        large = [(number, hub) for number, hub in enumerate(self.hubs) if len(hub) >= GROUP_FROM]
        for number, hub in sorted(large, key=lambda item: -len(item[1])):
            for i in hub:
                home.setdefault(i, ~number)
        small = [hub for hub in self.hubs if len(hub) < GROUP_FROM]
        votes: dict[int, dict[int, int]] = {}
        for hub in small:
            homes = [home[j] for j in hub if j in home]
            if homes and len(homes) < len(hub):
                for i in hub:
                    if i not in home:
                        counted = votes.setdefault(i, {})
                        for group in homes:
                            counted[group] = counted.get(group, 0) + 1
        for i, counted in votes.items():
            home[i] = max(counted.items(), key=lambda item: (item[1], item[0]))[0]
        members: dict[int, list[int]] = defaultdict(list)
        for i, d in zip(self.members, self.degrees, strict=True):
            if d:
                members[home.setdefault(i, i)].append(i)
        # Two groups are linked by the pairs their hubs tie: pair by pair in a small hub,
        # by counts of members in a large one.
        weights: dict[tuple[int, int], int] = defaultdict(int)
        for hub in small:
            for k, i in enumerate(hub):
                for j in hub[k + 1 :]:
                    a, b = home[i], home[j]
                    weights[(a, b) if a <= b else (b, a)] += 1
        for _number, hub in large:
            tally = sorted(Counter(map(home.__getitem__, hub)).items())
            for k, (a, count) in enumerate(tally):
                weights[a, a] += count * (count - 1) // 2
                for b, other in tally[k + 1 :]:
                    weights[a, b] += count * other
        graph = nx.Graph()
        graph.add_nodes_from(sorted(members))
        graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()) if w)
        return graph, members

    def _community(self, people: list[int]) -> dict[str, Any]:
        sectors = Counter(self.network.sectors[i] for i in people if self.network.sectors[i])
        ordered = dict(sorted(sectors.items(), key=lambda item: (-item[1], item[0])))
        return {"size": len(people), "sectors": ordered, "mixed": len(ordered) > 1}

    # Reach -------------------------------------------------------------------------------

    def reach(self) -> list[dict[str, Any]]:
        """Return the REACHERS stakeholders who reach the most others within two ties.

        A stakeholder's two-step set is the union of its hubs' neighbourhoods (a hub's
        members and all their neighbours: each member is its partners' neighbour), counted
        one stakeholder at a time: kept for everyone, these sets were as large as the tie
        graph (50 MB for a region of 22,000). A large hub's neighbourhood is kept (it is
        shared by many), a small one's made again for each of its few members.
        """
        start, people = self.start, self.network.people
        local = self.neighbours()
        hubs: list[list[int | list[int]]] = [[] for _ in self.members]
        for hub in self.hubs:
            at = [j - start for j in hub] if start else hub
            if len(at) >= GROUP_FROM:
                at = reduce(or_, map(local.__getitem__, at))
            for k in hub:
                hubs[k - start].append(at)

        def counts():
            for k, i in enumerate(self.members):
                bits = 0
                for at in hubs[k]:
                    bits |= at if isinstance(at, int) else reduce(or_, map(local.__getitem__, at))
                if bits:
                    yield 1 - bits.bit_count(), people.names[i], people.ids[i]

        return [
            {"id": sid, "name": name, "reach": -minus}
            for minus, name, sid in nsmallest(REACHERS, counts())
        ]


def _largest_first(communities: list[dict]) -> list[dict]:
    """Return `communities` largest first (then by their sectors, for a stable order)."""
    return sorted(communities, key=lambda c: (-c["size"], sorted(c["sectors"].items())))


def _best(reachers: list[dict]) -> list[dict]:
    """Return the REACHERS of highest reach among `reachers` (ties by name, then id)."""
    return sorted(reachers, key=lambda r: (-r["reach"], r["name"], r["id"]))[:REACHERS]
