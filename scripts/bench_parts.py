"""Pieces of `make bench` (scripts/bench.py): the scratch database, signing in,
the first-load bytes and one Lighthouse run."""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DEMO_EMAIL, DEMO_PASSWORD = "demo@steady.example", "steady-demo-pass"
# Signing in and wrk say the same browser: a session used from another User-Agent is
# marked not fresh on every request (flask-login's session protection), as it would
# be for a stolen cookie, and such a request is not one any phone makes.
USER_AGENT = "steady-bench/1"
LIGHTHOUSE_HOME = Path(os.environ.get("STEADY_BENCH_HOME",
                                      Path.home() / ".cache/steady-bench"))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def scratch_database(tmp: Path) -> Iterator[str]:
    """SQLite in ``tmp``; with TEST_DATABASE_URL, a fresh PostgreSQL database on the
    same server (steady_bench_<random>), dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base:
        yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    from tests.fixtures.scratch_postgres import scratch_postgres

    with scratch_postgres(base, "steady_bench") as url:
        yield url


def login(base: str) -> tuple[urllib.request.OpenerDirector, str, dict[str, Any]]:
    """Sign in as the demo person: the opener, the Cookie header, and /api/csrf's
    answer (the CSRF token and the person's id, for the sync POST)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    html = opener.open(base + "/login").read().decode()
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    if found is None:
        raise RuntimeError("the login page has no CSRF field")
    body = urllib.parse.urlencode({"csrf_token": found.group(1), "email": DEMO_EMAIL,
                                   "password": DEMO_PASSWORD}).encode()
    opener.open(base + "/login", body).read()
    who = json.loads(opener.open(base + "/api/csrf").read())
    if not who.get("user"):
        raise RuntimeError("signing in as the demo person failed")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener, cookie, who


def static_css_url(opener: urllib.request.OpenerDirector, base: str) -> str:
    """The stylesheet's content-hashed URL, as the home page links it."""
    html = opener.open(base + "/").read().decode()
    found = re.search(r'href="(/static/css/app\.css\?v=[^"]+)"', html)
    return found.group(1) if found else "/static/css/app.css"


def first_load_bytes(env: dict[str, str], pages: list[str]) -> dict[str, Any]:
    """HTML + CSS + JS on the wire per page (brotli, every module a page imports),
    measured the way tests/core/test_first_load_budget.py measures it, signed in."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from tests.core.test_first_load_budget import first_load
        from webapp import create_app

        app = create_app({"WTF_CSRF_ENABLED": False})
        client = app.test_client()
        client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
        sizes: dict[str, Any] = {}
        for page in pages:
            try:
                sizes[page] = first_load(client, page)[0]
            except Exception as error:  # noqa: BLE001 - reported, never a crash
                sizes[page] = f"failed: {error!r}"[:200]
        return sizes
    except Exception as error:  # noqa: BLE001
        return {"failed": repr(error)[:300]}
    finally:
        os.environ.clear()
        os.environ.update(saved)


def lighthouse(url: str, cookie: str, tmp: Path) -> dict[str, Any]:
    """One Lighthouse mobile run: the four category scores (0-1) and the layout
    shift, or what went wrong."""
    binary = LIGHTHOUSE_HOME / "node_modules/.bin/lighthouse"
    if not binary.exists():
        return {"failed": f"lighthouse is not installed in {LIGHTHOUSE_HOME}"}
    out = tmp / "lighthouse.json"
    out.unlink(missing_ok=True)
    command = [str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
               "--only-categories=" + ",".join(CATEGORIES),
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
               "--extra-headers=" + json.dumps({"Cookie": cookie})]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    print(f"  lighthouse {url} ...", flush=True)
    try:
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
        found = json.loads(out.read_text())
    except (OSError, ValueError, subprocess.TimeoutExpired) as error:
        return {"failed": f"{error!r}"[:300]}
    if found.get("runtimeError"):
        return {"failed": str(found["runtimeError"])[:300], "exit": run.returncode}
    scores: dict[str, Any] = {c: found["categories"].get(c, {}).get("score") for c in CATEGORIES}
    audits = found.get("audits", {})
    cls = audits.get("cumulative-layout-shift", {}).get("numericValue")
    scores["cls"] = round(cls, 3) if isinstance(cls, float | int) else None
    scores["below_1"] = sorted(  # the audits that cost points, to read in the JSON
        key for key, audit in audits.items()
        if isinstance(audit.get("score"), float | int) and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    final = found.get("finalDisplayedUrl") or found.get("finalUrl")
    if final and final.split("?")[0].endswith("/login"):
        scores["failed"] = "the page redirected to /login (the cookie was not accepted)"
    return scores
