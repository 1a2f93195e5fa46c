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
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_DAYS = 1825  # five years of diary: the insights and the summary at their largest
_END = date.today() - timedelta(days=1)  # yesterday: never "after today" in the demo's zone
_FIVE_YEARS = f"start={(_END - timedelta(days=DEMO_DAYS - 1)).isoformat()}&end={_END.isoformat()}"
REQUESTS, HEAVY, CONCURRENCY = 400, 60, 8
# (page, requests): pages that read years of records get fewer requests, so a run
# stays around a minute; the rate is per second either way.
PAGES = [("/healthz", REQUESTS), ("/", REQUESTS), ("/learn/red-flags", REQUESTS),
         ("/exercises/breathe/calm", REQUESTS), ("/diary/", REQUESTS),
         ("/diary/insights", REQUESTS), ("/diary/insights?days=365", HEAVY),
         ("/diary/insights?days=all", HEAVY), ("/diary/summary", HEAVY),
         (f"/diary/summary?{_FIVE_YEARS}", HEAVY)]


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


def measure(opener: urllib.request.OpenerDirector, url: str, requests: int) -> float:
    def one(_: int) -> int:
        with opener.open(url) as response:
            response.read()
            return response.status

    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        statuses = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - start
    assert set(statuses) == {200}, statuses
    return requests / elapsed


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
               "SECRET_KEY": "bench-" + "x" * 40, "STEADY_RATELIMIT_ENABLED": "false"}
        flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
        subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True)
        subprocess.run([*flask, "demo", "--days", str(DEMO_DAYS)], env=env, cwd=ROOT, check=True)
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
            print(f"{DEMO_DAYS} days of demo diary")
            print(f"{'page':28} {'req/s':>8} {'vs /healthz':>12}")
            for page, requests in PAGES:
                rate = measure(opener, base + page, requests)
                baseline = baseline or rate
                shown = page if len(page) <= 28 else page.split("?")[0] + "?5 years"
                print(f"{shown:28} {rate:8.1f} {rate / baseline:12.3f}")
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
