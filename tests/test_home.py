"""The home page: the user's stakeholders and active commitments by region, in scope."""

import re

from models import Region, clock, db


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
    # The map of Quebec draws every region (issue 14): Estrie only as outside, no figure.
    drawn = re.search(r'id="territory-map">.*?</figure>', page, re.S).group(0)
    assert "Estrie" not in page.replace(drawn, "")
    assert "05 Estrie\u00a0: Hors de votre territoire" in drawn
    assert "Votre territoire\u00a0: Montréal, Laval, et les acteurs nationaux." in page


def test_home_in_english_on_request(client, login, make_stakeholder):
    make_stakeholder("CPE Soleil", region="06")
    login("board")
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Stakeholders and active commitments by region" in page


def test_dashboards_list_follow_ups_and_recent_activity_in_scope(
    client, login, make_user, make_stakeholder, make_interaction
):
    from datetime import timedelta

    montreal = make_stakeholder("CPE Soleil", region="06")
    estrie = make_stakeholder("Ville de Sherbrooke", region="05")
    lead = login("regional_lead", regions=["06"], name="Dominique Lead")
    coordinator = make_user("coordinator", name="Camille Coordo")
    today = clock.today()
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
    done = re.findall(r'action="/interactions/(\d+)/(?:follow-up/)?done"', page)
    assert done == [str(follow_up.id)] * 2
    assert "Table régionale" in page and "Camille Coordo" in page
    assert "CPE Soleil" in page and "Ville de Sherbrooke" not in page
    client.post("/logout", data={})
    login("coordinator", email="autre.coordo@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "Ville de Sherbrooke" in page and "Dominique Lead" in page


# -- The coordinator's follow-ups: true counts, and the buttons of the home page ----------


def heading_count(page: str, state: str) -> int:
    """Return the count the home page gives in the heading of a list of follow-ups."""
    match = re.search(rf'id="follow-ups-{state}">[^<]*\(<span class="count">([^<]+)<', page)
    assert match, f"no heading for {state}"
    return int(re.sub(r"\D", "", match.group(1)))


def follow_up_items(page: str, state: str) -> list[str]:
    """Return the interaction ids listed under the heading of `state` on the home page."""
    part = page[page.index(f'id="follow-ups-{state}"') :]
    part = part[: part.index("</ul>")]
    return re.findall(r'<li class="mb-3 follow-up">.*?/interactions/(\d+)"', part, re.S)


def listed_total(client, url: str) -> int:
    """Return the count the interaction list gives in its title at `url`."""
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'<h1[^>]*>[^<]*<span class="badge[^"]*">([^<]+)</span>', page)
    assert match, "no count in the list's title"
    return int(re.sub(r"\D", "", match.group(1)))


def test_home_counts_every_follow_up_and_always_shows_this_weeks(
    client, login, make_user, make_stakeholder, make_interaction
):
    from datetime import timedelta
    from html import unescape

    soleil = make_stakeholder("CPE Soleil", region="06")
    me = login("coordinator")
    other = make_user("coordinator")
    today = clock.today()
    for n in range(59):  # overdue: yesterday back to 59 days ago
        make_interaction([soleil], logged_by=me, follow_up_on=today - timedelta(days=n + 1))
    for n in range(6):  # due this week: today to five days ahead
        make_interaction([soleil], logged_by=me, follow_up_on=today + timedelta(days=n))
    # Not counted: later, done, someone else's.
    make_interaction([soleil], logged_by=me, follow_up_on=today + timedelta(days=8))
    make_interaction([soleil], logged_by=me, follow_up_on=today, follow_up_done=True)
    make_interaction([soleil], logged_by=other, follow_up_on=today)
    page = client.get("/").get_data(as_text=True)
    assert heading_count(page, "overdue") == 59
    assert heading_count(page, "week") == 6
    assert len(follow_up_items(page, "overdue")) == 5
    assert len(follow_up_items(page, "week")) == 5
    links = [unescape(u) for u in re.findall(r'href="(/interactions/\?[^"]+)"', page)]
    assert len(links) == 2 and "Tout voir (59)" in page and "Tout voir (6)" in page
    # "See all" opens the interaction list with the same filters: the same count, and the
    # home page's first five in the list's order (the oldest due first).
    assert [listed_total(client, url) for url in links] == [59, 6]
    for state, url in zip(("overdue", "week"), links, strict=True):
        listed_page = client.get(url).get_data(as_text=True)
        listed_first = re.findall(r'href="/interactions/(\d+)"', listed_page)
        assert follow_up_items(page, state) == list(dict.fromkeys(listed_first))[:5]


