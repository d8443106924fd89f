"""Today is the coalition's day, not the server's: a server set to UTC is already on
tomorrow from 19:00 in Montréal, and a call logged that evening must still be dated today.

Each test sets `TIME_ZONE` to a zone whose day differs from the server's at the moment it
runs, so that reading the server's day anywhere would show."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models import clock, db
from models.operations import ValidationFailed
from models.operations.incidents import create_incident

# UTC−12 and UTC+14 are 26 hours apart: at any moment, at least one of them is on another
# day than the server, whatever zone the server is set to.
FAR_APART = ("Etc/GMT+12", "Pacific/Kiritimati")


@pytest.fixture
def coalition_day(app, monkeypatch) -> date:
    """Set the coalition's zone to one on another day than the server; return its day."""
    server = date.today()
    zone = next(z for z in FAR_APART if datetime.now(ZoneInfo(z)).date() != server)
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", zone)
    monkeypatch.setattr(app.extensions["babel"], "default_timezone", zone)
    day = clock.today()
    assert day != server and day == datetime.now(ZoneInfo(zone)).date()
    return day


def test_the_quick_log_is_dated_the_coalitions_day(client, login, coalition_day):
    login("coordinator")
    form = client.get("/interactions/new").get_data(as_text=True)
    field = re.search(r'<input[^>]*name="occurred_on"[^>]*>', form).group(0)
    assert f'value="{coalition_day.isoformat()}"' in field
    assert f'value="{date.today().isoformat()}"' not in field


def follow_up_ids(page: str, state: str) -> list[str]:
    """Return the interactions listed under the home page's heading of `state`."""
    part = page[page.index(f'id="follow-ups-{state}"') :]
    part = part[: part.index("</ul>")]
    return re.findall(r'<li class="mb-3 follow-up">.*?/interactions/(\d+)"', part, re.S)


def test_follow_ups_fall_due_on_the_coalitions_day(
    client, login, make_stakeholder, make_interaction, coalition_day
):
    me = login("coordinator")
    soleil = make_stakeholder("CPE Soleil", region="06")
    yesterday, today = (
        make_interaction([soleil], logged_by=me, follow_up_on=coalition_day + timedelta(days=d))
        for d in (-1, 0)
    )
    page = client.get("/").get_data(as_text=True)
    assert follow_up_ids(page, "overdue") == [str(yesterday.id)]
    assert follow_up_ids(page, "week") == [str(today.id)]
    # Put off a week, the overdue follow-up moves a week from the coalition's today.
    response = client.post(f"/interactions/{yesterday.id}/follow-up/snooze",
                           data={"version": str(yesterday.version)})  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(yesterday)
    assert yesterday.follow_up_on == coalition_day + timedelta(days=7)


def test_an_incident_of_the_coalitions_day_is_not_in_the_future(login, coalition_day):
    admin = login("admin")
    incident = {
        "description": "Une liste de partenaires envoyée au mauvais destinataire.",
        "information_concerned": "Noms et courriels professionnels",
        "people_count": 3,
        "serious_injury_risk": "low",
        "risk_assessment": "Coordonnées professionnelles déjà publiques.",
    }
    create_incident(admin, {**incident, "occurred_on": coalition_day,
                            "discovered_on": coalition_day})  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        create_incident(admin, {**incident, "occurred_on": coalition_day + timedelta(days=1),
                                "discovered_on": coalition_day + timedelta(days=1)})  # fmt: skip
    future = "Cette date est dans le futur."
    assert refused.value.errors == {"occurred_on": future, "discovered_on": future}
