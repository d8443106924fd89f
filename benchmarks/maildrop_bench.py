"""Mail drop benchmark (issue 15): one reading of 1,000 messages from a real Dovecot.

`make bench` runs it. It builds a temporary SQLite database (`models.demo`, 2,000
stakeholders and their contacts) or uses `--database-url` (a throwaway PostgreSQL
database: it is migrated and filled), starts Dovecot with tests/imap_server.py, appends
1,000 messages written as mail clients write them, addressed to the demo's contacts and
stakeholders, then times one `inbox.poll.poll`: every message fetched (header and first
128 KB), read, matched in the sender's scope, logged or queued, committed one by one, and
moved to Traités.

The mix: 600 Bcc copies to one or two contacts (some with a stakeholder's address in Cc),
150 that also name an unknown address, 100 Outlook forwards in French, 50 HTML-only
messages, 50 from someone who is not a user, 50 with a 2 MB attachment.

Target: under 10 s (exit 1 otherwise).
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.imap_server import USER, Dovecot, dovecot_missing  # noqa: E402

SECONDS_TARGET = 10.0
MONTREAL = ZoneInfo("America/Montreal")
SENDER = "coordination@collectif.example"


def make_bench_app(url: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def build_database(app, stakeholders: int) -> tuple[list[str], list[str]]:
    """Migrate, fill with demo data and a coordinator; return contacts' and stakeholders'
    emails."""
    import flask_migrate
    from sqlalchemy import select

    from models import Contact, Stakeholder, User, db
    from models.demo import generate_demo

    with app.app_context():
        flask_migrate.upgrade()
        if db.session.scalar(select(Stakeholder.id).limit(1)) is None:
            generate_demo(stakeholders=stakeholders)
        if db.session.scalar(select(User).where(User.email == SENDER)) is None:
            db.session.add(User(email=SENDER, name="Coordination", role="coordinator"))
        db.session.commit()
        contacts = db.session.scalars(select(Contact.email).where(Contact.email.is_not(None)))
        organizations = db.session.scalars(select(Stakeholder.email).where(Stakeholder.email != ""))
        return list(contacts), list(organizations)


def messages(contacts: list[str], organizations: list[str], count: int) -> list[bytes]:
    """Return `count` messages of the benchmark's mix."""
    chance = random.Random(15)
    sent = datetime(2026, 3, 2, 8, 0, tzinfo=MONTREAL)
    attachment = bytes(chance.getrandbits(8) for _ in range(2_000_000))
    out = []
    for n in range(count):
        sent += timedelta(minutes=7)
        kind = n % 20
        message = EmailMessage()
        message["From"] = SENDER if kind != 19 else f"quelquun{n}@ailleurs.example"
        message["Date"] = format_datetime(sent)
        message["Message-ID"] = make_msgid(domain="collectif.example")
        to = chance.sample(contacts, chance.choice((1, 2)))
        body = (
            f"Bonjour,\n\nSuite à notre échange n° {n}, voici les prochaines étapes du "
            "projet de halte-garderie.\n\nCordialement,\nCoordination\n\n"
            "Le lun. 2 mars 2026 à 08 h 00, Quelqu'un <x@y.example> a écrit :\n> Merci\n"
        )
        subject = f"Suivi du projet {n}"
        if kind in (0, 1, 2, 3):  # 1 in 5: an unknown address too (150 of them here)
            to.append(f"nouveau{n}@organisme.example")
        if kind in (4, 5, 6, 7):
            message["Cc"] = chance.choice(organizations)
        if kind in (8, 9):  # 100 forwards of a received message
            subject = f"TR : {subject}"
            body = (
                "Pour le dossier.\n\n________________________________\n"
                f"De\u00a0: Partenaire <{to[0]}>\n"
                f"Envoyé\u00a0: {sent.day} mars 2026 {sent:%H:%M}\n"
                f"À\u00a0: Coordination <{SENDER}>\nObjet\u00a0: Suivi du projet {n}\n\n"
                "Bonjour, nous serons présents.\n"
            )
            to = [USER]
        message["To"] = ", ".join(to)
        message["Subject"] = subject
        if kind == 10:  # HTML only
            message.set_content(f"<html><body><p>{body}</p></body></html>", subtype="html")
        else:
            message.set_content(body)
        if kind == 11:
            message.add_attachment(attachment, maintype="application", subtype="pdf",
                                   filename="rapport.pdf")  # fmt: skip
        out.append(message.as_bytes())
    return out


def main() -> int:
    """Fill the mailbox, time one reading, print the outcome; 1 if the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--stakeholders", type=int, default=2000)
    parser.add_argument("--database-url", help="A throwaway database (migrated and filled).")
    args = parser.parse_args()
    if why := dovecot_missing():
        print(f"skipped: {why}")
        return 0
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as work:
        url = args.database_url or f"sqlite:///{Path(work) / 'bench.sqlite'}"
        app = make_bench_app(url)
        print(f"Building the database ({args.stakeholders:,} demo stakeholders)…", flush=True)
        contacts, organizations = build_database(app, args.stakeholders)
        server = Dovecot().start()
        try:
            app.config.update(server.settings())
            started = time.perf_counter()
            box = server.mailbox()
            for raw in messages(contacts, organizations, args.messages):
                box.append(raw, "INBOX")
            box.logout()
            print(f"  {args.messages:,} messages appended to Dovecot in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
            return measure(app, server, args.messages)
        finally:
            server.stop()


def measure(app, server: Dovecot, count: int) -> int:
    from inbox.poll import poll

    with app.app_context():
        started, cpu = time.perf_counter(), time.process_time()
        run = poll(app)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        left, done = len(server.subjects("INBOX")), len(server.subjects("Traités"))
        print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
        print(f"read {run.seen:,} messages in {seconds:.2f} s (CPU {cpu:.2f} s): "
              f"{run.logged} logged, {run.queued} with addresses to classify, "
              f"{run.ignored} ignored, {run.duplicates} duplicates, {run.failed} failed"
              f"{', error: ' + run.error if run.error else ''}")  # fmt: skip
        print(f"mailbox after: {left} in INBOX, {done} in Traités")
        ok = seconds < SECONDS_TARGET and run.seen == count and done == count and not run.error
        print(f"target under {SECONDS_TARGET:.0f} s: {'ok' if ok else 'MISSED'}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