def test_the_list_filters_this_weeks_follow_ups_as_the_home_page_counts_them(
    app, make_user, make_stakeholder, make_interaction
):
    from datetime import timedelta

    from models.lists import InteractionList

    soleil = make_stakeholder("CPE Soleil", region="06")
    me = make_user("coordinator")
    today = clock.today()
    expected = set()
    for days, done in ((-1, False), (0, False), (7, False), (8, False), (3, True)):
        made = make_interaction([soleil], logged_by=me, follow_up_on=today + timedelta(days))
        made.follow_up_done = done
        if 0 <= days <= 7 and not done:
            expected.add(made.id)
    db.session.commit()
    listing = InteractionList.parse(me, {"follow_up": "week", "mine": "1"})
    assert set(db.session.scalars(listing.ids())) == expected
    assert listing.count() == 2


def post_button(client, interaction, action: str, **data):
    """Press a follow-up button of the home page, with the version the page showed."""
    data.setdefault("version", str(interaction.version))
    return client.post(f"/interactions/{interaction.id}/follow-up/{action}", data=data)


def audited(interaction) -> list[tuple]:
    from models import AuditEvent

    events = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.entity_type == "interaction", AuditEvent.entity_id == interaction.id)
        .order_by(AuditEvent.id)
    )
    return [(e.action, e.before, e.after) for e in events]


def test_put_off_a_week_from_today_when_overdue_and_from_its_date_otherwise(
    client, login, make_stakeholder, make_interaction
):
    from datetime import timedelta

    soleil = make_stakeholder("CPE Soleil", region="06")
    me = login("coordinator")
    today = clock.today()
    late = make_interaction([soleil], logged_by=me, follow_up_on=today - timedelta(days=20))
    soon = make_interaction([soleil], logged_by=me, follow_up_on=today + timedelta(days=3))
    response = post_button(client, late, "snooze")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    db.session.refresh(late)
    assert late.follow_up_on == today + timedelta(days=7)
    assert f"Suivi avec CPE Soleil reporté au {french_day(late.follow_up_on)}." in page
    assert audited(late)[-1][2] == {"follow_up_on": late.follow_up_on.isoformat()}
    post_button(client, soon, "snooze")
    db.session.refresh(soon)
    assert soon.follow_up_on == today + timedelta(days=10)


def french_day(day) -> str:
    """Return a date as Quebec French writes it in full: "15 décembre 2026"."""
    from babel.dates import format_date

    return format_date(day, "long", locale="fr_CA")


def test_change_the_date_from_home_and_a_past_date_is_refused(
    client, login, make_stakeholder, make_interaction
):
    from datetime import timedelta

    soleil = make_stakeholder("CPE Soleil", region="06")
    me = login("coordinator")
    today = clock.today()
    follow_up = make_interaction([soleil], logged_by=me, follow_up_on=today - timedelta(days=2))
    new = today + timedelta(days=30)
    post_button(client, follow_up, "reschedule", follow_up_on=new.isoformat())
    page = client.get("/").get_data(as_text=True)
    db.session.refresh(follow_up)
    assert follow_up.follow_up_on == new
    assert "Suivi avec CPE Soleil reporté au " in page
    assert new.isoformat() not in re.sub(r'(value|min)="[^"]*"', "", page)  # dates as words
    post_button(client, follow_up, "reschedule", follow_up_on=(today - timedelta(1)).isoformat())
    page = client.get("/").get_data(as_text=True)
    db.session.refresh(follow_up)
    assert follow_up.follow_up_on == new
    assert "Choisissez une date de suivi à partir d’aujourd’hui." in page


def test_mark_done_from_home_then_undo(client, login, make_stakeholder, make_interaction):
    from datetime import timedelta

    soleil = make_stakeholder("CPE Soleil", region="06")
    me = login("coordinator")
    due = clock.today() - timedelta(days=4)
    follow_up = make_interaction([soleil], logged_by=me, follow_up_on=due)
    post_button(client, follow_up, "done")
    page = client.get("/").get_data(as_text=True)
    db.session.refresh(follow_up)
    assert follow_up.follow_up_done is True
    assert "Suivi avec CPE Soleil marqué comme fait." in page
    assert heading_count(page, "overdue") == 0
    undo = re.search(r'<form method="post" action="([^"]+/follow-up/undo)"(.*?)</form>', page, re.S)
    assert undo, "no undo offered"
    fields = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', undo.group(2)))
    client.post(undo.group(1), data=fields)
    page = client.get("/").get_data(as_text=True)
    db.session.refresh(follow_up)
    assert (follow_up.follow_up_done, follow_up.follow_up_on) == (False, due)
    assert heading_count(page, "overdue") == 1
    assert "/follow-up/undo" not in page  # offered once
    assert audited(follow_up) == [
        ("update", {"follow_up_done": False}, {"follow_up_done": True}),
        ("update", {"follow_up_done": True}, {"follow_up_done": False}),
    ]


