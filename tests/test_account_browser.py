"""The account page in a real headless Chromium: a coordinator opens "Mon compte" from the
user menu, makes their calendar address, copies it, a calendar app reads it, and they ask
for the weekly digest; at 390 px nothing scrolls sideways. axe-core checks each state.
Screenshots go to tests/artifacts/account-*.png."""

import urllib.request
from datetime import date

from icalendar import Calendar
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


def test_make_the_calendar_address_copy_it_and_ask_for_the_digest(
    app,
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
    make_interaction,
):
    coordinator = make_user("coordinator", name="Camille Coordination")
    make_interaction([make_stakeholder("CPE Soleil levant")], logged_by=coordinator,
                     assigned_to=coordinator, follow_up_on=date(2030, 1, 15),
                     summary="Rappeler la directrice")  # fmt: skip
    sign_in(browser, live_server, coordinator.email)
    by_css(browser, ".navbar .account-name").click()
    follow(browser, browser.find_element(By.LINK_TEXT, "Mon compte"))
    assert "Vous n’avez pas d’adresse de calendrier." in by_css(browser, "main").text
    no_violations(browser, axe_source, "the account page without a calendar address")

    follow(browser, browser.find_element(By.CSS_SELECTOR, "#new-submit"))
    address = by_css(browser, "#calendar-address").get_attribute("value")
    assert "Copiez-la maintenant" in by_css(browser, "main").text
    by_css(browser, "[data-copy]").click()
    wait_for_text(browser, "Copiée")
    no_violations(browser, axe_source, "the account page showing the new address")
    screenshot(browser, "account-new-address")

    feed = address.replace(app.config["PUBLIC_URL"], live_server)
    with urllib.request.urlopen(feed) as response:  # a calendar app: no cookie
        calendar = Calendar.from_ical(response.read())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Suivi\u00a0: CPE Soleil levant"

    browser.find_element(By.ID, "digest-digest_opt_in").click()
    follow(browser, by_css(browser, "#digest-submit"))
    wait_for_text(browser, f"vos suivis seront envoyés à {coordinator.email} le lundi matin")
    main = by_css(browser, "main").text
    assert "Votre adresse de calendrier est active." in main and address not in main
    assert by_css(browser, "#digest-digest_opt_in").is_selected()
    no_violations(browser, axe_source, "the account page after saving the digest")
    screenshot(browser, "account-saved")

    browser.set_window_size(390, 900)
    browser.get(f"{live_server}/account/")
    no_sideways_scroll(browser)
    screenshot(browser, "account-390")
