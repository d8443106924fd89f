"""The network map (`/network`): the synergy report's collaboration graph, laid out to draw.

The graph is the report's (`reports.synergy_network`), under the report's filters and
through its own selects (`reports.synergy.tie_selects`): two stakeholders of the user's
scope are tied by a joint interaction of the period, active commitments to the same measure
in the same region, or a relationship current today. What the map adds:

- **One line a pair**, of its strongest kind: a declared tie (a relationship), else a joint
  interaction, else a shared commitment. A declared tie carries its intensity (the
  strongest, when a pair has several); the others, how many interactions and commitment
  groups the pair shares.
- **Degree**: how many stakeholders one is tied to, in the whole filtered graph (not only
  the drawn part).
- **What is drawn**: stakeholders tied to nobody (isolates) are counted, never drawn; above
  `MAX_NODES` tied ones, the most connected (ties broken by name), the others counted;
  above `MAX_EDGES` lines between them, each one's strongest and then the strongest
  (declared ties, then joint interactions, then shared commitments; the most intense or
  most shared first), the others counted. A dense region (a measure shared by hundreds)
  stays a picture.
- **Brokers**: the `BROKERS` of highest betweenness centrality in the drawn graph
  (networkx, exact: it has at most `MAX_NODES` nodes).
- **Layout**: networkx's spring layout (Fruchterman-Reingold) of the drawn graph with a
  fixed seed, so the same data always gives the same picture; each axis within [0, 1].

`network_map(user, filters)` remembers its result (`models.cache`) until the data it reads
changes, keyed by the user's scope and the filters: the layout is computed once.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import networkx as nx
from sqlalchemy import func, select

from models import Relationship, User, Vocabulary, clock, db, interaction_stakeholder
from models.audit import record
from models.cache import remembered
from models.scoping import visible_scope
from reports.synergy import SynergyFilters, tie_selects

MAX_NODES = 250
MAX_EDGES = 1500
BROKERS = 3
SEED = 2026
ASPECT = 1.1  # the map's graph area, width over height
# Three times networkx's default distance between nodes: hubs' neighbours spread out.
SPREAD = 3.0
PADDING = 0.08  # of each part's square, kept empty between parts
DECLARED, INTERACTION, COMMITMENT = "declared", "interaction", "commitment"
KINDS = (DECLARED, INTERACTION, COMMITMENT)  # the strongest first
# What the map reads: it is computed again once any of these changed (audited types).
DEPENDS_ON = (
    "stakeholder",
    "commitment",
    "interaction",
    "relationship",
    "import_batch",
    "change_batch",
)


@dataclass(frozen=True)
class Node:
    """A drawn stakeholder: who, its degree, and where (x and y within [0, 1])."""

    id: int
    name: str
    sector: str | None
    area: str  # a region code, or "national"
    degree: int
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    """A drawn tie between the nodes of indexes `source` and `target`."""

    source: int
    target: int
    kind: str  # DECLARED, INTERACTION or COMMITMENT
    intensity: str | None  # a declared tie's (None: nobody said)
    shared: int  # interactions and commitment groups the pair shares


@dataclass(frozen=True)
class NetworkMap:
    """The drawn part of the graph and what was left out of it."""

    nodes: tuple[Node, ...]  # the most connected first
    edges: tuple[Edge, ...]
    brokers: tuple[int, ...]  # node indexes, the highest betweenness first
    stakeholders: int  # every stakeholder counted, drawn or not
    hidden: int  # tied to someone but not drawn (above MAX_NODES)
    isolates: int  # tied to nobody
    hidden_edges: int  # ties between drawn nodes not drawn (above MAX_EDGES)


def network_map(user: User | None, filters: SynergyFilters) -> NetworkMap:
    """Return the map of `user`'s scope under `filters`, remembered until the data changes."""
    return remembered(
        "network-map",
        (visible_scope(user), filters),
        lambda: compute_network_map(user, filters),
        DEPENDS_ON,
        big=True,  # 150 to 300 kB laid out
    )


