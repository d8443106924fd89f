"""The home pages in a real headless Chromium, as each role lives them: the coordinator's
follow-ups (true counts; done, undo, a week later, another date, handed over to the lead,
who finds it on their home), the regional lead's
"who to call next" and coverage heatmap (its colours as the browser paints them), and
axe-core on the home page of every role in French and English.

Screenshots are kept in tests/artifacts/home-<role>-<lang>.png for a person to look at.
The helpers (Chromium, axe-core, signing in) are those of the list pages' tests.
"""

import re
from datetime import date, timedelta

import pytest

from models import Commitment, Interaction, Stakeholder, clock, db
from models.cache import forget_everything
from tests import test_list_pages_browser as list_pages
from tests.conftest import new_user
from tests.test_browser import (
    NEEDS_CHROMIUM,
    screenshot,
    serving_module_data,
)
from tests.test_list_pages_browser import (
    Site,
    all_css,
    axe_violations,
    by_css,
    described,
    follow,
    sign_in_as,
)

browser, axe_source = list_pages.browser, list_pages.axe_source  # the same fixtures

pytestmark = NEEDS_CHROMIUM

OVERDUE, THIS_WEEK = 59, 6
BUSY_MEASURE = "ece_access"


@pytest.fixture(scope="module")
def home(_app):
    """Serve a coalition with one coordinator's 59 overdue and 6 due follow-ups, dormant
    stakeholders in Montréal and commitments for the lead's heatmap."""

    with _app.app_context():
        forget_everything()
        users = {
            "coordinator": new_user("coordinator", email="benoit@example.org",
                                    name="Benoît Coordonnateur"),
            "lead": new_user("regional_lead", email="lead.montreal@example.org",
                             name="Responsable Montréal", regions=["06"]),
            "board": new_user("board", email="conseil@example.org", name="Membre du conseil"),
            "admin": new_user("admin", email="zoe.admin@example.org", name="Zoé Administratrice"),
        }  # fmt: skip
        montreal = [
            Stakeholder(name=name, region_code="06", level="local", sector_code="childcare")
            for name in ("CPE Soleil levant", "CPE Lune", "Bibliothèque du Plateau",
                         "Maison de la famille", "Garderie des Érables")
        ]  # fmt: skip
        montreal[2].owner = users["coordinator"]
        national = Stakeholder(
            name="Fondation nationale", level="national", sector_code="philanthropy"
        )
        db.session.add_all([*montreal, national])
        for stakeholder in montreal[:4]:
            db.session.add(Commitment(stakeholder=stakeholder, measure_code=BUSY_MEASURE,
                                      status="committed"))  # fmt: skip
        db.session.add(
            Commitment(stakeholder=montreal[0], measure_code="family_literacy", status="committed")
        )
        today = clock.today()
        soleil, lune = montreal[0], montreal[1]
        for n in range(OVERDUE):
            db.session.add(Interaction(
                stakeholders=[soleil], kind="call", logged_by=users["coordinator"],
                occurred_on=today - timedelta(days=n + 10), summary=f"Appel n° {n + 1}",
                follow_up_on=today - timedelta(days=n + 1),
                assigned_to=users["coordinator"],
            ))  # fmt: skip
        for n in range(THIS_WEEK):
            db.session.add(Interaction(
                stakeholders=[lune], kind="meeting", logged_by=users["coordinator"],
                occurred_on=today - timedelta(days=2), summary=f"Rencontre n° {n + 1}",
                follow_up_on=today + timedelta(days=n + 1),
                assigned_to=users["coordinator"],
            ))  # fmt: skip
        db.session.add(Interaction(stakeholders=[montreal[2]], kind="meeting",
                                   occurred_on=today - timedelta(days=400)))  # fmt: skip
        db.session.commit()
        with serving_module_data(_app) as base:
            yield Site(base, users)


