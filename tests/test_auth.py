"""Signing in and out, the language of the pages, and the error pages."""

import pytest

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
    assert client.get("/").status_code == 302
    # A copy of the cookie taken before sign-out no longer works.
    replay = app.test_client()
    replay.set_cookie("session", stolen_cookie)
    assert replay.get("/").status_code == 302


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
    # The choice is remembered.
    assert "Sign in" in client.get("/login").get_data(as_text=True)


def test_language_choice_is_saved_for_the_signed_in_user(client, login):
    user = login("coordinator")
    client.get("/?lang=en")
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
