"""The review queue, "Courriels à classer", in a real headless Chromium: a coordinator sees
the count in the menu and on the home page, attaches an address to a contact picked by
type-ahead, discards another and puts it back; at 390 px the queue reads without sideways
scrolling. axe-core checks the pages. Screenshots go to tests/artifacts/maildrop-*.png."""

from selenium.webdriver.common.by import By

from models import MaildropMessage, db
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
from tests.test_maildrop_review import make_message
from tests.test_stakeholder_browser import no_sideways_scroll

pytestmark = NEEDS_CHROMIUM


def test_a_coordinator_classifies_the_addresses_of_a_message(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
    make_contact,
):
    cpe = make_stakeholder("CPE Les Lucioles", region="06")
    make_contact(cpe, "Léa", "Tremblay", email="lea.tremblay@lucioles.example.org")
    make_contact(cpe, "Noé", "Gagnon")
    coordinator = make_user("coordinator", name="Camille Coordination")
    message = make_message(
        coordinator,
        "Table de concertation : prochaine rencontre",
        waiting=["noe.gagnon@example.net", "liste.table@example.net"],
        excerpt="Bonjour à toutes et à tous,\nLa prochaine rencontre aura lieu mardi à 14 h.",
    )
    sign_in(browser, live_server, coordinator.email)
    entry = by_css(browser, "#menu-maildrop")  # an envelope and its count; the words hidden
    assert " ".join(entry.get_attribute("textContent").split()) == "Courriels à classer 1"
    assert entry.find_element(By.CSS_SELECTOR, ".maildrop-label").size["width"] <= 1
    card = by_css(browser, "#maildrop-card")
    assert "1 de vos courriels à la boîte de dépôt" in card.text
    no_violations(browser, axe_source, "the home page with the emails-to-classify card")
    screenshot(browser, "maildrop-home")
    follow(browser, card.find_element(By.LINK_TEXT, "Les classer"))

    assert "Table de concertation : prochaine rencontre" in by_css(browser, "main").text
    no_violations(browser, axe_source, "the emails to classify")
    screenshot(browser, "maildrop-queue")
    first = message.waiting[0].id
    search = browser.find_element(By.ID, f"a{first}-contact_id-search")
    search.send_keys("gagnon")
    browser.find_element(By.XPATH, "//*[@role='option'][starts-with(., 'Noé Gagnon')]").click()
    follow(browser, by_css(browser, f"#address-{first} .attach-form [type=submit]"))
    wait_for_text(browser, "noe.gagnon@example.net rattachée à Noé Gagnon&nbsp;: 1 courriel")
    screenshot(browser, "maildrop-attached")
    db.session.expire_all()
    interaction = db.session.get(MaildropMessage, message.id).interaction
    assert [c.full_name for c in interaction.contacts] == ["Noé Gagnon"]

    second = message.waiting[1].id
    follow(browser, by_css(browser, f"#address-{second} form[action$='/discard'] button"))
    wait_for_text(browser, "Rien à classer")
    by_css(browser, "#discarded summary").click()
    no_violations(browser, axe_source, "the empty queue with the discarded addresses open")
    follow(browser, by_css(browser, ".discarded-address button"))
    wait_for_text(browser, "liste.table@example.net est de nouveau à classer")

    browser.set_window_size(390, 900)
    browser.get(f"{live_server}/maildrop/")
    no_sideways_scroll(browser)
    no_violations(browser, axe_source, "the emails to classify at 390 px")
    screenshot(browser, "maildrop-queue-390")
