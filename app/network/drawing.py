"""The network map as shapes in SVG units: nodes, lines, names and the legend.

`reports.network_map` says who is drawn, where (within [0, 1]) and how they are tied; this
module turns that into what `network/_map.svg` writes, in the user's language. The map is
`WIDTH` × `HEIGHT` units: the graph on the left, the legend on the right, so that one
picture (page, print, SVG and PNG downloads) holds both.

- Colours: one per sector in the reference list's order, from Paul Tol's colour-blind-safe
  "muted" scheme, then two of Okabe and Ito's (orange, blue) for the tenth and eleventh;
  stakeholders without a sector are grey. A sector keeps its colour whatever the filters.
- A node's area grows with its degree, from the least to the most connected drawn; brokers
  get a thick dark ring.
- Lines: a declared tie solid, a joint interaction dashed, a shared commitment dotted; a
  declared tie's thickness grows with its intensity (unknown: the thinnest), the others'
  with the number of links the pair shares.
- Names: only the most connected and the brokers are written beside their node (every name
  is in its node's tooltip and in the table below the map), and a name that would overlap
  one already written is left out.
"""

import math
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

from app.navigation import number
from models.labels import Labels
from reports.network_map import COMMITMENT, DECLARED, INTERACTION, NetworkMap

WIDTH, HEIGHT = 1120, 720
GRAPH_RIGHT = 790  # the graph's right edge; the legend starts LEGEND_X
LEGEND_X = 812
MARGIN = 22
PALETTE = (
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255",
    "#44AA99", "#999933", "#AA4499", "#E69F00", "#0072B2",
)  # fmt: skip
NO_SECTOR = "#BBBBBB"
SMALLEST, LARGEST = 3.5, 12.0  # node radii
DASHES = {DECLARED: None, INTERACTION: "6 4", COMMITMENT: "1.5 3.5"}
INKS = {DECLARED: ("#222222", 0.9), INTERACTION: ("#444444", 0.6), COMMITMENT: ("#666666", 0.5)}
INTENSITY_WIDTHS = (1.0, 2.0, 3.2, 4.6)  # awareness … integration
NAMES_SHOWN = 18  # the most connected whose name is written (compact: 6)
FONT_SIZE = 11
NAME_LENGTH = 32  # beside a node
LEGEND_LENGTH = 44  # in the legend


@dataclass
class Shape:
    """Something to draw; only the attributes its kind uses are set."""

    x: float = 0
    y: float = 0
    x2: float = 0
    y2: float = 0
    r: float = 0
    fill: str = ""
    stroke: str = ""
    width: float = 1
    dash: str | None = None
    opacity: float = 1
    text: str = ""
    anchor: str = "start"
    bold: bool = False
    href: str = ""
    ring: bool = False


@dataclass
class Drawing:
    """Everything `network/_map.svg` writes."""

    lines: list[Shape] = field(default_factory=list)
    nodes: list[Shape] = field(default_factory=list)
    names: list[Shape] = field(default_factory=list)
    legend: list[Shape] = field(default_factory=list)  # texts, swatches and line samples
    title: str = ""
    empty: str = ""  # what the graph area says when nothing is drawn
    notes: list[str] = field(default_factory=list)  # what is not drawn, counted


def sector_colours(labels: Labels) -> dict[str, str]:
    """Return each sector's colour, in the reference list's order."""
    return {code: PALETTE[n % len(PALETTE)] for n, code in enumerate(labels.codes("sector"))}


def draw(found: NetworkMap, labels: Labels, link, compact: bool = False) -> Drawing:
    """Return the shapes of `found`; `link(id)` gives a stakeholder's address."""
    colours = sector_colours(labels)
    drawing = Drawing(title=_("Network map"))
    degrees = [node.degree for node in found.nodes] or [1]
    least, top = min(degrees), max(degrees)
    places = []
    for node in found.nodes:
        # From the least to the most connected drawn: in a dense region all are hubs.
        share = (node.degree - least) / (top - least) if top > least else 1
        r = SMALLEST + (LARGEST - SMALLEST) * math.sqrt(share)
        x = MARGIN + LARGEST + node.x * (GRAPH_RIGHT - 2 * (MARGIN + LARGEST))
        y = MARGIN + LARGEST + node.y * (HEIGHT - 2 * (MARGIN + LARGEST))
        places.append((round(x, 1), round(y, 1), round(r, 1)))
    widths = dict(zip(labels.codes("relationship_intensity"), INTENSITY_WIDTHS, strict=False))
    for edge in found.edges:
        (x1, y1, _r1), (x2, y2, _r2) = places[edge.source], places[edge.target]
        ink, opacity = INKS[edge.kind]
        drawing.lines.append(
            Shape(
                x=x1,
                y=y1,
                x2=x2,
                y2=y2,
                stroke=ink,
                opacity=opacity,
                width=_thickness(edge, widths),
                dash=DASHES[edge.kind],
            )
        )
    brokers = set(found.brokers)
    for k, node in enumerate(found.nodes):
        x, y, r = places[k]
        drawing.nodes.append(
            Shape(
                x=x,
                y=y,
                r=r,
                fill=colours.get(node.sector, NO_SECTOR),
                ring=k in brokers,
                text=describe(node, labels, k in brokers),
                href=link(node.id),
            )
        )
    chosen = [*found.brokers, *range(min(6 if compact else NAMES_SHOWN, len(found.nodes)))]
    drawing.names = _names(found, places, dict.fromkeys(chosen))
    if not found.nodes:
        drawing.empty = _("No tie to draw with these filters.")
    drawing.notes = notes(found)
    drawing.legend = _legend(found, labels, colours, widths, (least, top))
    return drawing


