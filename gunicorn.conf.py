"""Settings gunicorn reads by itself when started from this folder (README, "Serving").

Each worker, once the app is loaded, freezes the objects it holds (modules, the app,
its caches) out of the garbage collector's reach and collects young objects less often:
a page view allocates many short-lived objects (ORM rows, template output), and the
collector's passes over the whole heap were about a fifth of a page's CPU time.
"""

import gc


def post_worker_init(worker) -> None:
    """Freeze what the loaded app holds, and space out the collector's young passes."""
    gc.freeze()
    gc.set_threshold(10_000, 20, 100)
