"""The first web face: sign in, see the home page, sign out."""

from models import Region, db


def test_reference_data_is_installed_by_the_migrations(app):
    assert db.session.query(Region).count() == 17


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_home_shows_counts_by_region_in_french(client, login, make_stakeholder):
    make_stakeholder("CPE Soleil", region="06")
    login("coordinator")
    page = client.get("/").get_data(as_text=True)
    assert "Montréal" in page
