"""Import benchmark (SPEC §7): 50,000 stakeholder rows from .xlsx and .csv, against a floor.

`make bench` runs it. It generates 50,000 partner-style stakeholder rows (French headers,
labels rather than codes, phones and emails as people type them, a title above the
header), writes them as .xlsx and as .csv (`;`, UTF-8 with BOM), migrates an empty SQLite
database once, and runs each measurement in a fresh subprocess on its own copy of that
database, so that each peak memory (`ru_maxrss`) is that measurement's own:

- ours-xlsx, ours-csv: `run_import(analyse(file, "stakeholders"), None)` and the commit,
  end to end (read, header, mapping, normalization, bulk matching, bulk insert, batch);
- floor-xlsx: python-calamine's read of every row of the xlsx, plus a raw `sqlite3`
  `executemany` of those rows into a table of the same columns, committed;
- floor-csv: the `csv` module's read of the csv, plus the same `executemany`;
- write-only: the rows our import writes (taken from an untimed import into a scratch
  copy), inserted with raw `sqlite3` into the real tables (the stakeholders with their
  indexes and constraints, their tags, the FTS5 search index) of a fresh copy, committed.
  It shows what any import into this schema costs at least, whatever it does in Python:
  the floor's read plus this write is printed as the least possible import.

Targets: each import ≤ 2 × its floor, peak memory under 400 MB. Exits 1 on a miss.
"""

import argparse
import csv
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import make_app, peak_mb, run_in_subprocess  # noqa: E402

RATIO_TARGET = 2.0
PEAK_MB_TARGET = 400
HEADERS = ["Nom de l'organisme", "Type", "Secteur", "Palier", "Région", "Municipalité",
           "Courriel", "Téléphone", "Site Web", "Étape de mobilisation", "Influence",
           "Intérêt", "Étiquettes", "Notes", "Référence externe"]  # fmt: skip


def generate_rows(count: int, seed: int = 7) -> list[list]:
    """Return `count` stakeholder rows as a partner would send them."""
    from models.reference_data import REGIONS, SECTORS, VOCABULARIES

    rng = random.Random(seed)
    stages = [fr for _c, fr, _en in VOCABULARIES["stage"]]
    rows = []
    for i in range(count):
        code, region = rng.choice(REGIONS)
        level = rng.choice(["Local", "Local", "Régional"])
        region_cell = rng.choice([f"{code} - {region}", region, region.upper(), str(int(code))])
        slug = f"org{i}"
        rows.append([
            f"Organisme {i} de {region}", "Organisme", rng.choice(SECTORS)[1], level, region_cell,
            f"Ville {i % 500}", f"Info@{slug}.example.org" if rng.random() < 0.7 else "",
            f"(514) 555-{i % 10000:04d}" if rng.random() < 0.7 else "",
            f"https://{slug}.example.org" if rng.random() < 0.3 else "", rng.choice(stages),
            rng.randint(1, 5), rng.randint(1, 5), "table, priorité" if rng.random() < 0.3 else "",
            "", f"P-{i:06d}" if rng.random() < 0.2 else "",
        ])  # fmt: skip
    return rows


def write_files(work: Path, count: int) -> None:
    """Write the rows as .xlsx (XlsxWriter) and .csv, each under a title row."""
    import xlsxwriter

    rows = generate_rows(count)
    book = xlsxwriter.Workbook(str(work / "stakeholders.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet("Partenaires")
    sheet.write_row(0, 0, ["Liste des partenaires 2026"])
    sheet.write_row(2, 0, HEADERS)
    for r, row in enumerate(rows, start=3):
        sheet.write_row(r, 0, row)
    book.close()
    with open(work / "stakeholders.csv", "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["Liste des partenaires 2026"])
        writer.writerow([])
        writer.writerow(HEADERS)
        writer.writerows(rows)


def migrate(db_path: Path) -> None:
    """Create the schema and the reference data in an empty database."""
    import flask_migrate

    from models import db

    with make_app(db_path).app_context():
        flask_migrate.upgrade()
        # WAL mode: fold the log into the file, which is then copied for each measurement.
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()


def ours(db_path: Path, source: Path) -> dict:
    """Import `source` with our pipeline and commit; return seconds and counts."""
    from importers.pipeline import analyse, run_import
    from models import db

    with make_app(db_path).app_context():
        started = time.perf_counter()
        result = run_import(analyse(source, "stakeholders"), None)
        db.session.commit()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "created": result.created, "rejected": result.rejected}


def _raw_insert(db_path: Path, rows: list[list]) -> None:
    """Insert `rows` with raw sqlite3 into a table of the same columns, and commit."""
    connection = sqlite3.connect(db_path)
    columns = ", ".join(f"c{i}" for i in range(len(HEADERS)))
    connection.execute(f"CREATE TABLE floor ({columns})")
    marks = ", ".join("?" * len(HEADERS))
    connection.executemany(f"INSERT INTO floor VALUES ({marks})", rows)
    connection.commit()
    connection.close()


def floor_xlsx(db_path: Path, source: Path) -> dict:
    """Read the xlsx with python-calamine and insert its rows raw; return the seconds."""
    import python_calamine

    started = time.perf_counter()
    sheet = python_calamine.CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0)
    rows = [row for row in sheet.iter_rows()][3:]
    read = time.perf_counter() - started
    _raw_insert(db_path, rows)
    return {"seconds": time.perf_counter() - started, "read": read, "created": len(rows)}


def floor_csv(db_path: Path, source: Path) -> dict:
    """Read the csv with the csv module and insert its rows raw; return the seconds."""
    started = time.perf_counter()
    with open(source, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))[3:]
    read = time.perf_counter() - started
    _raw_insert(db_path, rows)
    return {"seconds": time.perf_counter() - started, "read": read, "created": len(rows)}


