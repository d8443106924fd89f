"""The map of Quebec's 17 administrative regions, drawn by the server as SVG.

`draw_region_map(figures)` draws plain figures ({region code: value}, a title, the words of
a value) over the outlines of `models.municipality.REGIONS_MAP_FILE` (MRNF, CC BY 4.0; its
description is in ../shared/data/README.md §2): a choropleth whose legend states the
classes, nothing else. No script, no external font, presentation attributes only (the
pages' CSP forbids inline style; CairoSVG and WeasyPrint read attributes).

- **Classes**: up to 5 quantiles of the values above 0 (each class holds about as many
  regions: one large region does not paint all others alike), written as whole numbers
  ("1–3", "4–5"...); fewer classes when there are fewer distinct values.
- **Colours**: ColorBrewer's sequential "Blues" (Cynthia Brewer, colorbrewer2.org; the last
  four of its 5-class scheme and the darkest of its 9-class one). One hue, light to dark,
  whose CIELAB lightness falls by 14 to 17 a step (84, 68, 52, 35, 21): the order reads in
  greyscale and for every kind of colour blindness.
- **Gaps** (a region with 0) are hatched (an SVG pattern), not only pale; a region without
  a figure (outside a lead's territory, or the report's regions) is flat light grey
  (lightness 95), its code in grey, and its title names why.
- **Montréal and Laval** are a few units wide: every region is drawn again, thinner, in a
  nested `<svg>` enlarged about 7 times over the empty north-east (`insets[0]`), framed and
  named; its copies carry the class `region-copy`, the originals `region`.
- **Text alternative**: the `<svg>` is an image (`role="img"`) named by its `<title>` and
  described by its `<desc>`, which gives every region's name and figure; each region's own
  `<title>` ("06 Montréal : 12 acteurs engagés") shows on hover.
"""

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from models.municipality import MAP_CREDIT, REGIONS_MAP_FILE, region_named

# ColorBrewer Blues: 5-class #bdd7e7 #6baed6 #3182bd #08519c, then 9-class #08306b.
PALETTE = ("#bdd7e7", "#6baed6", "#3182bd", "#08519c", "#08306b")
OUTSIDE = "#f2f2f2"
HATCH = "#525252"
BORDER = "#495057"
INK, MUTED = "#212529", "#6c757d"
CLASSES = len(PALETTE)
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
LEGEND_X, LEGEND_Y = 600, 262  # the empty Labrador side, east of the Côte-Nord
LEGEND_WIDTH = 215
CREDIT_Y = 890  # the standalone file's credit line, south-east of the Gaspésie


@dataclass(frozen=True)
class Figures:
    """What a map shows: a value per region (regions absent have no figure), its title,
    the words of a value ("12 acteurs engagés"), what the regions without a figure are,
    and the stakeholders counted apart (national ones; 0 or None: not said)."""

    values: dict[str, int]
    title: str
    words: Callable[[int], str]
    outside: str = ""
    national: int | None = None


@dataclass(frozen=True)
class Outlines:
    """The map's static part: the viewBox, each region's path and label anchor, the inset."""

    view_box: str
    width: float
    height: float
    paths: dict[str, str]
    labels: dict[str, tuple[float, float]]
    small: frozenset[str]
    box: tuple[float, float, float, float]
    place: tuple[float, float, float, float]
    # The regions that reach into the inset's box (Montréal, Laval and their neighbours):
    # the inset draws only them, half the map's weight saved.
    in_inset: tuple[str, ...] = ()


@cache
def outlines() -> Outlines:
    """Return the regions' outlines, read once a process."""
    data = json.loads(REGIONS_MAP_FILE.read_text(encoding="utf-8"))
    _x, _y, width, height = (float(n) for n in data["viewBox"].split())
    regions = data["regions"]
    inset = data["insets"][0]
    box = tuple(inset["box"])
    return Outlines(
        data["viewBox"],
        width,
        height,
        {code: region["d"] for code, region in sorted(regions.items())},
        {code: tuple(region["label"]) for code, region in regions.items()},
        frozenset(code for code, region in regions.items() if region.get("small")),
        box,
        tuple(inset["place"]),
        tuple(sorted(c for c, r in regions.items() if _overlaps(_bounding_box(r["d"]), box))),
    )


_PATH_TOKENS = re.compile(r"[Mlz]|-?(?:\d+\.?\d*|\.\d+)")


def _bounding_box(path: str) -> tuple[float, float, float, float]:
    """Return (x, y, width, height) of a path written as the outlines file writes them:
    `M x y` then relative `l dx dy ...`, each ring closed by `z`."""
    xs, ys, x, y, absolute = [], [], 0.0, 0.0, False
    numbers: list[float] = []
    for token in [*_PATH_TOKENS.findall(path), "z"]:
        if token in "Mlz":
            for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
                x, y = (dx, dy) if absolute else (x + dx, y + dy)
                absolute = False
                xs.append(x)
                ys.append(y)
            numbers, absolute = [], token == "M"
        else:
            numbers.append(float(token))
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def committed_words(count: int) -> str:
    """Return "12 committed stakeholders" in the user's language."""
    return ngettext(
        "%(count)s committed stakeholder",
        "%(count)s committed stakeholders",
        count,
        count=format_number(count),
    )


