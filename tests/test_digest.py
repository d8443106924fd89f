"""The weekly digest, sent to a real SMTP server (aiosmtpd, the `smtp_server` fixture):
on Monday from 7:00 in Montréal, once a week, one email however many workers race, retried
after SMTP failed, only to those who opted in, naming only what the user may see."""

import re
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from models import AuditEvent, DigestSent, User, db
from tests.conftest import free_port

ZONE = ZoneInfo("America/Toronto")  # the tests' TIME_ZONE setting (Montréal's time)


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """Return a local time of December 2026 (Monday the 7th; Sunday the 6th)."""
    return datetime(2026, month, day, hour, minute, tzinfo=ZONE)


def run(now: datetime):
    """Run the worker's digest pass as it would at `now`."""
    from jobs.digest import send_digests

    return send_digests(now)


def box_checked(page: str) -> bool:
    """Return whether the account page's digest checkbox is ticked."""
    [box] = re.findall(r'<input[^>]*id="digest-digest_opt_in"[^>]*>', page)
    return " checked" in box


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


@pytest.fixture
def camille(make_user, make_stakeholder, make_interaction):
    """An opted-in coordinator with a follow-up overdue, one due this week, one later, one
    done and one of a colleague's."""
    user = make_user("coordinator", name="Camille Coordination", email="camille@example.org")
    user.digest_opt_in = True
    db.session.commit()
    soleil = make_stakeholder("CPE Soleil levant")
    laval = make_stakeholder("Ville de Laval", region="13", sector="municipal")
    make_interaction([soleil, laval], logged_by=user, assigned_to=user,
                     follow_up_on=date(2026, 12, 1),
                     summary="Envoyer le mémoire\nDétails…")  # fmt: skip
    make_interaction([soleil], logged_by=user, assigned_to=user, follow_up_on=date(2026, 12, 9),
                     summary="Rappeler la directrice")  # fmt: skip
    make_interaction([soleil], logged_by=user, assigned_to=user, follow_up_on=date(2027, 1, 20),
                     summary="Bilan de l’hiver")  # fmt: skip
    make_interaction([soleil], logged_by=user, assigned_to=user, follow_up_on=date(2026, 12, 8),
                     follow_up_done=True, summary="Déjà réglé")  # fmt: skip
    make_interaction([laval], assigned_to=make_user("coordinator"), follow_up_on=date(2026, 12, 8),
                     summary="Suivi d’une collègue")  # fmt: skip
    return user


def test_monday_at_seven_in_montreal_the_digest_arrives(app, smtp_server, camille):
    outcome = run(at(7, 7, 0))

    assert outcome.sent == 1
    [message] = smtp_server.messages
    assert message["To"] == "camille@example.org"
    assert message["Subject"] == "Vos suivis de la semaine du 7 décembre"
    body = text_of(message)
    assert body.startswith("Bonjour Camille Coordination,")
    overdue, coming = (
        body.index("1 suivi en retard"),
        body.index("1 suivi à faire d’ici le 14 décembre 2026"),
    )
    assert (
        overdue
        < body.index("1 déc. 2026 · CPE Soleil levant, Ville de Laval — Envoyer le mémoire")
        < coming
    )
    assert coming < body.index("9 déc. 2026 · CPE Soleil levant — Rappeler la directrice")
    for absent in ("Bilan de l’hiver", "Déjà réglé", "Suivi d’une collègue", "Détails"):
        assert absent not in body
    assert "http://127.0.0.1:5000/interactions/" in body
    assert "Pour ne plus le recevoir\u00a0: http://127.0.0.1:5000/account/" in body
    html = html_of(message)
    assert '<a href="http://127.0.0.1:5000/account/">Ne plus recevoir le résumé</a>' in html
    assert "Rappeler la directrice" in html


def test_not_before_seven_on_monday_nor_twice_in_a_week(app, smtp_server, camille):
    assert run(at(30, 9, month=11)).sent == 1  # Monday 30 November: that week's digest
    assert run(at(6, 22)).sent == 0  # Sunday 6 December: the same week, already sent
    # Monday 7 December, 6:59 in Montréal (11:59 UTC: past 7:00 on a server clock in UTC).
    assert run(at(7, 6, 59)).sent == 0
    assert run(at(7, 7, 0)).sent == 1
    assert run(at(7, 7, 15)).sent == 0  # the next run of the same morning
    assert run(at(9, 10)).sent == 0  # Wednesday
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects == [
        "Vos suivis de la semaine du 30 novembre",
        "Vos suivis de la semaine du 7 décembre",
    ]


def test_a_worker_stopped_on_monday_catches_up_later_that_week(app, smtp_server, camille):
    assert run(at(9, 14)).sent == 1  # Wednesday afternoon: the worker is back

    [message] = smtp_server.messages
    assert message["Subject"] == "Vos suivis de la semaine du 7 décembre"
    # Overdue and coming as of the day it goes out.
    assert "1 suivi à faire d’ici le 16 décembre 2026" in text_of(message)


def test_two_workers_racing_send_one_email(app, smtp_server, camille, monkeypatch):
    import jobs.digest

    start, outcomes = threading.Barrier(2), []
    # Both workers have listed Camille as not sent yet before either claims her week.
    listed, claim = threading.Barrier(2, timeout=20), jobs.digest._claim

    def claim_together(*args):
        listed.wait()
        return claim(*args)

    monkeypatch.setattr(jobs.digest, "_claim", claim_together)

    def worker():
        with app.app_context():
            start.wait()
            outcomes.append(run(at(7, 7, 15)))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(o.sent for o in outcomes) == [0, 1]
    assert len(smtp_server.messages) == 1
    assert db.session.scalar(select(func.count()).select_from(DigestSent)) == 1


