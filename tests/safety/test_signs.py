"""The warning signs: one checked data file, read by the screener and the article."""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from tests.fixtures.accounts import PASSWORD, AuthActions
from tests.fixtures.app import make_app
from tests.learn.own_words import matches, source_hashes
from webapp import db
from webapp.auth import services
from webapp.learn.render import ContentError, render_body
from webapp.safety import signs

CATALOGUE = signs.for_language("en")
GOOD = signs.FOLDER / "warning_signs.en.toml"
SIGN_LINE = re.compile(r'<td data-label="Sign" role="cell">(.*?)</td>')


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "warning_signs.en.toml"
    path.write_text(text, encoding="utf-8")
    return path


def good_text() -> str:
    return GOOD.read_text(encoding="utf-8")


@pytest.fixture
def own_signs(tmp_path, monkeypatch):
    """Point the app at a copy of the signs file that a test may change."""

    def _use(text: str) -> Path:
        folder = tmp_path / "safety"
        write(folder, text)
        monkeypatch.setattr(signs, "FOLDER", folder)
        signs.catalogues.cache_clear()
        return folder

    yield _use
    signs.catalogues.cache_clear()


def test_every_sign_has_a_key_question_article_line_and_urgency():
    assert len(CATALOGUE.signs) >= 12
    for sign in CATALOGUE.signs:
        assert sign.key and sign.question.endswith("?") and sign.article
        assert sign.urgency in signs.URGENCY_ORDER
        assert sign.since_visit.endswith("?") or not sign.since_visit
    urgencies = [signs.URGENCY_ORDER.index(s.urgency) for s in CATALOGUE.signs]
    assert urgencies == sorted(urgencies)  # most urgent first, for the screener and the table


def test_the_emergency_level_carries_the_panic_attack_line():
    note = CATALOGUE.levels["emergency"].note
    assert "a panic attack like the ones you have had before" in note
    assert "chest hurts" in note and "cannot tell, call now" in note
    assert not CATALOGUE.levels["this_week"].note and not CATALOGUE.levels["appointment"].note


def test_the_wording_is_calm_and_gives_no_odds():
    texts = [s.question for s in CATALOGUE.signs] + [s.article for s in CATALOGUE.signs]
    texts += [s.since_visit for s in CATALOGUE.signs]
    texts += [lv.title + " " + lv.advice + " " + lv.note for lv in CATALOGUE.levels.values()]
    for text in texts:
        lowered = text.lower()
        assert "%" not in text and "just anxiety" not in lowered and "chance" not in lowered
        assert "als" not in lowered.split() and "!" not in text


def test_the_signs_are_in_our_own_words():
    hashes = source_hashes()
    texts = [s.question for s in CATALOGUE.signs] + [s.article for s in CATALOGUE.signs]
    texts += [s.since_visit for s in CATALOGUE.signs if s.since_visit]
    texts += [lv.advice for lv in CATALOGUE.levels.values()] + [CATALOGUE.levels["emergency"].note]
    texts += [CATALOGUE.escalation.article, CATALOGUE.escalation.to_this_week,
              CATALOGUE.escalation.to_emergency]
    assert {t: matches(t, hashes) for t in texts if matches(t, hashes)} == {}


BROKEN = [
    ('key = "breathing"\n', 'key = ""\n', "needs a 'key'"),
    ('question = "Do you have new or sudden trouble breathing, speaking or swallowing?"\n', "",
     "needs a 'question'"),
    ('article = "New or sudden trouble breathing, speaking or swallowing"\n', 'article = " "\n',
     "needs a 'article'"),
    ('key = "weeks"\nurgency = "appointment"', 'key = "weeks"\nurgency = "someday"',
     "'urgency' must be"),
    ('key = "weeks"', 'key = "numbness"', "more than once"),
    ('key = "weeks"\n', 'key = "weeks"\nodds = "1 in 100"\n', "unknown field"),
    ("[levels.this_week]", "[levels.soon]", "needs exactly the levels"),
    ('weeks"\nafter_visit = false', 'weeks"\nafter_visit = "no"',
     "'after_visit' must be true or false"),
    ("[escalation]", "[escalations]", "[escalation]"),
    ("key =", "key ==", "not valid TOML"),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[b[2] for b in BROKEN])
def test_a_malformed_sign_is_refused_with_a_message_that_says_where(tmp_path, old, new, message):
    text = good_text()
    assert old in text
    path = write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(signs.SignsError, match=re.escape(message)):
        signs.load_file(path)


def test_another_language_must_keep_the_same_keys(tmp_path):
    write(tmp_path, good_text())
    (tmp_path / "warning_signs.de.toml").write_text(
        good_text().replace('key = "weeks"', 'key = "wochen"'), encoding="utf-8")
    with pytest.raises(signs.SignsError, match="keys differ from English"):
        signs.load_folder(tmp_path)


def test_the_app_refuses_to_start_with_a_malformed_sign(own_signs, database_url):
    own_signs(good_text().replace('urgency = "emergency"', 'urgency = "soon"', 1))
    with pytest.raises(signs.SignsError, match="'urgency' must be"):
        make_app(database_url)


def rows(article_html: str) -> list[str]:
    return [html_lib.unescape(m) for m in SIGN_LINE.findall(article_html)]


def test_the_article_lists_exactly_the_screeners_signs(client, person):
    article = client.get("/learn/red-flags").get_data(as_text=True)
    assert "[[warning-signs]]" not in article
    assert rows(article) == [s.article for s in CATALOGUE.signs]
    for level in CATALOGUE.levels.values():
        assert html_lib.escape(level.title, quote=False) in article
    assert html_lib.escape(CATALOGUE.escalation.article, quote=False) in article
    screener = html_lib.unescape(client.get("/diary/screener").get_data(as_text=True))
    for sign in CATALOGUE.signs:
        assert sign.question in screener


def test_a_change_to_the_data_shows_in_both_the_article_and_the_screener(own_signs, database_url):
    changed = good_text().replace(
        'question = "Does a muscle look thinner or smaller than it used to?"',
        'question = "Test question: a smaller muscle?"').replace(
        'article = "A muscle that looks thinner or smaller than it used to"',
        'article = "Test line: a smaller muscle"')
    own_signs(changed)
    app = make_app(database_url)
    try:
        client = app.test_client()
        article = client.get("/learn/red-flags").get_data(as_text=True)
        assert "Test line: a smaller muscle" in rows(article)
        assert "thinner or smaller than it used to" not in article
        with app.app_context():
            services.register(db.session, email="signs@example.com", password=PASSWORD,
                              display_name="Sam", timezone="UTC", role="person")
            db.session.commit()
        AuthActions(client).login("signs@example.com")
        screener = client.get("/diary/screener").get_data(as_text=True)
        assert "Test question: a smaller muscle?" in screener
    finally:
        app.extensions["steady_engine"].dispose()


def test_the_block_escapes_data_text_as_plain_words(own_signs):
    own_signs(good_text().replace(
        'article = "Twitching that has lasted more than two weeks"',
        'article = "Twitching for [two](http://x.example) *weeks* | <b>or</b> more"'))
    body = render_body("## Signs\n\n[[warning-signs]]\n", title="T", where="en/t.md")
    assert "Twitching for [two](http://x.example) *weeks* | &lt;b&gt;or&lt;/b&gt; more" in body.html
    assert "<a " not in body.html and "<b>" not in body.html


def test_an_unknown_block_marker_stops_the_start():
    with pytest.raises(ContentError, match=r"no block called \[\[warning-sign\]\]"):
        render_body("## A\n\n[[warning-sign]]\n", title="T", where="en/t.md")
