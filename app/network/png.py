"""The network map as a PNG file, drawn from its SVG by CairoSVG.

CairoSVG needs the system's cairo library (as WeasyPrint needs Pango, `app/reports/pdf.py`):
where it cannot load, `png_unavailable()` says why, the page's button says it and the
download answers a page that says it (503), not an error.
"""

from functools import cache

SCALE = 1.5  # pixels per SVG unit: 1,680 × 1,080, sharp on a slide (2: twice the time)


@cache
def _cairosvg():
    """Return the cairosvg module, or the reason it cannot load (a string)."""
    try:
        import cairosvg
    except (ImportError, OSError) as error:  # OSError: the cairo library is missing
        return f"{type(error).__name__}: {error}"
    return cairosvg


def png_unavailable() -> str | None:
    """Return why this machine cannot write PNG files, or None when it can."""
    found = _cairosvg()
    return found if isinstance(found, str) else None


def svg_to_png(svg: str, width: int) -> bytes:
    """Return the PNG of the standalone `svg`, `width` SVG units wide, at SCALE."""
    cairosvg = _cairosvg()
    if isinstance(cairosvg, str):
        raise RuntimeError(cairosvg)
    # unsafe=False (the default): nothing outside the SVG itself is read.
    return cairosvg.svg2png(bytestring=svg.encode(), output_width=round(width * SCALE))
