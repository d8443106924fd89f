"""Synergy report benchmark (SPEC §7, issue 20): the whole province's report to JSON and to
.xlsx on 20,000 stakeholders (under 3 s) and on 100,000 (under 10 s), each under 400 MB.

`make bench` runs it on SQLite and, with `DATABASE_URL` naming a PostgreSQL server, on
PostgreSQL. Two cases, each on its own scratch database (`benchmarks.common`):

- `spec`: SPEC §7's 20,000 stakeholders, 60,000 commitments and 100,000 interactions:
  `models.demo` (about 67,000 interactions), topped up to 100,000 with
  `models.bulk.BulkWriter` (one to three participants of one region, as the demo's);
- `province`: `generate_demo(stakeholders=100000)` as it comes (300,000 commitments,
  333,000 interactions): the issue's "whole province".

Each database is built (then `refresh_statistics`, as `maillage demo` does), then
`compute_synergy` plus the writer is timed end to end, each run in a fresh subprocess so
that its peak memory (`ru_maxrss`) is its own; the scratch databases are dropped at the
end unless `--keep`. `--database-url` reuses a database built before (one case). Exits 1
when a target is missed. See benchmarks/README.md.
"""

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import (  # noqa: E402
    database_kind,
    drop_database,
    make_app,
    peak_mb,
    run_in_subprocess,
    scratch_database,
)

PEAK_MB_TARGET = 400
# Case → (stakeholders, interactions wanted: None for the demo's own, seconds target).
CASES = {"spec": (20_000, 100_000, 3.0), "province": (100_000, None, 10.0)}


def build_database(url: str, stakeholders: int, interactions: int | None) -> dict:
    """Create the schema, the demo data and the extra interactions up to `interactions`
    (None: none), refresh the planner's statistics; return the counts."""
    import flask_migrate
    from sqlalchemy import func, select

    from models import Commitment, Interaction, Stakeholder, User, db, interaction_stakeholder
    from models.bulk import BulkWriter
    from models.demo import generate_demo, refresh_statistics

    with make_app(url).app_context():
        flask_migrate.upgrade()
        generate_demo(stakeholders=stakeholders)
        db.session.commit()
        missing = (interactions or 0) - db.session.scalar(select(func.count(Interaction.id)))
        rng = random.Random(7)
        by_region: dict = {}
        for sid, region in db.session.execute(
            select(Stakeholder.id, Stakeholder.region_code).order_by(Stakeholder.id)
        ):
            by_region.setdefault(region, []).append(sid)
        pools = list(by_region.values())
        users = list(db.session.scalars(select(User.id).order_by(User.id)))
        writer = BulkWriter()
        table = Interaction.__table__
        start = date.today() - timedelta(days=730)
        now = datetime.now(UTC).replace(tzinfo=None)
        tracked = {
            "created_at": now,
            "updated_at": now,
            "version": 1,
            "created_by_id": None,
            "updated_by_id": None,
        }
        for _ in range(max(missing, 0)):
            iid = writer.new_id(table)
            pool = rng.choice(pools)
            group = {rng.choice(pool) for _ in range(rng.choice((1, 1, 1, 1, 1, 2, 3)))}
            day = start + timedelta(days=rng.randrange(730))
            writer.add(
                table,
                {
                    "id": iid,
                    "occurred_on": day,
                    "kind": rng.choice(("call", "email", "meeting")),
                    "logged_by_id": rng.choice(users),
                    "summary": "",
                    "follow_up_done": False,
                    "follow_up_on": day + timedelta(days=14) if rng.random() < 0.2 else None,
                    **tracked,
                },
            )
            for sid in group:
                writer.add(interaction_stakeholder, {"interaction_id": iid, "stakeholder_id": sid})
        writer.finish()
        db.session.commit()
        refresh_statistics()
        return {
            "stakeholders": db.session.scalar(select(func.count(Stakeholder.id))),
            "commitments": db.session.scalar(select(func.count(Commitment.id))),
            "interactions": db.session.scalar(select(func.count(Interaction.id))),
        }


