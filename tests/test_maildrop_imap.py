"""The mail drop read from a real IMAP server: Dovecot, started by these tests, holding
messages written the way Outlook, Gmail and phones write them. Each test asserts what a
coordinator would see: the interaction logged (its stakeholders, contacts, date, summary),
the addresses waiting to be classified, and the mailbox's folders."""

import re
import time
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from inbox.poll import poll
from jobs.maildrop import LOCK_KEY, poll_if_due, read_drop_mailbox
from jobs.queue import huey
from models import (
    AuditEvent,
    Contact,
    Interaction,
    MaildropAddress,
    MaildropMessage,
    MaildropRun,
    Stakeholder,
    db,
)
from tests.imap_server import USER, Dovecot, dovecot_missing

pytestmark = pytest.mark.skipif(dovecot_missing() is not None, reason=str(dovecot_missing()))

MONTREAL = ZoneInfo("America/Montreal")
DROP = USER  # the drop mailbox's own address


@pytest.fixture(scope="module")
def dovecot():
    """One Dovecot for the module's tests (each test empties it)."""
    server = Dovecot().start()
    yield server
    server.stop()


@pytest.fixture
def drop(app, dovecot):
    """The app reading the test Dovecot's drop mailbox, empty at the start."""
    saved = {key: app.config.get(key) for key in dovecot.settings()}
    app.config.update(dovecot.settings())
    dovecot.empty()
    yield dovecot
    app.config.update(saved)


@pytest.fixture
def people(make_user, make_stakeholder, make_contact):
    """A coordinator and a colleague, a Montréal childcare centre and its director, the
    city of Laval (an organization's address), a Québec City centre."""
    soleil = make_stakeholder("CPE Soleil", region="06")
    laval = make_stakeholder("Ville de Laval", region="13", sector="municipal",
                             email="info@laval.example")  # fmt: skip
    quebec = make_stakeholder("CPE Québec", region="03", email="accueil@cpe-quebec.example")
    return {
        "camille": make_user(
            "coordinator", email="Camille.Roy@collectif.example", name="Camille Roy"
        ),
        "dominique": make_user("coordinator", email="dominique@collectif.example"),
        "soleil": soleil,
        "laval": laval,
        "quebec": quebec,
        "lea": make_contact(
            soleil, first_name="Léa", last_name="Tremblay", email="lea.tremblay@cpesoleil.example"
        ),
    }


def mail(sender, to=(), cc=(), subject="", body="", *, sent=None, html=None, **headers):
    """Return a message as a mail client writes it (the drop, in Bcc, is in no header)."""
    message = EmailMessage()
    message["From"] = sender
    if to:
        message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = format_datetime(sent or datetime(2026, 3, 12, 14, 3, 27, tzinfo=MONTREAL))
    message["Message-ID"] = make_msgid(domain="collectif.example")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if body:
        message.set_content(body)
    if html:
        if body:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    return message


def interactions() -> list[Interaction]:
    db.session.expire_all()
    return list(db.session.scalars(select(Interaction).order_by(Interaction.id)))


def names(interaction: Interaction) -> list[str]:
    return sorted(s.name for s in interaction.stakeholders)


def pending() -> list[str]:
    query = select(MaildropAddress.address).where(MaildropAddress.status == "pending")
    return sorted(db.session.scalars(query))


def counts(run: MaildropRun) -> dict:
    keys = ("seen", "logged", "queued", "ignored", "duplicates", "failed", "error")
    return {key: getattr(run, key) for key in keys}


