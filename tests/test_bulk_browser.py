"""Bulk actions in a real headless Chromium: a coordinator ticks the page, chooses every
stakeholder matching the filters, tags them, confirms, finds them by the tag, and undoes
it; on a phone, two rows ticked from the keyboard. axe-core checks each page.
Screenshots: tests/artifacts/bulk-*.png."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

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
)
from tests.test_stakeholder_browser import no_sideways_scroll, no_violations

pytestmark = NEEDS_CHROMIUM


def test_tag_every_stakeholder_matching_the_filters_then_undo(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
):
    for n in range(30):
        make_stakeholder(f"CPE Montréal {n:02}", region="06")
    make_stakeholder("CPE Estrie", region="05")
    coordinator = make_user("coordinator", name="Camille Coordination")
    browser.set_window_size(1280, 900)
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/stakeholders/?region=06")

    everything = by_css(browser, "[data-bulk-all]")
    assert not everything.is_displayed()  # until the whole page is ticked
    by_css(browser, "#bulk-page").send_keys(Keys.SPACE)
    ticked = browser.find_elements(By.CSS_SELECTOR, "input[data-bulk-row]:checked")
    assert len(ticked) == 25  # the page
    assert everything.is_displayed()
    assert "Lignes cochées : 25" in by_css(browser, "[data-bulk-count]").text.replace("\u00a0", " ")
    by_css(browser, "#bulk-all").send_keys(Keys.SPACE)
    assert "Sélectionner les 30 acteurs qui correspondent aux filtres" in everything.text
    assert not by_css(browser, "[data-bulk-tag]").is_displayed()  # no tag action chosen yet
    Select(by_css(browser, "#bulk-action")).select_by_visible_text("Ajouter une étiquette")
    by_css(browser, "#bulk-tag").send_keys("priorité 2027")
    no_violations(browser, axe_source, "the list with its bulk bar")
    screenshot(browser, "bulk-1-list")

    follow(browser, by_css(browser, "#bulk-form button[type=submit]"))
    wait_for_text(browser, "Ajouter l’étiquette «\u202fpriorité 2027\u202f» à 30 acteurs\u202f?")
    no_violations(browser, axe_source, "the confirmation")
    screenshot(browser, "bulk-2-confirm")

    follow(browser, by_css(browser, "main form button[type=submit]"))
    wait_for_text(browser, "30 acteurs modifiés.")
    no_violations(browser, axe_source, "the bulk change's page")
    screenshot(browser, "bulk-3-done")

    browser.get(f"{live_server}/stakeholders/?tag=priorité 2027")
    assert by_css(browser, "h1 .badge").text == "30"
    assert "CPE Estrie" not in by_css(browser, "main").text

    browser.get(f"{live_server}/bulk/")
    assert "Ajouter une étiquette · priorité 2027" in by_css(browser, "main").text
    no_violations(browser, axe_source, "the recent bulk changes")
    screenshot(browser, "bulk-4-recent")
    follow(browser, by_css(browser, "main form button[type=submit]"))  # Annuler
    wait_for_text(browser, "30 fiches sont revenues comme avant.")
    browser.get(f"{live_server}/stakeholders/?tag=priorité 2027")
    assert by_css(browser, "h1 .badge").text == "0"


def test_on_a_phone_two_rows_ticked_from_the_keyboard(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
):
    for n in range(3):
        make_stakeholder(f"CPE Montréal {n}", region="06")
    coordinator = make_user("coordinator")
    browser.set_window_size(390, 844)
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/stakeholders/")
    rows = browser.find_elements(By.CSS_SELECTOR, "input[data-bulk-row]")
    label = by_css(browser, f"label[for={rows[0].get_attribute('id')}]")
    assert label.get_attribute("textContent").startswith("Cocher CPE Montréal")
    rows[0].send_keys(Keys.SPACE)
    rows[1].send_keys(Keys.SPACE)
    Select(by_css(browser, "#bulk-action")).select_by_visible_text("Archiver")
    no_sideways_scroll(browser)
    no_violations(browser, axe_source, "the list on a phone")
    screenshot(browser, "bulk-5-phone")
    follow(browser, by_css(browser, "#bulk-form button[type=submit]"))
    wait_for_text(browser, "Archiver 2 acteurs\u202f?")
    no_sideways_scroll(browser)
    screenshot(browser, "bulk-6-phone-confirm")
