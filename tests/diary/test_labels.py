"""Stored values are keys ("few", "poor_sleep", "calf:left"); people read words.
One place (webapp.diary.templating.value_text) turns one into the other, and every
page that shows diary records uses it."""
import json
import re
import uuid
from html import unescape

import pytest

from tests.fixtures.accounts import post_form
from tests.fixtures.diary import local_now_str
from webapp.diary import vocab
from webapp.diary.models import Checkin
from webapp.diary.parsing import TWITCHINESS

pytestmark = pytest.mark.usefixtures("stranger")

EVERY_ENTRY_FIELD = {
    "areas": ["eyelid:left", "calf:right", "neck:middle"],
    "triggers": ["poor_sleep", "body_checking", "hard_exercise"],
    "custom_triggers": "exam week",
    "intensity": "6", "duration": "ongoing", "feel": "flicker", "situation": "after_exercise",
    "anxiety": "5", "note": "after a long day",
}
EVERY_CHECKIN_FIELD = {
    "anxiety": "4", "mood": "2", "sleep_hours": "6", "sleep_quality": "2", "caffeine": "3",
    "water": "5", "alcohol": "1", "movement_minutes": "15", "stressful_events": "2",
    "twitchiness": "few", "note": "a tiring day",
}


def stored_keys() -> set[str]:
    """Every key the diary stores where a word belongs, and every field name."""
    keys = {*vocab.TRIGGERS, *vocab.FEELS, *vocab.SITUATIONS, *vocab.DURATIONS, *TWITCHINESS,
            *Checkin.ANSWERS, "occurred_at", "custom_triggers"}
    for area in vocab.BODY_AREAS:
        keys |= {area.key, *(f"{area.key}:{side}" for side in vocab.SIDES)}
    return keys


def visible_text(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    part = html[begin:html.index(end, begin)]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part)))


def raw_keys_in(text: str, labels: list[str]) -> list[str]:
    """Keys that appear as words once the proper labels are taken out ("A few" may
    contain "few"; "Twitches: few" may not)."""
    from webapp.diary.templating import FIELD_LABELS
    labels = [*labels, *(str(label) for label in FIELD_LABELS.values())]
    for label in sorted(labels, key=len, reverse=True):
        text = text.replace(label, " ")
    return sorted(k for k in stored_keys()
                  if re.search(rf"(?<![\w:]){re.escape(k)}(?![\w:])", text))


def log_everything(client) -> None:
    entry = post_form(client, "/diary/new", {"uuid": str(uuid.uuid4()),
                                             "occurred_at": local_now_str(), **EVERY_ENTRY_FIELD})
    assert entry.status_code == 302, entry.get_data(as_text=True)[:500]
    checkin = post_form(client, "/diary/checkin",
                        {"uuid": str(uuid.uuid4()), **EVERY_CHECKIN_FIELD})
    assert checkin.status_code == 302, checkin.get_data(as_text=True)[:500]


def test_value_text_gives_words_for_every_stored_key(app):
    from webapp.diary.templating import field_label, value_text
    with app.test_request_context():
        assert value_text("twitchiness", "few") == "A few"
        assert value_text("sleep_hours", 6.0) == "6 h"
        assert value_text("sleep_hours", "6.5") == "6.5 h"
        assert value_text("duration", "ongoing") == "Still going"
        assert value_text("situation", "after_exercise") == "After exercise"
        assert value_text("areas", ["calf:left", "neck:middle"]) == "Left calf, Neck"
        assert value_text("triggers", ["poor_sleep", "tag:exam"]) == "Poor sleep, exam"
        assert value_text("intensity", 6) == "6/10"
        assert value_text("note", None) == ""
        assert field_label("sleep_hours") == "Sleep"
        for field in (*Checkin.ANSWERS, *EVERY_ENTRY_FIELD, "occurred_at", "day"):
            assert "_" not in field_label(field), field


