"""Export benchmark (SPEC §7): 100,000 stakeholders to .xlsx and .csv, against a floor.

`make bench` runs it on SQLite, then on PostgreSQL. It builds a scratch database with
`models.demo` (a SQLite file, or a PostgreSQL database when `DATABASE_URL` names a
PostgreSQL server: `benchmarks.common`), then runs each measurement in a fresh subprocess,
so that each peak memory is that measurement's own:

- ours .xlsx and ours .csv: `export_list(view("stakeholders"), ...)` end to end (queries, labels,
  neutralization, file);
- the floor: the very cells our export writes, loaded from a pickle before the clock
  starts, written by XlsxWriter (constant memory, one typed call per cell) and by openpyxl
  (write-only, one append per row); the floor is the faster of the two.

Targets: ours .xlsx within 1.5 × the floor, .csv under 2 s, peak memory under 400 MB.
Exits 1 when a target is missed. See benchmarks/README.md.
"""

import argparse
import json
import pickle
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

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

XLSX_RATIO_TARGET = 1.5
CSV_SECONDS_TARGET = 2.0
PEAK_MB_TARGET = 400
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def build_database(db_path: str, stakeholders: int) -> float:
    """Create the schema and the demo data; return the seconds it took."""
    import flask_migrate

    from models import db
    from models.demo import generate_demo, refresh_statistics

    started = time.perf_counter()
    with make_app(db_path).app_context():
        flask_migrate.upgrade()
        generate_demo(stakeholders=stakeholders)
        db.session.commit()
        refresh_statistics()
    return time.perf_counter() - started


def dump_cells(db_path: str, cells_path: Path) -> None:
    """Pickle the headers and the cells of our stakeholder export, as the floor writes them."""
    from reports.exports import export_headers, export_rows, view
    from reports.spreadsheet import neutralize

    with make_app(db_path).app_context():
        rows = [
            [None if v == "" else neutralize(v) for v in row]
            for row in export_rows(view("stakeholders", filters={"archived": "all"}))
        ]
        cells_path.write_bytes(pickle.dumps((export_headers("stakeholders"), rows)))


def ours(db_path: str, out: Path) -> float:
    """Export the stakeholders with our code; return the seconds it took."""
    from models import db
    from reports.exports import export_list, view

    with make_app(db_path).app_context():
        started = time.perf_counter()
        # Archived ones too, so that the count is the round 100,000 of the target.
        export_list(view("stakeholders", filters={"archived": "all"}), out)
        seconds = time.perf_counter() - started
        db.session.rollback()  # leave the database as it was for the next measurement
    return seconds


def floor_xlsxwriter(cells_path: Path, out: Path) -> float:
    """Write the cells with XlsxWriter in constant-memory mode; return the seconds."""
    import xlsxwriter

    headers, rows = pickle.loads(cells_path.read_bytes())
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(out), XLSX_OPTIONS)
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, headers)
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value.__class__ is str:
                write_string(r, c, value)
            elif value.__class__ is int or value.__class__ is float:
                write_number(r, c, value)
            elif isinstance(value, date | datetime):
                sheet.write_datetime(r, c, value, date_format)
    book.close()
    return time.perf_counter() - started


def floor_openpyxl(cells_path: Path, out: Path) -> float:
    """Write the cells with openpyxl in write-only mode; return the seconds."""
    import openpyxl

    headers, rows = pickle.loads(cells_path.read_bytes())
    started = time.perf_counter()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(out)
    return time.perf_counter() - started


MEASURES = {
    "ours-xlsx": lambda args: ours(args.db, args.work / "ours.xlsx"),
    "ours-csv": lambda args: ours(args.db, args.work / "ours.csv"),
    "floor-xlsxwriter": lambda args: floor_xlsxwriter(
        args.work / "cells.pickle", args.work / "floor-xlsxwriter.xlsx"
    ),
    "floor-openpyxl": lambda args: floor_openpyxl(
        args.work / "cells.pickle", args.work / "floor-openpyxl.xlsx"
    ),
}


