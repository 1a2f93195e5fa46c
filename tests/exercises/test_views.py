"""Exercise pages and the custom pattern form, through HTTP."""
import json
import re

import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from webapp.exercises.models import CustomPattern
from webapp.exercises.offline import offline_urls

PAGES = offline_urls()
PATTERN_RE = re.compile(r"data-pattern='([^']+)'")


@pytest.mark.parametrize("url", PAGES)
def test_every_exercise_page_opens_for_anyone(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html


@pytest.mark.parametrize("url", PAGES + ["/exercises/custom", "/exercises/breathe/custom"])
def test_every_exercise_page_stays_within_the_query_budget(person, client, count_queries, url):
    with count_queries() as log:
        response = client.get(url)
    assert response.status_code == 200
    assert log.count <= 5, log


def test_player_reads_its_pattern_from_the_server(client):
    html = client.get("/exercises/breathe/calm").get_data(as_text=True)
    data = json.loads(PATTERN_RE.search(html).group(1).replace("&#39;", "'"))
    assert [(p["kind"], p["seconds"]) for p in data["phases"]] == [("in", 4), ("hold", 2),
                                                                     ("out", 6)]
    assert data["phases"][0]["label"] == "Breathe in"
    assert 'aria-live="polite"' in html and "js/breathing/player.js" in html
    for minutes in (1, 2, 3, 5, 10):
        assert f'name="minutes" value="{minutes}"' in html
    assert 'href="/learn/calm-a-twitch-now#breathing"' in html


def test_routine_page_lists_its_steps_and_links_to_learn(client):
    html = client.get("/exercises/relax/pmr").get_data(as_text=True)
    data = json.loads(PATTERN_RE.search(html).group(1).replace("&#39;", "'"))
    assert data["cycles"] == 1 and data["phases"][1]["kind"] == "tense"
    assert "Curl your toes" in html
    assert 'href="/learn/calm-a-twitch-now#pmr"' in html


@pytest.mark.parametrize("url", ["/exercises/breathe/nope", "/exercises/relax/nope",
                                 "/exercises/breathe/CALM", "/exercises/breathe/custom"])
def test_unknown_exercises_are_404(client, url):
    assert client.get(url).status_code == 404


def test_index_and_home_offer_breathe_now(client, person):
    for url in ("/exercises", "/"):
        html = client.get(url).get_data(as_text=True)
        assert 'href="/exercises/breathe/calm"' in html and "Breathe now" in html


def test_home_offers_breathe_now_when_signed_out(client):
    assert 'href="/exercises/breathe/calm"' in client.get("/").get_data(as_text=True)


def test_custom_pattern_invites_set_up_then_plays(person, client, db_session):
    html = client.get("/exercises/breathe/custom").get_data(as_text=True)
    assert 'href="/exercises/custom"' in html and "Set up my pattern" in html
    response = post_form(client, "/exercises/custom",
                         {"inhale": "5,5", "hold_in": "", "exhale": "7", "hold_out": "1.5"})
    assert response.status_code == 302 and response.location.endswith("/exercises/breathe/custom")
    html = client.get("/exercises/breathe/custom").get_data(as_text=True)
    data = json.loads(PATTERN_RE.search(html).group(1).replace("&#39;", "'"))
    assert [(p["kind"], p["seconds"]) for p in data["phases"]] == [("in", 5.5), ("out", 7),
                                                                     ("hold", 1.5)]
    # Saving again replaces it: still one pattern per person.
    post_form(client, "/exercises/custom", {"inhale": "4", "exhale": "6"})
    assert db_session.scalar(select(func.count()).select_from(CustomPattern)) == 1
    assert db_session.scalar(select(CustomPattern.hold_out)) == 0
    assert 'value="4"' in client.get("/exercises/custom").get_data(as_text=True)


def test_custom_pattern_form_needs_an_account(client):
    response = client.get("/exercises/custom")
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("typed, message", [
    ({"inhale": "0"}, "Choose from 2 to 12 seconds."),
    ({"exhale": "-3"}, "Choose from 2 to 12 seconds."),
    ({"exhale": "99"}, "Choose from 2 to 12 seconds."),
    ({"hold_in": "abc"}, "Enter a number of seconds, like 4 or 5.5."),
    ({"inhale": ""}, "Enter how many seconds to breathe in"),
    ({"inhale": "12", "hold_in": "12", "exhale": "12"}, "at most 30 seconds"),
])
def test_custom_pattern_bad_input_keeps_what_was_typed(person, client, db_session, typed,
                                                       message):
    data = {"inhale": "4", "hold_in": "2", "exhale": "6", "hold_out": "1", **typed}
    response = post_form(client, "/exercises/custom", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    for value in data.values():
        assert f'value="{value}"' in html or value == ""
    assert db_session.scalar(select(func.count()).select_from(CustomPattern)) == 0
