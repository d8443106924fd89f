"""A stale edit in a real headless Chromium: what a person sees when a colleague saved the
record while they were typing (skipped where no browser is installed)."""

from models import Stakeholder, db
from models.operations import update_stakeholder
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

pytestmark = NEEDS_CHROMIUM


def test_a_colleague_saved_while_i_typed(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811 - the fixture imported above
    make_user,
    make_stakeholder,
):
    from selenium.webdriver.common.by import By

    cpe = make_stakeholder("CPE Soleil", region="06", notes="Premier contact en mars.")
    me = make_user("coordinator", name="Marc Gagnon")
    colleague = make_user("coordinator", name="Sophie Lavoie")
    sign_in(browser, live_server, me.email)
    browser.get(f"{live_server}/stakeholders/{cpe.id}/edit")
    name = browser.find_element(By.NAME, "name")
    name.clear()
    name.send_keys("CPE Soleil levant")
    browser.find_element(By.NAME, "locality").send_keys("Lachine")

    update_stakeholder(
        colleague, cpe, {"stage": "engaged", "locality": "Verdun", "notes": "Rencontre le 12."}
    )
    db.session.commit()

    save = browser.find_element(By.CSS_SELECTOR, "main form [type=submit]")
    # Instant: Bootstrap's smooth scrolling would still be moving when the click lands.
    scroll = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"
    browser.execute_script(scroll, save)
    save.click()
    wait_for_text(browser, "Sophie Lavoie a modifié cette fiche")
    screenshot(browser, "stale-stakeholder-edit")
    assert browser.find_element(By.NAME, "name").get_attribute("value") == "CPE Soleil levant"
    table = browser.find_element(By.CSS_SELECTOR, ".stale table").text
    assert "Étape de mobilisation Identifié Engagé dans la démarche" in table
    assert "Lieu (si ce n’est pas une municipalité) Lachine Verdun" in table

    browser.find_element(By.LINK_TEXT, "Recharger la fiche").click()
    wait_for_text(browser, "Verdun")
    assert browser.find_element(By.NAME, "name").get_attribute("value") == "CPE Soleil"
    assert not browser.find_elements(By.CSS_SELECTOR, ".stale")
    db.session.expire_all()
    assert db.session.get(Stakeholder, cpe.id).name == "CPE Soleil"
