"""Every page each role reaches, in a real headless Chromium, in French and in English.

- axe-core finds no WCAG 2.1 A/AA violation, of any impact, on any page of the menu of the
  coordinator, the regional lead, the board member and the administrator, nor on a detail
  and an edit page of each kind of record;
- the list pages do not scroll sideways on a phone (390 px) and fold their filters away;
- every role's menu holds on one row at 1280 px;
- the first Tab reaches "skip to content", which leads to the page's content.

One live server and one browser for the module: tests/test_list_pages_browser.py's (its
demo data and users, and a board member added here). Screenshots of each role's home and
of a list at 390 px go to tests/artifacts/pages-*.png.
"""

import pytest
from flask import url_for
from sqlalchemy import select

from app.navigation import ADMIN_PAGES, MENU
from models import Commitment, Contact, Interaction, Stakeholder, db
from tests import test_list_pages_browser as lists
from tests.conftest import new_user
from tests.test_browser import screenshot
from tests.test_list_pages_browser import (
    RUN_AXE,
    WCAG_21_AA,
    all_css,
    by_css,
    described,
    sign_in_as,
)

# The list pages' module's browser, live server (its demo data and users) and axe-core.
pytestmark = lists.pytestmark
browser, site, axe_source = lists.browser, lists.site, lists.axe_source

ROLES = {"clerk": "coordinator", "lead": "regional_lead", "board": "board", "admin": "admin"}
LEAD_REGIONS = {"02", "06"}  # the lead of test_list_pages_browser's site
KINDS = ("stakeholders", "contacts", "interactions", "commitments")
LISTS = {
    "stakeholders": "/stakeholders/",
    "contacts": "/contacts/",
    "interactions": "/interactions/",
    "commitments": "/commitments/",
    "audit": "/admin/audit",
    "users": "/admin/users",
    "imports": "/imports/",
}

# Pages other parts of issue 12 are rebuilding (the home page, the stakeholder page, the
# quick log, the import wizard, the synergy report): a finding there is theirs to fix.
OTHERS = {}


def menu_pages(role: str) -> list[str]:
    """Return the endpoints of the menu of `role`: its entries, the administration pages
    in place of the "Administration" entry."""
    pages = []
    for endpoint, _label, roles in MENU:
        if roles is None or role in roles:
            if endpoint == "admin.users":
                pages += [page for page, _label, _also in ADMIN_PAGES]
            else:
                pages.append(endpoint)
    return pages


# The menu under the user's name, and the review queue (its envelope shows only when mail
# waits: its empty page is checked here, its full one in tests/test_maildrop_browser.py).
USER_MENU = ["account.index", "auth.password", "maildrop.index"]


def record_pages(role: str) -> list[str]:
    """Return a detail page of each kind of record, and an edit page unless `role` only reads."""
    actions = ("detail",) if role == "board" else ("detail", "edit")
    return [f"{kind}.{action}" for kind in KINDS for action in actions]


def cases():
    for who, role in ROLES.items():
        for lang in ("fr", "en"):
            for page in menu_pages(role) + USER_MENU + record_pages(role):
                marks = (
                    [pytest.mark.xfail(reason=OTHERS[page], strict=False)] if page in OTHERS else []
                )
                yield pytest.param(who, lang, page, marks=marks, id=f"{who}-{lang}-{page}")


@pytest.fixture(scope="module", autouse=True)
def board_member(site):
    """Add a board member to the site's users."""
    site.users["board"] = new_user("board", email="conseil@example.org", name="Membre du conseil")
    db.session.commit()


@pytest.fixture(scope="module")
def records(site):
    """Return a record of each kind the regional lead may edit (all of its stakeholders in
    the lead's regions), by kind."""

    def ours(stakeholders) -> bool:
        return all(s.region_code in LEAD_REGIONS and not s.archived for s in stakeholders)

    def first(model, stakeholders_of):
        for record in db.session.scalars(select(model).order_by(model.id)):
            if stakeholders_of(record) and ours(stakeholders_of(record)):
                return record.id
        raise AssertionError(f"no {model.__name__} in the lead's regions")

    return {
        "stakeholders": first(Stakeholder, lambda s: [s]),
        "contacts": first(Contact, lambda c: [c.stakeholder] if c.stakeholder else []),
        "interactions": first(Interaction, lambda i: list(i.stakeholders)),
        "commitments": first(Commitment, lambda c: [c.stakeholder]),
    }


def path_of(app, records, page: str) -> str:
    """Return the path of the page `page` (an endpoint) with a record of its kind."""
    kind, action = page.split(".")
    with app.test_request_context():
        if kind in KINDS and action in ("detail", "edit"):
            singular = kind[:-1]
            return url_for(page, **{f"{singular}_id": records[kind]})
        return url_for(page)


def visit(browser, site, path: str, lang: str) -> None:
    """Open `path` in `lang` (`?lang=en` shows a page in English and stores nothing)."""
    joiner = "&" if "?" in path else "?"
    browser.get(f"{site.base}{path}{joiner}lang={lang}")


