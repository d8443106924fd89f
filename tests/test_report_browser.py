"""The board's synergy report in a real headless Chromium: on screen, printed, as a PDF,
on a phone, and its accessibility checked by axe-core (WCAG 2.1 A and AA).

One browser and one live server for the module, over the demo data (17 regions and
National). The screenshots (report-screen, report-print, report-phone) and the printed PDF
(report.pdf) are kept in tests/artifacts/ for a person to look at.
"""

import base64
import io
import re

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from models import db
from models.cache import forget_everything
from models.demo import generate_demo
from tests.conftest import new_user
from tests.test_browser import (
    ARTIFACTS,
    NEEDS_CHROMIUM,
    screenshot,
    serving_module_data,
)
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

# A letter page in landscape less the report's @page margins (8 mm each side), in CSS px.
PRINTABLE_WIDTH = round(11 * 96 - 2 * 8 / 25.4 * 96)
# The demo's report: two heatmap pages, then gaps, collaboration, network (since issue 13:
# its measures and its map), pipeline, influence grid and activity; since issue 14 the map
# of Quebec (10 cm high with its legend, after the gaps), which takes a seventh page.
MAX_PRINTED_PAGES = 7


@pytest.fixture(scope="module")
def site(_app):
    """Serve the app with the demo data and a board member for the whole module."""
    with _app.app_context():
        forget_everything()
        generate_demo(stakeholders=120)
        users = {
            "board": new_user("board", email="conseil@example.org", name="Conseil d'administration")
        }
        db.session.commit()
        with serving_module_data(_app) as base:
            yield Site(base, users)


