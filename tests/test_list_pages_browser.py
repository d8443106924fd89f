"""The list pages in a real headless Chromium, as a person uses them, and their
accessibility checked by axe-core (WCAG 2.1 A and AA, serious and critical findings).

One browser and one live server for the whole module, over the demo data (120 stakeholders)
and a few audit events. axe-core is not in the repository: `.ci/run` installs it from the
npm registry and says where in AXE_CORE_JS; without it the accessibility checks are
skipped with the reason (never under CI=true).
"""

import csv
import io
import os
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from models import Contact, Stakeholder, User, db
from models.audit import record
from models.cache import forget_everything
from models.demo import generate_demo
from models.normalize import fold
from tests.conftest import PASSWORD, new_user
from tests.test_browser import (
    NEEDS_CHROMIUM,
    screenshot,
    serving_module_data,
    start_chromium,
)

pytestmark = NEEDS_CHROMIUM

AXE_DEFAULT = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / (
    "maillage-axe/node_modules/axe-core/axe.min.js"
)
AUDIT_ACTIONS = {"create": 7, "update": 12, "delete": 3}  # per actor below: 3 actors


@dataclass
class Site:
    """The live server's base URL, its users, and who the browser is signed in as."""

    base: str
    users: dict[str, User]
    signed_in: str = ""
    audit_actors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(_app):
    """Serve the app with the demo data in a thread for the whole module."""
    with _app.app_context():
        forget_everything()
        generate_demo(stakeholders=120)  # 30-odd contacts in Montréal: two pages
        users = {
            "lead": new_user("regional_lead", email="lead.saguenay@example.org",
                             name="Responsable Saguenay et Montréal", regions=["02", "06"]),
            "admin": new_user("admin", email="zoe.admin@example.org", name="Zoé Administratrice"),
            "clerk": new_user("coordinator", email="benoit@example.org",
                              name="Benoît Coordonnateur"),
        }  # fmt: skip
        db.session.flush()
        actors = [users["admin"], users["clerk"], users["lead"]]
        for actor in actors:
            for action, times in AUDIT_ACTIONS.items():
                for n in range(times):
                    record(actor, action, "stakeholder", n + 1, after={"name": f"Acteur {n}"})
        db.session.commit()
        with serving_module_data(_app) as base:
            yield Site(base, users,
                   audit_actors=[actor.name for actor in actors])  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; waits are explicit."""
    driver = start_chromium()
    driver.implicitly_wait(0)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def by_css(browser, selector):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, selector)


def all_css(browser, selector):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, selector)


def replaced(old):
    """Return a wait condition: `old` (an element) has left the page.

    Selenium's `staleness_of` asks the element whether it is enabled and expects "stale";
    while the next page is being put in place, Chromium may answer instead "Node with given
    id does not belong to the document", which means the same thing (seen on CI)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def gone(_browser) -> bool:
        try:
            old.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return gone


def follow(browser, element) -> None:
    """Click `element` and wait until the next page has replaced this one."""
    from selenium.webdriver.support.ui import WebDriverWait

    old = by_css(browser, "html")
    # Bootstrap scrolls smoothly: a click during the scroll would land elsewhere.
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
    )
    element.click()
    WebDriverWait(browser, 15).until(replaced(old))
    WebDriverWait(browser, 15).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )


def link(browser, text: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.LINK_TEXT, text)


def sign_in_as(browser, site: Site, who: str) -> None:
    """Sign in through the login form (its own submit button, not the nav's sign-out)."""
    if site.signed_in == who:
        return
    browser.delete_all_cookies()
    browser.get(f"{site.base}/login")
    browser.find_element("name", "email").send_keys(site.users[who].email)
    browser.find_element("name", "password").send_keys(PASSWORD)
    follow(browser, by_css(browser, "main form [type=submit]"))
    assert not browser.current_url.endswith("/login"), by_css(browser, "main").text
    site.signed_in = who


def shown_count(browser) -> int:
    """Return the count of the title badge, as a person reads it ("1 151")."""
    return int(re.sub(r"\D", "", by_css(browser, "h1 .badge").text))


def column(browser, index: int) -> list[str]:
    """Return the texts of the `index`th cell (from 0) of the table's rows."""
    return [row.text for row in all_css(browser, f"main table tbody tr td:nth-child({index + 1})")]


