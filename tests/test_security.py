"""Safety nets across the whole app: CSRF on every POST, headers, error pages."""

import itertools

import pytest

from app import create_app
from config import TestConfig
from models import db
from tests.conftest import PASSWORD, RequestClient


@pytest.fixture
def csrf_app(app):
    """The same app and database, with CSRF protection on as in production."""

    class WithCsrf(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        WTF_CSRF_ENABLED = True

    protected = create_app(WithCsrf)
    protected.test_client_class = RequestClient
    yield protected
    with protected.app_context():  # its own engine: close its connections, not the GC
        db.engine.dispose()


def post_rules(app):
    """Return the URLs of every POST route of the app: 1 for every integer argument, each
    value of an `any(...)` argument (the follow-up's done, snooze, reschedule)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.endpoint.endswith("static"):
            choices = {
                name: sorted(getattr(rule._converters[name], "items", None) or [1])
                for name in rule.arguments
            }
            for values in itertools.product(*choices.values()):
                urls.append(
                    rule.build(dict(zip(choices, values, strict=True)), append_unknown=False)[1]
                )
    return urls


def test_every_post_route_requires_a_csrf_token(csrf_app, make_user):
    admin = make_user("admin")
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert (
        client.post("/login", data={"email": admin.email, "password": PASSWORD}).status_code == 400
    )
    urls = post_rules(csrf_app)
    assert len(urls) >= 10
    for url in urls:
        assert client.post(url, data={}).status_code in (400, 302), url


def test_a_form_without_a_valid_token_says_so_in_french(csrf_app, make_user):
    """A session ended (or another host's SECRET_KEY): the form's token is refused with
    a page in the user's language, not the framework's English one."""
    admin = make_user("admin")
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": admin.email, "password": PASSWORD,
                                           "csrf_token": "from-an-older-page"})  # fmt: skip
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ce formulaire a expiré." in page and "Bad Request" not in page


def test_no_route_changes_state_on_get(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith(
            ("archive", "done", "logout", "undo", "deactivate", "activate", "confirm", "delete")
        ):
            assert "GET" not in rule.methods, rule


def test_security_headers_on_every_response(client, login):
    for url in ("/login", "/static/maillage.css"):
        response = client.get(url)
        response.close()  # a static file is streamed: close it
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_lax(client, make_user):
    user = make_user("coordinator")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forbidden_page_in_both_languages(client, login):
    login("board")
    response = client.get("/stakeholders/new")
    assert response.status_code == 403
    assert "Vous n’avez pas le droit de faire ceci." in response.get_data(as_text=True)
    response = client.get("/stakeholders/new?lang=en")
    assert "You are not allowed to do this." in response.get_data(as_text=True)


def test_server_error_page_has_no_trace(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        with app.test_request_context("/"):
            response = app.make_response(app.handle_exception(RuntimeError("secret detail")))
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Une erreur s’est produite de notre côté." in page
    assert "secret detail" not in page and "Traceback" not in page
