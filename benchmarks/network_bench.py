"""Network map benchmark (issue 13): /network for a region of 2,000 stakeholders, warm.

Builds (or reuses, with `--db` or `--database-url`) a database of `maillage demo` data
sized so that Montréal (06) holds 2,000 stakeholders (9,250 in all; the demo puts 22 %
of them there), with a regional lead of Montréal and a coordinator. Serves it with
gunicorn (2 workers) as web_bench.py does, warms each worker's remembered map, then
requests each page one after the other and reports the 50th and 95th percentile times.
Target: p95 under 1 s for the page and the SVG; the first (cold) view of each, and the PNG
(drawn by CairoSVG for each download), are printed for information. Exits 1 on a miss.

    .venv/bin/python benchmarks/network_bench.py [--db FILE | --database-url URL] [--requests N]
"""

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import make_app  # noqa: E402
from benchmarks.web_bench import PASSWORD, sign_in, worker_memory_mb  # noqa: E402

STAKEHOLDERS = 9_250
REGION = "06"
SECONDS_TARGET = 1.0
PAGES = [  # role, label, path, held to the target (the PNG, drawn for each download: not)
    ("regional_lead", "lead of 06: /network", "/network", True),
    ("coordinator", "coordinator: /network?regions=06", f"/network?regions={REGION}", True),
    ("coordinator", "coordinator: /network.svg?regions=06", f"/network.svg?regions={REGION}", True),
    (
        "coordinator",
        "coordinator: /network.png?regions=06",
        f"/network.png?regions={REGION}",
        False,
    ),
]
WARM_UPS = 12  # new connections: enough for both workers to have remembered the map


def build_database(url: str, stakeholders: int) -> dict:
    """Create the schema, the demo data and the benchmark's users unless the database at
    `url` holds them already; return the counts the page draws from."""
    import flask_migrate
    from sqlalchemy import func, inspect, select

    from models import Stakeholder, User, db
    from models.demo import generate_demo, refresh_statistics
    from models.operations import create_user

    # The URL given, not DATABASE_URL: the config read that when first imported.
    with make_app(url).app_context():
        built = inspect(db.engine).has_table("user") and db.session.scalar(
            select(User.id).where(User.email == "bench.regional_lead@example.org")
        )
        if not built:
            print(f"Building {stakeholders:,} stakeholders in {url}…", flush=True)
            flask_migrate.upgrade()
            generate_demo(stakeholders=stakeholders)
            for role in ("coordinator", "regional_lead"):
                create_user(
                    None,
                    f"bench.{role}@example.org",
                    role,
                    PASSWORD,
                    region_codes=[REGION] if role == "regional_lead" else [],
                )
            db.session.commit()
            refresh_statistics()
        count = select(func.count()).select_from(Stakeholder).where(Stakeholder.archived.is_(False))
        return {
            "region": db.session.scalar(count.where(Stakeholder.region_code == REGION)),
            "national": db.session.scalar(count.where(Stakeholder.region_code.is_(None))),
        }


def get(port: int, cookie: str, path: str) -> float:
    """Request `path` on a new connection (gunicorn's workers take turns); return seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    assert response.status == 200, (path, response.status)
    return elapsed


def main() -> int:
    """Build or reuse the database, serve it, time every page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="Reuse (or build) this SQLite database.")
    parser.add_argument("--database-url", help="Reuse (or build) this database instead.")
    parser.add_argument("--stakeholders", type=int, default=STAKEHOLDERS)
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page.")
    parser.add_argument("--port", type=int, default=5098)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maillage-network-bench-"))
    url = args.database_url or f"sqlite:///{args.db or work / 'bench.sqlite'}"
    counts = build_database(url, args.stakeholders)
    print(f"Montréal: {counts['region']:,} stakeholders, national: {counts['national']:,}")
    env = dict(os.environ, DATABASE_URL=url, MAILLAGE_ENV="production",
               SECRET_KEY="benchmark-only-not-secret")  # fmt: skip
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{args.port}", "--timeout", "120",
         "--log-level", "warning", "app:create_app()"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port).request("GET", "/login")
                break
            except OSError:
                time.sleep(0.1)
        cookies = {role: sign_in(args.port, role) for role, *_rest in PAGES}
        print(f"{'page':40} {'cold s':>7} {'p50 s':>7} {'p95 s':>7}  verdict")
        missed = False
        for role, label, path, held in PAGES:
            cold = get(args.port, cookies[role], path)
            for _ in range(WARM_UPS):  # each worker remembers its own map
                get(args.port, cookies[role], path)
            times = [get(args.port, cookies[role], path) for _ in range(args.requests)]
            p50 = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            ok = p95 < SECONDS_TARGET
            missed |= held and not ok
            verdict = ("ok" if ok else "MISSED") if held else "(no target)"
            print(f"{label:40} {cold:7.2f} {p50:7.3f} {p95:7.3f}  {verdict}", flush=True)
        print(f"peak worker memory: {worker_memory_mb(server.pid):.0f} MB")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)  # the database built there, if any
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
