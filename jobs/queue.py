"""The job queue: Huey, stored in a SQLite file by default, in Redis when REDIS_URL is set.

The queue outlives the processes: a job enqueued by a web worker waits in the storage until
a `maillage worker` process takes it, whichever host either runs on (with Redis). Each
Flask app has its own storage, made on first use from its settings, so that the tests, the
CLI and the web app never share one by accident.

A running job says it is alive every `JOB_HEARTBEAT_SECONDS` in the queue's storage, not in
the database: on SQLite an import holds the database's only writer lock while it writes.
"""

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import BlackHoleStorage, RedisStorage, SqliteStorage

NAME = "maillage"
WORKER_KEY = "worker-alive"


class AppHuey(Huey):
    """Huey whose storage is the current Flask app's, or the worker's app outside a request."""

    def __init__(self) -> None:
        self.worker_app: Flask | None = None
        super().__init__(NAME, storage_class=BlackHoleStorage)

    def app(self) -> Flask:
        """Return the current Flask app, or the worker's outside a request or command."""
        app = current_app._get_current_object() if has_app_context() else self.worker_app
        if app is None:
            raise RuntimeError("The job queue is used outside of the app.")
        return app

    @property
    def storage(self):
        """Return the app's queue storage, made from its settings on first use."""
        jobs = self.app().extensions.setdefault("jobs", {})
        if "storage" not in jobs:
            jobs["storage"] = make_storage(self.app())
        return jobs["storage"]

    @storage.setter
    def storage(self, _value) -> None:
        """Ignore Huey's own storage: each app has its own (see `storage`)."""


def make_storage(app: Flask):
    """Return the Huey storage the app's settings name: Redis, else a SQLite file."""
    url = app.config.get("REDIS_URL")
    name = app.config.get("JOBS_QUEUE_NAME") or NAME
    if url:
        return RedisStorage(name=name, url=url)
    path = app.config.get("JOBS_DATABASE") or os.path.join(app.instance_path, "jobs.sqlite")
    return SqliteStorage(name=name, filename=path)


huey = AppHuey()


def heartbeat_key(job: str) -> str:
    """Return the storage key under which the running `job` says it is alive."""
    return f"alive:{job}"


def last_heartbeat(job: str) -> float | None:
    """Return when `job` last said it was alive (a Unix time), or None if never."""
    return huey.get(heartbeat_key(job), peek=True)


@contextmanager
def beating(job: str, app: Flask) -> Iterator[None]:
    """Say that `job` is alive every JOB_HEARTBEAT_SECONDS while the block runs."""
    interval = app.config["JOB_HEARTBEAT_SECONDS"]
    stop = threading.Event()

    def beat() -> None:
        with app.app_context():
            while True:
                huey.put(heartbeat_key(job), time.time())
                if stop.wait(interval):
                    break

    thread = threading.Thread(target=beat, name=f"heartbeat {job}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        huey.delete(heartbeat_key(job))


def mark_worker_alive() -> None:
    """Record that a worker is running (the import page says so when none is)."""
    huey.put(WORKER_KEY, {"at": time.time(), "host": socket.gethostname(), "pid": os.getpid()})


def worker_running() -> bool:
    """Return whether a worker said it was alive recently."""
    seen = huey.get(WORKER_KEY, peek=True)
    stale = current_app.config["JOB_STALE_SECONDS"]
    return bool(seen) and time.time() - seen["at"] < stale