def notes(found: NetworkMap) -> list[str]:
    """Return what the map leaves out, counted: hidden stakeholders, isolates, weaker ties."""
    said, hidden, isolates, weaker = [], found.hidden, found.isolates, found.hidden_edges
    if hidden:
        said.append(
            ngettext(
                "%(count)s less connected stakeholder is hidden.",
                "%(count)s less connected stakeholders are hidden.",
                hidden,
                count=number(hidden),
            )
        )
    if isolates:
        said.append(
            ngettext(
                "%(count)s stakeholder tied to nobody is not drawn.",
                "%(count)s stakeholders tied to nobody are not drawn.",
                isolates,
                count=number(isolates),
            )
        )
    if weaker:
        said.append(
            ngettext(
                "%(count)s weaker tie is not drawn.",
                "%(count)s weaker ties are not drawn.",
                weaker,
                count=number(weaker),
            )
        )
    return said


def _thickness(edge, widths: dict[str, float]) -> float:
    """Return a line's width: a declared tie's by its intensity, others' by links shared."""
    if edge.kind == DECLARED:
        return widths.get(edge.intensity, INTENSITY_WIDTHS[0])
    return round(0.8 + 0.6 * min(edge.shared - 1, 4), 1)


def describe(node, labels: Labels, broker: bool) -> str:
    """Return a node's words: name, sector, region, ties (and "broker")."""
    parts = [
        node.name,
        labels.of("sector", node.sector) or _("No sector"),
        labels.area(node.area),
        ngettext("%(count)s tie", "%(count)s ties", node.degree, count=number(node.degree)),
    ]
    if broker:
        parts.append(_("broker"))
    return " · ".join(parts)


def _names(found: NetworkMap, places, chosen) -> list[Shape]:
    """Return the names written beside the `chosen` nodes, none overlapping another."""
    taken: list[tuple[float, float, float, float]] = []
    names = []
    for k in chosen:
        x, y, r = places[k]
        text = _shortened(found.nodes[k].name)
        width = 0.56 * FONT_SIZE * len(text)
        for anchor, left in (("start", x + r + 3), ("end", x - r - 3 - width)):
            box = (left, y - FONT_SIZE / 2 - 1, left + width, y + FONT_SIZE / 2 + 1)
            inside = box[0] >= MARGIN / 2 and box[2] <= GRAPH_RIGHT + MARGIN / 2
            if inside and not any(_overlap(box, other) for other in taken):
                taken.append(box)
                tx = left if anchor == "start" else left + width
                names.append(Shape(x=round(tx, 1), y=round(y + 4, 1), text=text, anchor=anchor))
                break
    return names


def _shortened(name: str, length: int = NAME_LENGTH) -> str:
    return name if len(name) <= length else name[: length - 1].rstrip() + "…"


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legend(found: NetworkMap, labels: Labels, colours, widths, sizes) -> list[Shape]:
    """Return the legend's rows: sectors drawn, kinds of ties, intensities, size, brokers."""
    rows, y = [], MARGIN + 6
    x, text_x = LEGEND_X, LEGEND_X + 22

    def heading(words: str) -> None:
        nonlocal y
        rows.append(Shape(x=x, y=y, text=words, bold=True))
        y += 19

    def entry(words: str, **sample) -> None:
        nonlocal y
        rows.append(Shape(x=text_x, y=y, text=_shortened(words, LEGEND_LENGTH)))
        if sample:
            rows.append(Shape(**sample, y=y - 4, y2=y - 4))
        y += 17

    present = {node.sector for node in found.nodes}
    heading(_("Sectors"))
    for code in [*labels.codes("sector"), None]:
        if code in present:
            name = labels.of("sector", code) if code else _("No sector")
            entry(name, x=x + 8, r=5.5, fill=colours.get(code, NO_SECTOR), stroke="#333333")
    y += 6
    heading(_("Ties"))
    for kind, words in (
        (DECLARED, _("Declared tie")),
        (INTERACTION, _("Joint interaction")),
        (COMMITMENT, _("Shared commitment")),
    ):
        ink, _opacity = INKS[kind]
        entry(words, x=x, x2=x + 16, stroke=ink, width=2, dash=DASHES[kind])
    y += 6
    heading(_("Intensity of a declared tie"))
    for code, width in widths.items():
        entry(labels.of("relationship_intensity", code), x=x, x2=x + 16, stroke="#222222",
              width=width)  # fmt: skip
    entry(_("Dashes, dots: thicker for more shared links"), x=x, x2=x + 16,
          stroke=INKS[INTERACTION][0], width=3.2, dash=DASHES[INTERACTION])  # fmt: skip
    y += 6
    heading(_("Size: number of ties"))
    for n, r in enumerate((SMALLEST, (SMALLEST + LARGEST) / 2, LARGEST)):
        rows.append(Shape(x=x + 8 + 30 * n, y=y + 4, r=r, fill=NO_SECTOR, stroke="#333333"))
    words = _("from %(least)s to %(most)s", least=number(sizes[0]), most=number(sizes[1]))
    rows.append(Shape(x=x + 84, y=y + 8, text=words))
    y += 34
    if found.brokers:
        heading(_("Brokers (thick dark ring)"))
        for k in found.brokers:
            node = found.nodes[k]
            entry(node.name, x=x + 8, r=5.5, fill=colours.get(node.sector, NO_SECTOR), ring=True)
    return rows
