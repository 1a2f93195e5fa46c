"""The article library: every content/learn/<lang>/*.md file, rendered once at app start.

Adding an article means adding a file. The library is immutable after start
(frozen dataclasses, tuples, read-only mappings), so requests only read it.
A language folder other than en may hold some articles; the rest fall back
to English."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qsl, urlsplit

import frontmatter
from flask import Flask, current_app, url_for
from flask_babel import get_locale
from markupsafe import Markup

from webapp.content_files import KeptWhileUnchanged
from webapp.learn.render import ContentError, Heading, blocks, render_body

DEFAULT_LANGUAGE = "en"
RED_FLAGS_SLUG = "red-flags"
EXTENSION_KEY = "steady_learn"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"search"}  # /learn/search is a route of its own
# A source must be the work itself: a search-results page changes under the reader
# and proves nothing. These are the tell-tale signs of one.
SEARCH_HOSTS = ("google.", "bing.com", "duckduckgo.com", "yahoo.", "baidu.com", "yandex.",
                "ecosia.org", "startpage.com", "search.brave.com")
SEARCH_PARAMS = {"term", "q", "query", "search", "searchterm", "search_query", "keywords", "s"}
SEARCH_PATH_RE = re.compile(r"(?:^|/)(?:search|results)(?:[/._-]|$)", re.IGNORECASE)

__all__ = ["Article", "ContentError", "Heading", "Library", "Source", "current_articles",
           "current_language", "current_library", "init_app", "load_library", "offline_urls",
           "source_url_problem"]


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Article:
    slug: str
    language: str
    title: str
    summary: str
    order: int
    reviewed: dt.date
    reviewed_by: str
    next_review: dt.date
    sources: tuple[Source, ...]
    related: tuple[str, ...]
    html: Markup
    text: str
    headings: tuple[Heading, ...]
    reading_minutes: int


class Library:
    """Articles by language; lookups fall back to English article by article."""

    def __init__(self, articles: Mapping[str, Mapping[str, Article]]) -> None:
        if DEFAULT_LANGUAGE not in articles:
            raise ContentError(f"no '{DEFAULT_LANGUAGE}' articles found")
        merged: dict[str, Mapping[str, Article]] = {}
        for language, own in articles.items():
            both = {**articles[DEFAULT_LANGUAGE], **own}
            ordered = sorted(both.values(), key=lambda a: (a.order, a.title))
            merged[language] = MappingProxyType({a.slug: a for a in ordered})
        self._by_language = MappingProxyType(merged)
        slugs = dict.fromkeys(merged[DEFAULT_LANGUAGE])
        for language in sorted(merged):
            slugs.update(dict.fromkeys(merged[language]))
        self._slugs = tuple(slugs)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self._by_language))

    def _pick(self, language: str) -> Mapping[str, Article]:
        return self._by_language.get(language) or self._by_language[DEFAULT_LANGUAGE]

    def articles(self, language: str = DEFAULT_LANGUAGE) -> tuple[Article, ...]:
        """Every article in reading order (front matter `order`)."""
        return tuple(self._pick(language).values())

    def get(self, slug: str, language: str = DEFAULT_LANGUAGE) -> Article | None:
        return self._pick(language).get(slug)

    def slugs(self) -> tuple[str, ...]:
        """Every article address in any language, English reading order first."""
        return self._slugs


def _text(meta: dict, key: str, where: str) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: front matter needs a '{key}'")
    return value.strip()


def source_url_problem(url: str) -> str | None:
    """Why `url` cannot stand as a source (None when it can): not http(s), or a search page."""
    if not url.startswith(("http://", "https://")):
        return "needs an http(s) url"
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or any(mark in host for mark in SEARCH_HOSTS):
        return f"'{url}' is a search engine, not the work itself"
    if SEARCH_PATH_RE.search(parts.path):
        return f"'{url}' is a search page, not the work itself (link a DOI or the publisher's page)"
    searched = {key.lower() for key, _value in parse_qsl(parts.query, keep_blank_values=True)}
    if searched & SEARCH_PARAMS:
        return (f"'{url}' is a search query, not the work itself "
                "(link a DOI or the publisher's page)")
    return None


def _sources(meta: dict, where: str) -> tuple[Source, ...]:
    raw = meta.get("sources") or []
    sources = []
    for item in raw:
        url = str(item.get("url", "")) if isinstance(item, dict) else ""
        problem = source_url_problem(url)
        if problem:
            raise ContentError(f"{where}: each source needs a title and an http(s) url; {problem}")
        sources.append(Source(title=_text(item, "title", where), url=url))
    if not sources:
        raise ContentError(f"{where}: an article must cite its sources")
    return tuple(sources)


def load_article(path: Path, language: str) -> Article:
    """Parse and render one file; raise ContentError when it cannot be published."""
    where = f"{language}/{path.name}"
    slug = path.stem
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise ContentError(f"{where}: '{slug}' cannot be an article address")
    post = frontmatter.load(str(path))
    meta = post.metadata
    title = _text(meta, "title", where)
    reviewed = meta.get("reviewed")
    if not isinstance(reviewed, dt.date):
        raise ContentError(f"{where}: 'reviewed' must be a date like 2026-11-20")
    next_review = meta.get("next_review")
    if not isinstance(next_review, dt.date) or next_review <= reviewed:
        raise ContentError(f"{where}: 'next_review' must be a date after 'reviewed'")
    order = meta.get("order")
    if not isinstance(order, int):
        raise ContentError(f"{where}: 'order' must be a whole number")
    related = meta.get("related") or []
    if not isinstance(related, list):
        raise ContentError(f"{where}: 'related' must be a list of article addresses")
    body = render_body(post.content, title=title, where=where, language=language)
    return Article(
        slug=slug, language=language, title=title, summary=_text(meta, "summary", where),
        order=order, reviewed=reviewed, reviewed_by=_text(meta, "reviewed_by", where),
        next_review=next_review, sources=_sources(meta, where),
        related=tuple(str(s) for s in related),
        html=body.html, text=body.text, headings=body.headings,
        reading_minutes=body.reading_minutes,
    )


_LOADED: KeptWhileUnchanged[Library] = KeptWhileUnchanged("*/*.md")


def load_library(folder: Path) -> Library:
    """Every <folder>/<language>/*.md, checked so a broken article fails at start
    (kept for the process while the files, and the blocks they show, are unchanged)."""
    languages = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    return _LOADED.get(folder, lambda: _read_library(folder), also=blocks(languages))


def _read_library(folder: Path) -> Library:
    articles: dict[str, Mapping[str, Article]] = {}
    for language_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = sorted(language_dir.glob("*.md"))
        found = {p.stem: load_article(p, language_dir.name) for p in files}
        if found:
            articles[language_dir.name] = found
    library = Library(articles)
    known = set(library.slugs())
    for language in library.languages:
        for article in library.articles(language):
            missing = [s for s in article.related if s not in known]
            if missing:
                raise ContentError(f"{language}/{article.slug}.md: related {missing} do not exist")
    return library


def content_folder(app: Flask) -> Path:
    configured = app.config.get("LEARN_CONTENT_DIR")
    if configured:
        return Path(configured)
    return Path(app.root_path).parent / "content" / "learn"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = load_library(content_folder(app))
    app.jinja_env.globals["learn_articles"] = current_articles


def current_library() -> Library:
    return current_app.extensions[EXTENSION_KEY]


def current_language() -> str:
    """The request's language if it has a folder, else English."""
    locale = get_locale()
    languages = current_library().languages
    for candidate in (str(locale) if locale else "", getattr(locale, "language", "")):
        if candidate in languages:
            return candidate
    return DEFAULT_LANGUAGE


def current_articles() -> tuple[Article, ...]:
    """The articles in reading order, in the request's language (a Jinja global)."""
    return current_library().articles(current_language())


def offline_urls() -> list[str]:
    """Every Learn page a phone should keep for offline reading (needs an app context)."""
    urls = [url_for("learn.index")]
    urls.extend(url_for("learn.article", slug=slug) for slug in current_library().slugs())
    return urls