def open_home(browser, site: Site, who: str, lang: str = "fr") -> None:
    sign_in_as(browser, site, who)
    browser.get(f"{site.base}/?lang={lang}")


def count_of(browser, state: str) -> int:
    """Return the count a person reads in the heading of a list of follow-ups."""
    return int(re.sub(r"\D", "", by_css(browser, f"#follow-ups-{state} .count").text))


def press(browser, item, label: str) -> None:
    """Press the button `label` of a follow-up item and wait for the home page again."""
    from selenium.webdriver.common.by import By

    follow(browser, item.find_element(By.XPATH, f".//button[normalize-space()='{label}']"))


def first_item(browser, state: str):
    from selenium.webdriver.common.by import By

    heading = by_css(browser, f"#follow-ups-{state}")
    return heading.find_element(By.XPATH, "following-sibling::ul[1]/li[1]")


def alert_text(browser) -> str:
    return " ".join(a.text for a in all_css(browser, "main .alert"))


def test_coordinator_sees_every_follow_up_and_clears_them_from_home(browser, home):
    open_home(browser, home, "coordinator")
    assert (count_of(browser, "overdue"), count_of(browser, "week")) == (OVERDUE, THIS_WEEK)
    assert len(all_css(browser, "#follow-ups li.follow-up")) == 10  # the first five of each
    screenshot(browser, "home-coordinator-follow-ups")

    press(browser, first_item(browser, "overdue"), "Marquer comme fait")
    assert "Suivi avec CPE Soleil levant marqué comme fait." in alert_text(browser)
    assert count_of(browser, "overdue") == OVERDUE - 1
    screenshot(browser, "home-coordinator-done")
    press(browser, by_css(browser, "#follow-ups form.alert"), "Annuler")
    assert "Suivi avec CPE Soleil levant remis au" in alert_text(browser)
    assert count_of(browser, "overdue") == OVERDUE

    # A week later: from today for an overdue follow-up, so it is now due this week.
    press(browser, first_item(browser, "overdue"), "Reporter d’une semaine")
    week_later = clock.today() + timedelta(days=7)
    assert f"reporté au {long_french(week_later)}." in alert_text(browser)
    assert (count_of(browser, "overdue"), count_of(browser, "week")) == (OVERDUE - 1, 7)

    # Another date: open "Changer la date", choose a day next month, save.
    item = first_item(browser, "week")
    summary = item.find_element("css selector", "details.reschedule summary")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", summary
    )
    summary.click()
    field = item.find_element("css selector", "input[type=date]")
    assert field.is_displayed()
    later = clock.today() + timedelta(days=30)
    browser.execute_script("arguments[0].value = arguments[1]", field, later.isoformat())
    press(browser, item, "Enregistrer")
    assert f"reporté au {long_french(later)}." in alert_text(browser)
    assert count_of(browser, "week") == 6
    screenshot(browser, "home-coordinator-rescheduled")

    # "Tout voir" opens the interaction list filtered the same way: the same count.
    follow(browser, browser.find_element("partial link text", f"Tout voir ({OVERDUE - 1})"))
    assert int(re.sub(r"\D", "", by_css(browser, "h1 .badge").text)) == OVERDUE - 1

    # Hand an overdue follow-up over to the Montréal lead: it leaves my lists for theirs.
    browser.get(f"{home.base}/")
    item = first_item(browser, "overdue")
    summary = item.find_element("css selector", "details.reassign summary")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", summary
    )
    summary.click()
    chosen = item.find_element("css selector", "details.reassign select")
    offered = [o.text for o in chosen.find_elements("css selector", "option")]
    assert "Responsable Montréal" in offered and "Membre du conseil" not in offered
    from selenium.webdriver.support.ui import Select

    Select(chosen).select_by_visible_text("Responsable Montréal")
    press(browser, item, "Confier")
    assert "Suivi avec CPE Soleil levant confié à Responsable Montréal." in alert_text(browser)
    assert (count_of(browser, "overdue"), count_of(browser, "handed")) == (OVERDUE - 2, 1)
    screenshot(browser, "home-coordinator-handed-over")
    browser.set_window_size(390, 900)
    summary = first_item(browser, "overdue").find_element(
        "css selector", "details.reassign summary"
    )
    browser.execute_script("arguments[0].scrollIntoView({behavior: 'instant'})", summary)
    summary.click()
    # The follow-ups and their opened hand-over fit a phone's width.
    assert not browser.execute_script(
        "const w = document.documentElement.clientWidth;"
        "return [...document.querySelectorAll('#follow-ups *')]"
        ".filter(e => e.getBoundingClientRect().right > w).length"
    )
    screenshot(browser, "home-coordinator-follow-ups-390")
    browser.set_window_size(1280, 1400)  # as the other tests of the module see it
    sign_in_as(browser, home, "lead")
    browser.get(f"{home.base}/")
    held = first_item(browser, "overdue").text
    assert "CPE Soleil levant" in held and "Consigné par Benoît Coordonnateur" in held
    screenshot(browser, "home-lead-assigned")