def header(browser, label: str):
    """Return the column header whose link reads `label` (arrow aside)."""
    for th in all_css(browser, "main table thead th"):
        if th.text.rstrip(" ▲▼") == label:
            return th
    raise AssertionError(f"no column {label!r}")


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def exported_rows(browser, url: str) -> list[list[str]]:
    """Return the data rows of the CSV at `url`, fetched with the browser's session."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and "csv" in response.headers["Content-Type"]
        text = response.read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def rgb(color: str) -> tuple[int, ...]:
    """Return the red, green and blue of a CSS colour as the browser computes it."""
    return tuple(int(part) for part in re.findall(r"\d+", color)[:3])


def folded(names: list[str]) -> list[str]:
    return [fold(name).replace(" ", "") for name in names]


def test_a_regional_lead_filters_sorts_pages_and_exports_contacts(browser, site):
    from selenium.webdriver.support.ui import Select

    in_montreal = db.session.scalar(
        select(func.count(Contact.id))
        .join(Stakeholder, Stakeholder.id == Contact.stakeholder_id)
        .where(Stakeholder.region_code == "06", Stakeholder.archived.is_(False))
    )
    assert in_montreal > 25, "the demo data should fill more than one page"
    sign_in_as(browser, site, "lead")
    follow(browser, link(browser, "Contacts"))
    everything = shown_count(browser)
    Select(by_css(browser, "#filter-region")).select_by_visible_text("06 · Montréal")
    follow(browser, by_css(browser, "form[role=search] [type=submit]"))
    assert query(browser.current_url)["region"] == ["06"]
    assert shown_count(browser) == in_montreal < everything

    follow(browser, header(browser, "Acteur").find_element("tag name", "a"))
    assert header(browser, "Acteur").get_attribute("aria-sort") == "ascending"
    assert header(browser, "Acteur").text.endswith("▲")
    ascending = column(browser, 1)
    assert folded(ascending) == sorted(folded(ascending))

    follow(browser, header(browser, "Acteur").find_element("tag name", "a"))
    assert header(browser, "Acteur").get_attribute("aria-sort") == "descending"
    assert header(browser, "Acteur").text.endswith("▼")
    first_page = column(browser, 1)
    assert folded(first_page) == sorted(folded(first_page), reverse=True)
    assert first_page[0] != ascending[0]
    screenshot(browser, "lead-contacts-montreal-descending")

    follow(browser, by_css(browser, ".pagination").find_element("link text", "2"))
    assert {k: v for k, v in query(browser.current_url).items() if k != "page"} == {
        "region": ["06"],
        "sort": ["-stakeholder"],
    }
    assert Select(by_css(browser, "#filter-region")).first_selected_option.text == "06 · Montréal"
    assert by_css(browser, "nav[aria-label='Pages de la liste'] [aria-current=page]").text == "2"
    assert header(browser, "Acteur").get_attribute("aria-sort") == "descending"
    second_page = column(browser, 1)
    assert len(second_page) == min(25, in_montreal - 25)
    both = folded(first_page + second_page)
    assert both == sorted(both, reverse=True)

    export = link(browser, "Exporter (CSV)").get_attribute("href")
    assert query(export) == {"region": ["06"], "sort": ["-stakeholder"]}
    rows = exported_rows(browser, export)
    assert len(rows) == shown_count(browser) == in_montreal
    assert first_page[0] in rows[0] and second_page[-1] in rows[-1]  # in the order shown


def test_an_admin_filters_and_sorts_the_audit_log_and_the_users(browser, site):
    from selenium.webdriver.support.ui import Select

    sign_in_as(browser, site, "admin")
    by_css(browser, "nav.navbar .dropdown-toggle").click()  # "Administration" opens its pages
    follow(browser, link(browser, "Journal d’audit"))
    Select(by_css(browser, "#filter-action")).select_by_visible_text("Modification")
    follow(browser, by_css(browser, "form[role=search] [type=submit]"))
    assert shown_count(browser) == AUDIT_ACTIONS["update"] * len(site.audit_actors)
    assert set(column(browser, 2)) == {"Modification"}
    follow(browser, header(browser, "Qui").find_element("tag name", "a"))
    who = column(browser, 1)
    assert who == sorted(who, key=fold) and who[0] == "Benoît Coordonnateur"
    assert header(browser, "Qui").get_attribute("aria-sort") == "ascending"
    assert query(browser.current_url) == {"action": ["update"], "sort": ["actor"]}
    screenshot(browser, "admin-audit-updates-by-who")

    follow(browser, link(browser, "Utilisateurs"))
    leads = db.session.scalar(select(func.count(User.id)).where(User.role == "regional_lead"))
    Select(by_css(browser, "#filter-role")).select_by_visible_text("Responsable de région")
    follow(browser, by_css(browser, "form[role=search] [type=submit]"))
    assert shown_count(browser) == leads > 1
    assert set(column(browser, 2)) == {"Responsable de région"}
    follow(browser, header(browser, "Courriel").find_element("tag name", "a"))
    follow(browser, header(browser, "Courriel").find_element("tag name", "a"))
    emails = column(browser, 0)
    assert emails == sorted(emails, reverse=True) and len(emails) == leads
    assert header(browser, "Courriel").get_attribute("aria-sort") == "descending"
    assert Select(by_css(browser, "#filter-role")).first_selected_option.text == (
        "Responsable de région"
    )


def test_a_bad_value_in_the_address_is_said_and_the_whole_list_shown(browser, site):
    from selenium.webdriver.support.ui import Select

    sign_in_as(browser, site, "lead")
    browser.get(f"{site.base}/contacts/")
    everything = shown_count(browser)
    browser.get(f"{site.base}/contacts/?region=99")
    alert = by_css(browser, "main .alert")
    assert alert.get_attribute("textContent") == (  # .text would turn no-break spaces to spaces
        "Filtre ignoré\u00a0: «\u00a099\u00a0» n’est pas une valeur possible pour\u00a0: région."
    )
    red, green, blue = rgb(alert.value_of_css_property("background-color"))
    assert red > 230 and green > 200 and blue < green - 30, "the message is not yellow"
    assert shown_count(browser) == everything
    assert len(column(browser, 0)) == 25
    region = Select(by_css(browser, "#filter-region"))
    assert region.first_selected_option.text == "Toutes les régions"
    screenshot(browser, "lead-contacts-bad-region")


# -- accessibility ------------------------------------------------------------------------

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Transitions under way (a button's colours easing after a click) are finished first: axe
# reads the colours at one moment, and a loaded machine caught a button between two.
# An endless animation (a spinner) cannot finish, and is left as it is.
RUN_AXE = """
const done = arguments[arguments.length - 1];
document.getAnimations().forEach(animation => {
  try { animation.finish(); } catch (endless) { /* a spinner: it never ends */ }
});
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(results => done(results.violations))
  .catch(error => done({error: String(error)}));
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    """Return axe-core's axe.min.js: AXE_CORE_JS, else npm's copy in the user's cache."""
    given = os.environ.get("AXE_CORE_JS", "").strip()
    path = Path(given) if given else AXE_DEFAULT
    if path.is_file():
        return path.read_text(encoding="utf-8")
    why = (
        f"axe-core not found at {path}: set AXE_CORE_JS, or run `npm install --prefix "
        f"{AXE_DEFAULT.parents[2]} axe-core@4` (.ci/run does)"
    )
    if given or os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(why)


