"""Two app processes on one PostgreSQL database, and a job worker on Redis, as on two hosts.

What the README's production section sets up, reduced to one machine: two gunicorn
servers (A and B, as two hosts behind a load balancer without sticky sessions) in
production mode with the same SECRET_KEY, on the suite's PostgreSQL database, and a
`maillage worker` taking the imports from a Redis queue; the three share one instance
folder (the uploads waiting for import), as hosts share a mounted folder. A person's
requests go to either server, and whatever one process learned the other must know:
the session and its CSRF token, the failed sign-ins, the remembered figures of the
home page, the import's file and its progress.

On SQLite there is one host by definition: the test runs on PostgreSQL only, and needs
Redis (TEST_REDIS_URL's server, else 127.0.0.1:6379), in a database of its own.
"""

import http.client
import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from models import db
from models.throttle import CALENDAR_ADDRESS, SIGN_IN_EMAIL
from tests.conftest import PASSWORD, free_port
from tests.import_helpers import csv_file

ROOT = Path(__file__).resolve().parent.parent
REDIS_DB = 14  # no other test uses it; the queue's keys are also named after this run
STARTUP_SECONDS = 60


@dataclass
class Page:
    """What a browser got back: the status, where a redirect goes, the text."""

    status: int
    location: str
    text: str

    def csrf_token(self) -> str:
        """Return the CSRF token of the page's form."""
        field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', self.text)
        assert field, "the page has no form with a CSRF token"
        return re.search(r'value="([^"]+)"', field.group(0)).group(1)


