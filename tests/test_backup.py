"""Backups taken while people keep writing restore to the same counts, intact.

On PostgreSQL (TEST_DATABASE_URL) the restore replaces the test database's contents with
the backup, which holds the schema and the reference data: the suite goes on from there.
The commands speak French, the default language, unless `g.lang` says otherwise.
"""

import sqlite3
import threading
import time
from contextlib import closing
from datetime import date
from types import SimpleNamespace

import pytest
from flask import g
from flask_babel import refresh
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url

from models import AuditEvent, Contact, Interaction, Region, Stakeholder, db
from models import backup as backups
from models.backup import BackupError, backup_database

BEFORE_BACKUP = 100  # rows written before the backup starts
AFTER_BACKUP = 100  # rows still written once it is done
AT_LEAST = 300  # rows written in all


def write_rows(engine, stop: threading.Event, written: list[int], errors: list) -> None:
    """Commit a stakeholder, a contact and an interaction per transaction until told to stop
    (and a while after), as people using the app would."""
    try:
        after_stop = 0
        while after_stop < AFTER_BACKUP or len(written) < AT_LEAST:
            n = len(written) + 1
            with engine.begin() as connection:
                stakeholder_id = connection.execute(
                    insert(Stakeholder.__table__)
                    .values(name=f"Organisme {n}", name_key=f"organisme {n}", region_code="06")
                    .returning(Stakeholder.__table__.c.id)
                ).scalar_one()
                connection.execute(
                    insert(Contact.__table__).values(
                        first_name="Camille", last_name=f"Gagnon{n}", stakeholder_id=stakeholder_id
                    )
                )
                connection.execute(
                    insert(Interaction.__table__).values(occurred_on=date(2026, 3, 14))
                )
            written.append(n)
            if stop.is_set():
                after_stop += 1
    except Exception as error:  # reported by the test, not lost in the thread
        errors.append(error)


def live_counts() -> dict[str, int]:
    """Return the counts of the live database."""
    return {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in (
            ("stakeholders", Stakeholder),
            ("contacts", Contact),
            ("interactions", Interaction),
        )
    }


def sqlite_file_counts(path) -> dict[str, int]:
    """Return the counts held by a SQLite backup file, read on its own."""
    with closing(sqlite3.connect(path)) as backup_file:
        return {
            name: backup_file.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for name, table in backups.COUNTED.items()
        }


def test_backup_during_writes_restores_the_same_counts_and_an_intact_database(
    app, runner, tmp_path
):
    engine = db.engine
    stop, written, errors = threading.Event(), [], []
    writer = threading.Thread(target=write_rows, args=(engine, stop, written, errors))
    writer.start()
    try:
        deadline = time.monotonic() + 60
        while len(written) < BEFORE_BACKUP and not errors and time.monotonic() < deadline:
            time.sleep(0.01)
        info = backup_database(engine, tmp_path / "maillage.backup")
    finally:
        stop.set()
        writer.join(timeout=120)
    assert not errors, errors
    assert not writer.is_alive()

    held = info.counts
    final = live_counts()
    assert BEFORE_BACKUP <= held["stakeholders"] < final["stakeholders"] == len(written)
    assert held["stakeholders"] == held["contacts"] == held["interactions"]
    if engine.dialect.name == "sqlite":
        assert sqlite_file_counts(info.path) == held

    result = runner.invoke(args=["restore", "--yes", str(info.path)])
    assert result.exit_code == 0, result.output
    n = held["stakeholders"]  # as many contacts and interactions, more than one of each
    assert f"{n} acteurs, {n} contacts, {n} interactions (schéma " in result.output
    db.session.remove()
    assert live_counts() == held
    if engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert db.session.scalar(select(func.count()).select_from(Region)) == 17
    db.session.add(Stakeholder(name="Après la restauration", region_code="06", level="local"))
    db.session.commit()  # the restored database takes writes


def test_backup_command_reports_counts_and_audits(
    app, runner, tmp_path, make_stakeholder, make_contact
):
    lucioles = make_stakeholder("CPE Les Lucioles")
    make_contact(lucioles, last_name="Roy")
    make_contact(lucioles, last_name="Tremblay")
    out = tmp_path / "copy.backup"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Sauvegarde écrite dans" in result.output
    # French agrees with the number: one is singular (and so is zero), two is plural.
    assert "octets\u202f; 1 acteur, 2 contacts, 0 interaction (schéma " in result.output
    assert out.stat().st_size > 0
    assert not list(tmp_path.glob(".*partial"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "backup"))
    assert event.action == "export" and event.after["stakeholders"] == 1


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path, make_stakeholder):
    make_stakeholder("CPE Les Lucioles")
    junk = tmp_path / "notes.txt"
    junk.write_text("bonjour")
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    for path in (junk, other):
        result = runner.invoke(args=["restore", "--yes", str(path)])
        assert result.exit_code == 1
        assert "n’est pas une sauvegarde de Maillage" in result.output
    assert live_counts()["stakeholders"] == 1


def test_restore_asks_for_confirmation(app, runner, tmp_path, make_stakeholder):
    out = tmp_path / "copy.backup"
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    make_stakeholder("CPE Les Lucioles")
    result = runner.invoke(args=["restore", str(out)], input="n\n")
    assert result.exit_code == 1
    assert "seront remplacées par le contenu de" in result.output
    assert live_counts()["stakeholders"] == 1


def test_backup_into_a_missing_folder_fails_clearly(app, runner, tmp_path):
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "nowhere" / "x.backup")])
    assert result.exit_code == 1
    assert "n’existe pas" in result.output


def test_messages_are_in_english_when_the_language_is_english(
    app, runner, tmp_path, make_stakeholder
):
    g.lang = "en"  # what select_locale reads outside a request
    refresh()  # forget any locale Flask-Babel already chose in this app context
    make_stakeholder("CPE Les Lucioles")
    out = tmp_path / "copy.backup"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    assert "bytes; 1 stakeholder, 0 contacts, 0 interactions (schema " in result.output
    junk = tmp_path / "notes.txt"
    junk.write_text("bonjour")
    result = runner.invoke(args=["restore", "--yes", str(junk)])
    assert result.exit_code == 1
    assert "is not a Maillage backup: it is not a" in result.output
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "nowhere" / "x.backup")])
    assert "does not exist" in result.output


def test_missing_postgresql_tools_are_named(app, monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda _name: None)
    with pytest.raises(BackupError, match="pg_dump est introuvable dans le PATH"):
        backups.pg_tool("pg_dump")


def test_the_password_goes_in_the_environment_not_the_command_line(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(backups.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(
        backups.subprocess,
        "run",
        lambda command, env, **_: (
            calls.append((command, env)) or SimpleNamespace(returncode=0, stdout="")
        ),
    )
    url = make_url("postgresql+psycopg://maillage:s3cret-word@db.example.org:5433/crm")
    backups._pg_restore(SimpleNamespace(url=url), tmp_path / "x.backup")
    command, env = calls[0]
    assert not any("s3cret" in part for part in command)
    assert env["PGPASSWORD"] == "s3cret-word"
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"]) == ("db.example.org", "5433", "maillage")