def test_a_bcc_becomes_one_email_interaction_and_the_message_is_moved(app, drop, people):
    # Sent at 22:30 in Montréal on 13 March: 02:30 UTC on the 14th.
    sent = datetime(2026, 3, 13, 22, 30, tzinfo=MONTREAL)
    body = (
        "Bonjour Léa,\n\nMerci pour la rencontre de ce soir. Je vous envoie le plan d'action "
        "lundi.\n\n-- \nCamille Roy\nCollectif petite enfance\n514 555-0100\n"
    )
    message = mail("Camille Roy <Camille.Roy@collectif.example>",
                   to=["Léa Tremblay <Lea.Tremblay@CPESoleil.example>"],
                   cc=["Ville de Laval <info@laval.example>"],
                   subject="Rencontre du comité local", body=body, sent=sent)  # fmt: skip
    drop.append(message)
    run = poll(app)
    assert counts(run) == dict(seen=1, logged=1, queued=0, ignored=0, duplicates=0, failed=0,
                               error="")  # fmt: skip
    [interaction] = interactions()
    assert interaction.kind == "email"
    assert interaction.logged_by.email == "Camille.Roy@collectif.example"
    assert interaction.occurred_on == date(2026, 3, 13)
    assert names(interaction) == ["CPE Soleil", "Ville de Laval"]
    assert [c.full_name for c in interaction.contacts] == ["Léa Tremblay"]
    assert interaction.summary == (
        "Rencontre du comité local\n\nBonjour Léa,\n\nMerci pour la rencontre de ce soir. "
        "Je vous envoie le plan d'action lundi."
    )
    stored = db.session.scalar(select(MaildropMessage))
    assert stored.addresses == ["lea.tremblay@cpesoleil.example", "info@laval.example"]
    assert stored.sent_at == datetime(2026, 3, 14, 2, 30)
    assert pending() == []
    # Moved to Traités, not deleted: the very same message is there.
    assert drop.subjects("INBOX") == []
    [kept] = drop.contents("Traités")
    assert message["Message-ID"].encode() in kept


OUTLOOK_FORWARD = """\
Pour le dossier.

Camille

________________________________
De\u00a0: Léa Tremblay <lea.tremblay@cpesoleil.example>
Envoyé\u00a0: jeudi 12 mars 2026 14:03
À\u00a0: Camille Roy <Camille.Roy@collectif.example>
Cc\u00a0: Marc Gagnon <marc.gagnon@partenaire.example>; Dominique
 <dominique@collectif.example>
Objet\u00a0: Rencontre du comité local

Bonjour Camille,

Nous confirmons notre participation au comité. Le CA a voté l'appui au projet.

Léa Tremblay
Directrice, CPE Soleil

Envoyé de mon iPhone
"""


def test_a_forward_from_outlook_in_french_files_the_original_message(app, drop, people):
    html = "<html><body>" + "".join(
        f"<p>{line}</p>" for line in OUTLOOK_FORWARD.splitlines()
    ) + "</body></html>"  # fmt: skip
    drop.append(mail(people["camille"].email, to=[DROP],
                     subject="TR : Rencontre du comité local", body=OUTLOOK_FORWARD,
                     html=html, sent=datetime(2026, 3, 16, 9, 15, tzinfo=MONTREAL)))  # fmt: skip
    run = poll(app)
    assert (run.logged, run.queued) == (1, 1)
    [interaction] = interactions()
    assert interaction.occurred_on == date(2026, 3, 12)  # the original's, not the forward's
    assert names(interaction) == ["CPE Soleil"]
    assert [c.full_name for c in interaction.contacts] == ["Léa Tremblay"]
    assert interaction.summary.startswith("Rencontre du comité local\n\nBonjour Camille,")
    assert "Le CA a voté l'appui au projet." in interaction.summary
    assert "iPhone" not in interaction.summary and "Pour le dossier" not in interaction.summary
    stored = db.session.scalar(select(MaildropMessage))
    assert stored.sent_at == datetime(2026, 3, 12, 18, 3)  # 14:03 in Montréal, EDT
    # The unknown partner waits to be classified; the colleague does not.
    assert pending() == ["marc.gagnon@partenaire.example"]


GMAIL_FORWARD = """\

---------- Forwarded message ---------
From: Camille Roy <Camille.Roy@collectif.example>
Date: Thu, Mar 12, 2026 at 2:03 PM
Subject: Subvention pour les haltes-garderies
To: Service des loisirs <info@laval.example>


Bonjour,

Voici notre demande de subvention pour les haltes-garderies de Chomedey.

On Wed, Mar 11, 2026 at 9:12 AM Service des loisirs <info@laval.example>
wrote:

> Pouvez-vous nous envoyer la demande?
"""