def compute_network_map(
    user: User | None, filters: SynergyFilters, today: date | None = None
) -> NetworkMap:
    """Compute the map of `user`'s scope (None: everything) under `filters`."""
    scoped, active, joint = tie_selects(user, filters)
    people = _rows(
        select(
            scoped.c.id,
            scoped.c.name,
            scoped.c.sector.label("sector"),
            scoped.c.area.label("area"),
        )
        .where(*scoped.conditions)
        .order_by(scoped.c.id)
    )
    index = {row.id: i for i, row in enumerate(people)}
    commitments, interactions = _groups(index, people, active, joint)
    rank = _intensity_ranks()
    declared = _declared(scoped, index, today or clock.today(), rank)
    degree = _degrees(len(people), [*commitments, *interactions], declared)
    tied = [i for i, d in enumerate(degree) if d]
    tied.sort(key=lambda i: (-degree[i], people[i].name, people[i].id))
    shown = tied[:MAX_NODES]
    edges = _edges({i: k for k, i in enumerate(shown)}, commitments, interactions, declared, rank)
    drawn = _strongest(edges, MAX_EDGES)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(shown)))
    graph.add_edges_from((e.source, e.target) for e in drawn)
    places = _layout(graph)
    nodes = tuple(
        Node(p.id, p.name, p.sector, p.area, degree[i], *places[k])
        for k, (i, p) in enumerate((i, people[i]) for i in shown)
    )
    return NetworkMap(
        nodes=nodes,
        edges=tuple(drawn),
        brokers=_brokers(graph, nodes),
        stakeholders=len(people),
        hidden=len(tied) - len(shown),
        isolates=len(people) - len(tied),
        hidden_edges=len(edges) - len(drawn),
    )


def _rows(query) -> list:
    """Return the rows of a select of plain columns (Core: no ORM work per row)."""
    return db.session.connection().execute(query).all()


def _groups(index, people, active, joint) -> tuple[list[list[int]], list[list[int]]]:
    """Return the stakeholder indexes of each (measure, region) commitment group and of each
    joint interaction, those of two stakeholders or more."""
    by_group: dict[tuple[str, str], list[int]] = defaultdict(list)
    for stakeholder_id, measure in _rows(active):
        i = index[stakeholder_id]
        by_group[(measure, people[i].area)].append(i)
    # Only interactions with several participants can tie anyone (out-of-scope ones drop).
    several = (
        select(interaction_stakeholder.c.interaction_id.label("id"))
        .group_by(interaction_stakeholder.c.interaction_id)
        .having(func.count() > 1)
        .subquery()
    )
    by_interaction: dict[int, list[int]] = defaultdict(list)
    for interaction_id, stakeholder_id in _rows(
        joint.join(several, several.c.id == interaction_stakeholder.c.interaction_id)
    ):
        by_interaction[interaction_id].append(index[stakeholder_id])
    return (
        [g for g in by_group.values() if len(g) > 1],
        [g for g in by_interaction.values() if len(g) > 1],
    )


def _declared(scoped, index, today: date, rank: dict[str, int]) -> dict:
    """Return the index pairs (lower first) linked by a relationship current on `today`,
    each with its strongest intensity by `rank` (None: nobody said)."""
    ids = scoped.ids()
    rows = _rows(
        select(Relationship.source_id, Relationship.target_id, Relationship.intensity).where(
            Relationship.source_id.in_(ids),
            Relationship.target_id.in_(ids),
            Relationship.current_on(today),
        )
    )
    pairs: dict[tuple[int, int], str | None] = {}
    for source, target, intensity in rows:
        a, b = sorted((index[source], index[target]))
        kept = pairs.get((a, b))
        if (a, b) not in pairs or rank.get(intensity, 0) > rank.get(kept, 0):
            pairs[(a, b)] = intensity
    return pairs


def _intensity_ranks() -> dict[str, int]:
    """Return each intensity's rank, 1 the weakest (the vocabulary's order)."""
    codes = db.session.scalars(
        select(Vocabulary.code)
        .where(Vocabulary.list == "relationship_intensity")
        .order_by(Vocabulary.position)
    )
    return {code: n for n, code in enumerate(codes, 1)}


def _degrees(n: int, groups: list[list[int]], declared) -> list[int]:
    """Return how many stakeholders each is tied to (bit sets of neighbours, as the report
    counts ties: a group of 1,000 is 1,000 ORs, not 500,000 pairs)."""
    ties = [0] * n
    for group in groups:
        low = min(group)
        mask = sum(1 << (i - low) for i in set(group)) << low
        for i in group:
            ties[i] |= mask
    for a, b in declared:
        ties[a] |= 1 << b
        ties[b] |= 1 << a
    return [(t & ~(1 << i)).bit_count() for i, t in enumerate(ties)]


