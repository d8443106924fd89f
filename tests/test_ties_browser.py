"""Ties in a real headless Chromium: a coordinator records a tie from the keyboard alone,
through the type-ahead, sees it listed with its intensity and dates, ends it today and
undoes that; a regional lead sees a tie reaching outside their territory without the
other stakeholder. axe-core checks each page. Screenshots: tests/artifacts/ties-*.png."""

from datetime import date

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from models import Relationship, db
from tests.test_browser import (  # noqa: F401 - browser and live_server are fixtures
    CHROMEDRIVER,
    CHROMIUM,
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


def press(driver, *keys) -> None:
    """Type `keys` into whatever has the focus, as a person at the keyboard would."""
    ActionChains(driver).send_keys(*keys).perform()


def focused(driver):
    return driver.switch_to.active_element


def tab_to(driver, name: str) -> None:
    """Press Tab until the field `name` has the focus (a date field takes one per part)."""
    for _ in range(6):
        press(driver, Keys.TAB)
        if focused(driver).get_attribute("name") == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def test_a_coordinator_records_a_tie_from_the_keyboard(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
    make_relationship,
):
    cpe = make_stakeholder("CPE Soleil levant", region="06", locality="Verdun")
    make_stakeholder("Table de concertation 0-5 ans de Verdun", region="06", sector="community")
    foundation = make_stakeholder("Fondation des Petits Pas", region=None, sector="philanthropy")
    make_relationship(foundation, cpe, "funds", intensity="cooperation",
                      starts_on=date(2022, 9, 1), ends_on=date(2024, 8, 31))  # fmt: skip
    coordinator = make_user("coordinator", name="Camille Coordination")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/stakeholders/{cpe.id}")

    add = by_css(browser, "#ties a.btn-outline-primary")
    assert add.text == "Ajouter un lien"
    add.send_keys(Keys.ENTER)  # the form's page
    wait_for_text(browser, "Un lien entre CPE Soleil levant et un autre acteur.")
    no_violations(browser, axe_source, "the new tie's form")
    for _ in range(40):  # past the menu and the breadcrumbs, to the first field
        press(browser, Keys.TAB)
        if focused(browser).get_attribute("id") == "other_id-search":
            break
    box = focused(browser)
    assert box.get_attribute("id") == "other_id-search" and box.get_attribute("role") == "combobox"
    press(browser, "concert")
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.XPATH, "//li[@role='option'][starts-with(., 'Table de')]")
    )
    press(browser, Keys.ARROW_DOWN, Keys.ENTER)  # Enter picks, never submits
    chosen = by_css(browser, "#other_id option:checked").get_attribute("textContent")
    assert chosen.startswith("Table de concertation")
    press(browser, Keys.TAB, "Membre")
    assert focused(browser).get_attribute("name") == "type"
    press(browser, Keys.TAB, "Coordination")
    assert focused(browser).get_attribute("name") == "intensity"
    press(browser, Keys.TAB, "03032025")  # day and month alike: any order the locale uses
    tab_to(browser, "notes")  # past the end date's day, month and year
    press(browser, "Siège au comité de coordination.")
    screenshot(browser, "ties-1-form")
    press(browser, Keys.TAB, Keys.ENTER)
    wait_for_text(browser, "Lien avec Table de concertation 0-5 ans de Verdun ajouté.")

    tie = db.session.scalar(select(Relationship).where(Relationship.type == "member_of"))
    assert (tie.intensity, tie.starts_on, tie.notes) == (
        "coordination", date(2025, 3, 3), "Siège au comité de coordination."
    )  # fmt: skip
    current, ended = (li.text for li in browser.find_elements(By.CSS_SELECTOR, "#ties li.tie"))
    assert current.startswith("Membre de · Table de concertation 0-5 ans de Verdun\n")
    assert "Coordination · depuis le 3 mars 2025\nSiège au comité de coordination." in current
    assert ended.startswith(
        "Financé par · Fondation des Petits Pas Terminé\n"
    )  # the foundation funds the CPE
    assert "Coopération · du 1 septembre 2022 au 31 août 2024" in ended
    no_sideways_scroll(browser)
    no_violations(browser, axe_source, "the stakeholder page with its ties")
    screenshot(browser, "ties-2-listed")

    follow(browser, by_css(browser, "#ties li.tie .tie-actions button"))  # End today
    wait_for_text(browser, "terminé aujourd’hui.")
    no_violations(browser, axe_source, "the page offering to undo")
    screenshot(browser, "ties-3-ended")
    follow(browser, by_css(browser, "#tie-undo button"))
    wait_for_text(browser, "rétabli.")
    db.session.refresh(tie)
    assert tie.ends_on is None
    assert not browser.find_elements(By.CSS_SELECTOR, "#tie-undo")

    follow(browser, by_css(browser, "#ties li.tie .tie-actions a"))  # Edit
    wait_for_text(browser, "Modifier le lien")
    no_violations(browser, axe_source, "the tie's edit page")
    screenshot(browser, "ties-4-edit")


def test_a_lead_sees_a_tie_outside_their_territory_without_its_name(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
    make_relationship,
):
    cpe = make_stakeholder("CPE Soleil levant", region="06")
    city = make_stakeholder("Ville de Longueuil", region="16", sector="municipal")
    make_relationship(city, cpe, "partner", intensity="integration", starts_on=date(2024, 5, 1),
                      notes="Entente confidentielle")  # fmt: skip
    lead = make_user("regional_lead", regions=["06"])
    sign_in(browser, live_server, lead.email)
    browser.get(f"{live_server}/stakeholders/{cpe.id}")
    wait_for_text(browser, "Un acteur hors de votre territoire")
    text = by_css(browser, "#ties").text
    assert "Partenaire · Un acteur hors de votre territoire" in text
    assert "Intégration · depuis le 1 mai 2024" in text
    source = browser.page_source
    assert "Ville de Longueuil" not in source and "Entente confidentielle" not in source
    assert not browser.find_elements(By.CSS_SELECTOR, "#ties .tie-actions")
    no_violations(browser, axe_source, "a lead's stakeholder page")
    screenshot(browser, "ties-5-lead")