def test_a_forward_from_gmail_files_a_message_sent_without_bcc(app, drop, people):
    drop.append(mail(people["camille"].email, to=[DROP],
                     subject="Fwd: Subvention pour les haltes-garderies",
                     body=GMAIL_FORWARD))  # fmt: skip
    run = poll(app)
    assert (run.logged, run.queued) == (1, 0)
    [interaction] = interactions()
    assert names(interaction) == ["Ville de Laval"]
    assert interaction.occurred_on == date(2026, 3, 12)
    assert interaction.summary == (
        "Subvention pour les haltes-garderies\n\nBonjour,\n\n"
        "Voici notre demande de subvention pour les haltes-garderies de Chomedey."
    )


def test_a_reply_in_a_thread_is_its_own_interaction_and_changes_nothing_logged(app, drop, people):
    first = mail(people["camille"].email, to=["lea.tremblay@cpesoleil.example"],
                 subject="Comité local", body="Êtes-vous disponible jeudi?")  # fmt: skip
    drop.append(first)
    poll(app)
    [logged] = interactions()
    before = (logged.summary, names(logged), logged.version, logged.occurred_on)
    reply = mail(people["camille"].email, to=["lea.tremblay@cpesoleil.example"],
                 cc=["info@laval.example"], subject="RE: Comité local",
                 body="Parfait, à jeudi.\n\nLe jeu. 12 mars 2026 à 10 h 02, Léa Tremblay <\n"
                      "lea.tremblay@cpesoleil.example> a écrit :\n> Oui, jeudi me va.\n"
                      ">\n> > Êtes-vous disponible jeudi?\n",
                 sent=datetime(2026, 3, 12, 11, 0, tzinfo=MONTREAL),
                 In_Reply_To=first["Message-ID"], References=first["Message-ID"])  # fmt: skip
    drop.append(reply, first)  # the thread's first message delivered again
    run = poll(app)
    assert (run.seen, run.logged, run.duplicates) == (2, 1, 1)
    first_again, answer = interactions()
    assert (first_again.summary, names(first_again), first_again.version,
            first_again.occurred_on) == before  # fmt: skip
    assert answer.summary == "RE: Comité local\n\nParfait, à jeudi."
    assert names(answer) == ["CPE Soleil", "Ville de Laval"]
    assert drop.subjects("INBOX") == []
    assert len(drop.subjects("Traités")) == 3


def test_a_bcc_then_forwarded_by_a_colleague_is_logged_once(app, drop, people):
    sent = datetime(2026, 3, 12, 14, 3, 41, tzinfo=MONTREAL)
    original = mail("Camille Roy <Camille.Roy@collectif.example>",
                    to=["Léa Tremblay <lea.tremblay@cpesoleil.example>"],
                    cc=["dominique@collectif.example"], subject="Rencontre du comité local",
                    body="Bonjour Léa, voici l'ordre du jour.", sent=sent)  # fmt: skip
    forward = (
        OUTLOOK_FORWARD.replace(
            "De\u00a0: Léa Tremblay <lea.tremblay@cpesoleil.example>",
            "De\u00a0: Camille Roy <Camille.Roy@collectif.example>",
        )
        .replace(
            "À\u00a0: Camille Roy <Camille.Roy@collectif.example>",
            "À\u00a0: Léa Tremblay <lea.tremblay@cpesoleil.example>",
        )
        .replace("Marc Gagnon <marc.gagnon@partenaire.example>; ", "")
    )
    drop.append(original, mail(people["dominique"].email, to=[DROP],
                               subject="TR : Rencontre du comité local", body=forward))  # fmt: skip
    run = poll(app)
    assert (run.seen, run.logged, run.duplicates) == (2, 1, 1)
    [interaction] = interactions()
    assert interaction.logged_by.email == "Camille.Roy@collectif.example"
    assert names(interaction) == ["CPE Soleil"]
    assert db.session.scalar(select(func.count()).select_from(MaildropMessage)) == 1


