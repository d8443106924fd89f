"""What the benchmarks share: the database a benchmark builds (SQLite, or PostgreSQL when
`DATABASE_URL` names a PostgreSQL server), the app on it, and measuring in a fresh
process so that each peak memory (`ru_maxrss`) is that measurement's own.

`make bench` runs every benchmark twice: once on SQLite files in a temporary folder, once
with `DATABASE_URL` set to a PostgreSQL server (`BENCH_POSTGRES_URL`), where each
benchmark creates its own scratch databases (`scratch_database`) and drops them after.
"""

import json
import resource
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def postgres_server() -> str | None:
    """Return `DATABASE_URL` when it names a PostgreSQL server (else None: SQLite), with
    the app's driver (psycopg 3)."""
    from config import database_url

    url = database_url("")
    return url if url.startswith("postgresql") else None


def database_kind() -> str:
    """Return "postgresql" or "sqlite": the database the benchmark runs on."""
    return "postgresql" if postgres_server() else "sqlite"


def scratch_database(work: Path, name: str) -> str:
    """Return the URL of a new, empty database called `name`: a SQLite file in `work`, or
    `maillage_bench_<name>` on the PostgreSQL server of `DATABASE_URL` (dropped first)."""
    server = postgres_server()
    if server is None:
        path = work / f"{name}.sqlite"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = make_url(server).set(database=f"maillage_bench_{name}".replace("-", "_"))
    drop_database(url.render_as_string(hide_password=False))
    _on_server(url, f'CREATE DATABASE "{url.database}"')
    return url.render_as_string(hide_password=False)


def copy_database(source: str, work: Path, name: str) -> str:
    """Return the URL of a copy of the database at `source`, called `name` (a file copy
    on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL)."""
    if source.startswith("sqlite"):
        path = work / f"{name}.sqlite"
        path.write_bytes(Path(make_url(source).database).read_bytes())
        return f"sqlite:///{path}"
    template = make_url(source)
    url = template.set(database=f"maillage_bench_{name}".replace("-", "_"))
    drop_database(url.render_as_string(hide_password=False))
    _on_server(url, f'CREATE DATABASE "{url.database}" TEMPLATE "{template.database}"')
    return url.render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database at `url` if it exists (a SQLite file is left to its folder)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        _on_server(parsed, f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def _on_server(url, statement: str) -> None:
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def make_app(database: "Path | str"):
    """Return the app on the benchmark's database: a URL, or a SQLite file's path."""
    from app import create_app

    url = database if isinstance(database, str) else f"sqlite:///{database}"
    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def run_in_subprocess(script: str, *args: str) -> dict:
    """Run `script` with `args` in a fresh interpreter; return the JSON of its last line."""
    output = subprocess.run(
        [sys.executable, script, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def peak_mb() -> float:
    """Return the peak memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
