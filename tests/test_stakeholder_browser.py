"""A stakeholder's page and the import wizard in a real headless Chromium: a coordinator adds
a contact and a commitment from the page and changes the commitment's status in place; a
board member sees no edit control; a rejected import is imported again skipping its invalid
row, then undone after confirmation. axe-core checks each page (WCAG 2.1 A/AA, serious and
critical findings), in French and English for the stakeholder page. Screenshots go to
tests/artifacts/stakeholder-*.png and import-*.png."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import func, select

from models import Commitment, Contact, ImportBatch, Stakeholder, db
from tests.import_helpers import csv_file
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
    no_violations,
)

pytestmark = NEEDS_CHROMIUM


def no_sideways_scroll(driver) -> None:
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= driver.execute_script("return window.innerWidth"), "the page scrolls sideways"


def button(driver, text: str):
    return driver.find_element(By.XPATH, f"//main//*[self::a or self::button][. = '{text}']")


def test_a_coordinator_works_from_the_stakeholder_page(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
):
    cpe = make_stakeholder("CPE Soleil levant", region="06", locality="Verdun")
    make_stakeholder("Table de concertation 0-5 ans", region="06")
    coordinator = make_user("coordinator", name="Camille Coordination")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/stakeholders/{cpe.id}")
    no_violations(browser, axe_source, "the stakeholder page (empty, fr)")

    follow(browser, button(browser, "Ajouter un contact"))
    chosen = Select(browser.find_element(By.NAME, "stakeholder_id")).first_selected_option
    assert chosen.get_attribute("textContent") == "CPE Soleil levant"
    browser.find_element(By.NAME, "first_name").send_keys("Émilie")
    browser.find_element(By.NAME, "last_name").send_keys("Gagné")
    follow(browser, by_css(browser, "main form [type=submit]"))
    assert browser.current_url == f"{live_server}/stakeholders/{cpe.id}"
    wait_for_text(browser, "Émilie Gagné")

    follow(browser, button(browser, "Ajouter un engagement"))
    Select(browser.find_element(By.NAME, "measure_code")).select_by_index(1)
    Select(browser.find_element(By.NAME, "status")).select_by_visible_text("Intention")
    follow(browser, by_css(browser, "main form [type=submit]"))
    assert browser.current_url == f"{live_server}/stakeholders/{cpe.id}"
    commitment = db.session.scalar(select(Commitment))
    status = Select(browser.find_element(By.NAME, f"commitment-{commitment.id}-status"))
    assert status.first_selected_option.text == "Intention"

    status.select_by_visible_text("Réalisé")
    follow(browser, by_css(browser, f"#commitment-{commitment.id}-submit"))
    wait_for_text(browser, "le statut est maintenant")
    status = Select(browser.find_element(By.NAME, f"commitment-{commitment.id}-status"))
    assert status.first_selected_option.text == "Réalisé"
    history = by_css(browser, "#commitments tbody tr td:last-child").text
    assert history.startswith("Intention (") and "→ Réalisé (" in history
    db.session.expire_all()
    assert db.session.get(Commitment, commitment.id).status == "achieved"
    assert db.session.scalar(select(Contact.stakeholder_id)) == cpe.id
    assert (
        button(browser, "Consigner une interaction")
        .get_attribute("href")
        .endswith(f"/interactions/new?stakeholder={cpe.id}")
    )

    follow(browser, button(browser, "Ajouter un lien"))
    wait_for_text(browser, "Un lien entre CPE Soleil levant et un autre acteur.")
    Select(browser.find_element(By.NAME, "type")).select_by_visible_text("Membre de")
    browser.find_element(By.CSS_SELECTOR, "#other_id-search").send_keys("concert")
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.XPATH, "//li[@role='option'][starts-with(., 'Table de')]")
    )[0].click()
    follow(browser, by_css(browser, "main form [type=submit]"))
    assert browser.current_url == f"{live_server}/stakeholders/{cpe.id}#ties"
    wait_for_text(browser, "Lien avec Table de concertation 0-5 ans ajouté.")
    tie = by_css(browser, "#ties li").text
    assert tie.startswith("Membre de · Table de concertation 0-5 ans")
    no_sideways_scroll(browser)
    no_violations(browser, axe_source, "the stakeholder page (fr)")
    screenshot(browser, "stakeholder-coordinator")

    follow(browser, browser.find_element(By.CSS_SELECTOR, "#ties a.btn-outline-danger"))
    wait_for_text(browser, "Retirer le lien «")
    no_violations(browser, axe_source, "the tie's removal")
    screenshot(browser, "stakeholder-remove-tie")
    follow(browser, by_css(browser, "main form [type=submit]"))
    wait_for_text(browser, "Lien avec Table de concertation 0-5 ans retiré.")
    assert by_css(browser, "#ties li").text == "Aucun lien consigné."

    browser.get(f"{live_server}/stakeholders/{cpe.id}?lang=en")
    wait_for_text(browser, "Add a contact")
    no_violations(browser, axe_source, "the stakeholder page (en)")
    screenshot(browser, "stakeholder-coordinator-en")

    browser.set_window_size(390, 900)
    browser.get(f"{live_server}/stakeholders/{cpe.id}")
    no_sideways_scroll(browser)
    screenshot(browser, "stakeholder-phone")
    browser.set_window_size(1280, 1400)


def test_a_board_member_sees_no_edit_control(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    make_stakeholder,
    make_commitment,
):
    cpe = make_stakeholder("CPE Soleil levant", region="06")
    make_commitment(cpe, status="in_progress")
    board = make_user("board")
    sign_in(browser, live_server, board.email)
    browser.get(f"{live_server}/stakeholders/{cpe.id}")
    wait_for_text(browser, "En cours")
    main = by_css(browser, "main").text
    for control in ("Ajouter un contact", "Ajouter un engagement", "Consigner une interaction",
                    "Ajouter un lien", "Modifier", "Archiver"):  # fmt: skip
        assert control not in main
    assert not browser.find_elements(By.CSS_SELECTOR, "main select, main form")
    no_violations(browser, axe_source, "the stakeholder page (board)")
    screenshot(browser, "stakeholder-board")


@pytest.mark.usefixtures("jobs_worker")
def test_a_rejected_import_is_imported_again_then_undone(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
    tmp_path,
):
    rows = [["Nom", "Région"], ["CPE Un", "06"], ["CPE Deux", "05"], ["CPE Faux", "??"]]
    path = csv_file(tmp_path / "partenaires.csv", rows)
    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/imports/new")
    no_violations(browser, axe_source, "the import's upload step")
    screenshot(browser, "import-1-upload")
    browser.find_element(By.NAME, "file").send_keys(str(path))
    follow(browser, by_css(browser, "main form [type=submit]"))
    wait_for_text(browser, "Ligne d’en-tête")
    no_violations(browser, axe_source, "the import's columns step")
    screenshot(browser, "import-2-columns")
    follow(browser, by_css(browser, "main form [type=submit]"))
    wait_for_text(browser, "1 ligne comporte des erreurs")
    no_violations(browser, axe_source, "the import's preview step")
    screenshot(browser, "import-3-preview")
    follow(browser, by_css(browser, "main form [type=submit]"))  # the box left unticked
    wait_for_text(browser, "Importer de nouveau le même fichier")
    assert db.session.scalar(select(func.count()).select_from(Stakeholder)) == 0
    box = browser.find_element(By.CSS_SELECTOR, "#import-again [name=skip_invalid]")
    assert box.is_selected()
    no_violations(browser, axe_source, "the rejected import's result")
    screenshot(browser, "import-4-rejected")

    follow(browser, by_css(browser, "#import-again [type=submit]"))
    wait_for_text(browser, "Importation terminée")
    assert sorted(db.session.scalars(select(Stakeholder.name))) == ["CPE Deux", "CPE Un"]
    undo = button(browser, "Annuler l’importation")
    assert "btn-outline-danger" in undo.get_attribute("class")
    no_violations(browser, axe_source, "the import's result")
    screenshot(browser, "import-5-done")

    follow(browser, undo)
    text = by_css(browser, "#undo-confirm").text
    assert "2 fiches créées par cette importation seront supprimées." in text
    no_violations(browser, axe_source, "the undo confirmation")
    screenshot(browser, "import-6-undo-confirm")
    follow(browser, by_css(browser, "#undo-confirm [type=submit]"))
    wait_for_text(browser, "L’importation a été annulée.")
    assert db.session.scalar(select(func.count()).select_from(Stakeholder)) == 0
    batch = db.session.scalar(select(ImportBatch))
    db.session.refresh(batch)
    assert batch.undone_at is not None
    no_violations(browser, axe_source, "the import history")
    screenshot(browser, "import-7-history")


def test_a_new_stakeholders_region_follows_its_level(
    live_server,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
    axe_source,  # noqa: F811
    make_user,
):
    coordinator = make_user("coordinator")
    sign_in(browser, live_server, coordinator.email)
    browser.get(f"{live_server}/stakeholders/new")
    level = Select(browser.find_element(By.NAME, "level"))
    region = browser.find_element(By.NAME, "region_code")
    assert level.first_selected_option.text == "—"  # chosen, never preset
    assert region.is_displayed()
    no_violations(browser, axe_source, "the new stakeholder form")
    Select(region).select_by_value("06")
    level.select_by_value("national")
    assert not region.is_displayed()  # a national stakeholder has no region
    screenshot(browser, "stakeholder-new-national")
    level.select_by_value("local")
    assert region.is_displayed()
    level.select_by_value("national")
    browser.find_element(By.NAME, "name").send_keys("Réseau national des familles")
    follow(browser, by_css(browser, "main form [type=submit]"))
    wait_for_text(browser, "Réseau national des familles")
    stored = db.session.scalar(select(Stakeholder))
    assert (stored.level, stored.region_code) == ("national", None)