def test_a_message_from_someone_who_is_not_an_active_user_is_ignored(app, drop, people, make_user):
    make_user("coordinator", email="ancienne@collectif.example", active=False)
    drop.append(
        mail("Léa Tremblay <lea.tremblay@cpesoleil.example>", to=[DROP, people["camille"].email],
             subject="Question", body="Bonjour"),
        mail("ancienne@collectif.example", to=["lea.tremblay@cpesoleil.example"],
             subject="Ancien poste", body="Bonjour"),
    )  # fmt: skip
    run = poll(app)
    assert counts(run) == dict(seen=2, logged=0, queued=0, ignored=2, duplicates=0, failed=0,
                               error="")  # fmt: skip
    assert interactions() == []
    # Nothing of them is kept, not even their addresses; they are moved all the same.
    assert db.session.scalar(select(func.count()).select_from(MaildropMessage)) == 0
    assert db.session.scalar(select(func.count()).select_from(MaildropAddress)) == 0
    assert sorted(drop.subjects("Traités")) == ["Ancien poste", "Question"]


def test_unknown_recipients_wait_to_be_classified_and_no_contact_is_created(app, drop, people):
    contacts_before = db.session.scalar(select(func.count()).select_from(Contact))
    stakeholders_before = db.session.scalar(select(func.count()).select_from(Stakeholder))
    drop.append(mail(people["camille"].email,
                     to=["lea.tremblay@cpesoleil.example", "Nouvelle Personne "
                         "<Nouvelle.Personne@organisme.example>"],
                     cc=["dominique@collectif.example", "undisclosed-recipients:;"],
                     subject="Table de concertation",
                     body="Bonjour à toutes et à tous"))  # fmt: skip
    drop.append(mail(people["camille"].email, to=["inconnu@ailleurs.example"],
                     subject="Premier contact", body="Bonjour"))  # fmt: skip
    run = poll(app)
    assert (run.logged, run.queued) == (1, 2)
    [interaction] = interactions()
    assert names(interaction) == ["CPE Soleil"]
    assert pending() == ["inconnu@ailleurs.example", "nouvelle.personne@organisme.example"]
    assert db.session.scalar(select(func.count()).select_from(Contact)) == contacts_before
    assert db.session.scalar(select(func.count()).select_from(Stakeholder)) == stakeholders_before
    lonely = db.session.scalar(
        select(MaildropMessage).where(MaildropMessage.subject == "Premier contact")
    )
    assert lonely.interaction is None and [a.address for a in lonely.waiting] == [
        "inconnu@ailleurs.example"
    ]


def test_an_html_only_message_keeps_the_words_written_not_the_quoted_thread(app, drop, people):
    html = (
        "<html><head><style>p {margin: 0}</style></head><body>"
        "<div dir='ltr'><p>Bonjour,</p><p>Le conseil a adopté la <b>politique familiale</b>"
        "&nbsp;hier soir.</p><p>Cordialement,</p><p>Camille</p></div>"
        "<div class='gmail_quote'><div>Le mer. 11 mars 2026, à 09 h 12, Service des loisirs "
        "&lt;info@laval.example&gt; a écrit&nbsp;:</div>"
        "<blockquote><p>Où en est la politique?</p></blockquote></div></body></html>"
    )
    drop.append(mail(people["camille"].email, to=["info@laval.example"],
                     subject="Politique familiale", html=html))  # fmt: skip
    poll(app)
    [interaction] = interactions()
    assert interaction.summary == (
        "Politique familiale\n\nBonjour,\nLe conseil a adopté la politique familiale hier soir."
    )


def test_a_10_mb_attachment_is_never_downloaded(app, drop, people):
    message = mail(people["camille"].email, to=["lea.tremblay@cpesoleil.example"],
                   subject="Rapport annuel", body="Voici le rapport annuel.")  # fmt: skip
    message.add_attachment(bytes(range(256)) * 40960, maintype="application",
                           subtype="pdf", filename="rapport-annuel.pdf")  # fmt: skip
    assert len(message.as_bytes()) > 10_000_000
    drop.append(message)
    session = drop.settled_sessions()  # the reading's is the next one Dovecot logs
    started = time.monotonic()
    run = poll(app)
    elapsed = time.monotonic() - started
    assert run.logged == 1
    [interaction] = interactions()
    assert interaction.summary == "Rapport annuel\n\nVoici le rapport annuel."
    # What Dovecot sent to the reading, by its own log: the header and 128 KB of the body.
    assert 128 * 1024 < drop.bytes_sent(session) < 200_000
    assert elapsed < 5
    assert drop.subjects("Traités") == ["Rapport annuel"]


