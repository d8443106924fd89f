"""Abuse and exhaustion: what sign-in time tells, throttling behind a proxy and on every
form that checks a secret or sends email, the figures cache's bounds, headers that keep
personal pages out of caches, and the names upload errors give."""

import re
import statistics
import time

import pytest
from sqlalchemy import func, select

from app import create_app
from config import TestConfig
from models import AuditEvent, PendingSubscription, db
from models import cache as figures_cache
from tests.conftest import PASSWORD, RequestClient
from tests.test_newsletter import SUBSCRIPTION, outbox

TOO_MANY = "Trop d’essais infructueux."


def sign_in(client, email: str, password: str, address: str | None = None):
    """Post the sign-in form, from `address` as a proxy would tell it."""
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post("/login", data={"email": email, "password": password}, headers=headers)


def timed_sign_in(client, email: str, password: str) -> float:
    """Return how long a sign-in attempt takes, in seconds."""
    start = time.perf_counter()
    sign_in(client, email, password)
    return time.perf_counter() - start


# Sign-in time


def test_an_unknown_email_takes_as_long_to_refuse_as_a_wrong_password(client, make_user):
    user = make_user("coordinator")
    user.set_password(PASSWORD)  # the app's own cost, not the fixtures' quick hash
    db.session.commit()
    client.get("/login")
    known, unknown = [], []
    for n in range(4):  # under the 5 failures that throttle an email
        known.append(timed_sign_in(client, user.email, "wrong-password-123"))
        unknown.append(timed_sign_in(client, f"nobody{n}@example.org", "wrong-password-123"))
    # A password hash costs tens of milliseconds; the rest of a request, a few. Timing an
    # attempt must not tell whether the email has an account.
    assert statistics.median(unknown) > statistics.median(known) / 2, (known, unknown)


# Throttling by address, behind a reverse proxy


