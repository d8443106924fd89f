"""Quick log benchmark (issue 12): a joint meeting logged in Chromium, key by key.

Builds a SQLite database with the demo data (300 stakeholders) plus two Montréal
stakeholders with two contacts each, serves the app on 127.0.0.1, signs a coordinator in
and, in headless Chromium, logs a meeting with both stakeholders, two contacts present,
two measures and a follow-up (+2 weeks), as a person would: typing in the type-aheads,
arrows and Enter, a click per measure, the follow-up shortcut, Save. Every click and key
goes through a counter.

Reported, per round: the seconds from the page's load to the saved interaction's page
(the machine's part: the type-aheads' round trips and the save), the clicks and keys, and
what a person would take by the keystroke-level model (Card, Moran & Newell): 0.28 s a
key, 1.1 s to point plus 0.2 s to click, 0.4 s to move a hand between mouse and keyboard,
1.35 s to make up one's mind before each of the seven steps, plus the machine's seconds.
Target: that estimate under 20 s. Exits 1 on a miss.

    .venv/bin/python benchmarks/quick_log_bench.py [--repeat N]
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark-password-2026"
TARGET_S = 20.0
KEY_S, POINT_S, CLICK_S, HOMING_S, THINK_S = 0.28, 1.1, 0.2, 0.4, 1.35
# One decision before each: the first stakeholder, the second, the contacts present (both
# picked from the one list of the chosen stakeholders' contacts), each measure, the
# follow-up, Save.
STEPS = 7
SEEN = ("CPE Arc-en-ciel de Rosemont", "Table de quartier Hochelaga")


def build_database(db_path: Path) -> None:
    """Create the schema, the demo data, the meeting's two stakeholders and a coordinator."""
    import flask_migrate

    from app import create_app
    from models import Contact, Stakeholder, db
    from models.demo import generate_demo
    from models.operations import create_user

    with create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}"}).app_context():
        flask_migrate.upgrade()
        generate_demo(stakeholders=300)
        people = (("Émilie", "Gagné"), ("Louis", "Roy")), (("Yves", "Tremblay"), ("Anne", "Côté"))
        for name, contacts in zip(SEEN, people, strict=True):
            stakeholder = Stakeholder(name=name, region_code="06", level="local",
                                      sector_code="childcare")  # fmt: skip
            db.session.add(stakeholder)
            for first, last in contacts:
                db.session.add(Contact(stakeholder=stakeholder, first_name=first, last_name=last))
        create_user(None, "bench.coordinator@example.org", "coordinator", PASSWORD)
        db.session.commit()


class Person:
    """Clicks and keys, counted; `hands` notes each move between mouse and keyboard."""

    def __init__(self, browser):
        self.browser = browser
        self.clicks = self.keys = self.homings = 0
        self.on = "keyboard"

    def _hand(self, device: str) -> None:
        if self.on != device:
            self.homings += 1
            self.on = device

    def click(self, element) -> None:
        self.browser.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
        )
        self._hand("mouse")
        self.clicks += 1
        element.click()

    def type(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        self._hand("keyboard")
        self.keys += sum(len(k) for k in keys)
        ActionChains(self.browser).send_keys(*keys).perform()

    def estimate(self, machine_s: float) -> float:
        """Return the keystroke-level model's seconds for what was done."""
        return (
            self.keys * KEY_S
            + self.clicks * (POINT_S + CLICK_S)
            + self.homings * HOMING_S
            + STEPS * THINK_S
            + machine_s
        )


def shown_options(browser, box_id: str) -> list[str]:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10, poll_frequency=0.02).until(
        lambda b: b.find_element("id", box_id).get_attribute("aria-expanded") == "true"
    )
    listbox = browser.find_element("id", box_id).get_attribute("aria-controls")
    options = browser.find_element("id", listbox).find_elements("css selector", "[role=option]")
    return [o.text for o in options]


def pick(person: Person, box_id: str, wanted: str) -> None:
    """Arrow down to the option starting with `wanted` (the first is highlighted), Enter."""
    from selenium.webdriver.common.keys import Keys

    texts = shown_options(person.browser, box_id)
    index = next(i for i, text in enumerate(texts) if text.startswith(wanted))
    person.type(*([Keys.ARROW_DOWN] * index), Keys.ENTER)


def journey(browser, base: str) -> tuple[float, Person]:
    """Log the joint meeting; return the seconds from the page's load to the saved page."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{base}/interactions/new")
    started = time.perf_counter()
    person = Person(browser)
    assert browser.switch_to.active_element.get_attribute("id") == "stakeholder_ids-search"
    for typed, name in zip(("arc-en", "table hoch"), SEEN, strict=True):
        person.type(typed)
        pick(person, "stakeholder_ids-search", name)
    person.type(Keys.TAB)  # on to the contacts present, which open on focus
    pick(person, "contact_ids-search", "Émilie Gagné")
    pick(person, "contact_ids-search", "Yves Tremblay")
    for label in ("Accès à un logement abordable", "Soutien financier"):
        person.click(browser.find_element("xpath", f"//label[normalize-space()='{label}']"))
    person.click(browser.find_element("xpath", "//button[normalize-space()='+2 semaines']"))
    person.click(browser.find_element("css selector", "#quick-log button[name=submit]"))
    WebDriverWait(browser, 15, poll_frequency=0.02).until(
        lambda b: "/interactions/new" not in b.current_url
    )
    WebDriverWait(browser, 15, poll_frequency=0.02).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    return time.perf_counter() - started, person


def check_saved(app) -> None:
    """The last interaction is the meeting as logged."""
    from sqlalchemy import select

    from models import Interaction, db

    with app.app_context():
        saved = db.session.scalar(select(Interaction).order_by(Interaction.id.desc()).limit(1))
        assert sorted(s.name for s in saved.stakeholders) == sorted(SEEN)
        assert sorted(c.full_name for c in saved.contacts) == ["Yves Tremblay", "Émilie Gagné"]
        assert sorted(m.code for m in saved.measures) == ["financial_support", "housing"]
        assert saved.follow_up_on == date.today() + timedelta(days=14)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from werkzeug.serving import make_server

    from benchmarks.common import make_app
    from tests.test_browser import start_chromium

    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "quick-log.sqlite"
        build_database(db_path)
        app = make_app(db_path)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        browser = start_chromium()
        try:
            browser.get(f"{base}/login")
            browser.find_element("name", "email").send_keys("bench.coordinator@example.org")
            browser.find_element("name", "password").send_keys(PASSWORD)
            browser.find_element("css selector", "main form [type=submit]").click()
            time.sleep(0.5)
            rounds = []
            for _ in range(args.repeat):
                machine_s, person = journey(browser, base)
                check_saved(app)
                rounds.append((machine_s, person))
        finally:
            browser.quit()
            server.shutdown()

    print(f"{'round':>5} {'machine s':>10} {'clicks':>7} {'keys':>5} {'person s (KLM)':>15}")
    for n, (machine_s, person) in enumerate(rounds, 1):
        print(
            f"{n:>5} {machine_s:>10.2f} {person.clicks:>7} {person.keys:>5} "
            f"{person.estimate(machine_s):>15.1f}"
        )
    estimate = statistics.median(person.estimate(s) for s, person in rounds)
    verdict = "ok" if estimate < TARGET_S else "MISSED"
    print(f"median estimate {estimate:.1f} s against the target of {TARGET_S:.0f} s: {verdict}")
    return 0 if estimate < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
