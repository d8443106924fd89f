"""An import longer than one chunk: its rows are read, matched and written by chunks
(`importers.pipeline._stream`), the database inserting one while the next is read
(PostgreSQL's server; on SQLite a thread of ours, `models.bulk.BulkWriter.stream`). The
outcome is that of reading all the rows, then writing them, row for row.

The chunk is made two rows long here, so that a seven-row file crosses three chunks.
"""

import pytest
from sqlalchemy import func, select

from importers import pipeline
from importers.history import undo_batch
from importers.pipeline import analyse, run_import
from importers.values import Vocabulary
from models import ImportBatch, ImportStatus, Stakeholder, bulk, db
from models.search import stakeholder_search
from tests.import_helpers import csv_file, xlsx

HEADER = ["Nom de l'organisme", "Région", "Secteur", "Courriel", "Étiquettes",
          "Référence externe"]  # fmt: skip


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(pipeline, "STREAM_CHUNK", 2)
    monkeypatch.setattr(bulk, "SQLITE_ROWS", 3)  # SQLite: statements of 3 rows, and of 1


def rows(count: int) -> list[list]:
    return [[f"CPE Étoile {n}", "06", "Services de garde éducatifs", f"info{n}@etoile.example",
             f"réseau; lot {n % 2}", f"E-{n:03}"] for n in range(1, count + 1)]  # fmt: skip


def run(path, **options):
    result = run_import(analyse(path, "stakeholders"), None, **options)
    db.session.commit()
    return result


def stored() -> dict[str, str]:
    return dict(db.session.execute(select(Stakeholder.name, Stakeholder.email)).all())


def test_every_row_of_every_chunk_is_written_with_its_tags_and_found_by_search(
    app, tmp_path, make_user
):
    path = xlsx(tmp_path / "liste.xlsx", [HEADER, *rows(7)], title_rows=[["Partenaires"], []])
    result = run(path)
    assert (result.rows, result.created, result.rejected, result.written) == (7, 7, 0, True)
    assert stored() == {f"CPE Étoile {n}": f"info{n}@etoile.example" for n in range(1, 8)}
    last = db.session.scalar(select(Stakeholder).where(Stakeholder.external_ref == "E-007"))
    assert last.tag_names == ["lot 1", "réseau"]
    found = db.session.scalars(select(Stakeholder.name).where(stakeholder_search("étoile 7")))
    assert list(found) == ["CPE Étoile 7"]
    # A stakeholder made after the import gets the next id: the sequence moved past them.
    later = Stakeholder(name="CPE Après", name_key="cpeapres", level="local", region_code="06")
    db.session.add(later)
    db.session.commit()
    assert later.id > last.id
    undo_batch(make_user("admin"), db.session.get(ImportBatch, result.batch.id))
    db.session.commit()
    assert list(stored()) == ["CPE Après"]


def test_a_row_repeating_a_row_of_an_earlier_chunk_blocks_the_import_and_names_it(app, tmp_path):
    lines = rows(7)
    lines[5] = ["CPE Étoile 1", "06", "", "", "", "E-001"]  # row 6 of the data: the first again
    lines[6][1] = "Atlantide"  # and the last row's region is no region
    path = csv_file(tmp_path / "liste.csv", [HEADER, *lines])
    result = run(path)
    assert (result.rejected, result.written, result.created) == (2, False, 0), result.errors
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (7, "Nom de l'organisme", "CPE Étoile 1"),
        (8, "Région", "Atlantide"),
    ]
    assert result.errors[0].message == "Même fiche que la ligne 2 du fichier."
    assert stored() == {}  # the chunks written before the repeated row were taken back
    # The same file, the invalid rows skipped: the five others are written.
    again = run(path, skip_invalid=True)
    assert (again.created, again.rejected, again.written) == (5, 2, True)
    assert sorted(stored()) == [f"CPE Étoile {n}" for n in range(1, 6)]


def test_a_row_of_a_later_chunk_updates_its_stakeholder_and_the_undo_puts_it_back(
    app, tmp_path, make_stakeholder, make_user
):
    existing = make_stakeholder(name="Table petite enfance Ahuntsic", region="06",
                                external_ref="E-005", email="ancien@table.example")  # fmt: skip
    lines = rows(7)
    lines[4][0] = "Table petite enfance Ahuntsic"  # row 5 of the data matches it by reference
    path = csv_file(tmp_path / "liste.csv", [HEADER, *lines])
    result = run(path)
    assert (result.created, result.updated, result.rejected) == (6, 1, 0)
    db.session.refresh(existing)
    assert (existing.email, existing.version) == ("info5@etoile.example", 2)
    assert db.session.scalar(select(func.count()).select_from(Stakeholder)) == 7
    undo_batch(make_user("admin"), db.session.get(ImportBatch, result.batch.id))
    db.session.commit()
    assert stored() == {"Table petite enfance Ahuntsic": "ancien@table.example"}


