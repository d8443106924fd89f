"""`maillage worker`: run the queued jobs (imports) until stopped.

`make run` starts one beside the development server; in production it is a service of
its own (README). SIGTERM stops it at once (an import under way is started again by the
next worker), SIGINT lets the running jobs finish first.
"""

import logging
import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from jobs import digest, maildrop  # noqa: F401  (their periodic tasks)
from jobs.queue import huey, mark_worker_alive
from jobs.recovery import recover
from models import db


@click.command("worker")
@click.option("--threads", default=1, show_default=True, help="Jobs run at the same time.")
@with_appcontext
def worker(threads: int) -> None:
    """Run the queued jobs (imports) and the periodic ones (mail drop, digest) until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = current_app._get_current_object()
    huey.worker_app = app
    watch = threading.Thread(target=_watch, args=(app,), name="recovery", daemon=True)
    watch.start()
    consumer = huey.create_consumer(workers=threads, worker_type="thread", periodic=True,
                                    initial_delay=0.1, max_delay=1.0)  # fmt: skip
    consumer.run()


def _watch(app) -> None:
    """Say the worker is alive and recover interrupted work, now and at every heartbeat."""
    while True:
        with app.app_context():
            try:
                mark_worker_alive()
                recover()
            except Exception:  # a database or queue hiccup: try again at the next beat
                app.logger.exception("recovery failed")
            finally:
                db.session.remove()
        time.sleep(app.config["JOB_HEARTBEAT_SECONDS"])
