"""Long work, run by a worker process from a durable queue (Huey).

`queue.py` is the queue itself, `tasks.py` the jobs, `recovery.py` what happens to work a
stopped or killed worker left unfinished. Views and commands enqueue; they never start
threads. `maillage worker` (app/cli/worker.py) runs the jobs.
"""
