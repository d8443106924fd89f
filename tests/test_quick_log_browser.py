# ruff: noqa: F811  (the fixtures imported above are the tests' parameters)
"""The quick log in a real headless Chromium, key by key (issue 12): a joint meeting with two
stakeholders, two contacts present, two measures and a follow-up in a handful of clicks
and keys; Enter in a type-ahead picks and never submits; the arrows move through the
results; a regional lead is not offered what they cannot log for, and a forged form is
refused by name; a past follow-up asks first; axe-core finds nothing, results open too.

Screenshots: tests/artifacts/quick-log-*.png.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Interaction, clock, db
from tests.test_browser import (  # noqa: F401  (fixtures)
    CHROMEDRIVER,
    CHROMIUM,
    NEEDS_CHROMIUM,
    browser,
    live_server,
    screenshot,
    sign_in,
    wait_for_text,
)
from tests.test_list_pages_browser import RUN_AXE, WCAG_21_AA, axe_source, described  # noqa: F401

pytestmark = NEEDS_CHROMIUM

MAX_CLICKS = 8
MAX_KEYS = 30


class Counted:
    """The person at the keyboard: every click and every key goes through here, counted."""

    def __init__(self, browser):
        self.browser = browser
        self.clicks = 0
        self.keys = 0

    def click(self, element) -> None:
        self.browser.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
        )
        self.clicks += 1
        element.click()

    def type(self, *keys: str) -> None:
        """Type into the focused element: each letter and each special key is one key."""
        from selenium.webdriver.common.action_chains import ActionChains

        self.keys += sum(len(k) for k in keys)
        ActionChains(self.browser).send_keys(*keys).perform()

    def chord(self, modifier: str, key: str) -> None:
        """Hold `modifier` (Ctrl, Cmd) and press `key`: two keys."""
        from selenium.webdriver.common.action_chains import ActionChains

        self.keys += 2
        ActionChains(self.browser).key_down(modifier).send_keys(key).key_up(modifier).perform()


def focused_id(browser) -> str:
    return browser.switch_to.active_element.get_attribute("id")


def options(browser, box_id: str, typed: str | None = None) -> list[str]:
    """Wait for the listbox of the combobox `box_id` to show (the results of `typed`, when
    given); return its options' texts."""
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(b) -> bool:
        box = b.find_element("id", box_id)
        listbox = b.find_element("id", box.get_attribute("aria-controls"))
        return box.get_attribute("aria-expanded") == "true" and (
            typed is None or listbox.get_attribute("data-query") == typed
        )

    WebDriverWait(browser, 10).until(shown)
    box = browser.find_element("id", box_id)
    listbox = browser.find_element("id", box.get_attribute("aria-controls"))
    return [o.text for o in listbox.find_elements("css selector", "[role=option]")]


def chips(browser, select_id: str) -> list[str]:
    """Return the names of the chosen values' remove buttons."""
    field = browser.find_element("id", select_id).find_element("xpath", "..")
    buttons = field.find_elements("css selector", ".lookup-chosen button")
    return [b.get_attribute("aria-label") for b in buttons]


