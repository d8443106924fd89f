"""Fixtures shared by the suite: the app on SQLite or PostgreSQL, clients, users, factories.

The database is a fresh SQLite file, or TEST_DATABASE_URL (never DATABASE_URL, so that
tests cannot touch real data); a PostgreSQL test database's name must contain "test".
The schema is built once per run by the migrations themselves; each test then starts
from empty tables with the reference data in place.
"""

import itertools
import os
import signal
import socket
import tempfile
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path

import flask_migrate
import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select
from werkzeug.security import generate_password_hash

from app import create_app
from config import TestConfig, database_url
from models import (
    AuditEvent,
    Commitment,
    Contact,
    Interaction,
    Relationship,
    Stakeholder,
    User,
    Vocabulary,
    db,
)
from models.cache import forget_everything
from models.labels import AUDIT_ACTIONS, AUDIT_ENTITIES, AUDIT_ENTITY_FIELDS, AUDIT_FIELDS
from models.municipality import settle_place
from models.reference_data import reference_rows

PASSWORD = "correct-horse-battery"
# The users the fixtures make get this hash of PASSWORD, made once, at a low scrypt cost:
# checking it at sign-in takes a millisecond. The app's own cost (`set_password`) takes
# 0.15-0.3 s to make and as long to check, for every user the suite makes and at every
# sign-in. What the real cost is for (an unknown email refused as slowly as a wrong
# password, the hash the command line stores) is tested with `set_password` itself.
QUICK_PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
REFERENCE_TABLES = {m.__table__.name for m in reference_rows()} | {"municipality"}


def test_database_url(workdir: Path) -> str:
    """Return the test database: TEST_DATABASE_URL or a SQLite file in `workdir`."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{workdir / 'test.sqlite'}"
    if url.startswith(("postgres", "postgresql")) and "test" not in url.rsplit("/", 1)[-1]:
        raise RuntimeError("TEST_DATABASE_URL must name a database whose name contains 'test'")
    os.environ["DATABASE_URL"] = url  # for code that reads it, e.g. backups
    return database_url(url)


@pytest.fixture(scope="session")
def _app():
    """Build the app once and migrate its database from nothing."""
    with tempfile.TemporaryDirectory() as workdir:
        url = test_database_url(Path(workdir))

        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = url
            JOBS_DATABASE = str(Path(workdir) / "jobs.sqlite")
            # Each run's own Redis queue, so that two runs never take each other's jobs.
            JOBS_QUEUE_NAME = f"maillage-test-{os.getpid()}"

        app = create_app(Config)
        app.instance_path = workdir
        with app.app_context():
            db.drop_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            flask_migrate.upgrade()
        yield app
        with app.app_context():
            db.drop_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            db.engine.dispose()


def _empty_data_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            db.session.execute(delete(table))
    db.session.commit()


def _audited_codes_without_words() -> set[str]:
    """Return the actions, entity types and fields of the audit events written so far that
    have no words in models/labels.py (the audit log would show the bare code)."""
    missing = set()
    events = select(AuditEvent.action, AuditEvent.entity_type, AuditEvent.before,
                     AuditEvent.after)  # fmt: skip
    for action, entity, before, after in db.session.execute(events):
        if action not in AUDIT_ACTIONS:
            missing.add(f"action {action!r}")
        if entity not in AUDIT_ENTITIES:
            missing.add(f"entity type {entity!r}")
        for field in {**(before or {}), **(after or {})}:
            if field not in AUDIT_FIELDS and (entity, field) not in AUDIT_ENTITY_FIELDS:
                missing.add(f"field {field!r} of {entity!r}")
    return missing


@pytest.fixture
def app(_app):
    """Give each test the app, inside an app context, with empty data tables after it.

    Whatever a test had audited must have words in the audit log: a new action, entity
    type or field recorded without a label in models/labels.py fails the test."""
    with _app.app_context():
        forget_everything()
        yield _app
        db.session.rollback()
        missing = _audited_codes_without_words()
        _empty_data_tables()
        db.session.remove()
        if missing:
            pytest.fail("audited without words in models/labels.py: " + ", ".join(sorted(missing)))


class RequestClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The test itself holds an app context; without this, requests would share its `g`
    (and so Flask-Babel's locale and Flask-Login's user) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def restore_reference(app):
    """Put the shipped reference lists back after a test that renamed or added entries
    (the suite keeps the reference tables between tests)."""
    yield
    db.session.rollback()
    for model, rows in reference_rows().items():
        keys = [c.name for c in model.__table__.primary_key.columns]
        shipped = {tuple(row[k] for k in keys) for row in rows}
        for entry in db.session.scalars(select(model)).all():
            if tuple(getattr(entry, k) for k in keys) not in shipped:
                db.session.delete(entry)
        for row in rows:
            active = {} if model is Vocabulary else {"active": True}
            db.session.merge(model(**row, **active)).version = 1
    db.session.commit()
    forget_everything()


@pytest.fixture
def jobs_worker(app):
    """Run a job queue consumer (one worker thread) in this process while the test runs."""
    yield from run_consumer(app)


def run_consumer(app):
    """Start a Huey consumer on the app's queue; stop it and empty the queue afterwards."""
    from jobs.queue import huey

    huey.worker_app = app
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False,
                                    initial_delay=0.02, max_delay=0.1)  # fmt: skip
    consumer.start()  # from the main thread: it sets signal handlers, put back below
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        huey.flush()
        huey.worker_app = None