def test_malformed_headers_are_read_as_far_as_they_go(app, drop, people):
    raw = (
        b"From: CAMILLE.ROY@Collectif.Example\r\n"
        b'To: =?utf-8?q?L=C3=A9a?= <lea.tremblay@cpesoleil.example>, "Broken <x@y\r\n'
        b"Subject: R\xe9union du comit\xe9 local\r\n"
        b"Date: jeudi le 12 mars\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"Voici le proc\xe8s-verbal de la r\xe9union.\r\n"
    )
    received = datetime(2026, 3, 12, 18, 5, tzinfo=UTC)
    drop.append(raw, when=received)
    drop.append(raw, when=received)  # no Message-ID: the same sender, date and subject
    run = poll(app)
    assert (run.seen, run.logged, run.duplicates, run.failed) == (2, 1, 1, 0)
    [interaction] = interactions()
    assert interaction.occurred_on == date(2026, 3, 12)  # from the server's reception
    assert interaction.summary == (
        "Réunion du comité local\n\nVoici le procès-verbal de la réunion."
    )
    assert [c.full_name for c in interaction.contacts] == ["Léa Tremblay"]


def test_a_leads_message_is_never_filed_outside_their_regions(app, drop, people, make_user):
    lead = make_user("regional_lead", regions=["06"], email="responsable.mtl@collectif.example")
    drop.append(mail(lead.email, to=["lea.tremblay@cpesoleil.example",
                                     "accueil@cpe-quebec.example"],
                     subject="Échange de pratiques", body="Bonjour à vous deux"))  # fmt: skip
    run = poll(app)
    assert run.logged == 1
    [interaction] = interactions()
    assert names(interaction) == ["CPE Soleil"]
    assert interaction.logged_by_id == lead.id
    # The Québec address is not the lead's to see: it waits like any unknown address.
    assert pending() == ["accueil@cpe-quebec.example"]


def test_a_message_that_fails_is_left_for_the_next_reading(app, drop, people, monkeypatch):
    import inbox.poll

    real = inbox.poll.log_message

    def failing(message, contacts, stakeholders):
        if message.subject == "Panne":
            raise RuntimeError("the database went away")
        return real(message, contacts, stakeholders)

    monkeypatch.setattr(inbox.poll, "log_message", failing)
    drop.append(
        mail(people["camille"].email, to=["info@laval.example"], subject="Panne", body="A"),
        mail(people["camille"].email, to=["info@laval.example"], subject="Suite", body="B"),
    )
    run = poll(app)
    assert (run.seen, run.logged, run.failed, run.error) == (2, 1, 1, "")
    assert [i.summary for i in interactions()] == ["Suite\n\nB"]
    assert drop.subjects("INBOX") == ["Panne"]
    monkeypatch.setattr(inbox.poll, "log_message", real)
    run = poll(app)
    assert (run.seen, run.logged, run.failed) == (1, 1, 0)
    assert drop.subjects("INBOX") == []


def test_a_mailbox_that_cannot_be_read_is_recorded_on_the_run(app, drop, people):
    app.config["MAILDROP_PASSWORD"] = "pas-le-bon"
    run = poll(app)
    assert "refused the sign-in" in run.error and run.finished_at is not None
    from tests.conftest import free_port

    app.config["MAILDROP_PORT"] = free_port()
    run = poll(app)
    assert "cannot reach 127.0.0.1" in run.error
    assert db.session.scalar(select(func.count()).select_from(MaildropRun)) == 2


def test_the_command_reads_once_and_says_what_it_did_in_french(drop, people, runner):
    drop.append(
        mail(people["camille"].email, to=["info@laval.example"], subject="Un", body="A"),
        mail("inconnu@ailleurs.example", to=[DROP], subject="Deux", body="B"),
    )
    result = runner.invoke(args=["maildrop", "poll"])
    assert result.exit_code == 0, result.output
    assert "2 messages lus\u00a0:" in result.output
    assert "1 consigné comme interaction" in result.output
    assert "1 ignoré (l’expéditeur n’est pas un utilisateur actif)" in result.output


