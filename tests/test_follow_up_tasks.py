"""Follow-ups as tasks people own (issue 15): who may be assigned one, by whom, what the
home page and the list show, the email the new assignee receives, and the refusals."""

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import select

from models import AuditEvent, Interaction, clock, db
from models.operations import PermissionDenied, ValidationFailed, update_interaction, update_user
from models.operations.interactions import create_interaction
from models.scoping import assigned_follow_ups, possible_assignees
from tests.conftest import free_port


@pytest.fixture
def team(make_user, make_stakeholder):
    """A coordinator, two leads of Montréal, a lead of Estrie, a board member, a former
    colleague; a Montréal CPE, an Estrie one and a national foundation."""
    return {
        "coordinator": make_user("coordinator", name="Camille Coordination"),
        "lead": make_user("regional_lead", regions=["06"], name="Lou Montréal"),
        "co_lead": make_user("regional_lead", regions=["06"], name="Sam Montréal", language="en"),
        "estrie": make_user("regional_lead", regions=["05"], name="Alex Estrie"),
        "board": make_user("board", name="Dominique Conseil"),
        "former": make_user("coordinator", name="Noé Ancien", active=False),
        "soleil": make_stakeholder("CPE Soleil", region="06"),
        "sherbrooke": make_stakeholder("CPE Sherbrooke", region="05"),
        "fondation": make_stakeholder("Fondation Lumière", region=None, sector="philanthropy"),
    }


def log(actor, stakeholders, **data):
    """Log an interaction through the operation and commit it."""
    interaction = create_interaction(
        actor, {"stakeholder_ids": [s.id for s in stakeholders], "kind": "call", **data}
    )
    db.session.commit()
    return interaction


def refusal(actor, interaction, assignee_id) -> str:
    with pytest.raises(ValidationFailed) as caught:
        update_interaction(actor, interaction, {"assigned_to_id": assignee_id})
    db.session.rollback()
    return caught.value.errors["assigned_to_id"]


# -- the rules ---------------------------------------------------------------------------------


def test_a_follow_up_is_the_loggers_unless_given_and_nobodys_without_a_date(app, team):
    lead, soleil = team["lead"], team["soleil"]
    follow_up = log(lead, [soleil], follow_up_on=clock.today() + timedelta(days=3))
    assert follow_up.assigned_to_id == lead.id
    assert log(lead, [soleil]).assigned_to_id is None
    given = log(team["coordinator"], [soleil], follow_up_on=clock.today(), assigned_to_id=lead.id)
    assert given.assigned_to_id == lead.id
    # A follow-up date added later goes to the logger too; removing it frees the task.
    plain = log(team["coordinator"], [soleil])
    update_interaction(lead, plain, {"follow_up_on": clock.today()})
    assert plain.assigned_to_id == team["coordinator"].id
    update_interaction(lead, plain, {"follow_up_on": None})
    assert plain.assigned_to_id is None


