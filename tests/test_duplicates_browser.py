"""The duplicates review page in a real headless Chromium: a coordinator goes from the
stakeholder list to the pairs, reads why a pair is proposed, says it is not a duplicate
and sees it leave; axe-core finds nothing serious at 1280 and 390 px wide, in French and
English. Screenshots go to tests/artifacts/duplicates-*.png."""

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
from tests.test_stakeholder_browser import button, no_sideways_scroll

pytestmark = NEEDS_CHROMIUM


def test_a_coordinator_reviews_duplicates_and_sets_one_aside(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
    make_contact,
):
    make_stakeholder("CPE Les Bouts d'chou", region="05", phone="819-555-0101")
    make_stakeholder("Centre de la petite enfance Bouts-d'Chou inc.", region="05",
                     phone="819-555-0101", email="direction@cpe-bouts-dchou.ca")  # fmt: skip
    make_stakeholder("Maison des jeunes Azimut", region="05")
    make_stakeholder("Maison des jeunes Azimut inc.", region="05")
    cpe = make_stakeholder("CPE Soleil", region="05")
    make_contact(cpe, first_name="Marie-Ève", last_name="Lavoie")
    make_contact(cpe, first_name="Marie Eve", last_name="Lavoie")
    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/stakeholders/")
    follow(browser, button(browser, "Doublons"))
    assert by_css(browser, "main h1").text.startswith("Doublons possibles d’acteurs")
    cards = browser.find_elements(By.CSS_SELECTOR, "main section.card")
    assert len(cards) == 2
    first = cards[0].text
    assert "CPE Les Bouts d'chou et Centre de la petite enfance Bouts-d'Chou inc." in first
    assert "Score : 100" in first.replace("\u00a0", " ")
    assert "Même téléphone : 819-555-0101" in first.replace("\u00a0", " ")
    no_violations(browser, axe_source, "the duplicates page (fr, 1280 px)")
    screenshot(browser, "duplicates-stakeholders")

    follow(browser, cards[1].find_element(By.XPATH, ".//button[. = 'Pas un doublon']"))
    wait_for_text(browser, "sont marqués comme deux fiches distinctes")
    cards = browser.find_elements(By.CSS_SELECTOR, "main section.card")
    assert len(cards) == 1 and "Azimut" not in cards[0].text

    follow(browser, by_css(browser, "main .nav-tabs a[href$='/duplicates/contacts']"))
    assert "Marie-Ève Lavoie et Marie Eve Lavoie" in by_css(browser, "main section.card").text
    browser.set_window_size(390, 900)
    no_sideways_scroll(browser)
    no_violations(browser, axe_source, "the duplicates page (fr, 390 px)")
    screenshot(browser, "duplicates-contacts-390")

    browser.set_window_size(1280, 1000)
    english = make_user("admin", language="en")
    browser.delete_all_cookies()
    sign_in(browser, live_server, english.email)
    browser.get(f"{live_server}/duplicates/stakeholders")
    assert by_css(browser, "main h1").text.startswith("Possible duplicate stakeholders")
    assert "Similar names (100%)" in by_css(browser, "main section.card").text
    no_violations(browser, axe_source, "the duplicates page (en)")