def axe_violations(browser, source: str) -> list[dict]:
    """Run axe-core on the page; return its serious and critical WCAG 2.1 A/AA findings."""
    browser.execute_script(source)
    found = browser.execute_async_script(RUN_AXE, WCAG_21_AA)
    assert not (isinstance(found, dict) and "error" in found), found
    return [v for v in found if v["impact"] in ("serious", "critical")]


def no_violations(driver, source: str, where: str) -> None:
    """Assert that axe-core finds nothing serious or critical on the page, `where` naming it."""
    violations = axe_violations(driver, source)
    assert not violations, f"axe-core on {where}:\n{described(violations)}"


def described(violations: list[dict]) -> str:
    """Return the violations as a person reads them: rule, help, where (a few places)."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


PAGES = {
    "home": "/",
    "stakeholders": "/stakeholders/?sort=-stage",
    "contacts": "/contacts/?region=99&sort=-stakeholder",
    "interactions": "/interactions/?sort=kind",
    "commitments": "/commitments/",
    "audit": "/admin/audit?action=update",
    "users": "/admin/users",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_list_page_has_no_serious_accessibility_violation(browser, site, axe_source, page):
    sign_in_as(browser, site, "admin")
    browser.get(site.base + PAGES[page])
    violations = axe_violations(browser, axe_source)
    assert not violations, f"axe-core on {PAGES[page]}:\n{described(violations)}"