def test_smtp_down_the_next_run_tries_again(app, smtp_server, camille):
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    failed = run(at(7, 7, 0))
    assert failed.failed and failed.sent == 0
    assert db.session.scalar(select(func.count()).select_from(DigestSent)) == 0

    app.config["MAIL_PORT"] = smtp_server.port
    assert run(at(7, 7, 15)).sent == 1
    assert [m["To"] for m in smtp_server.messages] == ["camille@example.org"]


def test_only_active_users_who_opted_in_get_it(
    app, smtp_server, make_user, make_stakeholder, make_interaction
):
    soleil = make_stakeholder("CPE Soleil levant")
    out = make_user("coordinator", email="sans-resume@example.org")
    gone = make_user("coordinator", email="partie@example.org", active=False)
    idle = make_user("coordinator", email="rien-a-faire@example.org")
    gone.digest_opt_in = idle.digest_opt_in = True
    db.session.commit()
    for user in (out, gone):
        make_interaction([soleil], assigned_to=user, follow_up_on=date(2026, 12, 8))

    outcome = run(at(7, 8))

    assert smtp_server.messages == []
    assert (outcome.sent, outcome.empty) == (0, 1)  # nothing due: no email


def test_a_leads_digest_names_no_stakeholder_of_another_region(
    app, smtp_server, make_user, make_stakeholder, make_interaction
):
    lead = make_user("regional_lead", regions=["06"], email="lead@example.org")
    lead.digest_opt_in = True
    db.session.commit()
    mine = make_stakeholder("CPE Montréal-Nord", region="06")
    theirs = make_stakeholder("CPE des Cantons", region="05")
    make_interaction([mine, theirs], assigned_to=lead, follow_up_on=date(2026, 12, 8),
                     summary="Rencontre conjointe")  # fmt: skip
    make_interaction([theirs], assigned_to=lead, follow_up_on=date(2026, 12, 8),
                     summary="Hors territoire")  # fmt: skip

    run(at(7, 7))

    [message] = smtp_server.messages
    for text in (text_of(message), html_of(message)):
        assert "CPE Montréal-Nord" in text and "Rencontre conjointe" in text
        assert "CPE des Cantons" not in text and "Hors territoire" not in text


def test_an_english_users_digest_is_in_english(
    app, smtp_server, make_user, make_stakeholder, make_interaction
):
    user = make_user("coordinator", name="Sam Example", language="en")
    user.digest_opt_in = True
    db.session.commit()
    make_interaction([make_stakeholder("CPE Soleil levant")], assigned_to=user,
                     follow_up_on=date(2026, 12, 10), summary="Call back")  # fmt: skip

    run(at(7, 7))

    [message] = smtp_server.messages
    assert message["Subject"] == "Your follow-ups for the week of December 7"
    body = text_of(message)
    assert "1 follow-up due by December 14, 2026" in body
    assert "Dec 10, 2026 · CPE Soleil levant — Call back" in body


def test_the_workers_periodic_task_sends_it_every_quarter_hour(
    app, smtp_server, camille, monkeypatch
):
    from jobs.digest import weekly_digest
    from jobs.queue import huey

    # What the consumer's scheduler asks the queue each minute (its clock in UTC).
    def due(minute: int) -> bool:
        tasks = huey.read_periodic(datetime(2026, 12, 7, 12, minute))
        return any(isinstance(task, weekly_digest.task_class) for task in tasks)

    assert due(15) and due(30) and not due(20)
    monkeypatch.setattr("models.clock.local_now", lambda: at(7, 7, 15))
    monkeypatch.setattr(huey, "worker_app", app)

    weekly_digest.call_local()

    assert [m["To"] for m in smtp_server.messages] == ["camille@example.org"]


def test_the_command_sends_now_when_forced(app, runner, smtp_server, camille, monkeypatch):
    monkeypatch.setattr("models.clock.local_now", lambda: at(6, 12))  # a Sunday, before
    assert run(at(6, 12)).sent == 1  # the week of 30 November's, caught up

    result = runner.invoke(args=["digest", "send"])
    assert "Digests sent: 0" in result.output  # had it this week

    result = runner.invoke(args=["digest", "send", "--force"])
    assert result.exit_code == 0, result.output
    assert "Digests sent: 1" in result.output
    assert len(smtp_server.messages) == 2


def test_the_account_page_saves_the_choice(app, client, login):
    user = login("regional_lead", regions=["06"])

    page = client.post("/account/digest", data={"digest-digest_opt_in": "y"}, follow_redirects=True)

    assert f"vos suivis seront envoyés à {user.email} le lundi matin" in page.get_data(as_text=True)
    assert box_checked(page.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(User, user.id).digest_opt_in is True
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "user")).one()
    assert (event.before, event.after) == ({"digest_opt_in": False}, {"digest_opt_in": True})

    page = client.post("/account/digest", data={}, follow_redirects=True)
    assert "vous ne recevrez pas le résumé de la semaine" in page.get_data(as_text=True)
    assert not box_checked(page.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(User, user.id).digest_opt_in is False
