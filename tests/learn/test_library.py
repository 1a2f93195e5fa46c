"""The article library: every file publishes cleanly, and broken content fails at start."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.learn.pagehtml import heading_problems, read
from webapp.diary.vocab import TRIGGERS, trigger_article_url
from webapp.learn.library import ContentError, load_library, offline_urls, source_url_problem

CONTENT = Path(__file__).resolve().parents[2] / "content" / "learn"
SLUGS = sorted(p.stem for p in (CONTENT / "en").glob("*.md"))


def test_the_library_holds_every_file_in_reading_order(app):
    articles = app.extensions["steady_learn"].articles("en")
    assert sorted(a.slug for a in articles) == SLUGS and len(SLUGS) >= 9
    orders = [a.order for a in articles]
    assert orders == sorted(orders)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_article_renders_with_sources_date_and_reading_time(app, client, slug):
    article = app.extensions["steady_learn"].get(slug)
    assert len(article.sources) >= 2
    assert all(s.url.startswith(("https://", "http://")) and s.title for s in article.sources)
    assert isinstance(article.reviewed, dt.date)
    assert article.reading_minutes >= 1

    response = client.get(f"/learn/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = read(html)
    assert page.headings[0] == (1, " ".join(article.title.split()))
    assert "Last reviewed" in html and f'datetime="{article.reviewed.isoformat()}"' in html
    assert f"by {article.reviewed_by}" in html and article.reviewed_by.strip()
    assert "Next review" in html and f'datetime="{article.next_review.isoformat()}"' in html
    assert article.next_review > article.reviewed
    assert "minute read" in html or "minutes read" in html
    for source in article.sources:
        assert f'href="{source.url}" rel="noopener"' in html
    assert "it does not diagnose. If you are worried about a symptom, talk to a doctor." in html
    assert heading_problems(page.headings) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_contents_list_links_to_each_section(client, slug):
    html = client.get(f"/learn/{slug}").get_data(as_text=True)
    page = read(html)
    assert '<nav class="contents" aria-label="Sections of this article">' in html
    contents = [a["href"][1:] for a in page.links if a.get("href", "").startswith("#")]
    body = html.split('class="article-body"')[1].split('class="article-disclaimer"')[0]
    h2_in_body = body.count("<h2")
    assert len(contents) == h2_in_body >= 2
    assert set(contents) <= page.ids


def test_every_link_between_articles_lands_on_a_real_page_and_section(client):
    for slug in SLUGS:
        for link in read(client.get(f"/learn/{slug}").get_data(as_text=True)).links:
            href = link.get("href", "")
            if not href.startswith("/learn/") or href.startswith("/learn/search"):
                continue
            path, _, fragment = href.partition("#")
            target = client.get(path)
            assert target.status_code == 200, f"{slug} links to {href}"
            if fragment:
                assert fragment in read(target.get_data(as_text=True)).ids, f"{slug}: {href}"


def test_related_articles_point_at_real_articles(app, client):
    library = app.extensions["steady_learn"]
    for article in library.articles():
        assert article.related and article.slug not in article.related
        html = client.get(f"/learn/{article.slug}").get_data(as_text=True)
        related = html.split('id="article-related-title"')[1]
        for slug in article.related:
            assert library.get(slug) is not None
            assert f'href="/learn/{slug}"' in related


def test_every_diary_trigger_has_a_section_and_a_way_back_to_the_diary(client):
    html = client.get("/learn/common-triggers").get_data(as_text=True)
    ids = read(html).ids
    for key in TRIGGERS:
        assert f"trigger-{key}" in ids
        assert f'href="/diary/new?trigger={key}"' in html
        assert trigger_article_url(key) == f"/learn/common-triggers#trigger-{key}"


def test_red_flags_page_has_a_real_table_and_the_help_now_block(client):
    html = client.get("/learn/red-flags").get_data(as_text=True)
    assert "<table" in html and "<th" in html
    wrap = ('<div aria-labelledby="signs-to-look-out-for" class="table-wrap" role="region" '
            'tabindex="0">')
    assert wrap in html and 'id="signs-to-look-out-for"' in html
    assert 'class="help-now"' in html and "If you need help now" in html
    assert 'id="help-now"' in html  # other articles link to /learn/red-flags#help-now
    assert html.count("If you need help now") == 1


def test_only_the_red_flags_article_repeats_the_help_now_block(client):
    html = client.get("/learn/habits-that-help").get_data(as_text=True)
    assert 'class="help-now"' not in html


def test_offline_urls_list_the_index_and_every_article(app):
    assert offline_urls in app.extensions["steady_offline_urls"]
    with app.test_request_context():
        urls = offline_urls()
    assert urls[0] == "/learn"
    assert sorted(urls[1:]) == sorted(f"/learn/{slug}" for slug in SLUGS)


# Broken content is refused when the app starts, with a message naming the file.

GOOD_FRONT = """---
title: A title
summary: A summary.
order: 1
reviewed: 2026-01-02
reviewed_by: A reviewer
next_review: 2027-01-02
sources:
  - {title: One, url: https://example.org/1}
  - {title: Two, url: https://example.org/2}
related: []
---
"""


def write(folder: Path, language: str, slug: str, text: str) -> None:
    (folder / language).mkdir(parents=True, exist_ok=True)
    (folder / language / f"{slug}.md").write_text(text)


@pytest.mark.parametrize(("body", "problem"), [
    ("# Another title\n\nText.", "the title is the only h1"),
    ("### Too deep\n\nText.", "h3 right after h1"),
    ("## Fine\n\n#### Too deep\n", "h4 right after h2"),
    ("## Table\n\n| | A |\n|---|---|\n| x | y |\n", "every table column needs a header"),
])
def test_bad_structure_is_refused(tmp_path, body, problem):
    write(tmp_path, "en", "broken", GOOD_FRONT + body)
    with pytest.raises(ContentError, match=problem):
        load_library(tmp_path)


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("title: A title\n", "", "needs a 'title'"),
    ("reviewed: 2026-01-02\n", "reviewed: soon\n", "'reviewed' must be a date"),
    ("https://example.org/1", "ftp://example.org/1", "http"),
    ("related: []", "related: [nowhere]", "nowhere"),
    ("related: []", "related: nowhere", "'related' must be a list"),
    ("related: []", "related: 3", "'related' must be a list"),
    ("reviewed_by: A reviewer\n", "", "needs a 'reviewed_by'"),
    ("reviewed_by: A reviewer\n", "reviewed_by: ' '\n", "needs a 'reviewed_by'"),
    ("next_review: 2027-01-02\n", "", "'next_review' must be a date after 'reviewed'"),
    ("next_review: 2027-01-02\n", "next_review: 2025-12-31\n",
     "'next_review' must be a date after"),
    ("next_review: 2027-01-02\n", "next_review: yearly\n", "'next_review' must be a date"),
])
def test_bad_front_matter_is_refused(tmp_path, old, new, problem):
    write(tmp_path, "en", "broken", GOOD_FRONT.replace(old, new) + "Text.")
    with pytest.raises(ContentError, match=problem):
        load_library(tmp_path)


@pytest.mark.parametrize("url", [
    "https://pubmed.ncbi.nlm.nih.gov/?term=Liang+2023+breathing",
    "https://www.ncbi.nlm.nih.gov/pmc/?term=fasciculation",
    "https://www.google.com/search?q=anxiety+twitching",
    "https://scholar.google.com/scholar?q=benign+fasciculation",
    "https://www.bing.com/search?q=twitching",
    "https://duckduckgo.com/?q=twitching",
    "https://www.nhs.uk/search/results?q=twitching",
    "https://example.org/search/twitching",
    "https://example.org/articles?query=twitching",
    "https://example.org/?s=twitching",
])
def test_a_search_page_is_refused_as_a_source(tmp_path, url):
    write(tmp_path, "en", "broken", GOOD_FRONT.replace("https://example.org/1", url) + "Text.")
    with pytest.raises(ContentError, match="not the work itself"):
        load_library(tmp_path)


@pytest.mark.parametrize("url", [
    "https://doi.org/10.3389/fpsyg.2023.1155134",
    "https://pubmed.ncbi.nlm.nih.gov/8215252/",
    "https://www.ncbi.nlm.nih.gov/books/NBK541120/",
    "https://www.apa.org/topics/stress/body",
    "https://example.org/research/twitching",  # "research" is not "search"
])
def test_a_link_to_the_work_itself_is_accepted(tmp_path, url):
    write(tmp_path, "en", "fine", GOOD_FRONT.replace("https://example.org/1", url) + "Text.")
    assert load_library(tmp_path).get("fine").sources[0].url == url


def test_every_shipped_source_links_to_the_work_itself(app):
    for article in app.extensions["steady_learn"].articles():
        for source in article.sources:
            assert source_url_problem(source.url) is None, (article.slug, source.url)
            assert source.url.startswith("https://"), (article.slug, source.url)


def test_the_online_therapy_claim_cites_a_study_not_a_vendor(app):
    article = app.extensions["steady_learn"].get("habits-that-help")
    sentences = [s for s in article.text.split(".")
                 if "online" in s.lower() and "therapy" in s.lower()]
    assert sentences, "the article should say what is known about online therapy"
    urls = {s.url for s in article.sources}
    assert "https://doi.org/10.1001/jamapsychiatry.2020.0940" in urls
    assert not any("healthline" in s.lower() for s in sentences)


def test_a_file_named_like_a_route_is_refused(tmp_path):
    write(tmp_path, "en", "search", GOOD_FRONT + "Text.")
    with pytest.raises(ContentError, match="cannot be an article address"):
        load_library(tmp_path)


def test_a_short_article_reads_in_one_minute_and_a_long_one_takes_longer(tmp_path):
    write(tmp_path, "en", "short", GOOD_FRONT + "Just a few words.")
    write(tmp_path, "en", "long", GOOD_FRONT.replace("order: 1", "order: 2") + "word " * 1000)
    library = load_library(tmp_path)
    assert library.get("short").reading_minutes == 1
    assert library.get("long").reading_minutes == 5


def test_a_translation_falls_back_to_english_article_by_article(tmp_path):
    write(tmp_path, "en", "one", GOOD_FRONT + "English one.")
    write(tmp_path, "en", "two", GOOD_FRONT.replace("order: 1", "order: 2") + "English two.")
    write(tmp_path, "de", "one", GOOD_FRONT.replace("A title", "Ein Titel") + "Deutsch eins.")
    library = load_library(tmp_path)
    assert [a.title for a in library.articles("de")] == ["Ein Titel", "A title"]
    assert library.get("two", "de").language == "en"
    assert library.get("one", "fr").title == "A title"  # no French folder: English


def test_the_library_cannot_be_changed_after_start(app):
    library = app.extensions["steady_learn"]
    article = library.get("red-flags")
    with pytest.raises(AttributeError):
        article.title = "changed"  # type: ignore[misc]
    assert isinstance(library.articles(), tuple)