@pytest.fixture
def client(app):
    """Return a test client of the app."""
    app.test_client_class = RequestClient
    return app.test_client()


@pytest.fixture
def runner(app):
    """Return a CLI runner of the app."""
    return app.test_cli_runner()


_counter = itertools.count(1)


@pytest.fixture
def make_user(app):
    """Create users: make_user("regional_lead", regions=["06"])."""

    def make(*args, **kwargs):
        user = new_user(*args, **kwargs)
        db.session.commit()
        return user

    return make


def new_user(role="coordinator", regions=(), email=None, name=None, language="fr", active=True):
    """Add a user to the session, with the test password (quickly hashed) and `regions`:
    what `make_user` commits, and what the module-wide sites of the browser tests add."""
    from models import Region

    n = next(_counter)
    user = User(
        email=email or f"{role}{n}@example.org",
        name=name or f"{role} {n}",
        role=role,
        language=language,
        active=active,
        regions=[db.session.get(Region, code) for code in regions],
        password_hash=QUICK_PASSWORD_HASH,
    )
    db.session.add(user)
    return user


@pytest.fixture
def login(client, make_user):
    """Sign in through the login form as a new user of `role`; return that user.

    The session starts afresh, as in a new browser: the login page only sends a signed-in
    user home, which would leave the test acting as the previous user."""

    def sign_in(role="coordinator", regions=(), **kwargs):
        user = make_user(role, regions=regions, **kwargs)
        with client.session_transaction() as session:
            session.clear()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.data
        with client.session_transaction() as session:
            assert session["_user_id"] == user.get_id(), "the sign-in did not take"
        return user

    return sign_in


def saved(record):
    """Add `record` to the database, commit, and return it."""
    db.session.add(record)
    db.session.commit()
    return record


@pytest.fixture
def make_stakeholder(app):
    """Create a stakeholder directly (no audit): make_stakeholder("CPE Soleil", region="06").
    As the app stores it: a region that is one territory (Montréal, Laval) gives its MRC."""

    def make(name=None, region="06", level=None, sector="childcare", **fields):
        level = level or ("national" if region is None else "local")
        if "mrc_code" not in fields and not fields.get("municipality_code"):
            fields["mrc_code"] = settle_place(level, region).mrc_code
        return saved(
            Stakeholder(
                name=name or f"Organisme {next(_counter)}",
                region_code=region,
                level=level,
                sector_code=sector,
                **fields,
            )
        )

    return make


@pytest.fixture
def make_contact(app):
    """Create a contact of a stakeholder."""

    def make(stakeholder=None, first_name="Camille", last_name=None, **fields):
        return saved(
            Contact(
                stakeholder=stakeholder,
                first_name=first_name,
                last_name=last_name or f"Tremblay{next(_counter)}",
                **fields,
            )
        )

    return make


@pytest.fixture
def make_interaction(app):
    """Create an interaction with one or more stakeholders."""

    def make(stakeholders, occurred_on=None, kind="meeting", logged_by=None, **fields):
        # As the app does: a follow-up with nobody named is the logger's.
        if fields.get("follow_up_on") and not {"assigned_to", "assigned_to_id"} & set(fields):
            fields["assigned_to"] = logged_by
        return saved(
            Interaction(
                stakeholders=list(stakeholders),
                kind=kind,
                logged_by=logged_by,
                occurred_on=occurred_on or date(2026, 3, 14),
                **fields,
            )
        )

    return make


@pytest.fixture
def make_commitment(app):
    """Create a commitment of a stakeholder to a measure."""

    def make(stakeholder, measure="ece_access", status="committed", **fields):
        return saved(
            Commitment(stakeholder=stakeholder, measure_code=measure, status=status, **fields)
        )

    return make


@pytest.fixture
def make_relationship(app):
    """Create a relationship between two stakeholders."""

    def make(source, target, type="partner", **fields):
        return saved(Relationship(source=source, target=target, type=type, **fields))

    return make


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that no one listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1, and what it received."""

    host: str
    port: int
    messages: list[EmailMessage]


@pytest.fixture
def smtp_server(app):
    """Run a real SMTP server in this process and point the app's MAIL_* settings at it;
    `smtp_server.messages` holds each message received, parsed."""
    from aiosmtpd.controller import Controller

    received: list[EmailMessage] = []

    class Keep:
        async def handle_DATA(self, server, session, envelope):
            received.append(message_from_bytes(envelope.content, policy=email_policy.default))
            return "250 OK"

    host, port = "127.0.0.1", free_port()
    controller = Controller(Keep(), hostname=host, port=port)
    controller.start()
    saved_config = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    app.config.update(MAIL_SERVER=host, MAIL_PORT=port, MAIL_USE_TLS=False)
    try:
        yield SmtpServer(host, port, received)
    finally:
        app.config.update(saved_config)
        controller.stop()
