"""A stakeholder's municipality in a real headless Chromium: a coordinator types `robe`,
picks Roberval in the type-ahead, sees its region follow and the MRC select step aside,
saves, and reads the place on the stakeholder's page; editing starts with Roberval chosen.
axe-core checks the form (WCAG 2.1 A/AA, serious and critical findings). Screenshots go to
tests/artifacts/stakeholder-place-*.png."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from models import Stakeholder, db
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

pytestmark = NEEDS_CHROMIUM


def test_a_picked_municipality_brings_its_region_and_shows_on_the_page(
    live_server,  # noqa: F811 - the fixtures imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
):
    coordinator = make_user("coordinator", name="Camille Coordination")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/stakeholders/new")
    wait_for_text(browser, "Nouvel acteur")
    no_violations(browser, axe_source, "the new stakeholder's form")

    browser.find_element(By.NAME, "name").send_keys("CPE Les Bleuets")
    Select(browser.find_element(By.NAME, "level")).select_by_value("local")
    region = Select(browser.find_element(By.NAME, "region_code"))
    assert region.first_selected_option.text == "—"
    mrc_group = by_css(browser, "#mrc_code").find_element(By.XPATH, "..")
    assert mrc_group.is_displayed()

    box = by_css(browser, "#municipality_code-search")
    assert box.get_attribute("role") == "combobox"
    box.send_keys("robe")
    option = WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.XPATH, "//li[@role='option'][starts-with(., 'Roberval')]")
    )[0]
    assert option.text == "Roberval (Ville, Le Domaine-du-Roy, 02 Saguenay–Lac-Saint-Jean)"
    no_violations(browser, axe_source, "the form with the municipalities listed")
    screenshot(browser, "stakeholder-place-typeahead")
    option.click()

    assert region.first_selected_option.text == "02 · Saguenay–Lac-Saint-Jean"
    chip = by_css(browser, ".lookup-chosen .badge")
    assert chip.text == "Roberval (Ville, Le Domaine-du-Roy, 02 Saguenay–Lac-Saint-Jean)"
    assert not mrc_group.is_displayed()  # the municipality gives the MRC
    assert not by_css(browser, "#locality").is_displayed()  # and the name
    no_violations(browser, axe_source, "the form with Roberval chosen")
    screenshot(browser, "stakeholder-place-form")

    save = by_css(browser, "main form [type=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", save)
    follow(browser, save)
    wait_for_text(browser, "Acteur créé.")
    line = by_css(browser, "main h1 + p").text
    assert line.endswith("Local · Roberval · MRC Le Domaine-du-Roy · 02 Saguenay–Lac-Saint-Jean")
    screenshot(browser, "stakeholder-place-page")
    cpe = db.session.scalar(select(Stakeholder).where(Stakeholder.name == "CPE Les Bleuets"))
    assert (cpe.municipality_code, cpe.mrc_code, cpe.region_code) == ("91025", "910", "02")

    browser.get(f"{live_server}/stakeholders/{cpe.id}/edit")
    chip = by_css(browser, ".lookup-chosen .badge")
    assert chip.text.startswith("Roberval (Ville, Le Domaine-du-Roy")
    assert not by_css(browser, "#mrc_code").is_displayed()
    # Removing the municipality brings the MRC select back, for an MRC-wide stakeholder.
    chip.find_element(By.CSS_SELECTOR, "button").click()
    assert by_css(browser, "#mrc_code").find_element(By.XPATH, "..").is_displayed()
