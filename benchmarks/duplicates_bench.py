"""Duplicate finder benchmark (issue 16): `find_pairs` over 100,000 demo stakeholders.

`make bench` runs it. It builds a temporary SQLite database with `models.demo` (100,000
stakeholders, ~150,000 contacts), or reuses one (`--db FILE`), then runs the finder in a
fresh subprocess per kind, so that each peak memory (`ru_maxrss`) is that run's own: the
app created, the rows read in the user's scope, folded, blocked, compared by RapidFuzz and
scored, every pair found. The time includes reading the rows, not starting Python.

Targets: stakeholders under 15 s and under 400 MB of peak memory (exit 1 otherwise). The
contacts are measured and reported too, with no target.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import make_app, peak_mb, run_in_subprocess  # noqa: E402

SECONDS_TARGET = 15.0
PEAK_MB_TARGET = 400


def build_database(db_path: Path, stakeholders: int) -> None:
    """Create the schema and the demo data."""
    import flask_migrate

    from models import db
    from models.demo import generate_demo

    with make_app(db_path).app_context():
        flask_migrate.upgrade()
        generate_demo(stakeholders=stakeholders)
        db.session.commit()


def measure(db_path: Path, kind: str) -> dict:
    """Run the finder once for `kind`; return its time, peak memory and counts."""
    from sqlalchemy import func, select

    from models import Contact, Stakeholder, db
    from models.duplicate_finder import find_pairs

    with make_app(db_path).app_context():
        model = Stakeholder if kind == "stakeholders" else Contact
        records = db.session.scalar(select(func.count(model.id)))
        started = time.perf_counter()
        pairs = find_pairs(None, kind)
        seconds = time.perf_counter() - started
    return {"kind": kind, "records": records, "pairs": len(pairs), "seconds": seconds,
            "peak_mb": peak_mb()}  # fmt: skip


def main() -> int:
    """Build (or reuse) the database, run each kind, print the table; 1 if a target fails."""
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stakeholders", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="Reuse (or create) this database file.")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.db, args.measure)))
        return 0
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as work:
        db_path = args.db or Path(work) / "bench.sqlite"
        if not db_path.exists():
            print(f"Building {args.stakeholders:,} demo stakeholders…", flush=True)
            started = time.perf_counter()
            build_database(db_path, args.stakeholders)
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        results = [
            run_in_subprocess(__file__, "--measure", kind, "--db", str(db_path))
            for kind in ("stakeholders", "contacts")
        ]
    print(f"{'kind':<14}{'records':>10}{'pairs':>8}{'seconds':>9}{'peak MB':>9}  target")
    ok = True
    for r in results:
        target = ""
        if r["kind"] == "stakeholders":
            met = r["seconds"] < SECONDS_TARGET and r["peak_mb"] < PEAK_MB_TARGET
            ok &= met
            target = f"< {SECONDS_TARGET:.0f} s, < {PEAK_MB_TARGET} MB: {'ok' if met else 'MISSED'}"
        print(f"{r['kind']:<14}{r['records']:>10,}{r['pairs']:>8,}{r['seconds']:>9.2f}"
              f"{r['peak_mb']:>9.0f}  {target}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