def long_french(day: date) -> str:
    from babel.dates import format_date

    return format_date(day, "long", locale="fr_CA")


def test_the_lead_logs_a_call_to_a_dormant_stakeholder_in_one_click(browser, home):
    open_home(browser, home, "lead")
    items = {
        i.find_element("css selector", "a").text: i for i in all_css(browser, "#who-to-call li")
    }
    plateau = items["Bibliothèque du Plateau"].text
    assert "Dernier contact" in plateau and "Responsable : Benoît Coordonnateur" in plateau
    assert "Jamais contacté" in items["Garderie des Érables"].text
    assert not items["Fondation nationale"].find_elements("link text", "Consigner")
    follow(browser, items["Garderie des Érables"].find_element("link text", "Consigner"))
    chosen = [b.text for b in all_css(browser, ".lookup-chosen .badge")]
    assert chosen == ["Garderie des Érables"]
    screenshot(browser, "home-lead-quick-log")


HEAT_CELLS = """
const rgb = c => c.match(/[\\d.]+/g).map(Number);
const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => v / 255)
  .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
return [...document.querySelectorAll(".heatmap td")].map(td => {
  const s = getComputedStyle(td), a = lum(s.backgroundColor), b = lum(s.color);
  return {value: Number(td.textContent.replace(/\\D/g, "")), cls: td.className,
          background: s.backgroundColor,
          contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
});
"""


@pytest.mark.parametrize("page", ["/", "/reports/synergy"])
def test_the_heatmap_is_painted_in_colours_a_person_can_read(browser, home, page):
    sign_in_as(browser, home, "lead")
    browser.get(home.base + page)
    cells = browser.execute_script(HEAT_CELLS)
    busy = max(cells, key=lambda c: c["value"])
    empty = next(c for c in cells if c["value"] == 0)
    assert busy["value"] >= 4
    for cell in (busy, empty):
        assert cell["background"] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), cell
    assert busy["background"] != empty["background"]
    weak = [c for c in cells if c["contrast"] < 4.5]
    assert not weak, f"numbers below WCAG AA contrast: {weak[:3]}"
    headers = [th.text for th in all_css(browser, ".heatmap thead th.area")]
    assert "Montréal" in headers and "06" not in headers
    screenshot(browser, f"home-lead-heatmap{page.replace('/', '-').rstrip('-')}")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("role", ["coordinator", "lead", "board", "admin"])
def test_the_home_page_has_no_accessibility_violation(browser, home, axe_source, role, lang):
    open_home(browser, home, role, lang)
    assert by_css(browser, "html").get_attribute("lang").startswith(lang)
    screenshot(browser, f"home-{role}-{lang}")
    violations = axe_violations(browser, axe_source)
    assert not violations, f"axe-core on the home page of {role} ({lang}):\n{described(violations)}"
