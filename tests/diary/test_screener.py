"""The red-flag screener: no pre-set answers, calibrated urgency, honest wording."""
import re
import uuid

import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from webapp.diary import redflags
from webapp.diary.models import Screening
from webapp.safety import signs

CATALOGUE = signs.for_language("en")
KEYS = [s.key for s in CATALOGUE.signs]

# The calibration the medical review asked for (issue 10), written out here so a
# change to the data file that moves a sign shows up as a failing test.
EXPECTED_URGENCY = {
    "breathing": "emergency", "sudden_weakness": "emergency", "stroke_signs": "emergency",
    "bladder_bowel": "emergency",
    "weakness": "this_week", "skills": "this_week", "fever_weight": "this_week",
    "shrinking": "this_week",
    "weeks": "appointment", "spreading": "appointment", "numbness": "appointment",
    "new_medicine": "appointment",
}
TITLES = {key: level.title for key, level in CATALOGUE.levels.items()}


def answer(client, yes=(), skip=(), omit=(), reason="manual", keys=KEYS):
    data = {k: "yes" if k in yes else "skip" if k in skip else "no" for k in keys if k not in omit}
    data.update(uuid=str(uuid.uuid4()), reason=reason, next="/diary/")
    return post_form(client, "/diary/screener", data,
                     form_page=f"/diary/screener?answer=1&reason={reason}")


def stored(db_session):
    return db_session.scalars(select(Screening)).all()


def test_no_answer_is_pre_selected(person, client):
    html = client.get("/diary/screener").get_data(as_text=True)
    start = html.index('class="stack screener"')
    form = html[start:html.index("</form>", start)]
    assert " checked" not in form
    for key in KEYS:
        for value in ("yes", "no", "skip"):
            assert f'name="{key}" value="{value}"' in form
    assert "Not sure" in form


