"""Signing in and out, the language of the pages, and the error pages."""

import time

import pytest
from sqlalchemy import select

from app import create_app
from config import ProductionConfig
from models import db
from tests.conftest import PASSWORD


def test_sign_in_with_the_right_password_reaches_home(client, make_user):
    user = make_user("coordinator", name="Léa Gagnon")
    response = client.post(
        "/login", data={"email": user.email.upper(), "password": PASSWORD}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Léa Gagnon" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "email,password",
    [
        ("nobody@example.org", PASSWORD),
        (None, "wrong-password-123"),
    ],
)
def test_one_message_for_unknown_user_and_wrong_password(client, make_user, email, password):
    user = make_user("coordinator")
    response = client.post("/login", data={"email": email or user.email, "password": password})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Courriel inconnu ou mot de passe erroné." in page


def test_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user("coordinator", active=False)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Courriel inconnu" in response.get_data(as_text=True)


def test_sign_out_is_a_post_and_ends_the_session_on_the_server(app, client, login):
    login("coordinator")
    stolen_cookie = client.get_cookie("session").value
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/").headers["Location"].startswith("/login")
    # A copy of the cookie taken before sign-out no longer works.
    replay = app.test_client()
    replay.set_cookie("session", stolen_cookie)
    assert replay.get("/").headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/?page=2", "/?page=2"),
        ("https://evil.example.com/", "/"),
        ("//evil.example.com/", "/"),
        ("/\\evil.example.com", "/"),
    ],
)
def test_next_redirects_stay_on_the_site(client, make_user, target, expected):
    user = make_user("board")
    response = client.post(
        f"/login?next={target}", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == expected


def test_pages_are_french_by_default_and_english_on_request(client):
    assert "Se connecter" in client.get("/login").get_data(as_text=True)
    assert "Sign in" in client.get("/login?lang=en").get_data(as_text=True)
    # A link shows one page; the language button (a POST) is what the session remembers.
    assert "Se connecter" in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/login"})
    assert "Sign in" in client.get("/login").get_data(as_text=True)


def test_language_choice_is_saved_for_the_signed_in_user(client, login):
    user = login("coordinator")
    page = client.post("/language", data={"lang": "en", "next": "/?lang=fr"}, follow_redirects=True)
    assert "Sign out" in page.get_data(as_text=True)
    db.session.refresh(user)
    assert user.language == "en"


def test_not_found_page_is_translated_and_has_no_trace(client, login):
    login("coordinator")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Cette page n’existe pas." in page
    assert "Traceback" not in page


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    class Production(ProductionConfig):
        SECRET_KEY = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


def test_production_cookies_are_secure():
    class Production(ProductionConfig):
        SECRET_KEY = "x" * 32
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Production)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_idle_session_expires(app, client, login, monkeypatch):
    login("coordinator")
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["SESSION_IDLE_TIMEOUT"] + 1
    response = client.get("/stakeholders/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/").status_code == 302


def test_activity_is_written_to_the_cookie_at_most_once_a_minute(app, client, login):
    login("coordinator")
    client.get("/")
    with client.session_transaction() as session:
        seen_at = session["seen_at"]
    response = client.get("/stakeholders/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    with client.session_transaction() as session:
        assert session["seen_at"] == seen_at
        session["seen_at"] -= 61  # a minute later, the next request writes it again
    response = client.get("/stakeholders/")
    assert "Set-Cookie" in response.headers
    with client.session_transaction() as session:
        assert session["seen_at"] >= seen_at


def test_session_expires_after_the_absolute_limit_even_when_active(app, client, login):
    login("coordinator")
    with client.session_transaction() as session:
        session["signed_in_at"] -= app.config["SESSION_ABSOLUTE_TIMEOUT"] + 1
        session["seen_at"] = int(time.time())  # active a moment ago: only the age ends it
    response = client.get("/", follow_redirects=True)
    assert response.request.path == "/login"
    assert "Votre session a expiré. Veuillez vous reconnecter." in response.text
    assert client.get("/").headers["Location"].startswith("/login")  # signed out for good


def test_change_password_ends_other_sessions(app, client, login):
    user = login("coordinator")
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/").status_code == 200
    response = client.post(
        "/password",
        data={
            "current": PASSWORD,
            "password": "un-nouveau-mot-de-passe",
            "confirm": "un-nouveau-mot-de-passe",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other_device.get("/").status_code == 302  # the other one ended
    db.session.refresh(user)
    assert user.check_password("un-nouveau-mot-de-passe")


@pytest.mark.parametrize(
    "current,new,message",
    [
        ("wrong-password-00", "un-nouveau-mot-de-passe", "Le mot de passe actuel est erroné."),
        (PASSWORD, "court", "Utilisez au moins 12 caractères."),
        (PASSWORD, "motdepasse123", "Ce mot de passe est trop courant"),
    ],
)
def test_change_password_refusals_are_explained(client, login, current, new, message):
    login("coordinator")
    page = client.post(
        "/password", data={"current": current, "password": new, "confirm": new}
    ).get_data(as_text=True)
    assert message in page


def test_repeated_failures_answer_429_for_a_while(client, make_user):
    user = make_user("coordinator")
    for _ in range(5):
        response = client.post("/login", data={"email": user.email, "password": "nope-nope-nope"})
        assert response.status_code == 200
    # Now even the right password waits: guessing is slowed down, the user is told.
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop d’essais infructueux." in response.get_data(as_text=True)
    # The same for an unknown email: nothing tells the two apart.
    for _ in range(5):
        client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert (
        client.post(
            "/login", data={"email": "nobody@example.org", "password": "x" * 12}
        ).status_code
        == 429
    )


def test_throttling_lifts_after_the_window(client, make_user):
    from datetime import timedelta

    from models import ThrottleEvent

    user = make_user("coordinator")
    for _ in range(5):
        client.post("/login", data={"email": user.email, "password": "nope-nope-nope"})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429  # throttled: even the right password waits
    for failure in db.session.scalars(select(ThrottleEvent)):
        failure.at -= timedelta(minutes=16)
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    assert user.name in client.get("/").text
