"""DESIGN budget: at most 40 KB on the wire for a first load's HTML + CSS + JS, as
the app itself sends them (compressed), counting every ES module a page pulls in
through its imports; every static URL a page or module reaches is versioned; and no
third-party request."""
from __future__ import annotations

import posixpath
import re

import pytest

BUDGET = 40 * 1024
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
PAGE_ASSETS = re.compile(rb'(?:href|src)="(/static/[^"]+)"')
# `import "./x.js"` and `... from "./x.js"` load with the page; `import("./x.js")`
# loads only when the code runs (the worker precaches it after the page is up).
STATIC_IMPORTS = re.compile(r"""\b(?:from|import)\s*["'](\.{1,2}/[^"']+)["']""")
ALL_IMPORTS = re.compile(r"""\b(?:from|import)\s*\(?\s*["'](\.{1,2}/[^"']+)["']""")
PUBLIC = ["/", "/login", "/register", "/learn", "/learn/red-flags", "/exercises",
          "/exercises/breathe/calm", "/exercises/relax/pmr", "/offline", "/log-offline", "/help"]
SIGNED_IN = ["/diary/", "/diary/new", "/diary/checkin", "/diary/insights", "/diary/summary",
             "/recovery/"]


def reached(client, html: bytes, imports: re.Pattern[str] = STATIC_IMPORTS) -> dict[str, int]:
    """Every static URL a page loads (stylesheets, scripts, icons it links) and every
    module those scripts import, with the bytes each takes on the wire."""
    sizes: dict[str, int] = {}
    todo = [m.decode() for m in PAGE_ASSETS.findall(html.split(b"</head>")[0])
            if m.endswith((b".css", b".js")) or b".css?" in m or b".js?" in m]
    while todo:
        url = todo.pop()
        if url in sizes:
            continue
        response = client.get(url, headers=BROWSER)
        assert response.status_code == 200, url
        sizes[url] = len(response.data)
        if url.split("?")[0].endswith(".js"):
            source = client.get(url).get_data(as_text=True)  # plain, to read its imports
            # Comments that start a line only ("/*" and "//" also occur inside strings
            # and URLs), and a line comment ends at its line: with re.S a ".*" after
            # "//" would swallow the rest of the file and every import in it.
            source = re.sub(r"^\s*/\*.*?\*/|^[ \t]*//[^\n]*", "", source, flags=re.S | re.M)
            base = posixpath.dirname(url.split("?")[0])
            todo += [posixpath.normpath(posixpath.join(base, spec)) if spec.startswith(".")
                     else spec for spec in imports.findall(source)]
    return sizes


def first_load(client, url: str) -> tuple[int, dict[str, int]]:
    page = client.get(url, headers=BROWSER)
    assert page.status_code == 200, url
    assert page.headers.get("Content-Encoding") == "br", url
    assets = reached(client, client.get(url).data)  # read the links in the plain page
    return len(page.data) + sum(assets.values()), assets


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_fit_the_first_load_budget(client, url):
    total, assets = first_load(client, url)
    assert total <= BUDGET, (url, total, assets)
    html = client.get(url).data
    assert not re.search(rb'(?:src|href)="(?:https?:)?//', html.split(b"</head>")[0])


def test_signed_in_pages_fit_the_first_load_budget(client, person, log_twitch):
    log_twitch(note="a note")
    for url in SIGNED_IN:
        total, assets = first_load(client, url)
        assert total <= BUDGET, (url, total, assets)


@pytest.mark.parametrize("url", PUBLIC[:6])
def test_every_static_url_a_page_reaches_is_versioned_and_immutable(client, url):
    html = client.get(url).data
    for link in PAGE_ASSETS.findall(html):
        assert b"?v=" in link, link
    for asset in reached(client, html, ALL_IMPORTS):
        assert "?v=" in asset, f"{asset} is reached without a version"
        cache = client.get(asset).headers["Cache-Control"]
        assert "immutable" in cache and "max-age=31536000" in cache, asset