class Browser:
    """A person's browser: its cookies, sent to whichever server it asks.

    Production cookies are `Secure`; the TLS proxy a deployment puts in front is left
    out here, so the cookies are kept by hand and sent over plain HTTP."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def get(self, base: str, path: str) -> Page:
        return self._request(base, "GET", path)

    def post(self, base: str, path: str, fields: dict, file: Path | None = None) -> Page:
        """Send a form as the page's submit button does (`file`: its upload field)."""
        if file is None:
            body, kind = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        else:
            with file.open("rb") as stream:
                upload = FileStorage(stream, filename=file.name)
                boundary, body = encode_multipart({**fields, "file": upload})
            kind = f"multipart/form-data; boundary={boundary}"
        return self._request(base, "POST", path, body, {"Content-Type": kind})

    def _request(self, base: str, method: str, path: str, body=None, headers=None) -> Page:
        url = urlsplit(base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if not morsel.value or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        location = urlsplit(response.headers.get("Location", "")).path
        return Page(response.status, location, text)


def redis_url() -> str:
    """Return the URL of the test's Redis database, or skip when Redis does not answer."""
    import redis

    server = urlsplit(os.environ.get("TEST_REDIS_URL", "").strip() or "redis://127.0.0.1:6379")
    url = f"{server.scheme}://{server.netloc}/{REDIS_DB}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"the job worker's queue needs Redis, which does not answer at {url}: {error}")
    return url


@dataclass
class Hosts:
    """The base URLs of the two app servers, and where the job worker writes its log."""

    a: str
    b: str
    worker_log: Path


def wait_until_serving(process: subprocess.Popen, base: str, log: Path) -> None:
    """Wait until the server at `base` answers; fail with its log if it stops first."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        said = log.read_text()[-3000:]
        assert process.poll() is None, f"{base} stopped:\n{said}"
        assert time.monotonic() < deadline, f"{base} did not answer in time:\n{said}"
        try:
            if Browser().get(base, "/login").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)


@pytest.fixture
def hosts(app, tmp_path):
    """Start servers A and B and a job worker on the suite's database; stop them after."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("several app processes on one database: PostgreSQL only (SQLite is one host)")
    import redis

    url = redis_url()
    queue = f"maillageseveral{uuid.uuid4().hex[:8]}"  # letters and digits: Huey keeps them
    shared = tmp_path / "shared-instance"  # a folder every host mounts
    env = dict(
        os.environ,
        MAILLAGE_ENV="production",
        SECRET_KEY=uuid.uuid4().hex,  # one key, the same for every process
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MAILLAGE_INSTANCE=str(shared),
        REDIS_URL=url,
        JOBS_QUEUE_NAME=queue,
        JOB_HEARTBEAT_SECONDS="0.5",
        JOB_STALE_SECONDS="5",
        MAIL_SERVER="",  # the worker's digest never sends from the tests
        MAILDROP_HOST="",
    )
    processes, logs = [], []

    def start(name: str, *command: str) -> subprocess.Popen:
        logs.append(tmp_path / f"{name}.log")
        with logs[-1].open("wb") as log:
            processes.append(subprocess.Popen(command, env=env, cwd=ROOT, stdout=log,
                                              stderr=subprocess.STDOUT))  # fmt: skip
        return processes[-1]

    bases = []
    try:
        for name in ("a", "b"):
            bases.append(f"http://127.0.0.1:{free_port()}")
            # No control socket: its one default path (~/.gunicorn) would be both servers'.
            start(name, sys.executable, "-m", "gunicorn", "--workers", "1", "--no-control-socket",
                  "--bind", bases[-1].removeprefix("http://"), "app:create_app()")  # fmt: skip
        start("worker", sys.executable, "-c", "from app.cli import main; main()", "worker")
        for process, base, log in zip(processes, bases, logs, strict=False):
            wait_until_serving(process, base, log)
        yield Hosts(*bases, logs[-1])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        keys = redis.Redis.from_url(url)
        for key in keys.scan_iter(f"huey.*.{queue}*"):
            keys.delete(key)


def sign_in(browser: Browser, form_from: str, post_to: str, email: str, password: str) -> Page:
    """Open the sign-in form on one server and send it to the other."""
    token = browser.get(form_from, "/login").csrf_token()
    return browser.post(post_to, "/login", {"email": email, "password": password,
                                            "csrf_token": token})  # fmt: skip


def total_stakeholders(page: Page) -> int:
    """Return the home page's total of stakeholders (the table by region)."""
    assert page.status == 200, page.status
    found = re.search(r">Total</th>\s*<td[^>]*>([^<]*)</td>", page.text)
    assert found, "the home page has no table by region"
    return int(re.sub(r"\D", "", found.group(1)))


def import_status(browser: Browser, base: str, batch: str) -> str:
    """Poll the import's progress on `base` as its page does, until it ends; return how."""
    deadline = time.monotonic() + 30
    while True:
        status = json.loads(browser.get(base, f"{batch}/progress").text)["status"]
        if status not in ("queued", "running"):
            return status
        assert time.monotonic() < deadline, f"the import stayed {status}"
        time.sleep(0.1)


def test_two_servers_and_a_worker_share_everything_a_person_sees(app, hosts, make_user, tmp_path):
    me = make_user("coordinator")
    other = make_user("coordinator")
    browser = Browser()

    # Signed in on A with B's form (its CSRF token), the session is good on B.
    assert sign_in(browser, hosts.b, hosts.a, me.email, PASSWORD).status == 302
    home = browser.get(hosts.b, "/")
    assert home.status == 200 and me.name in home.text

    # Failed sign-ins sent in turn to A and B count together: past the limit, both
    # refuse, even the right password.
    guesser = Browser()
    for attempt in range(SIGN_IN_EMAIL.attempts):
        server = (hosts.a, hosts.b)[attempt % 2]
        page = sign_in(guesser, server, server, other.email, "not-the-password")
        assert page.status == 200
        assert "Courriel inconnu ou mot de passe erroné." in page.text
    for server in (hosts.b, hosts.a):
        page = sign_in(guesser, server, server, other.email, PASSWORD)
        assert page.status == 429
        assert "Trop d’essais infructueux" in page.text

    # Unknown calendar feed addresses asked in turn on A and B count together too.
    feeds = Browser()
    for attempt in range(CALENDAR_ADDRESS.attempts):
        server = (hosts.a, hosts.b)[attempt % 2]
        assert feeds.get(server, f"/calendar/{uuid.uuid4().hex}.ics").status == 404
    for server in (hosts.b, hosts.a):
        assert feeds.get(server, f"/calendar/{uuid.uuid4().hex}.ics").status == 429

    # B remembers its home page's figures; a stakeholder added on A shows on B at once.
    assert total_stakeholders(browser.get(hosts.b, "/")) == 0
    token = browser.get(hosts.a, "/stakeholders/new").csrf_token()
    added = browser.post(hosts.a, "/stakeholders/new", {
        "name": "CPE Soleil", "kind": "organization", "level": "local", "region_code": "06",
        "stage": "identified", "csrf_token": token,
    })  # fmt: skip
    assert added.status == 302, added.text
    assert total_stakeholders(browser.get(hosts.b, "/")) == 1

    # An import uploaded on A, mapped on B (which reads the upload from the shared
    # folder), confirmed on A, is run by the worker; B shows it done, and its rows.
    rows = [["Nom", "Région"], ["CPE Lune", "06"], ["CPE Étoile", "06"], ["CPE Nuage", "06"]]
    token = browser.get(hosts.a, "/imports/new").csrf_token()
    uploaded = browser.post(hosts.a, "/imports/new", {"kind": "stakeholders", "csrf_token": token},
                            csv_file(tmp_path / "partenaires.csv", rows))  # fmt: skip
    assert uploaded.status == 302, uploaded.text
    mapping = uploaded.location
    batch = mapping.removesuffix("/mapping")
    token = browser.get(hosts.b, mapping).csrf_token()
    mapped = browser.post(hosts.b, mapping, {"col_0": "name", "col_1": "region",
                                             "csrf_token": token})  # fmt: skip
    assert mapped.status == 302, mapped.text
    token = browser.get(hosts.a, mapped.location).csrf_token()
    assert browser.post(hosts.a, mapped.location, {"csrf_token": token}).status == 302
    assert import_status(browser, hosts.b, batch) == "done", hosts.worker_log.read_text()
    assert "Importation terminée" in browser.get(hosts.b, batch).text
    assert total_stakeholders(browser.get(hosts.b, "/")) == 4

    # Signing out on B ends every copy of the session, on A too.
    copy = dict(browser.cookies)
    token = browser.get(hosts.a, "/").csrf_token()
    assert browser.post(hosts.b, "/logout", {"csrf_token": token}).status == 302
    browser.cookies = copy
    assert browser.get(hosts.a, "/").location == "/login"