def test_the_command_without_a_mailbox_says_so(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "MAILDROP_HOST", None)
    result = runner.invoke(args=["maildrop", "poll"])
    assert result.exit_code == 2
    assert "MAILDROP_HOST" in result.output


def test_the_worker_reads_the_mailbox_when_the_interval_has_passed(app, drop, people, monkeypatch):
    monkeypatch.setitem(app.config, "MAILDROP_INTERVAL_MINUTES", 5)
    drop.append(mail(people["camille"].email, to=["info@laval.example"], subject="Un"))
    read_drop_mailbox.call_local()  # the worker's periodic task, as it runs each minute
    [first] = db.session.scalars(select(MaildropRun)).all()
    assert first.logged == 1
    drop.append(mail(people["camille"].email, to=["info@laval.example"], subject="Deux"))
    started = first.started_at
    assert poll_if_due(app, now=started + timedelta(minutes=4, seconds=59)) is None
    assert drop.subjects("INBOX") == ["Deux"]
    huey.put_if_empty(LOCK_KEY, {"at": time.time(), "pid": 1})  # another worker reads
    try:
        assert poll_if_due(app, now=started + timedelta(minutes=5)) is None
    finally:
        huey.delete(LOCK_KEY)
    second = poll_if_due(app, now=started + timedelta(minutes=5))
    assert second is not None and second.logged == 1
    assert drop.subjects("INBOX") == []
    app.config["MAILDROP_HOST"] = None
    assert poll_if_due(app, now=started + timedelta(hours=1)) is None


def test_a_lock_left_by_a_killed_worker_does_not_stop_the_readings(app, drop, people):
    huey.put_if_empty(LOCK_KEY, {"at": time.time() - 3600, "pid": 1})
    try:
        assert poll_if_due(app) is not None
    finally:
        huey.delete(LOCK_KEY)


@pytest.fixture(scope="module")
def dovecot_tls():
    server = Dovecot(tls=True).start()
    yield server
    server.stop()


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_the_mailbox_is_read_over_tls(app, dovecot_tls, people, monkeypatch, security):
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot_tls.certificate))  # trust the test's CA
    saved = {key: app.config.get(key) for key in dovecot_tls.settings()}
    port = dovecot_tls.ssl_port if security == "ssl" else dovecot_tls.port
    app.config.update(dovecot_tls.settings(), MAILDROP_SECURITY=security, MAILDROP_PORT=port)
    try:
        dovecot_tls.empty()
        dovecot_tls.append(mail(people["camille"].email, to=["info@laval.example"],
                                subject="Chiffré", body="Bonjour"))  # fmt: skip
        run = poll(app)
        assert (run.logged, run.error) == (1, "")
    finally:
        app.config.update(saved)


def test_the_menu_counts_a_message_read_with_an_address_to_classify(app, client, drop, people):
    # The menu's count is remembered by each process until the queue changes: a message
    # read from the mailbox changes it, and the audit log says so.
    from tests.conftest import PASSWORD

    signed_in = client.post("/login", data={"email": people["camille"].email,
                                            "password": PASSWORD})  # fmt: skip
    assert signed_in.status_code == 302
    assert 'id="menu-maildrop"' not in client.get("/").text
    drop.append(mail(people["camille"].email, to=["inconnu@ailleurs.example"],
                     subject="Premier contact", body="Bonjour"))  # fmt: skip
    assert poll(app).queued == 1
    home = client.get("/").text
    entry = re.search(r'<a [^>]*id="menu-maildrop".*?</a>', home, re.S).group()
    assert re.sub(r"<[^>]+>|\s+", " ", entry).split() == ["Courriels", "à", "classer", "1"]
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.entity_type, event.action, event.after) == (
        "maildrop_message",
        "create",
        {"queued": 1},
    )
    assert event.actor_id == people["camille"].id
