"""What the benchmarks share: the app on a benchmark database, and measuring in a fresh
process so that each peak memory (`ru_maxrss`) is that measurement's own."""

import json
import resource
import subprocess
import sys
from pathlib import Path


def make_app(db_path: Path):
    """Return the app on the benchmark's SQLite database."""
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}"})


def run_in_subprocess(script: str, *args: str) -> dict:
    """Run `script` with `args` in a fresh interpreter; return the JSON of its last line."""
    output = subprocess.run(
        [sys.executable, script, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def peak_mb() -> float:
    """Return the peak memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