@pytest.fixture
def proxied_client(app):
    """A client of the same app and database, served behind one trusted reverse proxy."""

    class BehindProxy(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        TRUSTED_PROXIES = 1

    proxied = create_app(BehindProxy)
    proxied.test_client_class = RequestClient
    yield proxied.test_client()
    with proxied.app_context():
        db.engine.dispose()  # its own pool: no connection left open


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(proxied_client, make_user):
    user = make_user("coordinator")
    for n in range(30):
        # The proxy appends the real address; what the client put before it is not believed.
        response = sign_in(proxied_client, f"guess{n}@example.org", "x" * 12,
                           address=f"10.0.0.{n}, 203.0.113.5")  # fmt: skip
        assert response.status_code == 200
    response = sign_in(proxied_client, "guess@example.org", "x" * 12, address="203.0.113.5")
    assert response.status_code == 429
    # Someone else, behind the same proxy, is not touched.
    response = sign_in(proxied_client, user.email, "wrong-password-123", address="198.51.100.7")
    assert response.status_code == 200
    assert "Courriel inconnu ou mot de passe erroné." in response.text
    response = sign_in(proxied_client, user.email, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302


def test_an_address_over_its_limit_still_signs_in_with_the_right_password(client, make_user):
    user, other = make_user("coordinator"), make_user("coordinator")
    for n in range(30):
        sign_in(client, f"guess{n}@example.org", "x" * 12)
    response = sign_in(client, other.email, "wrong-password-123")
    assert response.status_code == 429
    assert TOO_MANY in response.text
    # Each email keeps its own limit, wherever the guesses come from.
    for _ in range(4):
        assert sign_in(client, other.email, "wrong-password-123").status_code == 429
    assert sign_in(client, other.email, PASSWORD).status_code == 429
    # The address is over its limit, but this account is not: its password still works.
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 302


# The password change


def change_password(client, current: str, new: str):
    """Post the password change form."""
    return client.post("/password", data={"current": current, "password": new, "confirm": new})


def test_guesses_of_the_current_password_are_throttled(client, login):
    user = login("coordinator")
    for _ in range(5):
        response = change_password(client, "wrong-password-00", "un-nouveau-mot-de-passe")
        assert "Le mot de passe actuel est erroné." in response.text
    response = change_password(client, PASSWORD, "un-nouveau-mot-de-passe")
    assert response.status_code == 429
    assert TOO_MANY in response.text
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_a_new_password_equal_to_the_email_is_refused(client, login):
    user = login("coordinator", email="camille.gagnon@example.org")
    response = change_password(client, PASSWORD, "Camille.Gagnon@example.org")
    assert response.status_code == 200
    assert "Le mot de passe ne peut pas être l’adresse courriel du compte." in response.text
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


# The public subscription form


def test_one_pending_confirmation_per_email(client, app):
    outbox(app).clear()
    for _ in range(5):
        response = client.post("/newsletter/subscribe", data=SUBSCRIPTION)
        assert response.status_code == 200
        assert "Consultez vos courriels" in response.text  # the same answer every time
    assert len(outbox(app)) == 1
    assert db.session.scalar(select(func.count()).select_from(PendingSubscription)) == 1


def test_a_confirmation_is_sent_again_with_a_new_link_after_a_while(client, app):
    from datetime import timedelta

    outbox(app).clear()
    client.post("/newsletter/subscribe", data=SUBSCRIPTION)
    first = re.search(r"/newsletter/confirm/\S+", outbox(app)[-1].get_content()).group(0)
    pending = db.session.scalar(select(PendingSubscription))
    pending.requested_at -= timedelta(minutes=16)
    db.session.commit()
    client.post("/newsletter/subscribe", data=SUBSCRIPTION)
    assert len(outbox(app)) == 2
    second = re.search(r"/newsletter/confirm/\S+", outbox(app)[-1].get_content()).group(0)
    assert db.session.scalar(select(func.count()).select_from(PendingSubscription)) == 1
    assert client.get(first).status_code == 404  # only the latest link confirms
    assert client.get(second).status_code == 200


def test_subscriptions_from_one_address_are_throttled(client, app):
    outbox(app).clear()
    for n in range(10):
        data = {**SUBSCRIPTION, "email": f"personne{n}@example.org"}
        assert client.post("/newsletter/subscribe", data=data).status_code == 200
    data = {**SUBSCRIPTION, "email": "une.autre@example.org"}
    response = client.post("/newsletter/subscribe", data=data)
    assert response.status_code == 429
    assert "Trop de demandes venues de votre connexion." in response.text
    assert len(outbox(app)) == 10


# The figures cache


def test_the_figures_cache_keeps_at_most_its_cap_of_values(app):
    distinct = 5000  # as many unique searches as a signed-in user cares to make
    for n in range(distinct):
        figures_cache.remembered("search-matches", f"word{n}", lambda n=n: n)
    kept = len(figures_cache._memory)
    assert kept < distinct
    assert kept == figures_cache.MAX_ENTRIES
    # The most recently used values are the ones kept.
    last = f"word{distinct - 1}"
    assert figures_cache.remembered("search-matches", last, lambda: "counted again") == 4999
    assert figures_cache.remembered("search-matches", "word0", lambda: "counted again") == (
        "counted again"
    )


def add_stakeholder(client, name: str) -> int:
    """Create a stakeholder through its form; return its id."""
    response = client.post("/stakeholders/new", data={
        "name": name, "kind": "organization", "sector_code": "childcare", "level": "local",
        "region_code": "06", "stage": "identified",
    })  # fmt: skip
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def listed_total(client) -> int:
    """Return the number of stakeholders the list's title shows."""
    page = client.get("/stakeholders/").get_data(as_text=True)
    return int(re.search(r'text-bg-secondary">(\d+)<', page).group(1))


def latest_stakeholder_event() -> int:
    """Return the id of the latest audit event about a stakeholder."""
    return db.session.scalar(
        select(func.max(AuditEvent.id)).where(AuditEvent.entity_type == "stakeholder")
    )


def test_figures_counted_before_a_restore_are_not_served_after_it(client, login, runner, tmp_path):
    login("admin")
    first = add_stakeholder(client, "CPE A")
    backup = tmp_path / "before.backup"
    assert runner.invoke(args=["backup", "--out", str(backup)]).exit_code == 0
    add_stakeholder(client, "CPE B")
    add_stakeholder(client, "CPE C")
    assert listed_total(client) == 3  # counted, and remembered
    counted_at = latest_stakeholder_event()
    result = runner.invoke(args=["restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    # New work after the restore takes the audit ids of the work the restore undid.
    add_stakeholder(client, "CPE D")
    assert client.post(f"/stakeholders/{first}/archive").status_code == 302
    assert latest_stakeholder_event() == counted_at
    assert listed_total(client) == 1  # CPE D; CPE A is archived


# Headers


def test_signed_in_pages_and_downloads_are_not_stored_by_caches(client, login):
    login("coordinator")
    for url in ("/", "/stakeholders/", "/password", "/stakeholders/export.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    static = client.get("/static/maillage.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


# Language


def test_a_language_link_changes_the_page_but_not_the_stored_choice(client, login):
    user = login("coordinator")
    page = client.get("/privacy?lang=en")
    assert "Privacy" in page.text
    db.session.refresh(user)
    assert user.language == "fr"  # a GET writes nothing
    response = client.post("/language", data={"lang": "en", "next": "/privacy"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    db.session.refresh(user)
    assert user.language == "en"
    assert "Sign out" in client.get("/").text


# Uploads


def test_an_upload_error_names_the_users_file_not_the_stored_one(client, login, tmp_path):
    login("coordinator")
    path = tmp_path / "partenaires-estrie.csv"
    rows = ["Nom;Région"] + [f"CPE {n};05" for n in range(8000)]  # past the 64 KiB sample
    path.write_text("\r\n".join(rows) + "\r\nCPE géant;" + "x" * 200_000 + "\r\n")
    with path.open("rb") as stream:
        response = client.post("/imports/new", data={"kind": "stakeholders",
                               "file": (stream, path.name)})  # fmt: skip
    assert response.status_code == 422
    assert "partenaires-estrie.csv a une cellule de plus de" in response.text
    assert "à partir de la ligne 8002" in response.text
    assert not re.search(r"[0-9a-f]{32}\.csv", response.text)