def class_bounds(values) -> list[tuple[int, int]]:
    """Return the (lowest, highest) value of each class: quantiles of the values above 0,
    so that each class holds about as many regions (fewer classes for fewer values)."""
    found = sorted(v for v in values if v)
    count = min(CLASSES, len(set(found)))
    uppers = sorted({found[math.ceil(len(found) * k / count) - 1] for k in range(1, count + 1)})
    return [(1 if k == 0 else uppers[k - 1] + 1, upper) for k, upper in enumerate(uppers)]


def class_of(value: int, bounds: list[tuple[int, int]]) -> int:
    """Return the class number of `value` (1 = the lowest; 0 = a gap)."""
    return next((k for k, (_low, high) in enumerate(bounds, 1) if value <= high), 0) if value else 0


def class_colour(number: int, count: int) -> str:
    """Return the colour of class `number` of `count`: spread over the palette when fewer."""
    if count <= 1:
        return PALETTE[2]
    return PALETTE[round((number - 1) * (CLASSES - 1) / (count - 1))]


def bounds_words(low: int, high: int) -> str:
    """Return a class's bounds as the user's language writes numbers: "1–3", "4"."""
    return format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"


def region_title(code: str, figures: Figures) -> str:
    """Return a region's name and figure: "06 Montréal : 12 acteurs engagés"."""
    value = figures.values.get(code)
    words = figures.outside if value is None else figures.words(value)
    return _("%(label)s: %(values)s", label=region_named(code), values=words)


def draw_region_map(
    figures: Figures, element_id: str = "region-map", standalone: bool = False, legend=True
) -> Markup:
    """Return the SVG of `figures`: inline in a page, or a standalone file (`standalone`:
    its namespace, a white background and the credit line inside the picture); without its
    legend when the page writes the figures beside it (a small map)."""
    shapes = outlines()
    bounds = class_bounds(figures.values.values())
    pattern = f"{element_id}-gap"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{shapes.width:g}" '
        f'height="{shapes.height:g}" '
        if standalone
        else '<svg class="region-map" '
    )
    out = [
        f'{head}viewBox="{shapes.view_box}" role="img" id="{element_id}" '
        f'aria-labelledby="{element_id}-title" aria-describedby="{element_id}-desc" '
        f'font-family="{FONT}" font-size="16">',
        f'<title id="{element_id}-title">{escape(figures.title)}</title>',
        f'<desc id="{element_id}-desc">{escape(_describe(figures))}</desc>',
        "<defs>",
        _hatch(pattern, 6),
        _hatch(f"{pattern}-inset", 6 * shapes.box[2] / shapes.place[2]),
        "</defs>",
    ]
    if standalone:
        out.append(f'<rect width="{shapes.width:g}" height="{shapes.height:g}" fill="#ffffff"/>')
    out.append(f'<g stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round">')
    out += [_region(code, figures, bounds, pattern, "region") for code in shapes.paths]
    out.append("</g>")
    out += _labels(shapes, figures, lambda code: code not in shapes.small, 16)
    out += _inset(shapes, figures, bounds, pattern)
    if legend:
        out += _legend(figures, bounds, pattern)
    if standalone:
        out += _lines(MAP_CREDIT, 50, LEGEND_X - 40, CREDIT_Y, 14, 10, MUTED)
    out.append("</svg>")
    return Markup("\n".join(out))


def _describe(figures: Figures) -> str:
    """Every region with a figure, then the others in one phrase (not 15 times the same)."""
    codes = outlines().paths
    parts = [region_title(code, figures) for code in codes if code in figures.values]
    if len(parts) < len(codes):
        parts.append(_("the other regions: %(why)s", why=figures.outside))
    if figures.national:
        parts.append(national_words(figures.national))
    return _("; ").join(parts) + "."


def national_words(count: int) -> str:
    """Return "+ 3 committed national stakeholders (in no region)"."""
    return ngettext(
        "+ %(count)s committed national stakeholder (in no region)",
        "+ %(count)s committed national stakeholders (in no region)",
        count,
        count=format_number(count),
    )


def _n(value: float) -> str:
    """Return an SVG number, short: 3 significant digits, `.84` for 0.84 (as svgo writes)."""
    text = f"{value:.3g}"
    return text[1:] if text.startswith("0.") else text


def _hatch(pattern_id: str, size: float) -> str:
    """A white square crossed by one diagonal line: gaps read as hatched, even printed grey."""
    side = _n(size)
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{side}" '
        f'height="{side}" patternTransform="rotate(45)">'
        f'<rect width="{side}" height="{side}" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="{side}" stroke="{HATCH}" '
        f'stroke-width="{_n(size / 4)}"/></pattern>'
    )


