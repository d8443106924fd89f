"""The language switch: a POST that keeps the choice and goes back to the same page; a
`?lang=` on a GET shows one page in that language and writes nothing."""

from datetime import UTC

import pytest
from sqlalchemy import func, select

from models import AuditEvent, User, db
from tests.test_security import csrf_app  # noqa: F401 (a fixture)

FILTERED = "/contacts/?region=02&q=tremblay&page=2"


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def stored(user: User) -> tuple[str, int]:
    """Return the user's language and version as the database holds them now."""
    db.session.expire_all()
    return db.session.execute(select(User.language, User.version).where(User.id == user.id)).one()


def test_the_switch_changes_and_keeps_a_signed_in_users_language(client, login):
    user = login("coordinator")
    assert "Se déconnecter" in client.get("/").text
    response = client.post("/language", data={"lang": "en", "next": "/contacts/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/contacts/"
    assert stored(user) == ("en", 2)
    event = db.session.scalars(select(AuditEvent)).one()
    assert (event.action, event.entity_type, event.entity_id) == ("update", "user", user.id)
    assert (event.before, event.after) == ({"language": "fr"}, {"language": "en"})
    client.post("/logout")
    client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
    assert "Sign out" in client.get("/").text  # kept in the account, not only the session


def test_choosing_the_language_already_chosen_writes_nothing(client, login):
    user = login("coordinator")
    client.post("/language", data={"lang": "fr", "next": "/"})
    assert stored(user) == ("fr", 1)
    assert audit_count() == 0


def test_the_switch_goes_back_with_the_lists_filters_sort_and_page(client, login):
    login("coordinator")
    response = client.post("/language", data={"lang": "en", "next": FILTERED})
    assert response.headers["Location"] == FILTERED
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Sign out" in page.text


def test_the_switch_drops_a_lang_parameter_that_would_undo_it(client, login):
    login("coordinator")
    response = client.post(
        "/language", data={"lang": "en", "next": "/contacts/?lang=fr&region=02&page=2"}
    )
    assert response.headers["Location"] == "/contacts/?region=02&page=2"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/contacts/?region=02",
        "//evil.example/contacts/",
        "/\\evil.example",
        "javascript:alert(1)",
        "contacts/",
        "/contacts/\r\nLocation: https://evil.example",
    ],
)
def test_the_switch_never_goes_to_another_site(client, login, target):
    login("coordinator")
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_visitor_switches_the_sign_in_page_for_the_session(client):
    assert "Se connecter" in client.get("/login").text
    response = client.post("/language", data={"lang": "en", "next": "/login?"})
    assert response.headers["Location"] == "/login"
    assert "Sign in" in client.get("/login").text
    assert "Subscribe" in client.get("/newsletter/subscribe").text


def test_a_lang_parameter_shows_one_page_and_writes_nothing(client, login):
    user = login("coordinator")
    assert "Sign out" in client.get(FILTERED + "&lang=en").text
    assert "Sign out" in client.get("/privacy?lang=en").text
    assert stored(user) == ("fr", 1)
    assert audit_count() == 0
    with client.session_transaction() as session:
        assert "lang" not in session
    assert "Se déconnecter" in client.get(FILTERED).text  # the next page is French again


def test_a_lang_parameter_does_not_stay_in_a_visitors_session(client):
    assert "Sign in" in client.get("/login?lang=en").text
    assert "Subscribe" in client.get("/newsletter/subscribe?lang=en").text
    with client.session_transaction() as session:
        assert "lang" not in session
    assert "Se connecter" in client.get("/login").text


def test_a_public_form_posted_from_an_english_page_answers_in_english(client):
    page = client.post("/newsletter/subscribe?lang=en", data={"email": "not-an-email"})
    assert "Subscribe" in page.text


