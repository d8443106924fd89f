"""The network map in a real headless Chromium: a regional lead and a board member open
/network over the demo data; the SVG holds exactly the expected nodes and no name outside
the lead's scope; clicking a node, or pressing Enter on it, opens its stakeholder; printed,
the map fills the first page without menu or filters; on a phone only the map scrolls
sideways; axe-core finds no WCAG 2.1 A/AA violation. Screenshots (network-lead,
network-board, network-board-en, network-print, network-phone) and the printed PDF
(network.pdf) go to tests/artifacts/ for a person to look at.
"""

import base64
import io

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from models import Stakeholder, User, db
from models.cache import forget_everything
from models.demo import generate_demo
from reports.network_map import compute_network_map
from reports.synergy import SynergyFilters
from tests.conftest import new_user
from tests.test_browser import ARTIFACTS, NEEDS_CHROMIUM, screenshot, serving_module_data
from tests.test_list_pages_browser import (  # noqa: F401 (browser and axe_source: fixtures)
    RUN_AXE,
    WCAG_21_AA,
    Site,
    all_css,
    axe_source,
    browser,
    by_css,
    described,
    follow,
    sign_in_as,
)

pytestmark = NEEDS_CHROMIUM
LEAD_REGIONS = ["06"]


@pytest.fixture(scope="module")
def site(_app):
    """Serve the demo data (120 stakeholders) with a board member and Montréal's lead."""
    with _app.app_context():
        forget_everything()
        generate_demo(stakeholders=120)
        users = {
            "board": new_user("board", email="conseil@example.org",
                              name="Conseil d'administration"),
            "lead": new_user("regional_lead", email="responsable.mtl@example.org",
                             name="Responsable Montréal", regions=LEAD_REGIONS),
        }  # fmt: skip
        db.session.commit()
        with serving_module_data(_app) as base:
            yield Site(base, users)


def expected(site, who: str) -> set[str]:
    """Return the names the map of `who` should draw (computed apart from the page)."""
    user = db.session.get(User, site.users[who].id)
    return {node.name for node in compute_network_map(user, SynergyFilters()).nodes}


def drawn(driver) -> dict[str, str]:
    """Return each drawn node's name → its link's path."""
    links = all_css(driver, "svg.network-map a")
    return {
        link.get_attribute("aria-label").split(" · ")[0]: link.get_dom_attribute("href")
        for link in links
    }


def page_text(driver) -> str:
    """Return every text of the page, the SVG's and its links' accessible names included."""
    labels = " ".join(a.get_attribute("aria-label") for a in all_css(driver, "svg a"))
    return driver.execute_script("return document.documentElement.textContent") + labels


def no_violations(driver, source: str, where: str) -> None:
    """Assert that axe-core finds nothing on the map's page, whatever the impact (stricter
    than the other pages' check, tests.test_list_pages_browser.no_violations)."""
    driver.execute_script(source)
    found = driver.execute_async_script(RUN_AXE, WCAG_21_AA)
    assert not (isinstance(found, dict) and "error" in found), found
    assert not found, f"axe-core on {where}:\n{described(found)}"


def test_a_regional_lead_sees_their_network_and_no_one_elses(browser, site, axe_source):  # noqa: F811
    sign_in_as(browser, site, "lead")
    follow(browser, browser.find_element(By.LINK_TEXT, "Réseau"))
    assert by_css(browser, "main h1").text == "Carte du réseau"
    names = drawn(browser)
    wanted = expected(site, "lead")
    assert wanted and set(names) == wanted
    inside = set(
        db.session.scalars(
            select(Stakeholder.name).where(
                (Stakeholder.region_code.in_(LEAD_REGIONS)) | Stakeholder.region_code.is_(None)
            )
        )
    )
    outside = set(db.session.scalars(select(Stakeholder.name))) - inside
    # A name outside that is also part of a name inside (say "CPE Soleil" and "CPE Soleil
    # (2)") cannot be told apart in the text: every other one must be absent.
    outside = {name for name in outside if not any(name in other for other in inside)}
    text = page_text(browser)
    assert outside and not [name for name in outside if name in text]
    no_violations(browser, axe_source, "the network map (lead, fr)")
    screenshot(browser, "network-lead")