def _fill(code: str, figures: Figures, bounds, pattern: str) -> tuple[str, str]:
    """Return (classes, fill) of a region."""
    value = figures.values.get(code)
    if value is None:
        return "outside", OUTSIDE
    number = class_of(value, bounds)
    if not number:
        return "class-0 gap", f"url(#{pattern})"
    return f"class-{number}", class_colour(number, len(bounds))


def _region(code: str, figures: Figures, bounds, pattern: str, kind: str) -> str:
    classes, fill = _fill(code, figures, bounds, pattern)
    hidden = ' aria-hidden="true"' if kind != "region" else ""
    return (
        f'<path class="{kind} r{code} {classes}" d="{outlines().paths[code]}" '
        f'fill="{fill}"{hidden}><title>{escape(region_title(code, figures))}</title></path>'
    )


def _labels(shapes: Outlines, figures: Figures, shown, size: float) -> list[str]:
    """The region codes at their anchors, dark on a white halo (grey without a figure)."""
    out = [
        f'<g aria-hidden="true" pointer-events="none" font-size="{_n(size)}" text-anchor="middle">'
    ]
    for code, (x, y) in shapes.labels.items():
        if not shown(code):
            continue
        ink = INK if code in figures.values else MUTED
        at = f'x="{x:g}" y="{y + size / 3:.1f}"'
        out.append(
            f'<text {at} fill="#ffffff" stroke="#ffffff" stroke-width="{_n(size / 4)}" '
            f'stroke-linejoin="round">{code}</text><text {at} fill="{ink}">{code}</text>'
        )
    out.append("</g>")
    return out


def _inset(shapes: Outlines, figures: Figures, bounds, pattern: str) -> list[str]:
    """Montréal and Laval enlarged: the regions in its box again, in a framed nested `<svg>`."""
    x, y, width, height = shapes.place
    bx, by, bw, bh = shapes.box
    scale = bw / width
    named = escape(_("Montréal and Laval"))
    out = [
        f'<rect class="inset-area" x="{bx:g}" y="{by:g}" width="{bw:g}" height="{bh:g}" '
        f'fill="none" stroke="{INK}" stroke-width="0.8"/>',
        f'<svg class="inset" x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" '
        f'viewBox="{bx:g} {by:g} {bw:g} {bh:g}">',
        f'<rect x="{bx:g}" y="{by:g}" width="{bw:g}" height="{bh:g}" fill="#ffffff"/>',
        f'<g stroke="{BORDER}" stroke-width="{_n(0.6 * scale)}" stroke-linejoin="round">',
    ]
    inset_pattern = f"{pattern}-inset"
    out += [
        _region(code, figures, bounds, inset_pattern, "region-copy") for code in shapes.in_inset
    ]
    out.append("</g>")
    out += _labels(shapes, figures, lambda code: code in shapes.small, 16 * scale)
    out += [
        "</svg>",
        f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" fill="none" '
        f'stroke="{INK}" stroke-width="1"/>',
        f'<text x="{x + width:g}" y="{y + height + 18:g}" text-anchor="end" fill="{INK}">'
        f"{named}</text>",
    ]
    return out


def _legend(figures: Figures, bounds, pattern: str) -> list[str]:
    """The title, a swatch per class with its bounds, the gap's hatching, the regions
    without a figure and the stakeholders counted apart."""
    out = ['<g class="legend">']
    out += _lines(figures.title, 20, LEGEND_X, LEGEND_Y, 21, 18, INK, bold=True)
    y = LEGEND_Y + 21 * len(_wrapped(figures.title, 20)) + 8
    rows = [(class_colour(k, len(bounds)), bounds_words(*b)) for k, b in enumerate(bounds, 1)]
    rows.append((f"url(#{pattern})", _("0: none (gap)")))
    if any(code not in figures.values for code in outlines().paths):
        rows.append((OUTSIDE, figures.outside))
    for fill, words in rows:
        out.append(
            f'<rect x="{LEGEND_X}" y="{y}" width="28" height="19" fill="{fill}" '
            f'stroke="{BORDER}" stroke-width="0.6"/>'
        )
        out += _lines(words, 19, LEGEND_X + 36, y + 15, 19, 17, INK)
        y += 19 * len(_wrapped(words, 19)) + 7
    if figures.national:
        out += _lines(national_words(figures.national), 22, LEGEND_X, y + 16, 19, 17, INK)
    out.append("</g>")
    return out


def _wrapped(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in str(text).split(" "):  # never at a no-break space
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _lines(text, width, x, y, step, size, fill, bold=False) -> list[str]:
    weight = ' font-weight="bold"' if bold else ""
    return [
        f'<text x="{x}" y="{y + n * step}" font-size="{size}" fill="{fill}"{weight}>'
        f"{escape(line)}</text>"
        for n, line in enumerate(_wrapped(text, width))
    ]