def test_timeline_shows_words_for_an_entry_and_checkin_with_every_field(person, client):
    log_everything(client)
    html = client.get("/diary/").get_data(as_text=True)
    text = visible_text(html, 'class="day"', 'class="pager"')
    assert "Twitches: few" not in text and "A few" in text
    assert "Slept 6 h" in text and "Left eyelid" in text and "Poor sleep" in text
    labels = ["A few", "Left eyelid", "Right calf", "Neck", "Poor sleep", "Checking my body a lot",
              "Hard exercise", "exam week", "after a long day"]
    assert raw_keys_in(text, labels) == []


def test_entry_page_and_therapist_view_use_the_same_words(person, client):
    log_everything(client)
    timeline = client.get("/diary/").get_data(as_text=True)
    entry_url = re.search(r'href="(/diary/entry/[0-9a-f-]{36})"', timeline).group(1)
    html = client.get(entry_url).get_data(as_text=True)
    text = visible_text(html, "<main", "</main>")
    for words in ("Still going", "Flicker", "After exercise", "6/10", "5/10", "Poor sleep"):
        assert words in text
    labels = ["Still going", "Flicker", "After exercise", "Left eyelid", "Right calf", "Neck",
              "Poor sleep", "Checking my body a lot", "Hard exercise", "exam week",
              "after a long day", "Edit twitch"]
    assert raw_keys_in(text, labels) == []


def test_the_outbox_panel_carries_the_vocabulary_for_its_conflict_cards(person, client):
    html = client.get("/diary/").get_data(as_text=True)
    found = re.search(r"data-outbox-vocab='([^']+)'", html)
    assert found, "the outbox panel has no vocabulary for the script"
    words = json.loads(unescape(found.group(1)))
    assert words["fields"]["sleep_hours"] == "Sleep"
    assert words["values"]["twitchiness"]["few"] == "A few"
    assert words["values"]["situation"]["after_exercise"] == "After exercise"
    assert words["areas"]["calf:left"] == "Left calf"
    assert words["formats"]["sleep_hours"] == "%(n)s h"


def test_the_checkin_conflict_card_reads_in_words(person, client):
    first = str(uuid.uuid4())
    saved = post_form(client, "/diary/checkin", {"uuid": first, **EVERY_CHECKIN_FIELD})
    assert saved.status_code == 302
    assert post_form(client, "/diary/checkin", {"uuid": first, **EVERY_CHECKIN_FIELD, "mood": "4",
                                                "version": "1"}).status_code == 302
    stale = post_form(client, "/diary/checkin",
                      {"uuid": first, **EVERY_CHECKIN_FIELD, "version": "1"})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    text = visible_text(html, 'class="conflict card"', "</section>")
    for words in ("Sleep", "6 h", "Twitches", "A few", "Movement", "15 min", "Mood", "4/5"):
        assert words in text, words
    assert raw_keys_in(text, ["A few", "a tiring day"]) == []


def test_the_therapist_sees_the_same_words(client, auth, make_user):
    therapist = make_user(role="therapist", display_name="Dr Lee")
    auth.login(therapist.email)
    post_form(client, "/clients/code", {}, form_page="/clients")
    html = client.get("/clients").get_data(as_text=True)
    code = re.search(r'class="share-code">([A-Z0-9]{4})-([A-Z0-9]{4})<', html).expand(r"\1\2")
    auth.logout()
    robin = make_user(display_name="Robin")
    auth.login(robin.email)
    log_everything(client)
    shared = post_form(client, "/share",
                       {"code": code, "twitches": "y", "checkins": "y", "notes": "y"})
    assert shared.status_code == 302
    auth.logout()
    auth.login(therapist.email)
    listing = client.get("/clients").get_data(as_text=True)
    share_id = re.search(r'href="/clients/(\d+)"', listing).group(1)
    page = client.get(f"/clients/{share_id}").get_data(as_text=True)
    text = visible_text(page, 'class="entries"', "</ul>")
    assert "Left eyelid" in text and "Intensity 6/10" in text and "Poor sleep" in text
    assert raw_keys_in(text, ["Left eyelid", "Right calf", "Neck", "Poor sleep",
                              "Checking my body a lot", "Hard exercise", "exam week",
                              "after a long day"]) == []
