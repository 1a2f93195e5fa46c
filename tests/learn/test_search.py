"""Searching the articles: every word must match, titles first, odd input never breaks."""
from __future__ import annotations

import re

import pytest

from webapp.learn.search import MAX_QUERY, clean_query, highlight, query_words


def results(html: str) -> list[str]:
    """Article addresses in the order the results list shows them."""
    if 'class="article-list search-results"' not in html:
        return []
    listing = html.split('class="article-list search-results"')[1].split("</ol>")[0]
    return re.findall(r'href="/learn/([a-z0-9-]+)"', listing)


def test_finds_an_article_by_a_word_only_in_its_body(app, client):
    article = app.extensions["steady_learn"].get("red-flags")
    assert "buttons" not in (article.title + article.summary).lower()
    html = client.get("/learn/search?q=Buttons").get_data(as_text=True)
    assert results(html) == ["red-flags"]
    assert "<mark>buttons</mark>" in html
    assert "1 article found for “Buttons”." in html


def test_every_word_must_match(client):
    both = results(client.get("/learn/search?q=caffeine+sleep").get_data(as_text=True))
    caffeine = results(client.get("/learn/search?q=caffeine").get_data(as_text=True))
    assert both and set(both) <= set(caffeine)
    assert results(client.get("/learn/search?q=caffeine+zzqx").get_data(as_text=True)) == []


def test_title_hits_rank_first(app, client):
    found = results(client.get("/learn/search?q=doctor").get_data(as_text=True))
    library = app.extensions["steady_learn"]
    in_title = [slug for slug in found if "doctor" in library.get(slug).title.lower()]
    assert len(in_title) >= 2 and found[:len(in_title)] == in_title
    assert len(found) > len(in_title)


def test_no_results_page_is_friendly_and_points_at_red_flags(client):
    response = client.get("/learn/search?q=zzqx")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing found for “zzqx”." in html
    assert 'href="/learn/red-flags"' in html.split("<main")[1]
    assert 'value="zzqx"' in html  # the words stay in the box to edit


def test_an_empty_search_invites_a_word(client):
    for url in ["/learn/search", "/learn/search?q=", "/learn/search?q=+++"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Type a word or two" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [
    "%00", "%00sleep", "!!!%3F%3F", "%F0%9F%99%82", "%E2%80%8B", "%FF%FE", "a" * 5000,
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%22%3E%3Cmark%3E", "%2A%5B(%5C", "caf%C3%A9",
    "%E7%9D%A1%E7%9C%A0", "q&q=second", "sleep" + "%20x" * 60,
])
def test_odd_input_gives_a_calm_page_and_is_escaped(client, query):
    response = client.get(f"/learn/search?q={query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html and "\x00" not in html
    box = re.search(r'name="q" value="([^"]*)"', html).group(1)
    assert len(box) <= MAX_QUERY * 6  # escaped entities may be longer than the characters


def test_markup_in_the_query_is_shown_as_text(client):
    html = client.get("/learn/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get("/learn/search?q=%22%3E%3Cmark%3Esleep").get_data(as_text=True)
    assert 'value="&#34;&gt;&lt;mark&gt;sleep"' in html
    assert '"><mark>' not in html.split('name="q"')[1].split("</form>")[0]


def test_a_long_query_is_cut_and_says_so(client):
    html = client.get("/learn/search?q=" + "sleep " * 100).get_data(as_text=True)
    assert "we used the first 100 characters" in html


def test_clean_query_drops_control_characters_and_caps_length():
    assert clean_query("  sle\x00ep\u200b \t now ") == ("sleep now", False)
    assert clean_query("x" * 250) == ("x" * MAX_QUERY, True)
    assert clean_query(None) == ("", False)


def test_query_words_are_letters_and_digits_in_any_script():
    assert query_words("Caffeine, SLEEP! caffeine") == ("caffeine", "sleep")
    assert query_words("🙂 ... ___") == ()
    assert query_words("Müdigkeit 睡眠") == ("müdigkeit", "睡眠")


def test_highlight_escapes_text_and_marks_only_the_words():
    marked = highlight("<b>Sleep</b> & sleepiness", ("sleep",))
    assert str(marked) == "&lt;b&gt;<mark>Sleep</mark>&lt;/b&gt; &amp; <mark>sleep</mark>iness"
