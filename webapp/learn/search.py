"""Plain search over the article library: every word must match; title hits rank first.

Nine-ish articles live in memory, so a scan per query costs microseconds and
needs no index. Snippets are built from escaped text with only our own
<mark> added, so a query can never inject markup."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from webapp.learn.library import Article

MAX_QUERY = 100
MAX_WORDS = 10
SNIPPET_BEFORE = 60
SNIPPET_AFTER = 140
WORD_RE = re.compile(r"[^\W_]+")  # letters and digits in any script


@dataclass(frozen=True)
class Hit:
    article: Article
    snippet: Markup


@dataclass(frozen=True)
class Outcome:
    query: str  # cleaned and capped, safe to show back in the search box
    words: tuple[str, ...]
    hits: tuple[Hit, ...]
    truncated: bool


def clean_query(raw: str | None) -> tuple[str, bool]:
    """Drop control and invisible characters, squeeze spaces, cap the length."""
    text = "".join(ch for ch in (raw or "")[: MAX_QUERY * 10]
                   if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    return text[:MAX_QUERY].strip(), len(text) > MAX_QUERY


def query_words(query: str) -> tuple[str, ...]:
    words = dict.fromkeys(w.lower() for w in WORD_RE.findall(query))
    return tuple(words)[:MAX_WORDS]


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "sleep" before "s"
    return re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE)


def highlight(text: str, words: tuple[str, ...]) -> Markup:
    """Escape text and wrap each occurrence of a query word in <mark>."""
    if not words:
        return escape(text)
    out, last = [], 0
    for match in _pattern(words).finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup("<mark>%s</mark>") % match.group(0))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def snippet(article: Article, words: tuple[str, ...]) -> Markup:
    """The body text around the first hit, or the summary when only the title matched."""
    first = _pattern(words).search(article.text)
    if not first:
        return highlight(article.summary, words)
    text = article.text
    start = max(0, first.start() - SNIPPET_BEFORE)
    end = min(len(text), first.end() + SNIPPET_AFTER)
    if start > 0:
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space != -1 else end
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    return escape(lead) + highlight(text[start:end], words) + escape(tail)


def _matches(article: Article, patterns: list[re.Pattern[str]]) -> bool:
    return all(p.search(article.title) or p.search(article.summary) or p.search(article.text)
               for p in patterns)


def search(articles: Iterable[Article], raw_query: str | None) -> Outcome:
    """Articles holding every word of the query, best first; never raises on odd input."""
    query, truncated = clean_query(raw_query)
    words = query_words(query)
    if not words:
        return Outcome(query=query, words=(), hits=(), truncated=truncated)
    patterns = [re.compile(re.escape(w), re.IGNORECASE) for w in words]
    found = [a for a in articles if _matches(a, patterns)]
    found.sort(key=lambda a: (-sum(bool(p.search(a.title)) for p in patterns),
                              -sum(bool(p.search(a.summary)) for p in patterns), a.order))
    hits = tuple(Hit(article=a, snippet=snippet(a, words)) for a in found)
    return Outcome(query=query, words=words, hits=hits, truncated=truncated)
