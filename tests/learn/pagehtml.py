"""A tiny HTML reader for Learn tests: headings, ids and links inside <main>."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise


@dataclass
class Page:
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    ids: set[str] = field(default_factory=set)
    links: list[dict[str, str]] = field(default_factory=list)  # attrs of <a>, in <main>
    tags: list[str] = field(default_factory=list)  # every start tag in <main>


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.in_main = 0
        self.heading: int | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "main":
            self.in_main += 1
        if not self.in_main:
            return
        self.page.tags.append(tag)
        if tag == "a":
            self.page.links.append(a)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.heading, self.text = int(tag[1]), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main -= 1
        if self.heading and tag == f"h{self.heading}":
            self.page.headings.append((self.heading, " ".join("".join(self.text).split())))
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.heading:
            self.text.append(data)


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    return reader.page


def heading_problems(headings: list[tuple[int, str]]) -> list[str]:
    """Empty when there is one h1, first, and no level is skipped on the way down."""
    problems = []
    levels = [level for level, _ in headings]
    if levels[:1] != [1] or levels.count(1) != 1:
        problems.append(f"expected exactly one h1, first: {headings}")
    for (prev, _), (level, text) in pairwise(headings):
        if level > prev + 1:
            problems.append(f"h{level} '{text}' follows h{prev}")
    return problems
