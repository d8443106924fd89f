"""The home page: the user's stakeholders and active commitments by region, in scope."""

import re

from models import Region, db


def row(page: str, label: str) -> list[int]:
    """Return the numbers of the home table's row whose heading contains `label`."""
    match = re.search(rf"<th scope=\"row\">[^<]*{re.escape(label)}</th>(.*?)</tr>", page, re.S)
    assert match, f"no row for {label}"
    return [int(n) for n in re.findall(r'<td class="num[^"]*">(\d+)</td>', match.group(1))]


def test_reference_data_is_installed_by_the_migrations(app):
    assert db.session.query(Region).count() == 17


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_coordinator_sees_counts_for_every_region(client, login, make_stakeholder, make_commitment):
    soleil = make_stakeholder("CPE Soleil", region="06")
    make_stakeholder("CPE Lune", region="06")
    make_stakeholder("Ville de Sherbrooke", region="05", sector="municipal")
    make_stakeholder("Fondation Québec", region=None, sector="philanthropy")
    make_stakeholder("Ancien CPE", region="06", archived=True)
    make_commitment(soleil, "ece_access", status="committed")
    make_commitment(soleil, "housing", status="intended")  # not active
    login("coordinator")
    page = client.get("/").get_data(as_text=True)
    assert row(page, "Montréal") == [2, 1]
    assert row(page, "Estrie") == [1, 0]
    assert row(page, "Outaouais") == [0, 0]
    assert row(page, "National") == [1, 0]
    assert page.count('<th scope="row">') == 17 + 1 + 1  # regions, national, total


def test_regional_lead_sees_only_their_regions(client, login, make_stakeholder):
    make_stakeholder("CPE Soleil", region="06")
    make_stakeholder("Ville de Sherbrooke", region="05")
    make_stakeholder("Fondation Québec", region=None, sector="philanthropy")
    login("regional_lead", regions=["06", "13"])
    page = client.get("/").get_data(as_text=True)
    assert row(page, "Montréal") == [1, 0]
    assert row(page, "Laval") == [0, 0]
    assert row(page, "National") == [1, 0]
    assert "Estrie" not in page
    assert "Votre territoire\u00a0: Montréal, Laval, et les acteurs nationaux." in page


def test_home_in_english_on_request(client, login, make_stakeholder):
    make_stakeholder("CPE Soleil", region="06")
    login("board")
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Stakeholders and active commitments by region" in page


def test_dashboards_list_follow_ups_and_recent_activity_in_scope(
    client, login, make_user, make_stakeholder, make_interaction
):
    from datetime import date, timedelta

    montreal = make_stakeholder("CPE Soleil", region="06")
    estrie = make_stakeholder("Ville de Sherbrooke", region="05")
    lead = login("regional_lead", regions=["06"], name="Dominique Lead")
    coordinator = make_user("coordinator", name="Camille Coordo")
    today = date.today()
    make_interaction(
        [montreal, estrie], occurred_on=today, logged_by=coordinator, summary="Table régionale"
    )
    follow_up = make_interaction(
        [montreal], occurred_on=today - timedelta(days=3), logged_by=lead,
        follow_up_on=today - timedelta(days=1), summary="Rappeler la direction",
    )  # fmt: skip
    page = client.get("/").get_data(as_text=True)
    # The lead's own overdue follow-up, which they may close (it shows among the follow-ups
    # and in the recent activity); the joint meeting shows its participant of their
    # territory only, and who logged it.
    assert "Rappeler la direction" in page
    done = re.findall(r'action="/interactions/(\d+)/done"', page)
    assert done == [str(follow_up.id)] * 2
    assert "Table régionale" in page and "Camille Coordo" in page
    assert "CPE Soleil" in page and "Ville de Sherbrooke" not in page
    client.post("/logout", data={})
    login("coordinator", email="autre.coordo@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "Ville de Sherbrooke" in page and "Dominique Lead" in page
