"""The map of Quebec in a real headless Chromium (issue 14): the synergy report's map and a
regional lead's home map, looked at (screenshots kept in tests/artifacts/: region-map,
region-map-grey, home-region-map), read in greyscale, and checked by axe-core."""

import io
import itertools
import re

import pytest
from PIL import Image

from models import db
from models.cache import forget_everything
from models.demo import generate_demo
from tests.conftest import new_user
from tests.test_browser import ARTIFACTS, NEEDS_CHROMIUM, serving_module_data
from tests.test_list_pages_browser import (  # noqa: F401 (browser and axe_source: fixtures)
    Site,
    all_css,
    axe_source,
    axe_violations,
    browser,
    by_css,
    described,
    sign_in_as,
)

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def site(_app):
    """Serve the demo data with a board member and the lead of Montréal and Laval."""
    with _app.app_context():
        forget_everything()
        generate_demo(stakeholders=120)
        users = {
            "board": new_user("board", email="conseil@example.org", name="Conseil"),
            "lead": new_user(
                "regional_lead", email="rl@example.org", name="Région", regions=("06", "13")
            ),
        }
        db.session.commit()
        with serving_module_data(_app) as base:
            yield Site(base, users)


def shot(driver, selector: str, name: str):
    """Keep a screenshot of one element, the page laid out tall enough to hold it; return
    it as a Pillow image."""
    from PIL import Image

    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(height + 200, 6000))
    element = by_css(driver, selector)
    # Bootstrap scrolls smoothly: on a loaded machine the shot was taken mid-scroll, 11 px
    # off (the whole suite failed so, twice, the same way; alone the test passed).
    driver.execute_script(
        "document.documentElement.style.scrollBehavior = 'auto';"
        "arguments[0].scrollIntoView({behavior: 'instant'})",
        element,
    )
    # The shot and the legend's positions read after it must see one layout: wait for the
    # fonts and two frames after the resize (a loaded machine painted the old one).
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(done)));"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    data = element.screenshot_as_png
    (ARTIFACTS / f"{name}.png").write_bytes(data)
    return Image.open(io.BytesIO(data)).convert("RGB"), element


def test_the_report_map_reads_in_greyscale_and_passes_axe(browser, site, axe_source):  # noqa: F811
    sign_in_as(browser, site, "board")
    browser.get(f"{site.base}/reports/synergy?map=theme:families")
    assert len(all_css(browser, "#map-of-quebec path.region")) == 17
    image, _figure = shot(browser, "#map-of-quebec .region-figure", "region-map")
    grey = image.convert("L")
    grey.save(ARTIFACTS / "region-map-grey.png")
    # The legend's swatches, printed grey: lighter to darker by clear steps (on a 0–255
    # scale, at least 20 apart), and the gap's hatching mixes white and grey lines. Each
    # swatch is shot on its own, not found in the figure's shot by its position.
    swatches = []
    for rect in all_css(browser, "#map-of-quebec .legend rect"):
        swatch = Image.open(io.BytesIO(rect.screenshot_as_png)).convert("L")
        x, y = swatch.width // 2, swatch.height // 2
        swatches.append(
            [swatch.getpixel((x + dx, y + dy)) for dx in range(-4, 5) for dy in range(-3, 4)]
        )
    classes, hatch = swatches[:-1], swatches[-1]
    levels = [sum(pixels) / len(pixels) for pixels in classes]
    assert len(levels) >= 3, levels
    assert all(a - b >= 20 for a, b in itertools.pairwise(levels)), levels
    assert max(hatch) - min(hatch) > 60, f"the gap's swatch is not hatched: {hatch}"
    browser.set_window_size(1280, 1400)
    violations = axe_violations(browser, axe_source)
    assert not violations, f"axe-core on the report's map:\n{described(violations)}"


def test_a_lead_home_shows_their_territory(browser, site, axe_source):  # noqa: F811
    sign_in_as(browser, site, "lead")
    browser.get(f"{site.base}/")
    figures = by_css(browser, "#territory-map .territory-figures").text
    assert re.search(r"^06 Montréal\s:\s\d+ acteurs? engagés?$", figures, re.M), figures
    assert re.search(r"^13 Laval\s:\s\d+ acteurs? engagés?$", figures, re.M), figures
    classes = by_css(browser, "#home-region-map path.region.r06").get_attribute("class")
    assert "outside" not in classes
    assert "outside" in by_css(browser, "#home-region-map path.r05").get_attribute("class")
    shot(browser, "#territory-map", "home-region-map")
    browser.set_window_size(1280, 1400)
    violations = axe_violations(browser, axe_source)
    assert not violations, f"axe-core on a lead's home:\n{described(violations)}"
