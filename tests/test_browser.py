"""Three journeys in a real headless Chromium (Debian's chromium and chromium-driver).

Skipped, with the reason, where no browser is installed; .ci/run installs it. Screenshots
of each journey are kept in tests/artifacts/ for a person to look at.
"""

import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from models import Interaction, db
from tests.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"

# Every browser test module's mark: skipped, with the reason, where Chromium is missing.
NEEDS_CHROMIUM = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="no Chromium here: install Debian's chromium and chromium-driver (.ci/run does)",
)
pytestmark = NEEDS_CHROMIUM


@contextmanager
def serving_module_data(app):
    """Serve `app` in a thread on a free port of 127.0.0.1 and yield its base URL; then
    stop it and empty the data tables a module filled for its whole run."""
    from models.cache import forget_everything
    from tests.conftest import _empty_data_tables

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        db.session.rollback()
        _empty_data_tables()
        forget_everything()
        db.session.remove()


@pytest.fixture
def live_server(app):
    """Serve the app on a free port of 127.0.0.1 in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def browser():
    """Start headless Chromium through chromedriver (no download, no network)."""
    driver = start_chromium()
    yield driver
    driver.quit()


def start_chromium():
    """Return a headless Chromium driven by chromedriver (no download, no network)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1400",
        "--lang=fr",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    return driver