def test_the_switch_needs_a_csrf_token(csrf_app, make_user):  # noqa: F811
    user = make_user("coordinator")
    client = csrf_app.test_client()
    signed_in = client.get("/login").text
    token = signed_in.split('name="csrf_token" type="hidden" value="', 1)[-1].split('"', 1)[0]
    client.post("/login", data={"email": user.email, "password": "correct-horse-battery",
                                "csrf_token": token})  # fmt: skip
    assert client.post("/language", data={"lang": "en", "next": "/"}).status_code == 400
    assert stored(user) == ("fr", 1)
    page = client.get("/").text
    assert 'action="/language"' in page
    token = page.split('action="/language">', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    response = client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    assert response.status_code == 302
    assert stored(user) == ("en", 2)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_numbers_are_written_as_babel_writes_them_in_each_language(app, lang):
    """The dashboards' figures: the quick path for whole numbers writes what Babel does
    ("12 345" in French, "12,345" in English), negatives and decimals through Babel."""
    from babel.numbers import format_decimal

    from app.navigation import number

    with app.test_request_context(f"/?lang={lang}"):
        for value in (0, 7, 999, 1000, 1174, 12345, 999999, 1234567, 10**12, -5, -1234, 2.5):
            assert number(value) == format_decimal(value, locale=f"{lang}_CA")
        assert number(12345) == ("12\N{NO-BREAK SPACE}345" if lang == "fr" else "12,345")


@pytest.mark.parametrize(
    "lang, words", [("fr", "Ce champ est requis."), ("en", "This field is required.")]
)
def test_wtforms_own_messages_are_in_the_pages_language_request_after_request(client, lang, words):
    """WTForms' messages come from its catalogue, read once per process (`FormMessages`):
    each request still gets its own language."""
    for _ in range(2):
        for other in ("fr", "en"):  # the other language in between: nothing stays behind
            client.post(f"/login?lang={other}", data={"email": "a@example.org"})
        page = client.post(f"/login?lang={lang}", data={"email": "a@example.org"})
        assert words in page.get_data(as_text=True)


def test_messages_follow_force_locale_and_the_next_request(app):
    """The request's catalogue is found once (`app.extensions.RequestCatalogue`): a
    message in another language inside the request (a digest in its reader's language)
    and the next request in the other language still get their own words, in Python and
    in templates."""
    from flask import render_template_string
    from flask_babel import force_locale
    from flask_babel import gettext as _

    page = "{{ _('Search') }} {{ ngettext('%(count)s result', '%(count)s results', 2, count=2) }}"
    # Each in an app context of its own, as a served request is (the fixture's would
    # keep Flask-Babel's locale from one to the next).
    with app.app_context(), app.test_request_context("/?lang=fr"):
        app.preprocess_request()
        assert _("Search") == "Rechercher"
        assert render_template_string(page) == "Rechercher 2 résultats"
        with force_locale("en"):
            assert _("Search") == "Search"
            assert render_template_string(page) == "Search 2 results"
        assert _("Search") == "Rechercher"
        assert render_template_string(page) == "Rechercher 2 résultats"
    with app.app_context(), app.test_request_context("/?lang=en"):
        app.preprocess_request()
        assert _("Search") == "Search"
        assert render_template_string(page) == "Search 2 results"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dates_are_written_as_babel_writes_them_in_each_language(app, lang):
    """Dates written by Babel are remembered (`app.navigation._day`) by language: each
    language, and a moment's day where the user is, still come out as Babel writes them."""
    from datetime import date, datetime

    from babel.dates import format_date, format_time
    from flask_babel import to_user_timezone

    from app.navigation import day, moment

    late = datetime(2026, 12, 15, 4, 30, tzinfo=UTC)  # 14 Dec., 23:30 in Montréal
    for other in ("en", "fr", lang):  # the other language in between: nothing stays behind
        with app.app_context(), app.test_request_context(f"/?lang={other}"):
            app.preprocess_request()
            locale = f"{other}_CA"
            assert day(date(2026, 3, 5)) == format_date(date(2026, 3, 5), locale=locale)
            assert day(date(2026, 3, 5), "long") == format_date(
                date(2026, 3, 5), "long", locale=locale
            )
            local = to_user_timezone(late)
            assert day(late) == format_date(local, locale=locale)
            assert moment(late) == (
                f"{format_date(local, locale=locale)} {format_time(local, 'short', locale=locale)}"
            )
            assert day(None) == moment(None) == ""
