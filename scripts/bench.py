"""`make bench`: what the server really does, measured by a compiled load generator.

1. A scratch database with five years of demo diary (SQLite in a temp folder, or a
   fresh PostgreSQL database beside TEST_DATABASE_URL's when that is set, dropped after).
2. gunicorn as deployed (gunicorn.conf.py, --no-control-socket), signed in as the demo
   person.
3. wrk (bench/wrk.lua: the session Cookie and the User-Agent it signed in with, and
   for the sync POST the X-CSRFToken and ten new entries per request) on each route,
   BENCH_CONNECTIONS (16) connections for BENCH_SECONDS (10) seconds each: req/s, p50,
   p99, errors (socket errors, timeouts and every non-2xx answer), and each route's
   ratio to /healthz and to a static file.
4. The first-load bytes per page, as tests/core/test_first_load_budget.py counts them.
5. Lighthouse (mobile) on the pages the issue names, signed-in pages with the cookie,
   LIGHTHOUSE_RUNS (3) times each, the median run kept; before wrk (whose sync POSTs
   add thousands of entries to today's diary page).
6. With --soak (`make bench` passes it): the offline soak test, 200 flips.

Writes bench/results.json (machine output, not committed) and prints a table. A bad
answer or a failed Lighthouse run is recorded in the JSON, never a crash. Numbers are
reported, never asserted: machines are shared."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench_parts import (  # scripts/ is on the path when this file runs
    USER_AGENT,
    first_load_bytes,
    free_port,
    lighthouse,
    login,
    scratch_database,
    static_css_url,
)

ROOT = Path(__file__).resolve().parent.parent
DEMO_DAYS = 1825  # five years: the insights and the summary at their largest
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
LIGHTHOUSE_RUNS = max(1, int(os.environ.get("LIGHTHOUSE_RUNS", "3")))
WRK_THREADS = int(os.environ.get("BENCH_WRK_THREADS", "2"))
LUA = ROOT / "bench/wrk.lua"
RESULTS = ROOT / "bench/results.json"
ARTICLE = "/learn/what-is-anxiety-twitching"
STATIC = "static"  # placeholder: the CSS file's hashed URL, read from the home page
ROUTES = ["/healthz", STATIC, "/", ARTICLE, "/diary/", "/diary/insights", "/diary/summary",
          "/diary/export/entries.csv", "POST /api/sync"]
FIRST_LOAD = ["/", ARTICLE, "/learn/red-flags", "/exercises/breathe/calm", "/diary/",
              "/diary/insights", "/diary/summary"]
LIGHTHOUSE = FIRST_LOAD


@contextmanager
def server(env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    """gunicorn as `make run` starts it, answering on ``port``."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
             "--no-control-socket", "--bind", f"127.0.0.1:{port}",
             "--access-logfile", "/dev/null", "wsgi:app"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).read()
                    break
                except OSError:
                    if process.poll() is not None:
                        raise RuntimeError("gunicorn stopped:\n" + log.read_text()) from None
                    time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def wrk(url: str, extra_env: dict[str, str]) -> dict[str, Any]:
    """One wrk run; its Lua done() prints a BENCH_JSON line."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "5s",
               "-s", str(LUA), url]
    try:
        run = subprocess.run(command, env={**os.environ, **extra_env}, capture_output=True,
                             text=True, timeout=SECONDS + 60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return {"failed": f"wrk did not run: {error}"}
    for line in run.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            found: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
            found["rps"] = found["requests"] / found["duration_s"] if found["duration_s"] else 0
            found["errors"] = found["socket_errors"] + found["timeouts"] + found["non2xx"]
            return found
    return {"failed": f"wrk printed no result (exit {run.returncode}): {run.stderr[-500:]}"}


def bench_routes(base: str, opener: Any, cookie: str, who: dict[str, Any],
                 static_url: str, routes: list[str]) -> dict[str, dict[str, Any]]:
    """Each route checked once (a wrong answer is written down), then under wrk."""
    results: dict[str, dict[str, Any]] = {}
    for route in routes:
        path = static_url if route == STATIC else route.removeprefix("POST ")
        name = "static " + path.split("?")[0] if route == STATIC else route
        env = {"BENCH_COOKIE": cookie, "BENCH_SYNC": "0", "BENCH_UA": USER_AGENT}
        if route.startswith("POST "):
            env |= {"BENCH_SYNC": "1", "BENCH_CSRF": who["token"], "BENCH_OWNER": str(who["user"])}
        else:
            try:
                with opener.open(base + path, timeout=60) as response:
                    response.read()
                    if response.geturl() != base + path:
                        results[name] = {"path": path, "failed": f"redirected to "
                                         f"{response.geturl()}"}
                        continue
            except OSError as error:
                results[name] = {"path": path, "failed": f"check request: {error}"}
                continue
        print(f"  wrk {name} ...", flush=True)
        results[name] = {"path": path, **wrk(base + path, env)}
    healthz = results.get("/healthz", {}).get("rps") or 0
    static = results.get("static " + static_url.split("?")[0], {}).get("rps") or 0
    for found in results.values():
        if "rps" in found:
            found["vs_healthz"] = found["rps"] / healthz if healthz else None
            found["vs_static"] = found["rps"] / static if static else None
    return results


def table(report: dict[str, Any]) -> str:
    lines = [f"{report['demo_days']} days of demo diary, {report['connections']} connections, "
             f"{report['seconds']} s per route, {report['database']}",
             f"{'route':28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
             f"{'/healthz':>9} {'/static':>8}"]
    for name, r in report["routes"].items():
        if "failed" in r:
            lines.append(f"{name[:28]:28} FAILED: {r['failed']}")
            continue
        lines.append(f"{name[:28]:28} {r['rps']:8.1f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} "
                     f"{r['errors']:7d} {r['vs_healthz'] or 0:9.3f} {r['vs_static'] or 0:8.3f}")
    lines.append("")
    lines.append(f"{'page':28} {'first load':>10} {'perf':>5} {'a11y':>5} {'best':>5} "
                 f"{'seo':>5} {'CLS':>6}")
    for page in FIRST_LOAD:
        size = report["first_load_bytes"].get(page)
        lh = report["lighthouse"].get(page, {})
        shown = [f"{round(lh[c] * 100):5d}" if isinstance(lh.get(c), int | float) else "    -"
                 for c in ("performance", "accessibility", "best-practices", "seo")]
        cls = lh.get("cls")
        lines.append(f"{page[:28]:28} {size if isinstance(size, int) else 'failed':>10} "
                     f"{' '.join(shown)} {cls if cls is not None else '-':>6}"
                     + (f"  ({lh['failed'][:60]})" if "failed" in lh else ""))
    return "\n".join(lines)


def median_lighthouse(url: str, cookie: str, tmp: Path) -> dict[str, Any]:
    """LIGHTHOUSE_RUNS (3) runs of one page; the run with the median performance
    score, and every run's score: one run's score moves a point or two with the
    machine's load, as Lighthouse's own guidance on variability says."""
    runs = [lighthouse(url, cookie, tmp) for _ in range(LIGHTHOUSE_RUNS)]
    scored = sorted((r for r in runs if isinstance(r.get("performance"), int | float)),
                    key=lambda r: r["performance"])
    if not scored:
        return runs[0]
    chosen = dict(scored[len(scored) // 2])
    chosen["performance_runs"] = [r.get("performance") for r in runs]
    return chosen


def soak() -> int:
    test = ROOT / "tests/browser/test_outbox_browser.py"
    if not test.exists():
        return 0
    print("\nOffline soak test, 200 flips:", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-s", str(test), "-k", "soak"],
                           env={**os.environ, "STEADY_SOAK_FLIPS": "200"}, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--soak", action="store_true", help="then run the offline soak test")
    parser.add_argument("--soak-only", action="store_true", help="only the offline soak test")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--only", action="append", default=[], metavar="ROUTE",
                        help="only this route (as in the table, e.g. 'POST /api/sync'; "
                             "again for more); /healthz and the static file always run")
    args = parser.parse_args()
    routes = [r for r in ROUTES if not args.only or r in (*args.only, "/healthz", STATIC)]
    sys.path.insert(0, str(ROOT))  # the first-load count reuses tests/core's function
    if args.soak_only:
        return soak()
    if shutil.which("wrk") is None:
        print("wrk is not installed: `make bench` installs it (apt-get install wrk).")
        return 2
    with tempfile.TemporaryDirectory() as tmp, scratch_database(Path(tmp)) as url:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 40,
               "STEADY_RATELIMIT_ENABLED": "false", "FLASK_APP": "wsgi"}
        flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
        subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True)
        print(f"Filling {DEMO_DAYS} days of demo diary ...", flush=True)
        subprocess.run([*flask, "demo", "--days", str(DEMO_DAYS)], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        report: dict[str, Any] = {"demo_days": DEMO_DAYS, "connections": CONNECTIONS,
                                  "seconds": SECONDS, "database": url.split(":")[0],
                                  "cpus": os.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M"),
                                  "sync_items": "10 new entries per request (fresh UUIDs)"}
        # Before wrk: the sync route adds entries for today, which /diary/ would show.
        report["first_load_bytes"] = first_load_bytes(env, FIRST_LOAD)
        with server(env, free_port(), Path(tmp) / "gunicorn.log") as base:
            opener, cookie, who = login(base)
            static_url = static_css_url(opener, base)
            # Before wrk, whose sync POSTs add thousands of entries to today's diary page.
            report["lighthouse"] = ({} if args.no_lighthouse else
                                    {page: median_lighthouse(base + page, cookie, Path(tmp))
                                     for page in LIGHTHOUSE})
            report["routes"] = bench_routes(base, opener, cookie, who, static_url, routes)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print("\n" + table(report) + f"\n\nWritten to {RESULTS.relative_to(ROOT)}")
    return soak() if args.soak else 0


if __name__ == "__main__":
    sys.exit(main())