def wait_gone(browser, box_id: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(
        lambda b: b.find_element("id", box_id).get_attribute("aria-expanded") == "false"
    )


@pytest.fixture
def meeting(make_stakeholder, make_contact):
    """Two stakeholders of Montréal with their contacts, and others that match as well."""
    soleil = make_stakeholder("CPE Soleil levant", region="06")
    ville = make_stakeholder("Ville de Montréal", region="06", sector="municipal")
    make_stakeholder("CPE Soleil d'Estrie", region="05")
    make_contact(soleil, first_name="Émilie", last_name="Gagné")
    make_contact(soleil, first_name="Louis", last_name="Roy")
    make_contact(ville, first_name="Yves", last_name="Tremblay")
    other = make_stakeholder("CPE Les Hiboux", region="06")
    make_contact(other, first_name="Émile", last_name="Gagnon")
    return soleil, ville


def test_a_joint_meeting_is_logged_in_a_few_clicks_and_keys(
    live_server, browser, make_user, meeting
):
    """All of it from the keyboard, in the order of Tab: the stakeholders, the contacts
    present, the measures (by a word), the follow-up shortcut, Ctrl+Enter."""
    from selenium.webdriver.common.keys import Keys

    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/interactions/new")
    person = Counted(browser)
    # The cursor starts in the first field.
    assert focused_id(browser) == "stakeholder_ids-search"
    person.type("sol")
    # Both names hold a word starting with "sol": the one of fewer words first.
    assert options(browser, "stakeholder_ids-search") == [
        "CPE Soleil levant (06)",
        "CPE Soleil d'Estrie (05)",
    ]
    screenshot(browser, "quick-log-stakeholder-results")
    person.type(Keys.ENTER)
    wait_gone(browser, "stakeholder_ids-search")
    person.type("vil")
    assert options(browser, "stakeholder_ids-search") == ["Ville de Montréal (06)"]
    person.type(Keys.ENTER)
    assert chips(browser, "stakeholder_ids") == [
        "Retirer CPE Soleil levant (06)",
        "Retirer Ville de Montréal (06)",
    ]
    # Tab goes on to the contacts present, which show, on focus, the contacts of the two
    # stakeholders, all three, before anyone else.
    person.type(Keys.TAB)
    assert focused_id(browser) == "contact_ids-search"
    assert options(browser, "contact_ids-search") == [
        "Émilie Gagné (CPE Soleil levant)",
        "Louis Roy (CPE Soleil levant)",
        "Yves Tremblay (Ville de Montréal)",
    ]
    status = browser.find_element("id", "contact_ids-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("textContent") == "3 résultats"
    screenshot(browser, "quick-log-contacts-of-the-chosen")
    person.type(Keys.ENTER)  # the first is highlighted
    # The others stay offered; among them, one letter is enough.
    assert options(browser, "contact_ids-search") == [
        "Louis Roy (CPE Soleil levant)",
        "Yves Tremblay (Ville de Montréal)",
    ]
    assert status.get_attribute("textContent") == "2 résultats"
    person.type("y")
    assert options(browser, "contact_ids-search", "y")[0] == "Yves Tremblay (Ville de Montréal)"
    person.type(Keys.ENTER)
    # Tab: the measure finder; a word ticks the measure in the list below.
    person.type(Keys.TAB)
    assert focused_id(browser) == "measure-finder"
    person.type("lo")
    assert options(browser, "measure-finder")[0] == "Accès à un logement abordable"
    person.type(Keys.ENTER)
    person.type("fi")
    assert options(browser, "measure-finder") == ["Soutien financier"]
    person.type(Keys.ENTER)
    ticked = browser.find_elements("css selector", "#measure-boxes input:checked")
    assert sorted(box.get_attribute("value") for box in ticked) == ["financial_support", "housing"]
    assert chips(browser, "measure-finder") == [
        "Retirer Accès à un logement abordable",
        "Retirer Soutien financier",
    ]
    # Tab: the follow-up shortcuts; the second is two weeks.
    person.type(Keys.TAB, Keys.TAB)
    assert browser.switch_to.active_element.text == "+2 semaines"
    person.type(Keys.ENTER)
    in_two_weeks = clock.today() + timedelta(days=14)
    assert browser.find_element("id", "follow_up_on").get_attribute("value") == (
        in_two_weeks.isoformat()
    )
    screenshot(browser, "quick-log-filled")
    person.chord(Keys.CONTROL, Keys.ENTER)
    wait_for_text(browser, "Interaction consignée&nbsp;: rencontre du")
    screenshot(browser, "quick-log-saved")
    assert person.clicks <= MAX_CLICKS, person.clicks
    assert person.keys <= MAX_KEYS, person.keys
    interaction = db.session.scalar(select(Interaction))
    assert sorted(s.name for s in interaction.stakeholders) == [
        "CPE Soleil levant",
        "Ville de Montréal",
    ]
    assert sorted(c.full_name for c in interaction.contacts) == ["Yves Tremblay", "Émilie Gagné"]
    assert sorted(m.code for m in interaction.measures) == ["financial_support", "housing"]
    assert interaction.follow_up_on == in_two_weeks
    assert interaction.kind == "meeting" and interaction.occurred_on == clock.today()


@pytest.mark.parametrize("modifier", ["CONTROL", "COMMAND"])
def test_ctrl_enter_saves_from_a_type_ahead_without_picking(
    live_server, browser, make_user, meeting, modifier
):
    """Ctrl+Enter (Cmd+Enter on a Mac) saves from any field, a type-ahead's open list
    included (what is highlighted there is not picked); the hint says so beside Save."""
    from selenium.webdriver.common.keys import Keys

    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/interactions/new")
    save = browser.find_element("css selector", "#quick-log button[name=submit]")
    hint = browser.find_element("id", "save-shortcut-hint")
    assert hint.text == "Ctrl+Entrée pour enregistrer" and hint.is_displayed()
    # Beside the Save button: on its line, to its right.
    middle = {e: e.rect["y"] + e.rect["height"] / 2 for e in (hint, save)}
    assert abs(middle[hint] - middle[save]) < 8
    assert hint.rect["x"] > save.rect["x"] + save.rect["width"]
    assert save.get_attribute("aria-describedby") == "save-shortcut-hint"
    person = Counted(browser)
    person.type("vil")
    options(browser, "stakeholder_ids-search")
    person.type(Keys.ENTER)
    person.type("sol")
    assert options(browser, "stakeholder_ids-search")[0] == "CPE Soleil levant (06)"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", save)
    screenshot(browser, "quick-log-hint")
    person.chord(getattr(Keys, modifier), Keys.ENTER)
    wait_for_text(browser, "Interaction consignée&nbsp;: rencontre du")
    interaction = db.session.scalar(select(Interaction))
    assert [s.name for s in interaction.stakeholders] == ["Ville de Montréal"]


def test_enter_in_a_type_ahead_never_submits_the_form(live_server, browser, make_user, meeting):
    from selenium.webdriver.common.keys import Keys

    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/interactions/new")
    person = Counted(browser)
    # Typed and Enter at once, before any result is back; then Enter in an empty box.
    person.type("soleil", Keys.ENTER, Keys.ENTER)
    options(browser, "stakeholder_ids-search")
    person.type(Keys.ENTER)
    person.click(browser.find_element("id", "contact_ids-search"))
    person.type(Keys.ESCAPE, Keys.ENTER, Keys.ENTER)
    assert browser.current_url.endswith("/interactions/new")
    assert "Interaction consignée" not in browser.page_source
    assert db.session.scalar(select(Interaction)) is None
    # Nor in the measure finder (next in Tab order), with or without a measure found.
    person.type(Keys.TAB)
    assert focused_id(browser) == "measure-finder"
    person.type("zzz", Keys.ENTER)
    status = browser.find_element("id", "measure-finder-status")
    assert status.get_attribute("textContent") == "Aucune mesure ne contient ces mots."
    person.type(Keys.BACKSPACE * 3, "fi", Keys.ENTER, Keys.ENTER)
    assert browser.current_url.endswith("/interactions/new")
    assert "Interaction consignée" not in browser.page_source
    assert db.session.scalar(select(Interaction)) is None
    # The second Enter, once the results were shown, picked the first; "fi" and Enter
    # ticked the measure.
    assert chips(browser, "stakeholder_ids") == ["Retirer CPE Soleil levant (06)"]
    assert chips(browser, "contact_ids") == []
    assert chips(browser, "measure-finder") == ["Retirer Soutien financier"]


def test_the_arrows_move_through_the_results_and_enter_picks(
    live_server, browser, make_user, meeting
):
    from selenium.webdriver.common.keys import Keys

    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/interactions/new")
    person = Counted(browser)
    person.type("cpe")
    # All start with "cpe": the names of fewer words first, then in name order.
    assert options(browser, "stakeholder_ids-search") == [
        "CPE Les Hiboux (06)",
        "CPE Soleil levant (06)",
        "CPE Soleil d'Estrie (05)",
    ]
    box = browser.find_element("id", "stakeholder_ids-search")
    assert box.get_attribute("role") == "combobox"
    person.type(Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    active = browser.find_element("id", box.get_attribute("aria-activedescendant"))
    assert active.text == "CPE Soleil d'Estrie (05)"
    assert active.get_attribute("aria-selected") == "true"
    person.type(Keys.ARROW_DOWN)  # past the last: back to the first
    person.type(Keys.ARROW_UP)
    screenshot(browser, "quick-log-arrows")
    person.type(Keys.ENTER)
    assert box.get_attribute("aria-expanded") == "false"
    assert chips(browser, "stakeholder_ids") == ["Retirer CPE Soleil d'Estrie (05)"]
    # The chip's remove button takes it off again.
    remove = browser.find_element(
        "css selector", '[aria-label="Retirer CPE Soleil d\'Estrie (05)"]'
    )
    person.click(remove)
    assert chips(browser, "stakeholder_ids") == []


def test_a_lead_is_not_offered_a_national_stakeholder_and_a_forged_form_is_refused_by_name(
    live_server, browser, make_user, make_stakeholder
):
    from selenium.webdriver.common.keys import Keys

    make_stakeholder("CPE Montréal-Nord", region="06")
    national = make_stakeholder("CPE réseau national", region=None, sector="philanthropy")
    lead = make_user("regional_lead", regions=["06"])
    sign_in(browser, live_server, lead.email)
    browser.get(f"{live_server}/interactions/new")
    person = Counted(browser)
    person.type("cpe")
    assert options(browser, "stakeholder_ids-search") == ["CPE Montréal-Nord (06)"]
    status = browser.find_element("id", "stakeholder_ids-status")
    assert status.get_attribute("textContent") == "1 résultat"
    person.type(Keys.ENTER)
    assert chips(browser, "stakeholder_ids") == ["Retirer CPE Montréal-Nord (06)"]
    # Forged: the national stakeholder added to the form by hand, then saved.
    browser.execute_script(
        "const s = document.getElementById('stakeholder_ids');"
        "s.add(new Option('x', arguments[0], true, true));",
        str(national.id),
    )
    person.click(browser.find_element("css selector", "#quick-log button[name=submit]"))
    wait_for_text(browser, "Vous ne pouvez pas consigner")
    alert = browser.find_element("css selector", "main .alert-danger").text
    assert alert == (
        "Vous ne pouvez pas consigner d’interaction pour « CPE réseau national » : "
        "les acteurs nationaux sont en lecture seule pour les responsables régionaux."
    )
    screenshot(browser, "quick-log-refused")
    assert db.session.scalar(select(Interaction)) is None


def test_a_past_follow_up_asks_for_confirmation(live_server, browser, make_user, meeting):
    soleil, _ville = meeting
    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/interactions/new?stakeholder={soleil.id}")
    past = clock.today() - timedelta(days=7)
    browser.execute_script(
        "document.getElementById('follow_up_on').value = arguments[0]", past.isoformat()
    )
    person = Counted(browser)
    person.click(browser.find_element("css selector", "#quick-log button[name=submit]"))
    wait_for_text(browser, "Oui, cette date est passée")
    assert db.session.scalar(select(Interaction)) is None
    # The cursor is on the field in error, which names its error text.
    assert focused_id(browser) == "follow_up_on"
    field = browser.find_element("id", "follow_up_on")
    assert field.get_attribute("aria-invalid") == "true"
    error = browser.find_element("id", field.get_attribute("aria-describedby"))
    assert error.text.startswith("Cette date est passée.")
    screenshot(browser, "quick-log-past-follow-up")
    confirm = "//label[normalize-space()='Oui, cette date est passée']"
    person.click(browser.find_element("xpath", confirm))
    person.click(browser.find_element("css selector", "#quick-log button[name=submit]"))
    wait_for_text(browser, "Interaction consignée")
    # Started from the stakeholder's page: back on it.
    assert browser.current_url.endswith(f"/stakeholders/{soleil.id}")
    assert db.session.scalar(select(Interaction)).follow_up_on == past


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_quick_log_has_no_accessibility_violation(
    live_server, browser, make_user, meeting, axe_source, lang
):
    from selenium.webdriver.common.keys import Keys

    soleil, _ville = meeting
    coordinator = make_user("coordinator", language=lang)
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/interactions/new?stakeholder={soleil.id}&lang={lang}")
    person = Counted(browser)
    person.click(browser.find_element("id", "contact_ids-search"))
    options(browser, "contact_ids-search")  # results open
    person.type(Keys.ARROW_DOWN)
    screenshot(browser, f"quick-log-axe-{lang}")
    browser.execute_script(axe_source)
    found = browser.execute_async_script(RUN_AXE, WCAG_21_AA)
    assert not (isinstance(found, dict) and "error" in found), found
    assert not found, f"axe-core on the quick log ({lang}):\n{described(found)}"


def test_every_type_ahead_is_a_combobox_offering_what_the_user_may_act_for(
    live_server, browser, make_user, make_stakeholder, axe_source
):
    """The commitment form's stakeholder, drawn by Bootstrap-Flask, not by our macro."""
    from selenium.webdriver.common.keys import Keys

    make_stakeholder("CPE Montréal-Nord", region="06")
    make_stakeholder("CPE réseau national", region=None, sector="philanthropy")
    lead = make_user("regional_lead", regions=["06"])
    sign_in(browser, live_server, lead.email)
    browser.get(f"{live_server}/commitments/new")
    box = browser.find_element("id", "stakeholder_id-search")
    label = browser.find_element("css selector", "label[for='stakeholder_id-search']")
    assert label.text == "Acteur" and label.is_displayed()
    assert box.get_attribute("role") == "combobox"
    assert chips(browser, "stakeholder_id") == []  # the empty choice is no chip
    person = Counted(browser)
    person.click(box)
    person.type("cpe")
    assert options(browser, "stakeholder_id-search") == ["CPE Montréal-Nord (06)"]
    status = browser.find_element("id", "stakeholder_id-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("textContent") == "1 résultat"
    browser.execute_script(axe_source)
    found = browser.execute_async_script(RUN_AXE, WCAG_21_AA)
    assert not found, f"axe-core on the commitment form:\n{described(found)}"
    person.type(Keys.ENTER)
    assert chips(browser, "stakeholder_id") == ["Retirer CPE Montréal-Nord (06)"]
    screenshot(browser, "quick-log-commitment-type-ahead")


def test_the_cursor_goes_to_the_first_invalid_field_of_any_form(live_server, browser, make_user):
    """The contact form (drawn by Bootstrap-Flask) sent empty."""
    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/contacts/new")
    save = browser.find_element("css selector", "main form [type=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", save)
    save.click()
    wait_for_text(browser, "is-invalid")
    invalid = browser.find_elements("css selector", "main [aria-invalid='true']")
    assert invalid, "no field says it is invalid"
    first = browser.switch_to.active_element
    assert first.get_attribute("id") == invalid[0].get_attribute("id")
    error = browser.find_element("id", first.get_attribute("aria-describedby"))
    assert error.text and error.is_displayed()
    screenshot(browser, "quick-log-first-error-focused")


def test_an_empty_quick_log_puts_the_cursor_on_the_stakeholders(live_server, browser, make_user):
    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/interactions/new")
    Counted(browser).click(browser.find_element("css selector", "#quick-log button[name=submit]"))
    wait_for_text(browser, "Choisissez au moins un acteur.")
    box = browser.switch_to.active_element
    assert box.get_attribute("id") == "stakeholder_ids-search"
    assert box.get_attribute("aria-invalid") == "true"
    error = browser.find_element("id", box.get_attribute("aria-describedby"))
    assert error.text == "Choisissez au moins un acteur."
    screenshot(browser, "quick-log-no-stakeholder")
