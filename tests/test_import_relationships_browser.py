"""The ties' round trip in a real headless Chromium: a coordinator downloads the ties from
the import history, changes an intensity in the workbook, and imports it back through the
wizard; the tie keeps its ID. axe-core checks each page; screenshots go to
tests/artifacts/import-ties-*.png."""

import time

import openpyxl
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import func, select

from models import Relationship, db
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


def downloaded(folder, pattern: str):
    for _ in range(100):
        files = [f for f in folder.glob(pattern) if not f.name.endswith(".crdownload")]
        if files:
            return files[0]
        time.sleep(0.1)
    raise AssertionError("nothing was downloaded")


@pytest.mark.usefixtures("jobs_worker")
def test_a_coordinator_exports_edits_and_reimports_the_ties(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
    make_relationship,
    tmp_path,
):
    cpe = make_stakeholder("CPE Les Petits-Écureuils", region="06")
    table = make_stakeholder("Table de concertation 0-5 ans de Verdun", region="06")
    fondation = make_stakeholder("Fondation Québécoise pour l'enfance", region=None)
    member = make_relationship(cpe, table, type="member_of", intensity="awareness")
    make_relationship(fondation, cpe, type="funds", intensity="coordination")
    coordinator = make_user("coordinator")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/imports/")
    no_violations(browser, axe_source, "the import history")
    screenshot(browser, "import-ties-1-history")
    browser.set_window_size(390, 900)
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= browser.execute_script("return window.innerWidth"), "it scrolls sideways"
    screenshot(browser, "import-ties-1-history-phone")
    browser.set_window_size(1280, 1400)

    browser.find_element(By.LINK_TEXT, "Exporter les liens (Excel)").click()
    path = downloaded(downloads, "liens-*.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["ID", "Organisme A", "Région A", "Organisme B"]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Type")].value == "Membre de":
            row[header.index("Intensité")].value = "Intégration"
    book.save(path)

    browser.get(f"{live_server}/imports/new")
    Select(browser.find_element(By.NAME, "kind")).select_by_visible_text("Liens entre acteurs")
    browser.find_element(By.NAME, "file").send_keys(str(path))
    no_violations(browser, axe_source, "the upload step, ties chosen")
    screenshot(browser, "import-ties-2-upload")
    follow(browser, by_css(browser, "main form [type=submit]"))
    wait_for_text(browser, "Ligne d’en-tête")
    screenshot(browser, "import-ties-3-columns")
    follow(browser, by_css(browser, "main form [type=submit]"))
    wait_for_text(browser, "Importer")
    no_violations(browser, axe_source, "the preview of ties")
    screenshot(browser, "import-ties-4-preview")
    follow(browser, by_css(browser, "main form [type=submit]"))
    wait_for_text(browser, "Importation terminée")
    screenshot(browser, "import-ties-5-done")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Relationship)) == 2
    assert db.session.get(Relationship, member.id).intensity == "integration"
