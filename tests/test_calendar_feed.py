"""The personal calendar feed: made on the account page (its address shown once), read by
calendar apps without a session, parsed back with `icalendar`; revoked, replaced or of an
inactive user it answers 404; a regional lead's feed names no stakeholder of another
region."""

import hashlib
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from models import AuditEvent, User, db

# Friday 4 December 2026, 9:00 in the coalition's zone: "today" for the feed.
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
ADDRESS = re.compile(r'value="(http://[^"]+/calendar/[^"]+\.ics)"')


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Hold the coalition's clock at NOW."""
    monkeypatch.setattr("models.clock.local_now", lambda: NOW)


def make_address(client) -> str:
    """Press "Create my calendar address" on the account page; return the address shown."""
    page = client.post("/account/calendar/new", data={"new-seen": seen(client)})
    assert page.status_code == 200
    return ADDRESS.search(page.get_data(as_text=True)).group(1)


def seen(client) -> str:
    """Return the feed's state as the account page shows it (its forms' hidden field)."""
    page = client.get("/account/").get_data(as_text=True)
    return re.search(r'name="new-seen" type="hidden" value="([^"]*)"', page).group(1)


def read_feed(app, address: str):
    """Fetch the feed as a calendar app does: a fresh client, no cookie, no sign-in."""
    response = app.test_client().get(address.removeprefix(app.config["PUBLIC_URL"]))
    return response


def events(calendar: Calendar) -> dict[str, object]:
    """Return the calendar's events by UID; each must have what RFC 5545 requires."""
    found = {}
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert event.get(required) is not None, (required, event)
        found[str(event["UID"])] = event
    return found


def test_the_feed_has_the_follow_ups_and_coming_meetings_of_its_user(
    app, client, login, make_user, make_stakeholder, make_interaction
):
    user = login("coordinator", name="Camille Coordination")
    other = make_user("coordinator")
    soleil = make_stakeholder("CPE Soleil levant")
    ville = make_stakeholder("Ville de Laval", region="13", sector="municipal")
    follow = make_interaction(
        [soleil, ville], occurred_on=date(2026, 11, 20), kind="call", logged_by=other,
        summary="Budget 2027 à revoir.\nRappeler la directrice.\n\n> ancien message",
        follow_up_on=date(2026, 12, 8), assigned_to=user,
    )  # fmt: skip
    overdue = make_interaction([ville], logged_by=user, follow_up_on=date(2026, 11, 30),
                               assigned_to=user, summary="Envoyer le mémoire")  # fmt: skip
    meeting = make_interaction([soleil], occurred_on=date(2026, 12, 15), logged_by=user,
                               summary="Table de concertation")  # fmt: skip
    # Not in the feed: done, someone else's, a past meeting, someone else's meeting.
    make_interaction([soleil], logged_by=user, follow_up_on=date(2026, 12, 9), assigned_to=user,
                     follow_up_done=True, summary="Déjà fait")  # fmt: skip
    make_interaction([soleil], logged_by=user, follow_up_on=date(2026, 12, 9), assigned_to=other,
                     summary="Suivi d’une collègue")  # fmt: skip
    make_interaction([soleil], occurred_on=date(2026, 12, 1), logged_by=user, summary="Passée")
    make_interaction([soleil], occurred_on=date(2026, 12, 20), logged_by=other, summary="Autre")

    response = read_feed(app, make_address(client))

    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert "Set-Cookie" not in response.headers
    calendar = Calendar.from_ical(response.data)
    calendar.validate()
    assert str(calendar["VERSION"]) == "2.0" and "Maillage" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Maillage — suivis de Camille Coordination"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Toronto"  # the TIME_ZONE setting
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    found = events(calendar)
    assert set(found) == {
        f"followup-{follow.id}@127.0.0.1",
        f"followup-{overdue.id}@127.0.0.1",
        f"meeting-{meeting.id}@127.0.0.1",
    }
    event = found[f"followup-{follow.id}@127.0.0.1"]
    assert event["DTSTART"].dt == date(2026, 12, 8)  # all-day: a date, not a time
    assert b"DTSTART;VALUE=DATE:20261208" in response.data
    assert str(event["SUMMARY"]) == "Suivi\u00a0: CPE Soleil levant, Ville de Laval"
    assert str(event["DESCRIPTION"]).startswith("Budget 2027 à revoir.\nRappeler la directrice.")
    assert str(event["URL"]) == f"http://127.0.0.1:5000/interactions/{follow.id}"
    assert event["SEQUENCE"] == follow.version
    assert str(found[f"meeting-{meeting.id}@127.0.0.1"]["SUMMARY"]) == (
        "Rencontre\u00a0: CPE Soleil levant"
    )
    assert found[f"followup-{overdue.id}@127.0.0.1"]["DTSTART"].dt == date(2026, 11, 30)


