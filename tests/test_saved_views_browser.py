"""Saved views in a real headless Chromium: a coordinator filters the stakeholders, saves
the view from the list's "Views" menu (no script needed: a disclosure), finds it on the
home page, opens it, and the list is filtered again; at 390 px the menu opens on its own
line. axe-core checks each page. Screenshots go to tests/artifacts/saved-views-*.png."""

from selenium.webdriver.common.by import By

from tests.test_browser import (  # noqa: F401 - browser and live_server are fixtures
    NEEDS_CHROMIUM,
    browser,
    live_server,
    screenshot,
    sign_in,
    wait_for_text,
)
from tests.test_list_pages_browser import (  # noqa: F401 - axe_source is a fixture
    axe_source,
    by_css,
    follow,
    no_violations,
)
from tests.test_stakeholder_browser import no_sideways_scroll

pytestmark = NEEDS_CHROMIUM


def test_save_a_filtered_view_find_it_at_home_and_open_it(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
):
    make_stakeholder("CPE Soleil levant", region="06")
    make_stakeholder("CPE des Cantons", region="05")
    coordinator = make_user("coordinator", name="Camille Coordination")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/stakeholders/?region=06")
    by_css(browser, ".saved-views summary").click()
    no_violations(browser, axe_source, "the stakeholder list with its Views menu open")
    screenshot(browser, "saved-views-menu")
    browser.find_element(By.ID, "saved-view-name").send_keys("Montréal seulement")
    browser.find_element(By.ID, "saved-view-shared").click()
    follow(browser, by_css(browser, ".saved-views form [type=submit]"))
    wait_for_text(browser, "Vue « Montréal seulement » enregistrée.")
    assert "Vues · Montréal seulement" in by_css(browser, ".saved-views summary").text

    browser.get(f"{live_server}/")
    card = by_css(browser, "#my-views")
    assert "Montréal seulement" in card.text and "1 ligne" in card.text
    no_violations(browser, axe_source, "the home page with the My views card")
    follow(browser, card.find_element(By.LINK_TEXT, "Montréal seulement"))
    table = by_css(browser, "main table").text
    assert "CPE Soleil levant" in table and "CPE des Cantons" not in table
    assert browser.current_url.endswith("/stakeholders/?region=06")

    browser.get(f"{live_server}/views/")
    assert "Montréal seulement" in by_css(browser, "main").text
    no_violations(browser, axe_source, "the saved views page")

    browser.set_window_size(390, 900)
    browser.get(f"{live_server}/stakeholders/?region=06")
    by_css(browser, ".saved-views summary").click()
    no_sideways_scroll(browser)
    screenshot(browser, "saved-views-menu-390")
    no_violations(browser, axe_source, "the Views menu at 390 px")
