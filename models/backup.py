"""Backups of the whole database, taken while people keep working, and their restore.

SQLite: the online backup API copies the live file page by page inside one read
transaction (WAL lets writers go on), into a temporary file renamed into place once
complete. PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists
--no-owner --single-transaction` (all or nothing), with the password passed in PGPASSWORD,
never on a command line. A backup's counts are taken from the same snapshot it holds.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from models.bulk import vacuum_analyze

# Tables whose row counts a backup and a restore report.
COUNTED = {"stakeholders": "stakeholder", "contacts": "contact", "interactions": "interaction"}
# A file is a Maillage backup when it holds these tables.
REQUIRED_TABLES = {"alembic_version", "user", "stakeholder", "contact", "interaction"}
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or a restore could not be made; the message says why, for the operator.

    The message is a lazy string: `str(error)` gives it in the current language.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass
class BackupInfo:
    """What a backup file holds: its size, its schema revision and the counts of records."""

    path: Path
    size: int
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)


def backup_database(engine: Engine, out: Path) -> BackupInfo:
    """Write a consistent copy of the database behind `engine` to `out`."""
    out = Path(out)
    if not out.parent.is_dir():
        raise BackupError(_l("the folder %(folder)s does not exist", folder=out.parent))
    partial = out.with_name(f".{out.name}.partial")
    try:
        if engine.dialect.name == "sqlite":
            revision, counts = _sqlite_backup(_sqlite_path(engine), partial)
        elif engine.dialect.name == "postgresql":
            revision, counts = _pg_backup(engine, partial)
        else:
            raise BackupError(
                _l(
                    "backups of %(dialect)s databases are not supported",
                    dialect=engine.dialect.name,
                )
            )
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(out, out.stat().st_size, revision, counts)


def inspect_backup(engine: Engine, source: Path) -> BackupInfo:
    """Return what the backup `source` holds; raise BackupError unless it is one of ours."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(_l("%(path)s is not a file", path=source))
    with source.open("rb") as f:
        header = f.read(16)
    if engine.dialect.name == "sqlite":
        if header != SQLITE_HEADER:
            raise not_a_backup(source, _l("it is not a SQLite database"))
        revision, counts = _sqlite_inspect(source)
    else:
        if not header.startswith(PG_DUMP_HEADER):
            raise not_a_backup(source, _l("it is not a pg_dump custom-format archive"))
        revision, counts = _pg_inspect(source)
    return BackupInfo(source, source.stat().st_size, revision, counts)


def restore_database(engine: Engine, source: Path) -> BackupInfo:
    """Replace the database behind `engine` with the backup `source`; check it after."""
    inspect_backup(engine, source)
    engine.dispose()  # no pooled connection may hold a lock or a stale page cache
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_restore(Path(source), _sqlite_path(engine))
        else:
            _pg_restore(engine, Path(source))
    finally:
        engine.dispose()
    vacuum_analyze(engine)  # PostgreSQL: the planner's statistics are not in a dump
    with engine.connect() as connection:
        revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        counts = _counts(connection.exec_driver_sql)
    return BackupInfo(Path(source), Path(source).stat().st_size, revision, counts)


def not_a_backup(source: Path, why: LazyString | str) -> BackupError:
    """Return the error for a file that is not a Maillage backup; `why` is a lazy string."""
    return BackupError(_l("%(path)s is not a Maillage backup: %(why)s", path=source, why=why))


def _counts(execute) -> dict[str, int]:
    return {
        name: execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for name, table in COUNTED.items()
    }


# SQLite


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(_l("only a SQLite database in a file can be backed up"))
    return Path(database)


def _sqlite_backup(live: Path, partial: Path) -> tuple[str | None, dict[str, int]]:
    partial.unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(live, timeout=30)) as src,
        closing(sqlite3.connect(partial)) as dst,
    ):
        # One step (pages=-1): one read transaction, so a consistent snapshot even while
        # other connections commit.
        src.backup(dst, pages=-1)
        # A self-contained file: no -wal or -shm companion needed to read it.
        dst.execute("PRAGMA journal_mode=DELETE")
    return _sqlite_inspect(partial)


def _sqlite_inspect(path: Path) -> tuple[str | None, dict[str, int]]:
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not tables >= REQUIRED_TABLES:
                raise not_a_backup(path, _l("it does not hold Maillage's tables"))
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(_l("%(path)s is damaged (PRAGMA quick_check failed)", path=path))
            revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
            return (revision[0] if revision else None), _counts(db.execute)
    except sqlite3.DatabaseError as error:
        why = _l("SQLite cannot read it (%(error)s)", error=str(error))
        raise not_a_backup(path, why) from None


def _sqlite_restore(source: Path, live: Path) -> None:
    with (
        closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(live, timeout=30)) as dst,
    ):
        dst.execute("PRAGMA busy_timeout=30000")
        src.backup(dst, pages=-1)
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(
            _l("the restored database failed PRAGMA integrity_check: %(result)s", result=result)
        )


# PostgreSQL


def pg_tool(name: str) -> str:
    """Return the path of the PostgreSQL client program `name`, or raise BackupError."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _l(
                "%(program)s was not found on PATH: install the PostgreSQL client tools",
                program=name,
            )
        )
    return found


def pg_environment(url: URL) -> dict[str, str]:
    """Return the environment that names the database to libpq's tools (password too)."""
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[variable] = str(value)
    return env


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    """Run a client program; return its output, or raise BackupError with its last error."""
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BackupError(
            _l("%(program)s could not be run: %(error)s", program=command[0], error=error)
        ) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise BackupError(
            _l("%(program)s failed: %(error)s", program=Path(command[0]).name,
               error=lines[-1] if lines else done.returncode)
        )  # fmt: skip
    return done.stdout


@contextmanager
def _pg_snapshot(engine: Engine) -> Iterator[tuple[str, dict[str, int], str | None]]:
    """Hold a repeatable-read transaction open; yield its exported snapshot and counts."""
    repeatable = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with repeatable as connection, connection.begin():
        snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
        revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        yield snapshot, _counts(connection.exec_driver_sql), revision


def _pg_backup(engine: Engine, partial: Path) -> tuple[str | None, dict[str, int]]:
    pg_dump = pg_tool("pg_dump")
    with _pg_snapshot(engine) as (snapshot, counts, revision):
        # The dump reads the very snapshot that was counted.
        run(
            [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}",
             f"--file={partial}"],
            env=pg_environment(engine.url),
        )  # fmt: skip
    return revision, counts


def _pg_inspect(source: Path) -> tuple[str | None, dict[str, int]]:
    listing = run([pg_tool("pg_restore"), "--list", str(source)])
    tables = set()
    for line in listing.splitlines():  # e.g. "215; 1259 16390 TABLE public stakeholder owner"
        parts = line.split()
        if "TABLE" in parts and "DATA" not in parts and len(parts) > parts.index("TABLE") + 2:
            tables.add(parts[parts.index("TABLE") + 2])
    if not tables >= REQUIRED_TABLES:
        raise not_a_backup(source, _l("it does not hold Maillage's tables"))
    # A custom-format archive cannot be queried without restoring it: no counts here.
    return None, {}


def _pg_restore(engine: Engine, source: Path) -> None:
    run(
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--no-password", f"--dbname={engine.url.database}", str(source)],
        env=pg_environment(engine.url),
    )  # fmt: skip
