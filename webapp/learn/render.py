"""Markdown to safe, accessible HTML for one article body.

Runs at app start only. Articles are written by the project, not by users,
so their HTML is trusted; what this adds is structure: tables that scroll
inside their own labelled region, rel="noopener" on external links, and the
h2 list for an on-page contents list.

A line holding only a block marker such as `[[warning-signs]]` is replaced by
Markdown made from content kept as data elsewhere (register_block), so the
article and the feature that uses the same data can never disagree. An
unknown marker stops the start."""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

EXTENSIONS = ["tables", "attr_list", "toc", "sane_lists"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}}
WORDS_PER_MINUTE = 200
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_END_RE = re.compile(r"</(?:p|h[1-6]|li|td|th|dt|dd|caption)>")
BLOCK_MARK = "\ue000"  # a private-use character: never in the articles, kept by striptags
MARKER_RE = re.compile(r"^\[\[([a-z0-9-]+)\]\][ \t]*$", re.MULTILINE)
# Marker name -> Markdown for a language, registered by the feature that owns
# the data (webapp.safety.signs registers "warning-signs": the screener's list).
_BLOCKS: dict[str, Callable[[str], str]] = {}


class ContentError(ValueError):
    """An article cannot be published as written; the message says which and why."""


@dataclass(frozen=True)
class Heading:
    id: str
    text: str


@dataclass(frozen=True)
class RenderedBody:
    html: Markup
    text: str
    headings: tuple[Heading, ...]
    reading_minutes: int


class _Structure(Treeprocessor):
    """Wrap tables in a scrollable region named by the heading above them; mark external links."""

    def __init__(self, md: markdown.Markdown, fallback_label: str) -> None:
        super().__init__(md)
        self.fallback_label = fallback_label

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        heading_id: str | None = None
        tables: list[tuple[etree.Element, str | None]] = []
        for el in root.iter():  # document order
            if el.tag in HEADINGS:
                heading_id = el.get("id")
            elif el.tag == "table":
                tables.append((el, heading_id))
            elif el.tag == "a" and el.get("href", "").startswith(("http://", "https://")):
                el.set("rel", "noopener")
        for table, label_id in tables:
            _label_cells(table)
            parent = parents[table]
            wrap = etree.Element("div", {"class": "table-wrap", "tabindex": "0", "role": "region"})
            if label_id:
                wrap.set("aria-labelledby", label_id)
            else:
                wrap.set("aria-label", self.fallback_label)
            index = list(parent).index(table)
            parent.remove(table)
            wrap.append(table)
            parent.insert(index, wrap)


def _label_cells(table: etree.Element) -> None:
    """Name each cell after its column, so narrow screens can stack rows as cards.

    Explicit roles keep the table a table for screen readers even when CSS
    changes its display (browsers drop implicit table roles then)."""
    table.set("role", "table")
    labels = ["".join(th.itertext()).strip() for th in table.iter("th")]
    if not all(labels):
        raise ContentError("every table column needs a header (screen readers announce it)")
    for group in table:
        group.set("role", "rowgroup")
    for th in table.iter("th"):
        th.set("scope", "col")
        th.set("role", "columnheader")
    for row in table.iter("tr"):
        row.set("role", "row")
        for index, cell in enumerate(row.findall("td")):
            cell.set("role", "cell")
            if index < len(labels) and labels[index]:
                cell.set("data-label", labels[index])


class _StructureExtension(Extension):
    def __init__(self, fallback_label: str) -> None:
        super().__init__()
        self.fallback_label = fallback_label

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - markdown's API
        # Priority 4: after attr_list (8) and toc (5) have given headings their ids.
        md.treeprocessors.register(_Structure(md, self.fallback_label), "steady_structure", 4)


def _flatten(tokens: list[dict]) -> list[dict]:
    flat: list[dict] = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten(token["children"]))
    return flat


def _check_heading_order(tokens: list[dict], where: str) -> None:
    previous = 1  # the page's h1 is the article title
    for token in tokens:
        level = token["level"]
        if level == 1:
            raise ContentError(f"{where}: '# {token['name']}' - the title is the only h1; use ##")
        if level > previous + 1:
            raise ContentError(f"{where}: '{token['name']}' is h{level} right after h{previous}")
        previous = level


def plain_text(html: str) -> str:
    """Readable text for search snippets: each block ends like a sentence, so a
    heading and the paragraph after it do not run together."""
    marked = BLOCK_END_RE.sub(BLOCK_MARK, html)
    blocks = (" ".join(part.split()) for part in Markup(marked).striptags().split(BLOCK_MARK))
    return " ".join(b if b[-1] in ".!?:;…" else b + "." for b in blocks if b)


def register_block(name: str, make: Callable[[str], str]) -> None:
    """Let articles say [[name]] for the Markdown make(language) returns."""
    _BLOCKS[name] = make


def blocks(languages: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
    """What every registered block says in each of these languages: part of what the
    articles are made of, besides their own files."""
    return tuple((name, language, make(language)) for name, make in sorted(_BLOCKS.items())
                 for language in sorted(languages))


def _expand_blocks(source: str, language: str, where: str) -> str:
    def block(match: re.Match[str]) -> str:
        make = _BLOCKS.get(match.group(1))
        if make is None:
            raise ContentError(f"{where}: there is no block called [[{match.group(1)}]]")
        return f"\n{make(language)}\n"

    return MARKER_RE.sub(block, source)


def render_body(source: str, *, title: str, where: str, language: str = "en") -> RenderedBody:
    """Render one article's Markdown; raise ContentError if its structure is wrong."""
    return _rendered(_expand_blocks(source, language, where), title, where)


@lru_cache(maxsize=512)
def _rendered(source: str, title: str, where: str) -> RenderedBody:
    """The Markdown work, remembered for the same text (blocks already expanded, so a
    change to the data a block shows is a different text): every app a process
    builds (the test suite builds thousands) shares one rendering of each article."""
    md = markdown.Markdown(extensions=[*EXTENSIONS, _StructureExtension(title)],
                           extension_configs=EXTENSION_CONFIGS, output_format="html")
    try:
        html = Markup(md.convert(source))
    except ContentError as exc:
        raise ContentError(f"{where}: {exc}") from None
    tokens = _flatten(md.toc_tokens)  # type: ignore[attr-defined]
    _check_heading_order(tokens, where)
    text = plain_text(html)
    minutes = max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))
    headings = tuple(Heading(t["id"], t["name"]) for t in tokens if t["level"] == 2)
    return RenderedBody(html=html, text=text, headings=headings, reading_minutes=minutes)
