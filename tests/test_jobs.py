"""Imports run by a worker process from the job queue, and survive the worker's death.

These tests start real `maillage worker` processes on the suite's database and queue (a
SQLite file, or Redis with TEST_REDIS_URL), kill them mid-import as a deploy or a crash
would, and watch the batch end on its own, as the person who imported it would see it.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from importers.uploads import clean_uploads, upload_folder
from jobs.recovery import recover
from models import ImportBatch, Stakeholder, db
from tests.import_helpers import csv_file
from tests.test_import_web import upload

ROWS = 40_000  # enough that reading them takes a worker well over a second


def start_worker(app) -> subprocess.Popen:
    """Start `maillage worker` on the suite's database, queue and upload folder."""
    env = dict(
        os.environ,
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MAILLAGE_INSTANCE=app.instance_path,
        JOBS_DATABASE=app.config["JOBS_DATABASE"] or "",
        JOBS_QUEUE_NAME=app.config["JOBS_QUEUE_NAME"],
        REDIS_URL=app.config["REDIS_URL"] or "",
        JOB_HEARTBEAT_SECONDS="0.5",
        JOB_STALE_SECONDS="2",
    )
    return subprocess.Popen(
        [sys.executable, "-c", "from app.cli import main; main()", "worker"],
        env=env, cwd=Path(__file__).parent.parent,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture
def workers(app):
    """Start workers on demand; stop those still running after the test."""
    started = []

    def start() -> subprocess.Popen:
        started.append(start_worker(app))
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()
    from jobs.queue import huey

    huey.flush()


def status(batch_id: int) -> ImportBatch:
    db.session.expire_all()
    batch = db.session.get(ImportBatch, batch_id)
    db.session.commit()  # end the read, so that SQLite lets the worker write
    return batch


def wait_for(batch_id: int, wanted: set[str], seconds: float) -> ImportBatch:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch = status(batch_id)
        if batch.status in wanted:
            return batch
        time.sleep(0.02)
    raise AssertionError(f"batch {batch_id} stayed {status(batch_id).status}")


def confirmed_import(client, tmp_path) -> int:
    """Upload a large list through the wizard and confirm it; return the batch id."""
    rows = [["Nom", "Région"]] + [[f"CPE Grand {i}", "06"] for i in range(ROWS)]
    response = upload(client, csv_file(tmp_path / "grande-liste.csv", rows))
    assert response.status_code == 302
    batch_id = int(response.headers["Location"].split("/")[-2])
    assert client.post(f"/imports/{batch_id}/mapping",
                       data={"col_0": "name", "col_1": "region"}).status_code == 302  # fmt: skip
    assert client.post(f"/imports/{batch_id}/preview", data={}).status_code == 302
    return batch_id


def kill_while_running(worker: subprocess.Popen, batch_id: int, how: int, attempt=1) -> None:
    """Kill `worker` with signal `how` once it runs the batch's `attempt`-th time."""
    deadline = time.monotonic() + 60
    while (batch := status(batch_id)).attempts < attempt or batch.status != "running":
        assert time.monotonic() < deadline, "the worker did not start the import"
        time.sleep(0.02)
    worker.send_signal(how)
    worker.wait(30)


def gone(path: Path) -> bool:
    """Return whether `path` is deleted within a few seconds (just after the batch ends)."""
    deadline = time.monotonic() + 10
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not path.exists()


def stakeholders() -> int:
    count = db.session.scalar(select(func.count()).select_from(Stakeholder))
    db.session.commit()
    return count


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "deploy"])
def test_an_import_whose_worker_dies_is_run_again_by_the_next_worker(
    app, client, login, tmp_path, workers, how
):
    login("coordinator")
    batch_id = confirmed_import(client, tmp_path)
    assert status(batch_id).status == "queued"
    kill_while_running(workers(), batch_id, how)
    assert status(batch_id).status == "running"  # what the page showed for good before
    assert stakeholders() == 0  # nothing half-written
    workers()
    batch = wait_for(batch_id, {"done", "failed"}, 180)
    assert batch.status == "done", batch.message
    assert (batch.attempts, batch.created) == (2, ROWS)
    assert stakeholders() == ROWS
    assert gone(upload_folder() / batch.stored_name)
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "Importation terminée" in page


def test_an_import_interrupted_twice_fails_with_a_message_and_leaves_no_file(
    app, client, login, tmp_path, workers
):
    login("coordinator")
    batch_id = confirmed_import(client, tmp_path)
    kill_while_running(workers(), batch_id, signal.SIGKILL)
    stored = upload_folder() / status(batch_id).stored_name
    assert stored.exists()  # kept for the retry
    kill_while_running(workers(), batch_id, signal.SIGKILL, attempt=2)
    workers()
    batch = wait_for(batch_id, {"done", "failed"}, 60)
    assert batch.status == "failed"
    assert stakeholders() == 0
    assert gone(stored)
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "a été interrompue" in page and "Importez de nouveau le fichier" in page
    history = client.get("/imports/").get_data(as_text=True)
    assert "Échec" in history


def test_without_a_worker_the_import_waits_and_the_page_says_why(
    app, client, login, tmp_path, workers
):
    login("coordinator")
    batch_id = confirmed_import(client, tmp_path)
    state = client.get(f"/imports/{batch_id}/progress").get_json()
    assert (state["status"], state["worker"]) == ("queued", False)
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "Aucun traitement d’importation n’est en cours" in page
    workers()
    assert wait_for(batch_id, {"done", "failed"}, 180).status == "done"
    assert stakeholders() == ROWS


def test_recovery_cleans_orphaned_uploads_and_keeps_waiting_ones(app, make_user):
    folder = upload_folder()
    user = make_user("coordinator")
    old = time.time() - 2 * 3600
    names = {"orphan.csv": None, "queued.csv": "queued", "draft.csv": "draft",
             "done.csv": "done", "rejected.csv": "rejected"}  # fmt: skip
    for name, batch_status in names.items():
        (folder / name).write_text("Nom;Région\n")
        os.utime(folder / name, (old, old))
        if batch_status:
            db.session.add(ImportBatch(kind="stakeholders", filename=name, user_id=user.id,
                                       status=batch_status, stored_name=name))  # fmt: skip
    (folder / "fresh.csv").write_text("Nom;Région\n")  # just uploaded, batch not saved yet
    db.session.commit()
    removed = clean_uploads()
    assert sorted(removed) == ["done.csv", "orphan.csv"]
    left = {p.name for p in folder.iterdir()} & {*names, "fresh.csv"}
    # A rejected batch's file is kept a day too: it may be imported again, skipping rows.
    assert sorted(left) == ["draft.csv", "fresh.csv", "queued.csv", "rejected.csv"]
    for name in ("draft.csv", "fresh.csv", "queued.csv", "rejected.csv"):
        (folder / name).unlink()


def test_a_queued_import_lost_by_the_queue_is_queued_again(app, make_user):
    from jobs.queue import huey

    user = make_user("coordinator")
    (upload_folder() / "lost.csv").write_text("Nom;Région\nCPE Perdu;06\n")
    batch = ImportBatch(kind="stakeholders", filename="lost.csv", user_id=user.id,
                        status="queued", stored_name="lost.csv", mapping={"0": "name",
                        "1": "region"})  # fmt: skip
    db.session.add(batch)
    db.session.commit()
    assert huey.pending_count() == 0  # e.g. Redis restarted empty
    assert recover() == [batch.id]
    assert huey.pending_count() == 1
    huey.flush()
    (upload_folder() / "lost.csv").unlink()
