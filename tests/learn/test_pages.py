"""Learn pages as a reader meets them: index, article, 404, home links, query budget."""
from __future__ import annotations

import pytest
from markupsafe import escape

from tests.learn.pagehtml import heading_problems, read

LEARN_PAGES = ["/learn", "/learn/red-flags", "/learn/common-triggers", "/learn/search?q=sleep",
               "/learn/search?q=zzqx", "/learn/search"]


def test_index_lists_articles_in_order_with_summaries_search_and_red_flags(app, client):
    html = client.get("/learn").get_data(as_text=True)
    articles = app.extensions["steady_learn"].articles()
    positions = [html.index(f'href="/learn/{a.slug}"') for a in articles if a.slug != "red-flags"]
    assert positions == sorted(positions)
    for article in articles:
        assert str(escape(article.summary)) in html
    assert 'role="search"' in html and 'action="/learn/search"' in html
    assert 'class="redflag-callout"' in html and 'href="/learn/red-flags"' in html
    assert heading_problems(read(html).headings) == []


def test_unknown_article_is_a_friendly_404(client):
    for url in ["/learn/no-such-article", "/learn/RED-FLAGS", "/learn/red-flags.md"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "could not find that page" in response.get_data(as_text=True)


def test_red_flags_are_one_tap_from_every_page(client):
    for url in ["/", "/learn", "/learn/habits-that-help", "/login", "/no-such-page"]:
        html = client.get(url).get_data(as_text=True)
        header = html.split('<header class="site-header">')[1].split("</header>")[0]
        assert 'href="/learn/red-flags"' in header, url


def test_home_page_offers_the_first_three_articles(app, client):
    html = client.get("/").get_data(as_text=True)
    section = html.split('id="home-learn-title"')[1].split("</section>")[0]
    first = app.extensions["steady_learn"].articles()[:3]
    for article in first:
        assert f'href="/learn/{article.slug}"' in section
    assert section.count("<li>") == 4  # three articles and "All articles"
    assert heading_problems(read(html).headings) == []


def test_the_learn_tab_is_marked_current(client):
    html = client.get("/learn/red-flags").get_data(as_text=True)
    nav = html.split('class="bottom-nav"')[1]
    assert 'href="/learn" aria-current="page"' in nav


def test_pages_carry_no_inline_script_or_style(client):
    for url in LEARN_PAGES:
        html = client.get(url).get_data(as_text=True)
        assert "style=" not in html and "<style" not in html
        assert "<script>" not in html and "<script type=\"module\">" not in html


@pytest.mark.parametrize("url", LEARN_PAGES)
def test_query_budget_signed_in(client, person, count_queries, url):
    with count_queries() as log:
        response = client.get(url)
    assert response.status_code == 200
    assert log.count <= 5, log


@pytest.mark.parametrize("url", LEARN_PAGES)
def test_query_budget_anonymous(client, count_queries, url):
    with count_queries() as log:
        response = client.get(url)
    assert response.status_code == 200
    assert log.count <= 1, log

