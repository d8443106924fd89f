"""Web benchmark (SPEC §7): the lists and the dashboards with 100,000 stakeholders.

Builds the demo data in a scratch database (SQLite, or PostgreSQL when `DATABASE_URL` names
a PostgreSQL server: `benchmarks.common`), serves the app with gunicorn (2 workers) on
127.0.0.1, signs each role in, then for each page runs 8 concurrent clients (threads with
keep-alive connections) for a fixed number of requests, three rounds, and reports the
median of the rounds' 50th and 95th percentile latencies and the workers' peak memory.

On PostgreSQL it builds a SQLite database of the same size too and serves both, each page
loaded on one then the other, round after round: on a shared or virtual machine, runs
minutes apart differ by a third, which a ratio between two runs would read as the
databases' difference. Targets: p95 under 50 ms for every page, memory under 400 MB; on
PostgreSQL, no page's p95 more than 1.5 × SQLite's in the same rounds. Exits 1 on a miss.

    .venv/bin/python benchmarks/web_bench.py [--db FILE | --database-url URL [--paired-db FILE]]
        [--requests N] [--rounds N]
"""

import argparse
import http.client
import json
import os
import re
import shutil
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
    ("coordinator", "/interactions?region=06", "/interactions/?region=06"),
    ("coordinator", "/commitments (first page)", "/commitments/"),
    ("coordinator", "dashboard (coordinator)", "/"),
    ("regional_lead", "dashboard (regional lead)", "/"),
    ("board", "dashboard (board)", "/"),
    ("coordinator", "quick log type-ahead ?q=cen", "/stakeholders/lookup?q=cen&engage=1"),
    ("coordinator", "its contacts' type-ahead ?q=tre", "/contacts/lookup?q=tre"),
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
    """Build or reuse the database(s), serve them, measure every page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="Reuse (or build) this SQLite database.")
    parser.add_argument(
        "--database-url", help="Reuse (or build) this database instead (e.g. PostgreSQL)."
    )
    parser.add_argument(
        "--paired-db",
        type=Path,
        help="On PostgreSQL: reuse (or build) this SQLite database as the one measured beside it.",
    )
    parser.add_argument("--stakeholders", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="Requests per client and round.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds per page (the median p95).")
    parser.add_argument("--port", type=int, default=5097)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maillage-web-bench-"))
    if args.database_url or args.db:
        url, scratch = args.database_url or f"sqlite:///{args.db}", None
    else:
        url = scratch = scratch_database(work, "web")
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    urls = {kind: url}
    if kind == "postgresql":  # SQLite beside it, on the same machine at the same moments
        urls["sqlite"] = f"sqlite:///{args.paired_db or work / 'paired.sqlite'}"
    try:
        for each in urls.values():
            build_database(each, args.stakeholders)
        figures, memory = serve_and_measure(urls, args.port, args.requests, args.rounds)
    finally:
        if scratch:
            drop_database(scratch)
        shutil.rmtree(work, ignore_errors=True)
    return report(kind, figures, memory)


def serve_and_measure(
    urls: dict[str, str], port: int, requests: int, rounds: int
) -> tuple[dict, float]:
    """Serve each database with gunicorn; return {database kind: {page label: (p50,
    p95)}} and the workers' peak memory in MB. Each page is loaded `rounds` times on each
    database, the databases taking turns (first one, then the other, then the other way
    round), and its figures are the median of the rounds': the machine's moments of load
    fall on both alike."""
    ports = {kind: port + number for number, kind in enumerate(urls)}
    servers = {kind: serve(url, ports[kind]) for kind, url in urls.items()}
    try:
        cookies = {
            (kind, role): sign_in(ports[kind], role) for kind in urls for role, _l, _p in PAGES
        }
        figures: dict[str, dict] = {kind: {} for kind in urls}
        for role, label, path in PAGES:
            for kind in urls:
                load(ports[kind], cookies[(kind, role)], path, 3)  # warm the workers' caches
            measured: dict[str, list] = {kind: [] for kind in urls}
            for number in range(rounds):
                order = list(urls) if number % 2 == 0 else list(reversed(urls))
                for kind in order:
                    latencies = load(ports[kind], cookies[(kind, role)], path, requests)
                    p50 = statistics.median(latencies)
                    measured[kind].append((p50, statistics.quantiles(latencies, n=20)[-1]))
            for kind, values in measured.items():
                figures[kind][label] = (
                    statistics.median(p50 for p50, _p95 in values),
                    statistics.median(p95 for _p50, p95 in values),
                )
        memory = max(worker_memory_mb(server.pid) for server in servers.values())
        return figures, memory
    finally:
        for server in servers.values():
            server.terminate()
            server.wait()


def serve(url: str, port: int) -> subprocess.Popen:
    """Start gunicorn (2 workers) on the database at `url`; return once it answers."""
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
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port).request("GET", "/login")
            break
        except OSError:
            time.sleep(0.1)
    return server


def report(kind: str, figures: dict, memory: float) -> int:
    """Print the table (on PostgreSQL, beside SQLite's figures measured in the same
    rounds); keep this run's figures in `benchmarks/out/`; return the exit status."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"web-{kind}.json").write_text(json.dumps(figures))
    mine, beside = figures[kind], figures.get("sqlite", {}) if kind == "postgresql" else {}
    print(f"database: {kind}")
    print(
        f"{'page':32} {'p50 ms':>8} {'p95 ms':>8}"
        + (f" {'SQLite p95':>10} {'ratio':>6}" if beside else "")
        + "  verdict"
    )
    missed = False
    for label, (p50, p95) in mine.items():
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