def measure_in_subprocess(name: str, db_path: str, work: Path, stakeholders: int = 0) -> dict:
    """Run one measurement in a fresh interpreter; return its seconds and peak memory."""
    return run_in_subprocess(
        __file__, "--measure", name, "--db", str(db_path), "--work", str(work),
        "--stakeholders", str(stakeholders),
    )  # fmt: skip


def run_measure(args) -> None:
    """Run the measurement named by --measure here and print it as one JSON line."""
    if args.measure == "build":
        seconds = build_database(args.db, args.stakeholders)
    elif args.measure == "dump":
        dump_cells(args.db, args.work / "cells.pickle")
        seconds = 0.0
    else:
        seconds = MEASURES[args.measure](args)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb()}))


def measure_all(db_path: str, work: Path, repeat: int) -> dict:
    """Run every measurement `repeat` times, in interleaved rounds so that a busy moment of
    the machine does not fall on one of them only; keep each one's best time and top memory.
    """
    runs: dict[str, list[dict]] = {name: [] for name in MEASURES}
    for round_number in range(1, repeat + 1):
        for name in MEASURES:
            print(f"Round {round_number}/{repeat}: {name}…", flush=True)
            runs[name].append(measure_in_subprocess(name, db_path, work))
    return {
        name: {
            "seconds": min(r["seconds"] for r in results),
            "peak_mb": max(r["peak_mb"] for r in results),
        }
        for name, results in runs.items()
    }


def report(results: dict, stakeholders: int, kind: str) -> bool:
    """Print the table of results; return whether every target is met."""
    floor_name = min(("floor-xlsxwriter", "floor-openpyxl"), key=lambda n: results[n]["seconds"])
    floor = results[floor_name]["seconds"]
    ratio = results["ours-xlsx"]["seconds"] / floor
    csv_seconds = results["ours-csv"]["seconds"]
    checks = {
        "ours-xlsx": (
            f"≤ {XLSX_RATIO_TARGET} × floor",
            ratio <= XLSX_RATIO_TARGET,
            f"{ratio:.2f} × floor",
        ),
        "ours-csv": (f"< {CSV_SECONDS_TARGET:g} s", csv_seconds < CSV_SECONDS_TARGET, ""),
    }
    print(
        f"\nExport of {stakeholders:,} stakeholders from {kind} — {date.today()}, "
        f"floor = {floor_name} ({floor:.2f} s)\n"
    )
    print(f"{'measurement':<18}{'seconds':>9}{'peak MB':>9}  {'target':<30}{'verdict'}")
    ok = True
    for name, result in results.items():
        target, met, note = checks.get(name, ("", True, "floor"))
        if name.startswith("ours"):
            memory_ok = result["peak_mb"] < PEAK_MB_TARGET
            met = met and memory_ok
            target += f", < {PEAK_MB_TARGET} MB"
        ok = ok and met
        verdict = ("ok" if met else "MISSED") if name.startswith("ours") else ""
        print(
            f"{name:<18}{result['seconds']:>9.2f}{result['peak_mb']:>9.0f}  {target:<30}"
            f"{verdict} {note}".rstrip()
        )
    return ok


def main() -> int:
    """Build the database, run every measurement, print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stakeholders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2, help="Keep the best of N runs each.")
    parser.add_argument("--db", help="Reuse this benchmark database (a SQLite file or a URL).")
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        run_measure(args)
        return 0
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as work:
        work = Path(work)
        db_url = args.db if args.db is None or "://" in args.db else f"sqlite:///{args.db}"
        scratch = None
        if db_url is None:
            db_url = scratch = scratch_database(work, "export")
            print(
                f"Building {args.stakeholders:,} demo stakeholders ({database_kind()})…", flush=True
            )
            built = measure_in_subprocess("build", db_url, work, args.stakeholders)
            print(f"  built in {built['seconds']:.0f} s", flush=True)
        try:
            measure_in_subprocess("dump", db_url, work)
            results = measure_all(db_url, work, args.repeat)
        finally:
            if scratch:
                drop_database(scratch)
        kind = "postgresql" if db_url.startswith("postgresql") else "sqlite"
        return 0 if report(results, args.stakeholders, kind) else 1


if __name__ == "__main__":
    sys.exit(main())
