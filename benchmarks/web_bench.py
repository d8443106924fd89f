"""Web benchmark (SPEC §7): the lists and the dashboards with 100,000 stakeholders.

Builds the demo data in a scratch database (SQLite, or PostgreSQL when `DATABASE_URL` names
a PostgreSQL server: `benchmarks.common`), serves the app with gunicorn (2 workers) on
127.0.0.1, signs each role in, then for each page runs 8 concurrent clients (threads with
keep-alive connections) for a fixed number of requests, and reports the 50th and 95th
percentile latencies and the workers' peak memory. Targets: p95 under 50 ms for every page,
memory under 400 MB; on PostgreSQL, no page's p95 more than 1.5 × SQLite's, read from the
figures the SQLite run left in `benchmarks/out/` (`make bench` runs SQLite first). Exits 1
on a miss.

    .venv/bin/python benchmarks/web_bench.py [--db FILE | --database-url URL] [--requests N]
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import drop_database, make_app, scratch_database  # noqa: E402

CLIENTS = 8
P95_TARGET_MS = 50
POSTGRES_RATIO_TARGET = 1.5  # PostgreSQL's p95 / SQLite's, page by page
RESULTS = ROOT / "benchmarks" / "out"
PEAK_MB_TARGET = 400
PASSWORD = "benchmark-password-2026"
PAGES = [  # role, label, path
    ("coordinator", "/stakeholders (first page)", "/stakeholders/"),
    ("coordinator", "/stakeholders?q=soleil", "/stakeholders/?q=soleil"),
    ("coordinator", "/stakeholders?region=06", "/stakeholders/?region=06"),
    ("coordinator", "/contacts (first page)", "/contacts/"),
    ("regional_lead", "/contacts (regional lead)", "/contacts/"),
    ("coordinator", "/interactions (first page)", "/interactions/"),
    ("coordinator", "dashboard (coordinator)", "/"),
    ("regional_lead", "dashboard (regional lead)", "/"),
    ("board", "dashboard (board)", "/"),
    ("coordinator", "quick log type-ahead ?q=cen", "/stakeholders/lookup?q=cen&engage=1"),
    ("coordinator", "a stakeholder's page", "/stakeholders/1"),
    ("coordinator", "its interactions", "/interactions/?stakeholder=1"),
    ("coordinator", "follow-ups this week", "/interactions/?follow_up=week&mine=1"),
]


def build_database(url: str, stakeholders: int) -> None:
    """Create the schema, the demo data and one benchmark user per role, unless the
    database at `url` holds them already."""
    import flask_migrate
    from sqlalchemy import inspect, select

    from models import User, db
    from models.demo import generate_demo, refresh_statistics
    from models.operations import create_user

    # The URL given, not DATABASE_URL: the config read that when first imported.
    with make_app(url).app_context():
        if inspect(db.engine).has_table("user") and db.session.scalar(
            select(User.id).where(User.email == "bench.coordinator@example.org")
        ):
            return
        print(f"Building {stakeholders:,} stakeholders in {url}…", flush=True)
        flask_migrate.upgrade()
        generate_demo(stakeholders=stakeholders)
        for role in ("coordinator", "regional_lead", "board"):
            create_user(
                None,
                f"bench.{role}@example.org",
                role,
                PASSWORD,
                region_codes=["06", "13"] if role == "regional_lead" else [],
            )
        db.session.commit()
        refresh_statistics()


def sign_in(port: int, role: str) -> str:
    """Sign in through the form (with its CSRF token); return the session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urlencode(
        {"csrf_token": token, "email": f"bench.{role}@example.org", "password": PASSWORD}
    )
    connection.request(
        "POST",
        "/login",
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 302, f"sign-in of {role} failed: {response.status}"
    return response.getheader("Set-Cookie").split(";")[0]


def load(port: int, cookie: str, path: str, requests: int) -> list[float]:
    """Run CLIENTS threads, each sending `requests` GETs; return the latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        for _ in range(requests):
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            assert response.status == 200, (path, response.status)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def worker_memory_mb(master_pid: int) -> float:
    """Return the largest resident memory of gunicorn's worker processes, in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                sizes.append(int(line.split()[1]) / 1024)
    return max(sizes, default=0)


def main() -> int:
    """Build or reuse the database, serve it, measure every page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="Reuse (or build) this SQLite database.")
    parser.add_argument(
        "--database-url", help="Reuse (or build) this database instead (e.g. PostgreSQL)."
    )
    parser.add_argument("--stakeholders", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="Requests per client.")
    parser.add_argument("--port", type=int, default=5097)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maillage-web-bench-"))
    if args.database_url or args.db:
        url, scratch = args.database_url or f"sqlite:///{args.db}", None
    else:
        url = scratch = scratch_database(work, "web")
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    try:
        build_database(url, args.stakeholders)
        figures, memory = serve_and_measure(url, args.port, args.requests)
    finally:
        if scratch:
            drop_database(scratch)
    return report(kind, figures, memory)


def serve_and_measure(url: str, port: int, requests: int) -> tuple[dict, float]:
    """Serve the database with gunicorn; return page label → (p50, p95) and the workers'
    peak memory in MB."""
    env = dict(
        os.environ,
        DATABASE_URL=url,
        MAILLAGE_ENV="production",
        SECRET_KEY="benchmark-only-not-secret",
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port).request("GET", "/login")
                break
            except OSError:
                time.sleep(0.1)
        cookies = {role: sign_in(port, role) for role, _label, _path in PAGES}
        figures = {}
        for role, label, path in PAGES:
            load(port, cookies[role], path, 3)  # warm the workers' caches
            latencies = load(port, cookies[role], path, requests)
            figures[label] = (
                statistics.median(latencies),
                statistics.quantiles(latencies, n=20)[-1],
            )
        return figures, worker_memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait()


def report(kind: str, figures: dict, memory: float) -> int:
    """Print the table (on PostgreSQL, beside SQLite's figures of the same `make bench`);
    keep this run's figures in `benchmarks/out/`; return the exit status."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"web-{kind}.json").write_text(json.dumps(figures))
    sqlite_file = RESULTS / "web-sqlite.json"
    beside = (
        json.loads(sqlite_file.read_text()) if kind == "postgresql" and sqlite_file.exists() else {}
    )
    print(f"database: {kind}")
    print(
        f"{'page':32} {'p50 ms':>8} {'p95 ms':>8}"
        + (f" {'SQLite p95':>10} {'ratio':>6}" if beside else "")
        + "  verdict"
    )
    missed = False
    for label, (p50, p95) in figures.items():
        ok = p95 < P95_TARGET_MS
        line = f"{label:32} {p50:8.1f} {p95:8.1f}"
        if label in beside:
            ratio = p95 / beside[label][1]
            ok &= ratio <= POSTGRES_RATIO_TARGET
            line += f" {beside[label][1]:10.1f} {ratio:6.2f}"
        missed |= not ok
        print(f"{line}  {'ok' if ok else 'MISSED'}", flush=True)
    missed |= memory >= PEAK_MB_TARGET
    print(f"peak worker memory: {memory:.0f} MB ({'ok' if memory < PEAK_MB_TARGET else 'MISSED'})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