def test_progress_moves_while_a_long_file_is_written(app, tmp_path):
    reports = []
    path = csv_file(tmp_path / "liste.csv", [HEADER, *rows(7)])
    result = run_import(analyse(path, "stakeholders"), None,
                        progress=lambda *report: reports.append(report))  # fmt: skip
    db.session.commit()
    assert result.created == 7
    writing = [done for phase, done, total in reports if phase == "writing"]
    assert writing == sorted(writing) and writing[-1] == 7
    if db.engine.dialect.name == "postgresql":
        assert writing == [0, 2, 4, 6, 7]  # each chunk as it is written
        assert reports[-1] == ("finishing", 7, 7)  # then the last rows, the tags, the index
    else:  # the import holds SQLite's one writer lock, which the progress would wait for
        assert reports == [("writing", 7, 7)]


def test_an_import_in_a_transaction_that_has_written_does_not_stream(app, tmp_path):
    """Its look-ups would read elsewhere what the transaction wrote: it reads all, then
    writes, and still finds a stakeholder added in the same transaction."""
    db.session.add(Stakeholder(name="CPE Étoile 1", name_key="cpeetoile1", level="local",
                               region_code="06"))  # fmt: skip
    db.session.flush()
    importer = pipeline.IMPORTERS["stakeholders"](None, Vocabulary())
    assert not pipeline._may_stream(importer)
    path = csv_file(tmp_path / "liste.csv", [HEADER, *rows(3)])
    result = run(path)
    assert (result.created, result.updated) == (2, 1)


def test_a_stakeholder_import_streams_on_both_databases(app):
    db.session.commit()
    importer = pipeline.IMPORTERS["stakeholders"](None, Vocabulary())
    assert pipeline._may_stream(importer)
    contacts = pipeline.IMPORTERS["contacts"](None, Vocabulary())
    assert not pipeline._may_stream(contacts)


def test_the_progress_bar_moves_with_the_rows_as_they_are_written(app, client, login, tmp_path):
    """What the import page's bar shows after each report of the job: on PostgreSQL it moves
    with the rows written; on SQLite, whose one writer lock the import holds, it says once
    that the rows are being written."""
    from jobs.tasks import _progress

    user = login("coordinator")
    batch = ImportBatch(user_id=user.id, kind="stakeholders", filename="liste.csv",
                        status=ImportStatus.RUNNING)  # fmt: skip
    db.session.add(batch)
    db.session.commit()
    report, shown, said = _progress(batch.id), [], []

    def reported(*progress):
        report(*progress)
        state = client.get(f"/imports/{batch.id}/progress").get_json()
        shown.append(state["percent"])
        said.append(state["step"].replace("\u00a0", " "))

    path = csv_file(tmp_path / "liste.csv", [HEADER, *rows(7)])
    result = run_import(analyse(path, "stakeholders"), user, progress=reported, batch=batch)
    db.session.commit()
    assert result.created == 7
    assert shown == sorted(shown) and shown[-1] >= 90
    if db.engine.dialect.name == "postgresql":
        assert shown == [0, 27, 54, 81, 95, 97]
        assert said == [
            "Lignes lues et enregistrées : 0 sur 7",
            "Lignes lues et enregistrées : 2 sur 7",
            "Lignes lues et enregistrées : 4 sur 7",
            "Lignes lues et enregistrées : 6 sur 7",
            "Enregistrement des lignes…",
            "Presque terminé : mise à jour de l’index de recherche et des statistiques…",
        ]
    else:
        assert (shown, said) == ([95], ["Enregistrement des lignes…"])


@pytest.mark.parametrize(
    ("language", "said"),
    [("fr", "Lecture des lignes : 8 000 sur 12 000"), ("en", "Reading the rows: 8,000 of 12,000")],
)
def test_the_import_page_says_where_a_running_import_is(app, client, login, language, said):
    """The page's first view says it too, before the bar's first poll; the figures are
    written as the reader's language writes them."""
    user = login("coordinator", language=language)
    batch = ImportBatch(user_id=user.id, kind="stakeholders", filename="liste.csv",
                        status=ImportStatus.RUNNING, phase="reading", progress_done=8000,
                        progress_total=12000)  # fmt: skip
    db.session.add(batch)
    db.session.commit()
    step = client.get(f"/imports/{batch.id}/progress").get_json()["step"]
    page = client.get(f"/imports/{batch.id}").text
    for shown in (step, page):
        assert said in shown.replace("\u00a0", " ").replace("\u202f", " ")