@pytest.fixture
def report(browser, site):  # noqa: F811
    """Open the report as the board member, at 1280 px on screen; leave the browser so."""
    sign_in_as(browser, site, "board")
    browser.get(f"{site.base}/reports/synergy")
    yield browser
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def viewport(driver, width: int, mobile: bool = False, height: int = 900) -> None:
    """Lay the page out `width` CSS px wide, as a screen of that width would."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def sideways(driver) -> tuple[int, int]:
    """Return (the page's scroll width, the viewport's width)."""
    return tuple(
        driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    )


def display(driver, selector: str) -> list[str]:
    """Return the computed `display` of every element `selector` finds."""
    return [el.value_of_css_property("display") for el in all_css(driver, selector)]


def test_the_board_member_reads_names_and_plain_words_on_screen(report):
    assert by_css(report, "main h1").text == "Rapport de synergie"
    as_of = by_css(report, ".report-as-of").text
    assert re.fullmatch(r"En date du \d{1,2} \w+ \d{4}\. Filtres : Aucun : tous .*\.", as_of)
    heads = [th.text for th in all_css(report, "table.level-span thead th.area")]
    assert heads[5] == "Montréal" and heads[-1] == "National" and len(heads) == 18
    tall, wide = (
        by_css(report, "table.level-span thead th.area span").rect[k] for k in ("height", "width")
    )
    assert tall > 3 * wide, "the region names are not written upwards"
    density = by_css(report, ".report-figures .density-words").text
    assert re.fullmatch(r"\d+(,\d)? % des liens possibles existent", density), density
    glossary = by_css(report, ".report-glossary").text
    assert "relie des groupes qui, sans lui, ne se parleraient pas" in glossary
    people = [th.text for th in all_css(report, ".report-activity .col-md-4:last-child th")]
    assert people and not any("@" in name for name in people)
    viewport(report, 1280)
    report.get(report.current_url)
    width, seen = sideways(report)
    assert width <= seen, f"the page scrolls sideways at 1280 px: {width} px wide"
    viewport(report, 1280, height=report.execute_script("return document.body.scrollHeight"))
    screenshot(report, "report-screen")


def test_printed_the_report_shows_no_controls_and_fits_landscape_pages(report):
    from pypdf import PdfReader

    report.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    for selector in ("body > nav", "body > footer", "form.report-filters", "main .btn"):
        shown = [d for d in display(report, selector) if d != "none"]
        assert all_css(report, selector) and not shown, f"{selector} prints: {shown}"
    assert by_css(report, "main h1").is_displayed()
    assert by_css(report, ".report-as-of").text.startswith("En date du ")
    # Laid out as wide as the landscape page, no table runs past its right edge.
    viewport(report, PRINTABLE_WIDTH)
    tables = all_css(report, "main table")
    rights = [t.rect["x"] + t.rect["width"] for t in tables]
    assert max(rights) <= PRINTABLE_WIDTH + 1, (max(rights), PRINTABLE_WIDTH)
    coverage = by_css(report, "table.heatmap")
    assert coverage.rect["width"] <= PRINTABLE_WIDTH
    width, seen = sideways(report)
    assert width <= seen, f"printed, the page is {width} px wide for {seen}"
    viewport(
        report, PRINTABLE_WIDTH, height=report.execute_script("return document.body.scrollHeight")
    )
    screenshot(report, "report-print")
    printed = report.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    data = base64.b64decode(printed["data"])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(data)
    document = PdfReader(io.BytesIO(data))
    pages = len(document.pages)
    assert 1 <= pages <= MAX_PRINTED_PAGES, f"{pages} pages"
    box = document.pages[0].mediabox
    assert (box.width, box.height) == (792, 612)  # letter, landscape
    first = document.pages[0].extract_text()
    assert "Rapport de synergie" in first and "Couverture" in first
    assert "Afficher le rapport" not in first and "Se déconnecter" not in first
    last = document.pages[-1].extract_text()
    assert f"{pages} / {pages}" in last  # the page numbers


def test_on_a_phone_the_report_does_not_scroll_sideways(report):
    viewport(report, 390, mobile=True)
    report.get(report.current_url)
    width, seen = sideways(report)
    assert seen == 390 and width <= 390, f"the page is {width} px wide on a 390 px phone"
    body = report.execute_script("return document.body.scrollWidth")
    assert body <= 390
    # The filters fold behind their button, so the report's figures come first.
    assert not by_css(report, "form.report-filters").is_displayed()
    toggle = by_css(report, "[data-bs-target='#report-filters']")
    assert toggle.is_displayed() and toggle.text == "Filtres"
    figures = by_css(report, ".report-figures")
    assert figures.rect["y"] < 900, "the figures are below the phone's first screen"
    height = report.execute_script("return document.body.scrollHeight")
    viewport(report, 390, mobile=True, height=height)
    screenshot(report, "report-phone")
    toggle.click()
    WebDriverWait(report, 5).until(lambda b: by_css(b, "form.report-filters").is_displayed())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_has_no_serious_accessibility_violation(report, site, axe_source, lang):  # noqa: F811
    report.get(f"{site.base}/reports/synergy?lang={lang}")
    assert report.find_element("css selector", "html").get_attribute("lang") == lang
    violations = axe_violations(report, axe_source)
    assert not violations, f"axe-core on the report ({lang}):\n{described(violations)}"


def test_the_network_reads_then_and_now_in_words(report):
    viewport(report, 1280)
    report.get(report.current_url)
    section = by_css(report, "section.report-network")
    assert section.find_element("css selector", "h2").text == "Réseau"
    rows = section.find_elements("css selector", "tbody tr")
    assert len(rows) == 19  # 17 regions, National, Province
    montreal = next(r for r in rows if r.text.startswith("06 · Montréal"))
    # "3 îlots → 1": the arrow is seen; read aloud, it is "avant, maintenant" (hidden words,
    # which Selenium's text keeps on lines of their own).
    text = montreal.text.replace("\navant, maintenant\n", " ")
    assert re.search(r"\d+ îlots? → \d+", text), text
    assert re.search(r"densité \d,\d\d → \d,\d\d", text), text
    assert re.search(r"communautés?|Aucune communauté", text), text
    links = montreal.find_elements("css selector", "td.reach a")
    assert links and all("/stakeholders/" in a.get_attribute("href") for a in links)
    width, seen = sideways(report)
    assert width <= seen, f"the page scrolls sideways at 1280 px: {width} px wide"
    table = section.find_element("css selector", "table.network")
    holder = section.find_element("css selector", ".table-responsive")
    assert table.rect["width"] <= holder.rect["width"], "the network table scrolls sideways"
    viewport(report, 1280, height=report.execute_script("return document.body.scrollHeight"))
    ARTIFACTS.mkdir(exist_ok=True)
    section.screenshot(str(ARTIFACTS / "report-network.png"))


@pytest.mark.parametrize("regions", [["16"], ["05", "12", "16"]])
def test_printed_with_few_regions_the_mrc_table_fits_the_pages(report, site, regions):
    """Coverage by MRC (shown for one to three regions: Montérégie alone has 15 MRCs) stays
    within the page's width and the report within its page limit."""
    from pypdf import PdfReader

    query = "&".join(f"regions={code}" for code in regions)
    report.get(f"{site.base}/reports/synergy?{query}")
    viewport(report, 1280, height=report.execute_script("return document.body.scrollHeight"))
    assert by_css(report, "#coverage-by-mrc table.heatmap").is_displayed()
    screenshot(report, f"report-mrc-{'-'.join(regions)}")
    report.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    viewport(report, PRINTABLE_WIDTH)
    table = by_css(report, "#coverage-by-mrc table.heatmap")
    assert table.rect["x"] + table.rect["width"] <= PRINTABLE_WIDTH + 1
    printed = report.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    data = base64.b64decode(printed["data"])
    (ARTIFACTS / f"report-mrc-{'-'.join(regions)}.pdf").write_bytes(data)
    document = PdfReader(io.BytesIO(data))
    assert 1 <= len(document.pages) <= MAX_PRINTED_PAGES, f"{len(document.pages)} pages"
    assert "Couverture par MRC" in " ".join(page.extract_text() for page in document.pages)