# What our import writes for a new stakeholder, table by table (the batch and audit aside).
WRITTEN = {
    "stakeholder": "SELECT * FROM stakeholder ORDER BY id",
    "stakeholder_tag": "SELECT * FROM stakeholder_tag ORDER BY stakeholder_id, name",
    "stakeholder_fts": "SELECT rowid, search_text FROM stakeholder_fts ORDER BY rowid",
}


def write_only(db_path: Path, source: Path) -> dict:
    """Insert the rows our import writes, raw, into the real tables; return the seconds."""
    scratch = db_path.with_suffix(".scratch.sqlite")
    shutil.copyfile(db_path, scratch)
    ours(scratch, source)  # untimed: it only provides the rows
    with sqlite3.connect(scratch) as connection:
        written = {table: connection.execute(query).fetchall() for table, query in WRITTEN.items()}
    scratch.unlink()
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA foreign_keys=ON")  # as the app's connections
    started = time.perf_counter()
    for table, rows in written.items():
        marks = ", ".join("?" * len(rows[0]))
        columns = "(rowid, search_text)" if table == "stakeholder_fts" else ""
        connection.executemany(f"INSERT INTO {table} {columns} VALUES ({marks})", rows)
    connection.commit()
    seconds = time.perf_counter() - started
    connection.close()
    return {"seconds": seconds, "created": len(written["stakeholder"])}


MEASURES = {
    "ours-xlsx": (ours, "stakeholders.xlsx"),
    "floor-xlsx": (floor_xlsx, "stakeholders.xlsx"),
    "ours-csv": (ours, "stakeholders.csv"),
    "floor-csv": (floor_csv, "stakeholders.csv"),
    "write-only": (write_only, "stakeholders.csv"),
}


def measure_in_subprocess(name: str, work: Path, round_: int) -> dict:
    """Run one measurement in a fresh process on a fresh copy of the migrated database."""
    db_path = work / f"{name}-{round_}.sqlite"
    shutil.copyfile(work / "empty.sqlite", db_path)
    figures = run_in_subprocess(__file__, "--one", name, "--work", str(work), "--db", str(db_path))
    db_path.unlink()
    return figures


def run_one(name: str, work: Path, db_path: Path) -> None:
    """Measure `name` in this process and print its figures as JSON."""
    function, source = MEASURES[name]
    figures = function(db_path, work / source)
    figures["peak_mb"] = peak_mb()
    print(json.dumps(figures))


def main() -> int:
    """Run every measurement, print the table, return 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--one")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.work, args.db)
        return 0
    with tempfile.TemporaryDirectory(prefix="maillage-import-bench-") as folder:
        work = Path(folder)
        write_files(work, args.rows)
        migrate(work / "empty.sqlite")
        best: dict[str, dict] = {}
        for round_ in range(args.repeat):
            for name in MEASURES:
                figures = measure_in_subprocess(name, work, round_)
                if name not in best or figures["seconds"] < best[name]["seconds"]:
                    best[name] = figures | {
                        "peak_mb": max(figures["peak_mb"], best.get(name, {}).get("peak_mb", 0))
                    }
    return report(best, args.rows)


def report(best: dict[str, dict], rows: int) -> int:
    """Print the table of figures and verdicts; return 1 on a miss."""
    failed = False
    print(f"Import of {rows:,} stakeholder rows (best of the rounds; peak = largest)")
    print(f"{'measurement':<12} {'seconds':>8} {'peak MB':>8} {'rows':>7}  verdict")
    for fmt in ("xlsx", "csv"):
        ours_, floor = best[f"ours-{fmt}"], best[f"floor-{fmt}"]
        ratio = ours_["seconds"] / floor["seconds"]
        ok = ratio <= RATIO_TARGET and ours_["peak_mb"] < PEAK_MB_TARGET and (
            ours_["created"] == rows)  # fmt: skip
        failed |= not ok
        print(f"{'floor-' + fmt:<12} {floor['seconds']:>8.2f} {floor['peak_mb']:>8.0f} "
              f"{floor['created']:>7}")  # fmt: skip
        print(f"{'ours-' + fmt:<12} {ours_['seconds']:>8.2f} {ours_['peak_mb']:>8.0f} "
              f"{ours_['created']:>7}  {ratio:.2f} × floor (target ≤ {RATIO_TARGET}), "
              f"{'ok' if ok else 'MISSED'}")  # fmt: skip
    write = best["write-only"]
    # (Its process also ran the untimed import that provides the rows: no peak of its own.)
    print(f"{'write-only':<12} {write['seconds']:>8.2f} {'-':>8} {write['created']:>7}  "
          "the rows our import writes, raw, into the real tables")  # fmt: skip
    for fmt in ("xlsx", "csv"):
        floor = best[f"floor-{fmt}"]
        least = floor["read"] + write["seconds"]
        ours_ = best[f"ours-{fmt}"]["seconds"]
        print(f"least possible {fmt} import (floor's read {floor['read']:.2f} s + write-only): "
              f"{least:.2f} s = {least / floor['seconds']:.2f} × floor; "
              f"ours-{fmt} = {ours_ / least:.2f} × it")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