def test_a_board_member_clicks_a_node_and_opens_its_stakeholder(browser, site, axe_source):  # noqa: F811
    sign_in_as(browser, site, "board")
    browser.get(f"{site.base}/network")
    names = drawn(browser)
    assert set(names) == expected(site, "board")
    legend = by_css(browser, "svg.network-map").text
    assert "Secteurs" in legend and "Intermédiaires (anneau noir épais)" in legend
    screenshot(browser, "network-board")
    no_violations(browser, axe_source, "the network map (board, fr)")
    # The last node drawn lies above the others: a click on it reaches it.
    last = all_css(browser, "svg.network-map a")[-1]
    name = last.get_attribute("aria-label").split(" · ")[0]
    follow(browser, last)
    assert browser.current_url == site.base + names[name]
    assert by_css(browser, "main h1").text.startswith(name)
    # From the keyboard: a node is a link, Enter opens it.
    browser.back()
    first = WebDriverWait(browser, 10).until(lambda b: all_css(b, "svg.network-map a"))[0]
    browser.execute_script("arguments[0].focus()", first)
    assert browser.switch_to.active_element == first
    name = first.get_attribute("aria-label").split(" · ")[0]
    first.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: "/stakeholders/" in b.current_url)
    assert by_css(browser, "main h1").text.startswith(name)


def test_in_english_the_map_has_no_accessibility_violation(browser, site, axe_source):  # noqa: F811
    sign_in_as(browser, site, "board")
    browser.get(f"{site.base}/network?lang=en")
    assert by_css(browser, "main h1").text == "Network map"
    no_violations(browser, axe_source, "the network map (board, en)")
    screenshot(browser, "network-board-en")


def test_printed_the_map_fills_the_first_page_without_menu_or_filters(browser, site):  # noqa: F811
    from pypdf import PdfReader

    sign_in_as(browser, site, "board")
    browser.get(f"{site.base}/network")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for selector in ("body > nav", "body > footer", "#network-filters", "main .btn"):
            shown = [e for e in all_css(browser, selector) if e.is_displayed()]
            assert not shown, f"{selector} prints"
        screenshot(browser, "network-print")
        printed = browser.execute_cdp_cmd(
            "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    data = base64.b64decode(printed["data"])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "network.pdf").write_bytes(data)
    document = PdfReader(io.BytesIO(data))
    box = document.pages[0].mediabox
    assert (box.width, box.height) == (792, 612)  # letter, landscape
    first = document.pages[0].extract_text()
    # The whole map, its legend's last heading included, is on the first page; the table
    # of the most connected starts the next one.
    assert "Carte du réseau" in first and "Intermédiaires (anneau noir épais)" in first
    assert "Se déconnecter" not in first and "Afficher la carte" not in first
    assert "Les acteurs les plus liés" not in first
    assert "Les acteurs les plus liés" in document.pages[1].extract_text()


def test_on_a_phone_only_the_map_scrolls_sideways(browser, site):  # noqa: F811
    sign_in_as(browser, site, "lead")
    browser.set_window_size(390, 844)
    try:
        browser.get(f"{site.base}/network")
        width = browser.execute_script("return document.documentElement.clientWidth")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width
        assert not by_css(browser, "#network-filters").is_displayed()  # folded away
        # The map keeps a readable size and scrolls inside its frame.
        assert by_css(browser, "svg.network-map").rect["width"] >= 720
        figure = "return document.querySelector('.network-figure').scrollWidth"
        assert browser.execute_script(figure) > width
        screenshot(browser, "network-phone")
    finally:
        browser.set_window_size(1280, 1400)