def test_nothing_streamed_is_kept_when_the_import_is_not_committed(app, tmp_path):
    """The chunks go into a savepoint of the import's transaction, not a transaction of
    their own (on SQLite a savepoint opened first would be one, committed at its release):
    an import that fails after its rows were written, before its commit, leaves nothing."""
    path = csv_file(tmp_path / "liste.csv", [HEADER, *rows(7)])
    result = run_import(analyse(path, "stakeholders"), None)
    assert result.created == 7
    db.session.rollback()
    assert stored() == {}
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_an_older_sqlite_taking_fewer_parameters_gets_smaller_statements(app, tmp_path):
    """SQLite before 3.32 takes 999 parameters a statement, not 32,766: a statement then
    holds fewer rows (here 2 of the stakeholder table's 27 columns), and every row is still
    written and found by search."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's own limit")
    import sqlite3

    driver = db.session.connection().connection.driver_connection
    limit = driver.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 60)  # returns the old one
    try:
        path = csv_file(tmp_path / "liste.csv", [HEADER, *rows(7)])
        assert run(path).created == 7
    finally:
        driver.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    assert len(stored()) == 7
    for n in range(1, 8):
        found = db.session.scalars(select(Stakeholder.name).where(stakeholder_search(f"info{n}")))
        assert list(found) == [f"CPE Étoile {n}"]


def test_an_import_while_someone_else_saves_waits_its_turn_and_both_are_kept(
    app, tmp_path, monkeypatch
):
    """Two people at once on SQLite: while a coordinator saves, again and again, the
    import's transaction takes the writer lock when it begins, waiting its turn. Begun
    only for reading, its first read (the next free id) pinned a snapshot that the other
    saves made stale, and its first insert failed at once: « database is locked »."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's one writer at a time")
    import sqlite3
    import threading
    import time

    monkeypatch.setattr(bulk, "SQLITE_ROWS", 1000)  # the rows built before the first insert
    path = csv_file(tmp_path / "liste.csv", [HEADER, *rows(1200)])
    sheet = analyse(path, "stakeholders")
    db.session.commit()
    saved, failed, stop, database = [], [], threading.Event(), db.engine.url.database

    def someone_else() -> None:
        other = sqlite3.connect(database, timeout=10, isolation_level=None)
        try:
            while not stop.is_set():
                other.execute("BEGIN IMMEDIATE")
                other.execute("UPDATE region SET code = code WHERE code = '06'")
                other.execute("COMMIT")
                saved.append(time.monotonic())
                time.sleep(0.001)
        except sqlite3.Error as error:
            failed.append(error)
        finally:
            other.close()

    saving = threading.Thread(target=someone_else)
    saving.start()
    try:
        started = time.monotonic()
        while not saved and time.monotonic() - started < 5:
            time.sleep(0.001)  # the other saves have begun
        result = run_import(sheet, None)
        db.session.commit()
        ended = time.monotonic()
        time.sleep(0.05)
    finally:
        stop.set()
        saving.join()
    assert (result.created, result.written, failed) == (1200, True, [])
    assert len(stored()) == 1200
    assert saved[0] < started + 5 and saved[-1] > ended  # saving before, during and after


def test_two_bulk_jobs_at_once_leave_the_worker_as_they_found_it():
    # A worker started with --threads runs jobs side by side. Each pauses the collector
    # and shortens the switch interval; the first to end must not undo them for the
    # other, and the last must restore both.
    import gc
    import sys
    import threading

    interval, first_in, first_out, second_out = sys.getswitchinterval(), *(
        threading.Event() for _ in range(3))  # fmt: skip
    seen = {}

    def first():
        with bulk.collector_paused(), bulk.threads_switching_often():
            first_in.set()
            second_out.wait(5)
        first_out.set()

    job = threading.Thread(target=first)
    job.start()
    first_in.wait(5)
    with bulk.collector_paused(), bulk.threads_switching_often():
        pass
    seen["second ended"] = (gc.isenabled(), sys.getswitchinterval())
    second_out.set()
    first_out.wait(5)
    job.join(5)
    assert seen["second ended"] == (False, pytest.approx(bulk.SWITCH_INTERVAL))
    assert (gc.isenabled(), sys.getswitchinterval()) == (True, pytest.approx(interval))