def test_a_follow_up_changed_in_between_is_not_overwritten(
    client, login, make_stakeholder, make_interaction
):
    from datetime import timedelta

    soleil = make_stakeholder("CPE Soleil", region="06")
    me = login("coordinator")
    follow_up = make_interaction([soleil], logged_by=me, follow_up_on=clock.today())
    shown = str(follow_up.version)
    follow_up.follow_up_on = clock.today() + timedelta(days=3)  # someone else, meanwhile
    db.session.commit()
    post_button(client, follow_up, "done", version=shown)
    page = client.get("/").get_data(as_text=True)
    db.session.refresh(follow_up)
    assert follow_up.follow_up_done is False
    assert "alert-danger" in page and "marqué comme fait" not in page


def test_a_lead_cannot_press_the_buttons_outside_their_territory(
    client, login, make_user, make_stakeholder, make_interaction
):

    sherbrooke = make_stakeholder("Ville de Sherbrooke", region="05")
    coordinator = make_user("coordinator")
    theirs = make_interaction([sherbrooke], logged_by=coordinator, follow_up_on=clock.today())
    login("regional_lead", regions=["06"])
    assert post_button(client, theirs, "done").status_code == 404
    db.session.refresh(theirs)
    assert theirs.follow_up_done is False


# -- The regional lead's "who to call next" ------------------------------------------------


def test_who_to_call_next_shows_last_contact_owner_and_a_log_button(
    client, login, make_user, make_stakeholder, make_interaction
):
    from datetime import timedelta

    owner = make_user("coordinator", name="Camille Coordo")
    met = make_stakeholder("CPE Soleil", region="06")
    met.owner = owner
    never = make_stakeholder("CPE Lune", region="06")
    national = make_stakeholder("Fondation Québec", region=None, sector="philanthropy")
    long_ago = clock.today() - timedelta(days=400)
    make_interaction([met], occurred_on=long_ago)
    make_interaction([met], occurred_on=long_ago - timedelta(days=30))
    db.session.commit()
    login("regional_lead", regions=["06"])
    page = client.get("/").get_data(as_text=True)
    part = page[page.index('id="who-to-call"') :]
    items = {
        name: item
        for item in re.findall(r'<li class="[^"]*dormant">(.*?)</li>', part, re.S)
        for name in ("CPE Soleil", "CPE Lune", "Fondation Québec")
        if f">{name}</a>" in item
    }
    assert len(items) == 3
    assert f"Dernier contact\u00a0: {french_day(long_ago)}" in items["CPE Soleil"]
    assert "Responsable\u00a0: Camille Coordo" in items["CPE Soleil"]
    assert "Jamais contacté" in items["CPE Lune"] and "Aucun responsable" in items["CPE Lune"]
    assert f'href="/interactions/new?stakeholder={met.id}"' in items["CPE Soleil"]
    assert f'href="/interactions/new?stakeholder={never.id}"' in items["CPE Lune"]
    assert "/interactions/new" not in items["Fondation Québec"]  # read-only for a lead
    quick_log = client.get(f"/interactions/new?stakeholder={met.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{met.id}">CPE Soleil</option>', quick_log)
    assert national.id


def test_who_to_call_next_is_one_query(app, make_user, make_stakeholder, make_interaction):
    from datetime import timedelta

    from sqlalchemy import event

    from app.main.dashboard import _dormant

    lead = make_user("regional_lead", regions=["06"])
    owner = make_user("coordinator")
    for n in range(12):
        stakeholder = make_stakeholder(f"CPE {n:02}", region="06")
        stakeholder.owner = owner
        make_interaction([stakeholder], occurred_on=clock.today() - timedelta(days=300 + n))
    db.session.commit()
    assert lead.region_codes == ["06"]  # the user's territory, read once a request anyway
    statements = []

    def count(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = _dormant(lead, 10)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(found) == 10 and all(d.last_contact and d.owner == owner.name for d in found)
    assert len(statements) == 1, statements