def _edges(shown: dict[int, int], commitments, interactions, declared, rank) -> list[Edge]:
    """Return the edges between the `shown` stakeholders (index → node index), the
    strongest first."""
    shared: dict[str, Counter] = {COMMITMENT: Counter(), INTERACTION: Counter()}
    for kind, groups in ((COMMITMENT, commitments), (INTERACTION, interactions)):
        counter = shared[kind]
        for group in groups:
            members = sorted({shown[i] for i in group if i in shown})
            for n, a in enumerate(members):
                for b in members[n + 1 :]:
                    counter[(a, b)] += 1
    intensities = {}
    for (a, b), intensity in declared.items():
        if a in shown and b in shown:
            intensities[tuple(sorted((shown[a], shown[b])))] = intensity
    edges = []
    for pair in {*shared[COMMITMENT], *shared[INTERACTION], *intensities}:
        count = shared[COMMITMENT][pair] + shared[INTERACTION][pair]
        if pair in intensities:
            kind = DECLARED
        else:
            kind = INTERACTION if shared[INTERACTION][pair] else COMMITMENT
        edges.append(Edge(*pair, kind, intensities.get(pair), count))

    def strength(edge: Edge):
        weight = rank.get(edge.intensity, 0) if edge.kind == DECLARED else edge.shared
        return (KINDS.index(edge.kind), -weight, edge.source, edge.target)

    return sorted(edges, key=strength)


def _strongest(edges: list[Edge], limit: int) -> list[Edge]:
    """Return at most `limit` of `edges` (the strongest first): each node's strongest one,
    so that no drawn stakeholder floats alone, then the strongest of the others."""
    kept, tied = set(), set()
    for n, edge in enumerate(edges):
        if edge.source not in tied or edge.target not in tied:
            kept.add(n)
            tied.update((edge.source, edge.target))
    for n in range(len(edges)):
        if len(kept) >= limit:
            break
        kept.add(n)
    return [edges[n] for n in sorted(kept)]


def _layout(graph: nx.Graph) -> dict[int, tuple[float, float]]:
    """Return each node's place, each axis within [0, 1].

    Each connected part is laid out on its own, in a square whose side grows with the
    square root of its size, and the squares are set in rows, the largest first, as wide as
    brings the whole nearest to ASPECT: laid out together, small parts fly to the edges and
    squeeze the main one into the middle."""
    parts = sorted(nx.connected_components(graph), key=lambda part: (-len(part), min(part)))
    sides = [math.sqrt(len(part)) for part in parts]
    widths = {sum(sides[: n + 1]) for n in range(len(sides))}  # the first row's, if n+1 parts
    corners, width, height = min(
        (_shelves(sides, row_width) for row_width in widths),
        key=lambda packed: abs(math.log(packed[1] / packed[2] / ASPECT)),
        default=([], 1.0, 1.0),
    )
    places = {}
    for part, side, (x, y) in zip(parts, sides, corners, strict=True):
        for node, (u, v) in _spring(graph.subgraph(part)).items():
            places[node] = (
                round((x + side * (PADDING + (1 - 2 * PADDING) * u)) / width, 4),
                round((y + side * (PADDING + (1 - 2 * PADDING) * v)) / height, 4),
            )
    return places


def _shelves(sides: list[float], row_width: float):
    """Return the corners of squares of `sides` set in rows of at most `row_width` (a row
    holds one square at least), and the width and height of the whole."""
    corners, x, y, row_height, width = [], 0.0, 0.0, 0.0, 0.0
    for side in sides:
        if x and x + side > row_width + 1e-9:
            x, y, row_height = 0.0, y + row_height, 0.0
        corners.append((x, y))
        x += side
        row_height, width = max(row_height, side), max(width, x)
    return corners, width, y + row_height


def _spring(part: nx.Graph) -> dict[int, tuple[float, float]]:
    """Return the spring layout of a connected `part`, each axis stretched to [0, 1] (a
    force layout has no shape of its own to keep: a long chain then fills its square); a
    lone node in the middle."""
    if part.number_of_nodes() == 1:
        return {node: (0.5, 0.5) for node in part}
    spread = SPREAD / math.sqrt(len(part))
    places = nx.spring_layout(part, k=spread, iterations=100, seed=SEED)
    lows = [min(float(p[axis]) for p in places.values()) for axis in (0, 1)]
    spans = [max(float(p[axis]) for p in places.values()) - lows[axis] for axis in (0, 1)]
    return {
        node: tuple(
            (float(p[axis]) - lows[axis]) / spans[axis] if spans[axis] else 0.5 for axis in (0, 1)
        )
        for node, p in places.items()
    }


def _brokers(graph: nx.Graph, nodes: tuple[Node, ...]) -> tuple[int, ...]:
    """Return the BROKERS nodes of highest betweenness in the drawn graph (above 0; ties by
    name, then id)."""
    if graph.number_of_nodes() < 3:
        return ()
    scores = nx.betweenness_centrality(graph)
    ranked = sorted(
        (k for k, score in scores.items() if score > 0),
        key=lambda k: (-scores[k], nodes[k].name, nodes[k].id),
    )
    return tuple(ranked[:BROKERS])


def record_network_export(user: User | None, filters: SynergyFilters, fmt: str) -> None:
    """Audit a download of the map (the caller commits)."""
    record(user, "export", "network_map", None, None, {**filters.as_json(), "format": fmt})
