"""The entry point gunicorn loads leaves start-up's objects out of garbage collection:
a full collection in a serving process then walks only what requests made."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import gc, wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"


def test_the_served_app_freezes_what_start_up_made(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'steady.sqlite3'}",
           "SECRET_KEY": "entry-point-test-" + "x" * 40}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    frozen, tracked = map(int, done.stdout.split())
    assert frozen > 50_000, "start-up's objects should be frozen"
    assert tracked < frozen / 5, "what a full collection walks is a small part of the process"
