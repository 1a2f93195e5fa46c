"""DESIGN budget: at most 60 KB gzip-compressed HTML + CSS + JS on a first load,
counting every ES module a page pulls in, and no third-party request."""
import gzip
import posixpath
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
BUDGET = 60 * 1024
IMPORT = re.compile(r"""(?:^|\n)\s*(?:import|export)\b[^"'\n]*?["'](\.{1,2}/[^"']+)["']""")
DYNAMIC = re.compile(r"""import\(\s*["'](\.{1,2}/[^"']+)["']\s*\)""")


def module_closure(entry: str) -> set[str]:
    """Every static file an ES module reaches through static and dynamic imports."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        source = (STATIC / path).read_text(encoding="utf-8")
        for spec in IMPORT.findall(source) + DYNAMIC.findall(source):
            todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(path), spec)))
    return seen


def first_load_bytes(html: bytes) -> int:
    assets: set[str] = set()
    for name in re.findall(rb'(?:href|src)="/static/([^"?]+\.(?:css|js))', html):
        name = name.decode()
        assets |= module_closure(name) if name.endswith(".js") else {name}
    return len(gzip.compress(html)) + sum(len(gzip.compress((STATIC / a).read_bytes()))
                                          for a in assets)


@pytest.mark.parametrize("url", ["/", "/login", "/register", "/learn", "/learn/red-flags",
                                 "/exercises", "/exercises/breathe/calm", "/exercises/relax/pmr",
                                 "/offline", "/log-offline"])
def test_public_pages_fit_the_first_load_budget(client, url):
    html = client.get(url).data
    assert first_load_bytes(html) <= BUDGET
    assert not re.search(rb'(?:src|href)="(?:https?:)?//', html.split(b"</head>")[0])


def test_diary_pages_fit_the_first_load_budget(client, person):
    for url in ("/diary/", "/diary/new", "/diary/checkin", "/diary/insights"):
        assert first_load_bytes(client.get(url).data) <= BUDGET, url