def sign_in(browser, base: str, email: str) -> None:
    """Sign in through the form and wait for the dashboard."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{base}/login")
    browser.find_element(By.NAME, "email").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.NAME, "submit").click()
    WebDriverWait(browser, 10).until(lambda b: not b.current_url.endswith("/login"))


def wait_for_text(browser, text: str) -> None:
    """Wait until the page shows `text` (a click's new page loads asynchronously)."""
    from selenium.webdriver.support.ui import WebDriverWait

    # The source has the fields' values; the text has the no-break spaces the source writes
    # "&nbsp;".
    WebDriverWait(browser, 10).until(
        lambda b: (
            text in b.page_source
            or text in b.execute_script("return document.documentElement.textContent")
        )
    )


def screenshot(browser, name: str) -> None:
    """Keep a screenshot of the page as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_coordinator_quick_logs_a_joint_meeting(live_server, browser, make_user, make_stakeholder):
    from selenium.webdriver.common.by import By

    make_stakeholder("CPE Soleil levant", region="06")
    make_stakeholder("Ville de Montréal", region="06", sector="municipal")
    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.find_element(By.LINK_TEXT, "Consigner une interaction").click()
    search = browser.find_element(By.ID, "stakeholder_ids-search")
    for typed, picked in (("soleil", "CPE Soleil levant"), ("ville de", "Ville de Montréal")):
        search.send_keys(typed)
        browser.find_element(By.XPATH, f"//*[@role='option'][starts-with(., '{picked}')]").click()
    housing = browser.find_element(By.XPATH, "//label[starts-with(., 'Accès à un logement')]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", housing)
    housing.click()
    browser.find_element(By.NAME, "summary").send_keys("Rencontre conjointe sur le logement")
    screenshot(browser, "coordinator-quick-log")
    save = browser.find_element(By.CSS_SELECTOR, "#quick-log button[name=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", save)
    save.click()
    wait_for_text(browser, "Interaction consignée&nbsp;: rencontre du")  # page_source: &nbsp;
    screenshot(browser, "coordinator-quick-log-saved")
    interaction = db.session.scalar(select(Interaction))
    assert sorted(s.name for s in interaction.stakeholders) == [
        "CPE Soleil levant",
        "Ville de Montréal",
    ]
    assert [m.code for m in interaction.measures] == ["housing"]


def test_regional_lead_opens_dashboard_and_a_stakeholder(
    live_server, browser, make_user, make_stakeholder
):
    from selenium.webdriver.common.by import By

    make_stakeholder("CPE de Laval", region="13")
    make_stakeholder("CPE de Sherbrooke", region="05")
    lead = make_user("regional_lead", regions=["13"])
    sign_in(browser, live_server, lead.email)
    wait_for_text(browser, "Votre territoire\u00a0: Laval, et les acteurs nationaux.")
    screenshot(browser, "regional-lead-dashboard")
    browser.find_element(By.LINK_TEXT, "Acteurs").click()
    wait_for_text(browser, "CPE de Laval")
    assert "CPE de Sherbrooke" not in browser.page_source
    browser.find_element(By.LINK_TEXT, "CPE de Laval").click()
    wait_for_text(browser, "Profil")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("CPE de Laval")
    screenshot(browser, "regional-lead-stakeholder")


def test_board_member_downloads_a_list_export(
    live_server, browser, make_user, make_stakeholder, tmp_path
):
    from selenium.webdriver.common.by import By

    make_stakeholder("CPE Soleil levant", region="06")
    board = make_user("board")
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    sign_in(browser, live_server, board.email)
    browser.find_element(By.LINK_TEXT, "Acteurs").click()
    assert not browser.find_elements(By.LINK_TEXT, "Nouvel acteur")  # read-only
    screenshot(browser, "board-stakeholders")
    browser.find_element(By.LINK_TEXT, "Exporter (CSV)").click()
    for _ in range(50):
        files = list(tmp_path.glob("*.csv"))
        if files:
            break
        time.sleep(0.1)
    assert files, "the export was not downloaded"
    assert "CPE Soleil levant" in files[0].read_text(encoding="utf-8-sig")


def test_the_public_form_says_why_an_address_is_refused(live_server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server}/newsletter/subscribe")
    browser.find_element(By.NAME, "email").send_keys("andré@cpe-soleil.ca")
    browser.find_element(By.NAME, "first_name").send_keys("André")
    browser.find_element(By.NAME, "last_name").send_keys("Roy")
    browser.find_element(By.NAME, "consent").click()
    browser.find_element(By.CSS_SELECTOR, "main form [type=submit]").click()
    wait_for_text(browser, "les lettres accentuées ne sont acceptées qu’après le @")
    screenshot(browser, "subscribe-refused-address")


def test_the_import_history_shows_local_time(live_server, browser, make_user):
    from datetime import datetime

    from models import ImportBatch, db

    coordinator = make_user("coordinator")
    stored = datetime(2026, 3, 15, 2, 30)  # UTC: 22:30 the day before in Montréal
    db.session.add(ImportBatch(kind="stakeholders", filename="liste.csv", status="done",
                               user_id=coordinator.id, created_at=stored))  # fmt: skip
    db.session.commit()
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/imports/")
    wait_for_text(browser, "14 mars 2026 22 h 30")
    screenshot(browser, "import-history-local-time")


def test_the_language_button_keeps_a_filtered_lists_place(
    live_server, browser, make_user, make_stakeholder, make_contact
):
    from selenium.webdriver.common.by import By

    saguenay = make_stakeholder("CPE du Fjord", region="02")
    for n in range(30):
        make_contact(saguenay, first_name=f"Élise {n:02}", last_name="Tremblay")
    make_contact(make_stakeholder("CPE de Laval", region="13"), last_name="Tremblay")
    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/contacts/?region=02&q=tremblay&page=2")
    wait_for_text(browser, "Élise 29")
    browser.find_element(By.XPATH, "//nav//button[@name='lang' and @value='en']").click()
    wait_for_text(browser, "Sign out")
    assert browser.current_url == f"{live_server}/contacts/?region=02&q=tremblay&page=2"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.NAME, "q").get_attribute("value") == "tremblay"
    assert browser.find_element(By.NAME, "region").get_attribute("value") == "02"
    assert "Élise 29" in browser.page_source and "Élise 00" not in browser.page_source
    assert "CPE de Laval" not in browser.page_source
    screenshot(browser, "language-switch-keeps-filters")
    db.session.refresh(coordinator)
    assert coordinator.language == "en"