def ours(url: str, out: Path) -> tuple[float, float]:
    """Compute the report and write it to `out` (.json or .xlsx); return the wall-clock and
    CPU seconds (the CPU time tells what the code costs when other jobs share the cores)."""
    from reports.synergy import compute_synergy
    from reports.synergy_json import write_synergy_json
    from reports.synergy_xlsx import write_synergy_xlsx

    with make_app(url).app_context():
        started, cpu = time.perf_counter(), time.process_time()
        report = compute_synergy(None)
        if out.suffix == ".json":
            write_synergy_json(report, out)
        else:
            write_synergy_xlsx(report, out, "fr")
        return time.perf_counter() - started, time.process_time() - cpu


def measure_in_subprocess(name: str, url: str, work: Path) -> dict:
    """Run one measurement in a fresh interpreter; return its seconds and peak memory."""
    return run_in_subprocess(
        __file__, "--measure", name, "--database-url", url, "--work", str(work)
    )


def run_measure(args) -> None:
    """Run the measurement named by --measure here and print it as one JSON line."""
    seconds, cpu = ours(args.database_url, args.work / f"synergy.{args.measure}")
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb()}))


def run_case(case: str, url: str, work: Path, repeat: int, build: bool) -> dict[str, list[dict]]:
    """Build the case's database at `url` if `build`, run the rounds; return the runs."""
    stakeholders, interactions, _target = CASES[case]
    if build:
        print(f"{case}: building {stakeholders:,} stakeholders on {database_kind()}…", flush=True)
        started = time.perf_counter()
        counts = build_database(url, stakeholders, interactions)
        print(f"{case}: built in {time.perf_counter() - started:.0f} s: {counts}", flush=True)
    runs: dict[str, list[dict]] = {"json": [], "xlsx": []}
    for number in range(1, repeat + 1):
        for name in runs:
            print(f"{case}, round {number}/{repeat}: {name}…", flush=True)
            runs[name].append(measure_in_subprocess(name, url, work))
    return runs


def main() -> int:
    """Build (or reuse) the databases, run the rounds, print the table; 1 if a target fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=(*CASES, "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3, help="Keep the best of N runs each.")
    parser.add_argument(
        "--database-url", help="Reuse this database, built before (with --case spec or province)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the databases built, say where.")
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", choices=("json", "xlsx"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        run_measure(args)
        return 0
    cases = list(CASES) if args.case == "both" else [args.case]
    if args.database_url and len(cases) > 1:
        parser.error("--database-url is one case's database: say which with --case")
    work = Path(tempfile.mkdtemp(prefix="maillage-bench-report-"))
    results = {}
    try:
        for case in cases:
            url = args.database_url or scratch_database(work, f"report_{case}")
            results[case] = run_case(case, url, work, args.repeat, not args.database_url)
            if args.database_url:
                continue
            if args.keep:
                print(f"{case}: kept at {url} (--database-url to reuse it)", flush=True)
            else:
                drop_database(url)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if print_table(results, make_url(url).get_backend_name()) else 1


def print_table(results: dict[str, dict[str, list[dict]]], kind: str) -> bool:
    """Print each case's best time and highest peak against its targets, on the database
    `kind`; return True if all are met."""
    ok = True
    print(f"\nSynergy report on {kind}")
    print("| case | measurement | seconds | CPU s | peak MB | target | verdict |")
    print("|---|---|---:|---:|---:|---|---|")
    for case, runs in results.items():
        stakeholders, _interactions, target = CASES[case]
        for name, measured in runs.items():
            seconds = min(r["seconds"] for r in measured)
            cpu = min(r["cpu"] for r in measured)
            peak = max(r["peak_mb"] for r in measured)
            met = seconds < target and peak < PEAK_MB_TARGET
            ok &= met
            print(
                f"| {stakeholders:,} stakeholders | synergy-{name} | {seconds:.2f} | {cpu:.2f} "
                f"| {peak:.0f} | < {target:g} s, < {PEAK_MB_TARGET} MB "
                f"| {'ok' if met else 'MISSED'} |"
            )
    return ok


if __name__ == "__main__":
    sys.exit(main())