@pytest.mark.parametrize(("who", "lang", "page"), list(cases()))
def test_a_page_of_the_menu_or_a_record_has_no_accessibility_violation(
    _app, browser, site, records, axe_source, who, lang, page
):
    sign_in_as(browser, site, who)
    path = path_of(_app, records, page)
    visit(browser, site, path, lang)
    assert by_css(browser, "html").get_attribute("lang") == lang
    assert by_css(browser, "main h1").text, f"{path} has no heading: {by_css(browser, 'main').text}"
    browser.execute_script(axe_source)
    found = browser.execute_async_script(RUN_AXE, WCAG_21_AA)
    assert not (isinstance(found, dict) and "error" in found), found
    assert not found, f"axe-core on {path} ({who}, {lang}):\n{described(found)}"


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("who", list(ROLES))
def test_the_menu_offers_the_pages_checked_and_holds_on_one_row_at_1280(
    _app, browser, site, who, lang
):
    sign_in_as(browser, site, who)
    visit(browser, site, "/", lang)
    assert browser.execute_script("return window.innerWidth") == 1280
    offered = {
        link.get_attribute("href").removeprefix(site.base).removesuffix("?lang=en")
        for link in all_css(browser, "nav.navbar a.nav-link, nav.navbar a.dropdown-item")
    }
    with _app.test_request_context():
        wanted = {url_for(page) for page in menu_pages(ROLES[who])}
        wanted |= {url_for("account.index"), url_for("auth.password")}  # the user's menu
    assert offered == wanted
    items = [item for item in all_css(browser, "nav.navbar .navbar-nav > .nav-item")]
    tops = {round(item.rect["y"]) for item in items}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} rows"
    height = by_css(browser, "nav.navbar").rect["height"]
    assert height < 2 * max(item.rect["height"] for item in items)
    assert by_css(browser, "nav.navbar").rect["width"] <= 1280
    screenshot(browser, f"pages-{who}-home-{lang}")


@pytest.fixture
def phone(browser):
    """The browser at a phone's width (390 px) for one test."""
    browser.set_window_size(390, 844)
    yield browser
    browser.set_window_size(1280, 1400)


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_page_does_not_scroll_sideways_on_a_phone_and_folds_its_filters(phone, site, name):
    sign_in_as(phone, site, "admin")
    visit(phone, site, LISTS[name], "fr")
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert width <= 390
    scrolled = phone.execute_script("return document.documentElement.scrollWidth")
    assert scrolled <= width, f"{LISTS[name]} is {scrolled} px wide on a {width} px screen"
    # Nor does a table inside it: each row reads as a block, each value under its column.
    inner = (
        "return Array.from(document.querySelectorAll('main .table-responsive'))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
    )
    assert phone.execute_script(inner) == 0, f"a table of {LISTS[name]} scrolls sideways"
    cells = all_css(phone, "table.table-stack tbody td[data-label]")
    assert cells or not all_css(phone, "table.table-stack tbody tr"), "cells without names"
    if cells:  # the column headers are folded away: the list still sorts, by links
        links = all_css(phone, "nav[aria-label='Trier par'] a")
        assert links and all(link.is_displayed() for link in links), "no sort on a phone"
    filters = all_css(phone, "#list-filters")
    if filters:  # the import history has none
        toggle = by_css(phone, "[data-bs-target='#list-filters']")
        assert not filters[0].is_displayed() and toggle.text == "Filtres"
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        from selenium.webdriver.support.ui import WebDriverWait

        opened = "return arguments[0].className.split(' ')"
        WebDriverWait(phone, 5).until(
            lambda _: (
                {"show"} <= set(phone.execute_script(opened, filters[0]))
                and "collapsing" not in phone.execute_script(opened, filters[0])
            )
        )
        assert filters[0].is_displayed()
        assert toggle.get_attribute("aria-expanded") == "true"
    screenshot(phone, f"pages-admin-{name}-390")


@pytest.mark.parametrize("who", ["clerk", "lead", "board"])
def test_each_roles_list_fits_a_phone(phone, site, who):
    sign_in_as(phone, site, who)
    visit(phone, site, "/stakeholders/?sector=health", "fr")
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width
    # A filter is set: the filters stay open, and the button says how many.
    assert by_css(phone, "#list-filters").is_displayed()
    toggle = by_css(phone, "[data-bs-target='#list-filters']")
    assert toggle.text.startswith("Filtres") and by_css(toggle, ".badge").text == "1"
    assert toggle.get_attribute("aria-expanded") == "true"
    screenshot(phone, f"pages-{who}-stakeholders-390")


def test_filters_show_without_a_button_on_a_wide_screen(browser, site):
    sign_in_as(browser, site, "admin")
    visit(browser, site, "/contacts/", "fr")
    assert by_css(browser, "#list-filters").is_displayed()
    assert not by_css(browser, "[data-bs-target='#list-filters']").is_displayed()


@pytest.mark.parametrize(("lang", "words"), [("fr", "Aller au contenu"), ("en", "Skip to content")])
def test_the_first_tab_reaches_skip_to_content(browser, site, lang, words):
    from selenium.webdriver.common.keys import Keys

    sign_in_as(browser, site, "lead")
    visit(browser, site, "/contacts/", lang)
    skip = by_css(browser, "a.skip-link")
    assert not skip.is_displayed() or skip.rect["height"] <= 1
    by_css(browser, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused == skip and skip.text == words
    assert skip.rect["height"] > 10 and skip.rect["y"] >= 0  # seen on the screen
    focused.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#content")
    assert browser.switch_to.active_element == by_css(browser, "main#content")
