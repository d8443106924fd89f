"""The public privacy page: the privacy officer as configured, linked from every page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def officer(app):
    """Name a privacy officer for one test, then put the defaults back."""
    saved = {k: app.config[k] for k in app.config if k.startswith("PRIVACY_OFFICER_")}
    app.config.update(
        PRIVACY_OFFICER_NAME="Geneviève Tremblay-Roy",
        PRIVACY_OFFICER_EMAIL="vie.privee@collectif.example.org",
        PRIVACY_OFFICER_PHONE="514 555-0199",
    )
    yield
    app.config.update(saved)


def test_the_page_is_public_and_shows_the_configured_officer(client, officer):
    response = client.get("/privacy")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Geneviève Tremblay-Roy" in page
    assert 'href="mailto:vie.privee@collectif.example.org"' in page
    assert "514 555-0199" in page
    assert "Responsable de la protection des renseignements personnels" in page
    assert "Ce que nous détenons" in page and "Pourquoi" in page


def test_without_settings_the_page_shows_the_role_and_a_placeholder(app, client):
    assert app.config["PRIVACY_OFFICER_NAME"] == ""
    page = client.get("/privacy").get_data(as_text=True)
    assert "Responsable de la protection des renseignements personnels" in page
    assert "confidentialite@example.org" in page


def test_the_page_is_in_english_on_request(client, officer):
    page = client.get("/privacy?lang=en").get_data(as_text=True)
    assert "Person in charge of the protection of personal information" in page
    assert "What we hold" in page and "Your rights" in page


def test_the_officer_comes_from_the_environment():
    env = {
        **os.environ,
        "PRIVACY_OFFICER_NAME": "Marc-André Bouchard",
        "PRIVACY_OFFICER_EMAIL": "rprp@example.org",
        "PRIVACY_OFFICER_PHONE": "",
    }
    code = (
        "import config; c = config.Config; print(c.PRIVACY_OFFICER_NAME, c.PRIVACY_OFFICER_EMAIL)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "Marc-André Bouchard rprp@example.org"


@pytest.mark.parametrize("path", ["/login", "/privacy", "/no-such-page"])
def test_every_page_links_to_it_when_signed_out(client, path):
    assert 'href="/privacy"' in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/stakeholders/", "/admin/users", "/admin/incidents"])
def test_every_page_links_to_it_when_signed_in(client, login, path):
    login("admin")
    response = client.get(path)
    assert response.status_code == 200
    assert 'href="/privacy"' in response.get_data(as_text=True)


def test_error_pages_link_to_it(client, login):
    login("board")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert 'href="/privacy"' in response.get_data(as_text=True)
