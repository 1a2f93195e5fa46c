"""Phone-sized screenshots of Steady with demo data, for the README and for
looking at pages as a person would. From the checkout's top folder (it uses the
test suite's Chromium settings and schema helper):

    .venv/bin/python -m scripts.screenshots [path ...]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from tests.fixtures.browser import CHROMIUM_ARGS
from tests.fixtures.database import migrate
from webapp import create_app
from webapp.cli import DEMO_PASSWORD, DEMO_PERSON

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_PAGES = {"/": "home", "/diary/": "diary", "/diary/new": "log",
                 "/diary/checkin": "checkin"}


def main(paths: list[str]) -> None:
    pages = {p: p.strip("/").replace("/", "-") or "home" for p in paths} or DEFAULT_PAGES
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/shots.sqlite3"
        migrate(url)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x" * 40,
                          "RATELIMIT_ENABLED": False})
        app.test_cli_runner().invoke(args=["demo", "--days", "45"])
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                         args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844}, base_url=base)
            page.goto("/login")
            page.get_by_label("Email").fill(DEMO_PERSON)
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Log in").click()
            for path, name in pages.items():
                page.goto(path)
                page.screenshot(path=str(out / f"screenshot-{name}.png"))
                print(out / f"screenshot-{name}.png")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
