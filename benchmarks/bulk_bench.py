"""Bulk action benchmark (issue 16): tag 10,000 of 100,000 stakeholders at once, and undo it.

`make bench` runs it. It builds a temporary SQLite database with `models.demo` (100,000
stakeholders), then runs each measurement in a fresh subprocess, so that each peak memory
is that measurement's own:

- tag: `run_bulk(admin, "stakeholders", "add_tag", …)` on 10,000 ticked stakeholders, end
  to end (scope and rights read per row, the tags written, each version moved on, the
  search text of each refreshed, the batch and its audit event), then the commit;
- undo: `undo_bulk` of that batch (each version checked, the tags removed, the search
  text refreshed again), then the commit.

Targets: the tag under 3 s, its undo under 3 s, peak memory under 400 MB. Exits 1 when a
target is missed. See benchmarks/README.md.
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import make_app, peak_mb, run_in_subprocess  # noqa: E402

SECONDS_TARGET = 3.0
PEAK_MB_TARGET = 400
TAGGED = 10_000
TAG = "bench-bulk"


def build_database(db_path: Path, stakeholders: int) -> float:
    """Create the schema and the demo data; return the seconds it took."""
    import flask_migrate

    from models import db
    from models.demo import generate_demo

    started = time.perf_counter()
    with make_app(db_path).app_context():
        flask_migrate.upgrade()
        generate_demo(stakeholders=stakeholders)
        db.session.commit()
    return time.perf_counter() - started


def _admin():
    from sqlalchemy import select

    from models import User, db

    return db.session.scalars(select(User).where(User.role == "admin").order_by(User.id)).first()


def tag(db_path: Path) -> dict:
    """Tag the first 10,000 current stakeholders; return the seconds and the count."""
    from sqlalchemy import select

    from models import Stakeholder, db
    from models.labels import Labels
    from models.operations.bulk_actions import Selection, run_bulk

    with make_app(db_path).app_context():
        ids = list(
            db.session.scalars(
                select(Stakeholder.id)
                .where(Stakeholder.archived.is_(False))
                .order_by(Stakeholder.id)
                .limit(TAGGED)
            )
        )
        admin, labels = _admin(), Labels("fr")
        started = time.perf_counter()
        outcome = run_bulk(admin, "stakeholders", "add_tag", TAG, Selection(ids=ids), labels)
        db.session.commit()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "count": outcome.count}


def undo(db_path: Path) -> dict:
    """Undo the latest bulk change; return the seconds and how many records came back."""
    from sqlalchemy import select

    from models import db
    from models.change_batch import ChangeBatch
    from models.operations.bulk_actions import undo_bulk

    with make_app(db_path).app_context():
        batch = db.session.scalars(select(ChangeBatch).order_by(ChangeBatch.id.desc())).first()
        admin = _admin()
        started = time.perf_counter()
        restored = undo_bulk(admin, batch)
        db.session.commit()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "count": restored}


MEASURES = {"tag": tag, "undo": undo}


def measure_in_subprocess(name: str, db_path: Path, stakeholders: int = 0) -> dict:
    """Run one measurement in a fresh interpreter; return its seconds and peak memory."""
    return run_in_subprocess(
        __file__, "--measure", name, "--db", str(db_path), "--stakeholders", str(stakeholders)
    )


def run_measure(args) -> None:
    """Run the measurement named by --measure here and print it as one JSON line."""
    if args.measure == "build":
        result = {"seconds": build_database(args.db, args.stakeholders), "count": 0}
    else:
        result = MEASURES[args.measure](args.db)
    print(json.dumps({**result, "peak_mb": peak_mb()}))


def main() -> int:
    """Build the database, tag and undo `--repeat` times, print the table; return the exit
    status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stakeholders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2, help="Keep the best of N runs each.")
    parser.add_argument("--db", type=Path, help="Reuse (or build and keep) this database.")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        run_measure(args)
        return 0
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as work:
        db_path = args.db or Path(work) / "bench.db"
        if not db_path.exists():
            print(f"Building a database of {args.stakeholders:,} stakeholders…", flush=True)
            built = measure_in_subprocess("build", db_path, args.stakeholders)
            print(f"Built in {built['seconds']:.0f} s.", flush=True)
        runs: dict[str, list[dict]] = {name: [] for name in MEASURES}
        for round_number in range(1, args.repeat + 1):
            for name in MEASURES:  # tag, then its undo: the next round tags again
                print(f"Round {round_number}/{args.repeat}: {name}…", flush=True)
                runs[name].append(measure_in_subprocess(name, db_path))
    print(f"\nBulk tag of {TAGGED:,} among {args.stakeholders:,} stakeholders — {date.today()}\n")
    print(f"{'measurement':<12}{'records':>9}{'seconds':>9}{'peak MB':>9}  {'target':<22}verdict")
    ok = True
    for name, results in runs.items():
        seconds = min(r["seconds"] for r in results)
        memory = max(r["peak_mb"] for r in results)
        count = min(r["count"] for r in results)
        met = seconds < SECONDS_TARGET and memory < PEAK_MB_TARGET and count == TAGGED
        ok = ok and met
        target = f"< {SECONDS_TARGET:g} s, < {PEAK_MB_TARGET} MB"
        verdict = "ok" if met else "MISSED"
        print(f"{name:<12}{count:>9,}{seconds:>9.2f}{memory:>9.0f}  {target:<22}{verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
