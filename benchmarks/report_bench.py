"""Synergy report benchmark (SPEC §7): 20,000 stakeholders, 60,000 commitments, 100,000
interactions; the report to JSON and to .xlsx, each under 3 s and 400 MB.

`make bench` runs it. It builds a temporary SQLite database with `models.demo` (20,000
stakeholders give about 60,000 commitments and 67,000 interactions), tops the interactions
up to 100,000 with `models.bulk.BulkWriter` (one to three participants of one region, as
the demo's), then times `compute_synergy` plus the writer, end to end, each run in a fresh
subprocess so that its peak memory (`ru_maxrss`) is its own. Exits 1 when a target is
missed. See benchmarks/README.md.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import make_app, peak_mb, run_in_subprocess  # noqa: E402

SECONDS_TARGET = 3.0
PEAK_MB_TARGET = 400
INTERACTIONS = 100_000


def build_database(db_path: Path, stakeholders: int, interactions: int) -> dict:
    """Create the schema, the demo data and the extra interactions; return the counts."""
    import flask_migrate
    from sqlalchemy import func, select

    from models import Commitment, Interaction, Stakeholder, User, db, interaction_stakeholder
    from models.bulk import BulkWriter
    from models.demo import generate_demo

    with make_app(db_path).app_context():
        flask_migrate.upgrade()
        generate_demo(stakeholders=stakeholders)
        db.session.commit()
        missing = interactions - db.session.scalar(select(func.count(Interaction.id)))
        rng = random.Random(7)
        by_region: dict = {}
        for sid, region in db.session.execute(select(Stakeholder.id, Stakeholder.region_code)):
            by_region.setdefault(region, []).append(sid)
        pools = list(by_region.values())
        users = list(db.session.scalars(select(User.id)))
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
        return {
            "stakeholders": db.session.scalar(select(func.count(Stakeholder.id))),
            "commitments": db.session.scalar(select(func.count(Commitment.id))),
            "interactions": db.session.scalar(select(func.count(Interaction.id))),
        }


def ours(db_path: Path, out: Path) -> tuple[float, float]:
    """Compute the report and write it to `out` (.json or .xlsx); return the wall-clock and
    CPU seconds (the CPU time tells what the code costs when other jobs share the cores)."""
    from reports.synergy import compute_synergy
    from reports.synergy_json import write_synergy_json
    from reports.synergy_xlsx import write_synergy_xlsx

    with make_app(db_path).app_context():
        started, cpu = time.perf_counter(), time.process_time()
        report = compute_synergy(None)
        if out.suffix == ".json":
            write_synergy_json(report, out)
        else:
            write_synergy_xlsx(report, out, "fr")
        return time.perf_counter() - started, time.process_time() - cpu


def measure_in_subprocess(name: str, db_path: Path, work: Path) -> dict:
    """Run one measurement in a fresh interpreter; return its seconds and peak memory."""
    return run_in_subprocess(__file__, "--measure", name, "--db", str(db_path), "--work", str(work))


def run_measure(args) -> None:
    """Run the measurement named by --measure here and print it as one JSON line."""
    seconds, cpu = ours(args.db, args.work / f"synergy.{args.measure}")
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb()}))


def main() -> int:
    """Build (or reuse) the database, run the rounds, print the table; 1 if a target fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stakeholders", type=int, default=20_000)
    parser.add_argument("--interactions", type=int, default=INTERACTIONS)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--db", type=Path, help="Reuse (or create) this database file.")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--measure", choices=("json", "xlsx"))
    args = parser.parse_args()
    if args.measure:
        run_measure(args)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        args.work = Path(tmp)
        db_path = args.db or args.work / "bench.sqlite"
        if not db_path.exists():
            print(f"Building {args.stakeholders} stakeholders…", flush=True)
            counts = build_database(db_path, args.stakeholders, args.interactions)
            print(f"Built: {counts}", flush=True)
        runs: dict[str, list[dict]] = {"json": [], "xlsx": []}
        for number in range(1, args.repeat + 1):
            for name in runs:
                print(f"Round {number}/{args.repeat}: {name}…", flush=True)
                runs[name].append(measure_in_subprocess(name, db_path, args.work))
    ok = True
    print("\n| measurement | seconds | CPU s | peak MB | target | verdict |")
    print("|---|---:|---:|---:|---|---|")
    for name, results in runs.items():
        seconds = min(r["seconds"] for r in results)
        cpu = min(r["cpu"] for r in results)
        peak = max(r["peak_mb"] for r in results)
        met = seconds < SECONDS_TARGET and peak < PEAK_MB_TARGET
        ok &= met
        print(
            f"| synergy-{name} | {seconds:.2f} | {cpu:.2f} | {peak:.0f} | < {SECONDS_TARGET:g} s, "
            f"< {PEAK_MB_TARGET} MB | {'ok' if met else 'MISSED'} |"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
