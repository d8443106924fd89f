"""A merge in a real headless Chromium: a coordinator opens the merge screen of two
records of one organization, picks the other's phone, merges, sees the survivor's page
with the moved contacts and that phone, then undoes the merge and sees both records back.
axe-core checks the screen, at 1280 and 390 px wide. Screenshots: tests/artifacts/merge-*.png.
"""

from selenium.webdriver.common.by import By
from sqlalchemy import select

from models import Contact, Stakeholder, db
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


def test_a_coordinator_merges_two_stakeholders_then_undoes_it(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
    make_contact,
    make_interaction,
):
    kept = make_stakeholder("CPE Les Bouts-d'Chou", region="06", phone="514-555-0101")
    other = make_stakeholder("CPE Les Bouts d'Chou inc.", region="06", phone="514-555-0199",
                             email="info@boutsdchou.org")  # fmt: skip
    make_contact(other, first_name="Léa", last_name="Gagnon")
    make_contact(other, first_name="Noé", last_name="Bédard")
    make_interaction([kept, other], summary="Rencontre commune")
    kept_id, other_id = kept.id, other.id
    coordinator = make_user("coordinator", name="Camille Coordination")
    sign_in(browser, live_server, coordinator.email)

    browser.set_window_size(390, 900)
    browser.get(f"{live_server}/duplicates/stakeholders/merge?keep={kept_id}&other={other_id}")
    wait_for_text(browser, "sera supprimée")
    no_sideways_scroll(browser)
    no_violations(browser, axe_source, "the merge screen at 390 px")
    screenshot(browser, "merge-1-screen-390")
    browser.set_window_size(1280, 900)
    assert "2 contacts, 1 interaction" in by_css(browser, "#moving").text
    no_violations(browser, axe_source, "the merge screen")
    screenshot(browser, "merge-2-screen")
    phone = by_css(browser, "#pick-phone-other")
    assert not phone.is_selected() and by_css(browser, "#pick-phone-kept").is_selected()
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", phone
    )
    by_css(browser, "label[for=pick-phone-other]").click()
    assert phone.is_selected()
    follow(browser, browser.find_element(By.XPATH, "//main//button[starts-with(., 'Fusionner')]"))

    assert browser.current_url == f"{live_server}/stakeholders/{kept_id}"
    wait_for_text(browser, "Les deux fiches ont été fusionnées")
    page = by_css(browser, "main").text
    assert "514-555-0199" in page and "Léa Gagnon" in page and "Noé Bédard" in page
    no_violations(browser, axe_source, "the survivor's page offering undo")
    screenshot(browser, "merge-3-survivor")
    assert db.session.get(Stakeholder, other_id) is None

    follow(browser, browser.find_element(By.XPATH, "//main//button[. = 'Annuler la fusion']"))
    wait_for_text(browser, "Fusion annulée")
    assert browser.current_url == f"{live_server}/stakeholders/{other_id}"
    page = by_css(browser, "main").text
    assert "CPE Les Bouts d'Chou inc." in page and "Léa Gagnon" in page
    screenshot(browser, "merge-4-undone")
    db.session.expire_all()
    assert db.session.get(Stakeholder, kept_id).phone == "514-555-0101"
    owners = db.session.scalars(select(Contact.stakeholder_id)).all()
    assert owners == [other_id, other_id]
    browser.get(f"{live_server}/duplicates/merges")
    wait_for_text(browser, "Annulée le")
    no_violations(browser, axe_source, "the merges page")
    screenshot(browser, "merge-5-merges")