def test_who_may_be_assigned_and_why_not_in_words(app, team):
    coordinator, lead, soleil = team["coordinator"], team["lead"], team["soleil"]
    follow_up = log(coordinator, [soleil], follow_up_on=clock.today())
    assert refusal(coordinator, follow_up, team["board"].id) == (
        "Dominique Conseil ne peut pas prendre ce suivi\u00a0: les membres du conseil "
        "d’administration consultent les données sans agir sur elles."
    )
    assert refusal(coordinator, follow_up, team["former"].id) == (
        "Noé Ancien ne peut pas prendre ce suivi\u00a0: son compte est désactivé."
    )
    assert refusal(coordinator, follow_up, team["estrie"].id) == (
        "Alex Estrie ne peut pas prendre ce suivi\u00a0: «\u202fCPE Soleil\u202f» est hors "
        "de ses régions."
    )
    assert refusal(coordinator, follow_up, 999999) == "Aucun utilisateur ne porte le numéro 999999."
    assert refusal(coordinator, follow_up, "1 OR 1=1") == (
        "Aucun utilisateur ne porte le numéro 1 OR 1=1."
    )
    # A joint meeting with a national stakeholder: no regional lead may act on all of it.
    joint = log(coordinator, [soleil, team["fondation"]], follow_up_on=clock.today())
    assert "les acteurs nationaux, comme «\u202fFondation Lumière\u202f»" in refusal(
        coordinator, joint, lead.id
    )
    # Moving the interaction to a stakeholder its assignee may not act on is refused too.
    update_interaction(coordinator, follow_up, {"assigned_to_id": lead.id})
    db.session.commit()
    with pytest.raises(ValidationFailed) as caught:
        update_interaction(coordinator, follow_up, {"stakeholder_ids": [team["sherbrooke"].id]})
    assert "Lou Montréal ne peut pas prendre ce suivi" in caught.value.errors["assigned_to_id"]
    db.session.rollback()
    assert db.session.get(Interaction, follow_up.id).assigned_to_id == lead.id


def test_a_lead_assigns_within_their_territory_and_the_board_assigns_nothing(app, team):
    lead, soleil = team["lead"], team["soleil"]
    theirs = log(lead, [soleil], follow_up_on=clock.today())
    update_interaction(lead, theirs, {"assigned_to_id": team["co_lead"].id})
    assert theirs.assigned_to_id == team["co_lead"].id
    update_interaction(lead, theirs, {"assigned_to_id": team["coordinator"].id})
    assert theirs.assigned_to_id == team["coordinator"].id
    db.session.commit()
    # An interaction of Estrie is not the Montréal lead's to hand over.
    estrie = log(team["coordinator"], [team["sherbrooke"]], follow_up_on=clock.today())
    with pytest.raises(PermissionDenied):
        update_interaction(lead, estrie, {"assigned_to_id": lead.id})
    db.session.rollback()
    with pytest.raises(PermissionDenied):
        update_interaction(team["board"], theirs, {"assigned_to_id": team["board"].id})
    db.session.rollback()
    # What each is offered: a lead their region's colleagues and the coordinators.
    offered = db.session.scalars(possible_assignees(lead, [soleil])).all()
    assert [u.name for u in offered] == ["Camille Coordination", "Lou Montréal", "Sam Montréal"]
    anywhere = {u.name for u in db.session.scalars(possible_assignees(team["coordinator"]))}
    assert {"Alex Estrie", "Lou Montréal"} <= anywhere and "Dominique Conseil" not in anywhere
    assert "Noé Ancien" not in anywhere
    assert db.session.scalars(possible_assignees(team["board"])).all() == []


# -- through the screens -----------------------------------------------------------------------