def test_done_with_nothing_answered_stores_nothing_and_says_why(person, client, db_session):
    response = post_form(client, "/diary/screener", {"uuid": str(uuid.uuid4()), "next": "/diary/"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"All {len(KEYS)} questions need an answer" in html
    assert "None of the warning signs" not in html
    assert stored(db_session) == []


def test_unanswered_questions_are_marked_and_the_given_answers_kept(person, client, db_session):
    response = answer(client, yes=["weeks"], omit=["breathing", "numbness"])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 questions still need an answer" in html
    assert 'id="breathing-error"' in html and 'id="numbness-error"' in html
    assert 'id="weeks-error"' not in html
    assert 'name="weeks" value="yes" checked' in html
    assert 'name="spreading" value="no" checked' in html
    assert stored(db_session) == []
    # the same form, completed, is stored once under the same id
    uuid_kept = re.search(r'name="uuid" value="([^"]+)"', html).group(1)
    data = {k: "no" for k in KEYS}
    data.update(uuid=uuid_kept, weeks="yes", next="/diary/")
    post_form(client, "/diary/screener", data, form_page="/diary/screener?answer=1")
    assert [s.flags for s in stored(db_session)] == [["weeks"]]


def test_every_no_is_the_only_way_to_hear_none_of_the_warning_signs(person, client, db_session):
    html = answer(client).get_data(as_text=True)
    assert "none of the warning signs today" in html
    (row,) = stored(db_session)
    assert row.flags == [] and row.skipped == [] and sorted(row.no) == sorted(KEYS)


def test_not_sure_is_named_and_never_read_as_no(person, client, db_session):
    html = answer(client, skip=["shrinking", "numbness"]).get_data(as_text=True)
    assert "none of the warning signs" not in html.lower()
    assert "Not answered" in html
    section = html[html.index("Not answered"):]
    assert CATALOGUE.by_key["shrinking"].article in section
    assert CATALOGUE.by_key["numbness"].article in section
    assert CATALOGUE.by_key["weeks"].article not in section
    (row,) = stored(db_session)
    assert sorted(row.skipped) == ["numbness", "shrinking"] and row.flags == []
    assert len(row.no) == len(KEYS) - 2


def test_the_data_holds_every_sign_at_the_urgency_the_review_set():
    assert {s.key: s.urgency for s in CATALOGUE.signs} == EXPECTED_URGENCY


@pytest.mark.parametrize("key", list(EXPECTED_URGENCY))
def test_each_sign_alone_leads_to_its_own_advice(person, client, db_session, key):
    html = answer(client, yes=[key]).get_data(as_text=True)
    level = CATALOGUE.levels[EXPECTED_URGENCY[key]]
    start = html.index('class="redflag-advice')
    advice = html[start:html.index("</section>", start)]
    assert f"urgency-{level.key}" in advice
    assert level.title in advice and level.advice in advice
    assert CATALOGUE.by_key[key].article in html
    assert "just anxiety" not in html.lower() and "%" not in advice
    assert [s.flags for s in stored(db_session)] == [[key]]
    for other in set(TITLES) - {level.key}:
        assert TITLES[other] not in advice


def test_an_emergency_carries_the_calm_panic_attack_line(person, client):
    html = answer(client, yes=["breathing"]).get_data(as_text=True)
    assert "a panic attack like the ones you have had before" in html
    assert "cannot tell, call now" in html
    html = answer(client, yes=["weakness"]).get_data(as_text=True)
    assert "panic attack" not in html.split('class="redflag-advice')[1].split("</section>")[0]
    # signs that only add up to an emergency are not about panic
    html = answer(client, yes=["weakness", "skills"]).get_data(as_text=True)
    advice = html.split('class="redflag-advice')[1].split("</section>")[0]
    assert TITLES["emergency"] in advice and "panic attack" not in advice


def test_an_emergency_links_to_the_numbers_for_the_persons_region(person, client):
    html = answer(client, yes=["stroke_signs"]).get_data(as_text=True)
    assert "Please get help now" in html
    advice = html.split('class="redflag-advice')[1].split("</section>")[0]
    assert 'href="/help"' in advice


@pytest.mark.parametrize(("yes", "expected"), [
    (["weeks"], "appointment"),
    (["weeks", "spreading"], "this_week"),
    (["numbness", "new_medicine", "spreading"], "this_week"),
    (["shrinking", "weeks"], "emergency"),
    (["weakness", "skills"], "emergency"),
    (["breathing", "weeks", "spreading"], "emergency"),
])
def test_two_lower_signs_together_escalate_one_level(yes, expected):
    result = redflags.assess(CATALOGUE, {k: "yes" if k in yes else "no" for k in KEYS})
    assert result.level.key == expected
    lower = [k for k in yes if EXPECTED_URGENCY[k] != "emergency"]
    assert result.escalated == (len(lower) >= 2 and "breathing" not in yes)


def test_the_escalated_result_says_why_in_plain_words(person, client):
    html = answer(client, yes=["weeks", "spreading"]).get_data(as_text=True)
    advice = html.split('class="redflag-advice')[1].split("</section>")[0]
    assert TITLES["this_week"] in advice
    assert CATALOGUE.escalation.to_this_week in advice
    assert "On its own: book an appointment" in html
    html = answer(client, yes=["weakness", "weeks"]).get_data(as_text=True)
    advice = html.split('class="redflag-advice')[1].split("</section>")[0]
    assert TITLES["emergency"] in advice and CATALOGUE.escalation.to_emergency in advice


def test_a_single_sign_gives_no_escalation_reason(person, client):
    html = answer(client, yes=["spreading"]).get_data(as_text=True)
    assert CATALOGUE.escalation.to_this_week not in html
    assert CATALOGUE.escalation.to_emergency not in html


def test_next_only_goes_to_local_pages(person, client):
    data = {k: "no" for k in KEYS}
    data.update(uuid=str(uuid.uuid4()), next="https://evil.example/")
    html = post_form(client, "/diary/screener", data).get_data(as_text=True)
    assert "evil.example" not in html


def test_a_replayed_answer_is_stored_once(person, client, db_session):
    data = {k: "no" for k in KEYS}
    data.update(uuid=str(uuid.uuid4()), next="/diary/")
    post_form(client, "/diary/screener", data)
    post_form(client, "/diary/screener", data, form_page="/diary/screener?answer=1")
    assert db_session.scalar(select(func.count(Screening.id))) == 1


def test_screener_pages_stay_within_the_query_budget(person, client, count_queries):
    with count_queries() as log:
        assert client.get("/diary/screener").status_code == 200
    assert log.count <= 5, log
    with count_queries() as log:
        answer(client, yes=["weeks"])
    with count_queries() as log:
        assert client.get("/diary/screener").status_code == 200  # the recent-answers page
    assert log.count <= 5, log