def test_an_english_users_feed_is_in_english(
    app, client, login, make_stakeholder, make_interaction
):
    user = login("coordinator", name="Sam Example", language="en")
    make_interaction([make_stakeholder("CPE Soleil levant")], logged_by=user,
                     follow_up_on=date(2026, 12, 8), assigned_to=user)  # fmt: skip

    calendar = Calendar.from_ical(read_feed(app, make_address(client)).data)

    assert str(calendar["X-WR-CALNAME"]) == "Maillage — follow-ups of Sam Example"
    [event] = events(calendar).values()
    assert str(event["SUMMARY"]) == "Follow-up: CPE Soleil levant"


def test_a_leads_feed_names_no_stakeholder_of_another_region(
    app, client, login, make_stakeholder, make_interaction
):
    lead = login("regional_lead", regions=["06"])
    mine = make_stakeholder("CPE Montréal-Nord", region="06")
    theirs = make_stakeholder("CPE des Cantons", region="05")
    joint = make_interaction([mine, theirs], occurred_on=date(2026, 12, 10), logged_by=lead,
                             summary="Rencontre conjointe", follow_up_on=date(2026, 12, 11),
                             assigned_to=lead)  # fmt: skip
    # Assigned to the lead once, of a stakeholder they no longer see: not in their feed.
    make_interaction([theirs], summary="Hors territoire", follow_up_on=date(2026, 12, 9),
                     assigned_to=lead)  # fmt: skip

    response = read_feed(app, make_address(client))

    assert "CPE des Cantons" not in response.get_data(as_text=True)
    assert "Hors territoire" not in response.get_data(as_text=True)
    found = events(Calendar.from_ical(response.data))
    assert set(found) == {f"followup-{joint.id}@127.0.0.1", f"meeting-{joint.id}@127.0.0.1"}
    assert all("CPE Montréal-Nord" in str(event["SUMMARY"]) for event in found.values())


def test_the_address_is_shown_once_and_only_its_hash_is_kept(app, client, login):
    user = login("board")

    address = make_address(client)

    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    db.session.expire_all()
    kept = db.session.get(User, user.id).calendar_token_hash
    assert kept == hashlib.sha256(token.encode()).hexdigest()
    page = client.get("/account/").get_data(as_text=True)
    assert token not in page
    assert "Votre adresse de calendrier est active." in page
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "user")).one()
    assert (event.before, event.after) == ({"calendar_feed": "none"}, {"calendar_feed": "new"})
    assert token not in str(event.after) and kept not in str(event.after)
    assert read_feed(app, address).status_code == 200


def test_a_new_address_revokes_the_old_and_turning_off_revokes_both(app, client, login):
    login("coordinator")
    first = make_address(client)
    second = make_address(client)
    assert first != second

    unknown = read_feed(app, first.rsplit("/", 1)[0] + "/not-a-real-secret.ics")
    revoked = read_feed(app, first)
    assert revoked.status_code == 404
    assert (revoked.data, revoked.headers.get("Content-Type")) == (
        unknown.data,
        unknown.headers.get("Content-Type"),
    )
    assert read_feed(app, second).status_code == 200

    page = client.post("/account/calendar/off", data={"off-seen": seen(client)},
                       follow_redirects=True)  # fmt: skip
    assert "Votre adresse de calendrier est désactivée" in page.get_data(as_text=True)
    assert read_feed(app, second).status_code == 404
    assert "Vous n’avez pas d’adresse de calendrier." in page.get_data(as_text=True)


def test_a_button_of_a_page_another_window_overtook_is_refused(app, client, login):
    user = login("coordinator")
    stale = seen(client)  # the page shows no address
    made = make_address(client)  # another window makes one

    page = client.post("/account/calendar/new", data={"new-seen": stale}, follow_redirects=True)

    assert "a été modifiée dans une autre fenêtre" in page.get_data(as_text=True)
    assert made not in page.get_data(as_text=True)
    assert read_feed(app, made).status_code == 200  # still the one in use
    db.session.expire_all()
    assert db.session.get(User, user.id).calendar_token_hash is not None


def test_an_inactive_users_address_answers_like_an_unknown_one(app, client, login):
    user = login("coordinator")
    address = make_address(client)
    db.session.get(User, user.id).active = False
    db.session.commit()

    response = read_feed(app, address)
    unknown = read_feed(app, address.replace(".ics", "x.ics"))

    assert response.status_code == unknown.status_code == 404
    assert response.data == unknown.data
    assert "Set-Cookie" not in response.headers


def test_the_feed_answers_a_calendar_app_that_has_it_already_with_304(app, client, login):
    login("coordinator")
    address = make_address(client)
    first = read_feed(app, address)

    again = app.test_client().get(
        address.removeprefix(app.config["PUBLIC_URL"]),
        headers={"If-None-Match": first.headers["ETag"]},
    )

    assert again.status_code == 304


def test_an_address_that_asks_for_many_unknown_feeds_is_throttled(app, client, login):
    login("coordinator")
    address = make_address(client)
    guesser = app.test_client()
    for n in range(30):
        assert guesser.get(f"/calendar/guess{n}.ics").status_code == 404

    response = guesser.get(address.removeprefix(app.config["PUBLIC_URL"]))

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
