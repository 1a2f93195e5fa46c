"""`make bench`: throughput of key pages under gunicorn, then the offline soak
test with 200 flips. Numbers are printed, never asserted: machines are shared."""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/healthz", "/", "/learn/red-flags", "/exercises/breathe/calm", "/diary/",
         "/diary/insights"]
REQUESTS, CONCURRENCY = 400, 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": "demo@steady.example",
                                   "password": "steady-demo-pass"}).encode()
    opener.open(base + "/login", body).read()
    return opener


def measure(opener: urllib.request.OpenerDirector, url: str) -> float:
    def one(_: int) -> int:
        with opener.open(url) as response:
            response.read()
            return response.status

    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        statuses = list(pool.map(one, range(REQUESTS)))
    elapsed = time.perf_counter() - start
    assert set(statuses) == {200}, statuses
    return REQUESTS / elapsed


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
               "SECRET_KEY": "bench-" + "x" * 40, "STEADY_RATELIMIT_ENABLED": "false"}
        flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
        subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True)
        subprocess.run([*flask, "demo", "--days", "365"], env=env, cwd=ROOT, check=True)
        port = free_port()
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py",
             "--no-control-socket", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--access-logfile", "/dev/null", "wsgi:app"],
            env=env, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz").read()
                    break
                except OSError:
                    time.sleep(0.1)
            opener = login(base)
            baseline = None
            print(f"{'page':28} {'req/s':>8} {'vs /healthz':>12}")
            for page in PAGES:
                rate = measure(opener, base + page)
                baseline = baseline or rate
                print(f"{page:28} {rate:8.0f} {rate / baseline:12.2f}")
        finally:
            server.terminate()
            server.wait(10)
    soak = ROOT / "tests/browser/test_outbox_browser.py"
    if soak.exists():
        print("\nOffline soak test, 200 flips:")
        return subprocess.call(
            [str(ROOT / ".venv/bin/python"), "-m", "pytest", "-q", "-s", str(soak), "-k", "soak"],
            env={**os.environ, "STEADY_SOAK_FLIPS": "200"}, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