def test_the_quick_log_assigns_me_by_default_and_tells_another_assignee(
    client, login, team, smtp_server, app, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://maillage.collectif.example")
    me = login("coordinator", name="Rosalie Gauthier")
    soleil, due = team["soleil"], clock.today() + timedelta(days=9)
    page = client.get(f"/interactions/new?stakeholder={soleil.id}").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="assigned_to_id".*?</select>', page, re.S).group(0)
    assert f'<option selected value="{me.id}">Rosalie Gauthier (moi)</option>' in select_html
    assert "Sam Montréal" in select_html and "Alex Estrie" not in select_html
    assert "Dominique Conseil" not in select_html and "Noé Ancien" not in select_html
    data = {"occurred_on": clock.today().isoformat(), "kind": "call",
            "stakeholder_ids": [soleil.id], "follow_up_on": due.isoformat(),
            "summary": "Rappeler la directrice"}  # fmt: skip
    assert client.post("/interactions/new", data=data).status_code == 302
    assert db.session.scalar(select(Interaction)).assigned_to_id == me.id
    assert smtp_server.messages == []  # assigned to oneself: no email
    co_lead = team["co_lead"]
    response = client.post("/interactions/new", data={**data, "assigned_to_id": co_lead.id,
                                                      "summary": "Envoyer le mémoire"})  # fmt: skip
    assert response.status_code == 302
    given = db.session.scalar(
        select(Interaction).where(Interaction.summary == "Envoyer le mémoire")
    )
    assert given.assigned_to_id == co_lead.id
    [mail] = smtp_server.messages
    assert mail["To"] == co_lead.email
    assert mail["Subject"] == "Follow-up assigned to you: CPE Soleil"  # their language
    body = mail.get_content()
    assert "Hello Sam Montréal," in body
    when = format_date(due, "long", locale="en_CA")
    assert (
        f"Rosalie Gauthier assigned you the follow-up of an interaction with CPE Soleil, "
        f"due on {when}." in body
    )
    assert "Summary: Envoyer le mémoire" in body
    assert f"https://maillage.collectif.example/interactions/{given.id}" in body


def test_a_refused_assignee_is_named_on_the_form(client, login, team):
    login("coordinator")
    data = {"occurred_on": clock.today().isoformat(), "kind": "call",
            "stakeholder_ids": [team["soleil"].id], "follow_up_on": clock.today().isoformat(),
            "assigned_to_id": team["estrie"].id}  # fmt: skip
    page = client.post("/interactions/new", data=data).get_data(as_text=True)
    assert (
        "Alex Estrie ne peut pas prendre ce suivi\u00a0: «\u202fCPE Soleil\u202f» est hors" in page
    )
    assert db.session.scalar(select(Interaction)) is None


def test_reassigning_on_the_edit_form_is_audited_in_words_and_emailed(
    client, login, team, smtp_server, make_interaction
):
    lead, coordinator = team["lead"], team["coordinator"]
    follow_up = make_interaction(
        [team["soleil"]], logged_by=coordinator, follow_up_on=clock.today()
    )
    login("admin", name="Ariane Admin")
    page = client.get(f"/interactions/{follow_up.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{coordinator.id}">Camille Coordination</option>' in page
    data = {"occurred_on": follow_up.occurred_on.isoformat(), "kind": "meeting",
            "stakeholder_ids": [team["soleil"].id], "follow_up_on": clock.today().isoformat(),
            "assigned_to_id": lead.id, "version": follow_up.version}  # fmt: skip
    assert client.post(f"/interactions/{follow_up.id}/edit", data=data).status_code == 302
    [mail] = smtp_server.messages
    assert (
        mail["To"] == lead.email
        and mail["Subject"] == "Suivi qui vous est confié\u00a0: CPE Soleil"
    )
    assert (
        "Ariane Admin vous a confié le suivi d’une interaction avec CPE Soleil"
        in mail.get_content()
    )
    event = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_id == follow_up.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert (event.before, event.after) == (
        {"assigned_to_id": coordinator.id},
        {"assigned_to_id": lead.id},
    )
    audit = client.get("/admin/audit?entity_type=interaction").get_data(as_text=True)
    assert "Assigné à" in audit
    assert f"Camille Coordination (#{coordinator.id})" in audit
    assert f"Lou Montréal (#{lead.id})" in audit
    # The list says who holds it, and filters by it.
    listed = client.get(f"/interactions/?assigned={lead.id}").get_data(as_text=True)
    assert "Assigné à Lou Montréal" in listed and f'/interactions/{follow_up.id}"' in listed
    nobody = client.get(f"/interactions/?assigned={coordinator.id}").get_data(as_text=True)
    assert f'/interactions/{follow_up.id}"' not in nobody


def test_a_failing_smtp_server_loses_no_assignment(
    client, login, team, app, make_interaction, monkeypatch
):
    # Nobody listens on that port; the settings come back after the test.
    for name, value in (("MAIL_SERVER", "127.0.0.1"), ("MAIL_PORT", free_port()),
                        ("MAIL_USE_TLS", False)):  # fmt: skip
        monkeypatch.setitem(app.config, name, value)
    me = login("regional_lead", regions=["06"])
    follow_up = make_interaction([team["soleil"]], logged_by=me, follow_up_on=clock.today())
    data = {"version": follow_up.version, "assigned_to_id": team["co_lead"].id}
    response = client.post(f"/interactions/{follow_up.id}/follow-up/reassign", data=data)
    assert response.status_code == 302
    db.session.refresh(follow_up)
    assert follow_up.assigned_to_id == team["co_lead"].id
    page = client.get("/").get_data(as_text=True)
    assert "Suivi avec CPE Soleil confié à Sam Montréal." in page
    assert (
        "Le suivi est confié à Sam Montréal, mais le courriel pour l’en avertir n’a pas pu "
        "être envoyé." in page
    )


def home_count(page: str, state: str) -> int:
    match = re.search(rf'id="follow-ups-{state}">[^<]*\(<span class="count">([^<]+)<', page)
    return int(match.group(1))


def test_the_home_page_lists_what_is_assigned_to_me_and_counts_as_its_list(
    client, login, team, make_interaction
):
    coordinator, soleil = team["coordinator"], team["soleil"]
    lead = login("regional_lead", regions=["06"], name="Léa Tremblay")
    given = make_interaction([soleil], logged_by=coordinator, assigned_to=lead,
                             follow_up_on=clock.today() - timedelta(days=2))  # fmt: skip
    mine = make_interaction(
        [soleil], logged_by=lead, follow_up_on=clock.today() - timedelta(days=1)
    )
    handed = make_interaction([soleil], logged_by=lead, assigned_to=team["co_lead"],
                              follow_up_on=clock.today() + timedelta(days=1))  # fmt: skip
    make_interaction([soleil], logged_by=lead, follow_up_on=clock.today() - timedelta(days=3),
                     follow_up_done=True)  # fmt: skip
    page = client.get("/").get_data(as_text=True)
    overdue = page[page.index('id="follow-ups-overdue"') : page.index('id="follow-ups-week"')]
    assert f'/interactions/{given.id}"' in overdue and f'/interactions/{mine.id}"' in overdue
    assert "Consigné par Camille Coordination" in overdue
    assert overdue.count("Consigné par") == 1  # not for my own
    assert f'/interactions/{handed.id}"' not in overdue
    assert home_count(page, "overdue") == 2 and home_count(page, "week") == 0
    assert home_count(page, "handed") == 1
    handed_part = page[page.index('id="follow-ups-handed"') :]
    assert "Assigné à Sam Montréal" in handed_part
    # Each count is the count of the list it links to.
    for state, args in (("overdue", "follow_up=overdue&assigned=me"),
                        ("handed", "follow_up=due&mine=1&assigned=others")):  # fmt: skip
        listed = client.get(f"/interactions/?{args}").get_data(as_text=True)
        ids = set(re.findall(r'href="/interactions/(\d+)"', listed))
        assert len(ids) == home_count(page, state), state
    expected = db.session.scalars(assigned_follow_ups(lead)).all()
    assert {i.id for i in expected} == {given.id, mine.id}


def test_a_colleague_renamed_is_named_anew_on_the_home_page_and_the_list(
    client, login, team, make_user, make_interaction
):
    lead = login("regional_lead", regions=["06"])
    make_interaction([team["soleil"]], logged_by=lead, assigned_to=team["co_lead"],
                     follow_up_on=clock.today() + timedelta(days=1))  # fmt: skip
    make_interaction([team["soleil"]], logged_by=team["co_lead"], assigned_to=lead,
                     follow_up_on=clock.today() - timedelta(days=1))  # fmt: skip
    assert "Assigné à Sam Montréal" in client.get("/").get_data(as_text=True)
    update_user(make_user("admin"), team["co_lead"], {"name": "Sam Côté"})
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Assigné à Sam Côté" in page and "Consigné par Sam Côté" in page
    assert "Sam Montréal" not in page
    listed = client.get("/interactions/?region=06").get_data(as_text=True)
    assert "Sam Côté" in listed and "Sam Montréal" not in listed


def test_the_home_page_shows_at_once_what_a_colleague_logs_assigns_and_closes(client, login, team):
    # The home page's lists are remembered until anything is written (`models.cache`):
    # each change a colleague makes shows on the lead's next view.
    lead = login("regional_lead", regions=["06"], name="Léa Tremblay")
    page = client.get("/").get_data(as_text=True)
    assert home_count(page, "week") == 0 and "Aucune interaction consignée" in page
    given = log(team["coordinator"], [team["soleil"]], summary="Appel sur la halte-garderie",
                follow_up_on=clock.today() + timedelta(days=2), assigned_to_id=lead.id)  # fmt: skip
    page = client.get("/").get_data(as_text=True)
    week = page[page.index('id="follow-ups-week"') : page.index("Activité récente")]
    assert home_count(page, "week") == 1 and f'/interactions/{given.id}"' in week
    recent = page[page.index("Activité récente") :]
    assert "Appel sur la halte-garderie" in recent
    update_interaction(team["coordinator"], given, {"follow_up_done": True})
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert home_count(page, "week") == 0
    assert "Appel sur la halte-garderie" in page[page.index("Activité récente") :]


def test_the_assignee_marks_done_puts_off_and_hands_over_with_undo(
    client, login, team, smtp_server, make_interaction
):
    lead = login("regional_lead", regions=["06"], name="Léa Tremblay")
    given = make_interaction([team["soleil"]], logged_by=team["coordinator"], assigned_to=lead,
                             follow_up_on=clock.today() - timedelta(days=2))  # fmt: skip
    page = client.get("/").get_data(as_text=True)
    action = f'action="/interactions/{given.id}/follow-up/reassign"'
    form = re.search(re.escape(action) + ".*?</form>", page, re.S)
    options = re.findall(r'<option value="\d+">([^<]+)</option>', form.group(0))
    assert options == ["Camille Coordination", "Lou Montréal", "Sam Montréal"]

    def press(action, **data):
        db.session.refresh(given)
        return client.post(f"/interactions/{given.id}/follow-up/{action}",
                           data={"version": given.version, **data})  # fmt: skip

    assert press("snooze").status_code == 302
    db.session.refresh(given)
    assert given.follow_up_on == clock.today() + timedelta(days=7)
    # Handing it to a lead of Estrie, a board member or a forged id is refused in words.
    press("reassign", assigned_to_id=team["estrie"].id)
    assert "Alex Estrie ne peut pas prendre ce suivi" in client.get("/").get_data(as_text=True)
    press("reassign", assigned_to_id="99999")
    assert "Aucun utilisateur ne porte le numéro 99999." in client.get("/").get_data(as_text=True)
    db.session.refresh(given)
    assert given.assigned_to_id == lead.id and smtp_server.messages == []
    press("reassign", assigned_to_id=team["co_lead"].id)
    db.session.refresh(given)
    assert given.assigned_to_id == team["co_lead"].id
    assert [m["To"] for m in smtp_server.messages] == [team["co_lead"].email]
    page = client.get("/").get_data(as_text=True)
    assert home_count(page, "overdue") == home_count(page, "week") == 0  # no longer mine
    undo = re.search(r'<form method="post" action="([^"]+/follow-up/undo)"(.*?)</form>', page, re.S)
    fields = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', undo.group(2)))
    client.post(undo.group(1), data=fields)
    db.session.refresh(given)
    assert given.assigned_to_id == lead.id
    assert press("done").status_code == 302
    db.session.refresh(given)
    assert given.follow_up_done is True
    assert db.session.scalars(assigned_follow_ups(lead)).all() == []


def test_the_board_hands_over_nothing(client, login, team, make_interaction):
    follow_up = make_interaction(
        [team["soleil"]], logged_by=team["lead"], follow_up_on=clock.today()
    )
    board = login("board")
    data = {"version": follow_up.version, "assigned_to_id": board.id}
    response = client.post(f"/interactions/{follow_up.id}/follow-up/reassign", data=data)
    assert response.status_code == 403
    db.session.refresh(follow_up)
    assert follow_up.assigned_to_id == team["lead"].id


def test_imported_follow_ups_go_to_their_logger(app, tmp_path, team, make_user):
    from importers.pipeline import analyse, run_import
    from tests.import_helpers import xlsx

    importer = team["coordinator"]
    path = xlsx(tmp_path / "suivis.xlsx", [
        ["Date", "Organismes", "Résumé", "Coordonnateur", "Suivi"],
        [date(2026, 3, 2), "CPE Soleil (06)", "Avec suivi", team["lead"].email, "2026-04-01"],
        [date(2026, 3, 3), "CPE Soleil (06)", "Sans suivi", team["lead"].email, ""],
        [date(2026, 3, 4), "CPE Soleil (06)", "Ancien", team["former"].email, "2026-04-02"],
    ])  # fmt: skip
    result = run_import(analyse(path, "interactions"), importer)
    db.session.commit()
    assert result.created == 3, result.errors
    owners = dict(db.session.execute(select(Interaction.summary, Interaction.assigned_to_id)).all())
    assert owners == {"Avec suivi": team["lead"].id, "Sans suivi": None,
                      "Ancien": importer.id}  # fmt: skip
    again = run_import(analyse(path, "interactions"), importer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_follow_ups_are_assigned_in_bulk_with_one_email_and_undone(
    client, login, team, smtp_server, make_interaction
):
    from tests.test_bulk_actions import apply, confirm, last_batch, text, undo

    lead = login("regional_lead", regions=["06"], name="Léa Tremblay")
    soleil, co_lead = team["soleil"], team["co_lead"]
    first = make_interaction([soleil], logged_by=lead, follow_up_on=clock.today())
    second = make_interaction(
        [soleil], logged_by=lead, follow_up_on=clock.today() + timedelta(days=4)
    )
    without = make_interaction([soleil], logged_by=lead)  # no follow-up to hand over
    joint = make_interaction([soleil, team["sherbrooke"]], logged_by=team["coordinator"],
                             follow_up_on=clock.today())  # not the lead's to change  # fmt: skip
    ids = [first.id, second.id, without.id, joint.id]
    page = client.get("/interactions/").get_data(as_text=True)
    assert f'value="assign_follow_ups:{co_lead.id}"' in page
    asked = text(confirm(client, "interactions", action=f"assign_follow_ups:{co_lead.id}", ids=ids))
    assert "Confier les suivis de 2 interactions à Sam Montréal ?" in asked
    assert "1 interaction n’a pas de suivi, ou un acteur sur lequel la personne choisie" in asked
    applied = apply(client, "interactions", action=f"assign_follow_ups:{co_lead.id}", ids=ids)
    assert "2 interactions modifiées." in text(applied)
    held = dict(db.session.execute(select(Interaction.id, Interaction.assigned_to_id)).all())
    assert (held[first.id], held[second.id]) == (co_lead.id, co_lead.id)
    assert (held[without.id], held[joint.id]) == (None, team["coordinator"].id)
    [mail] = smtp_server.messages
    assert (mail["To"], mail["Subject"]) == (co_lead.email, "2 follow-ups assigned to you")
    body = mail.get_content()
    assert "Léa Tremblay assigned you the follow-ups of 2 interactions." in body
    assert "/interactions/?assigned=me&follow_up=due&sort=follow_up" in body
    undo(client, last_batch().id)
    held = dict(db.session.execute(select(Interaction.id, Interaction.assigned_to_id)).all())
    assert (held[first.id], held[second.id]) == (lead.id, lead.id)
