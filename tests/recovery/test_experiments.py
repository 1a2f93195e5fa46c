"""Personal experiments through their pages: set one up from a template or in your
own words, refused input kept with its message next to the field and nothing
stored, one running experiment at a time, the daily answer by form and by
/api/sync (idempotent), the result read from the diary (never someone else's),
stop, delete, and the query budget."""
from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from webapp import db
from webapp.auth.models import User
from webapp.diary import services as diary
from webapp.diary.models import Entry
from webapp.recovery.experiments import Adherence, Experiment

SETUP = "/recovery/experiments/setup"


def today_for(user: Any) -> date:
    return datetime.now(ZoneInfo(user.timezone)).date()


def setup_data(start: date, lengths: tuple[int, ...] = (7, 7), **changes: Any) -> dict[str, Any]:
    """What the setup form sends for back-to-back phases from ``start``."""
    data: dict[str, Any] = {"uuid": str(uuid.uuid4()), "template": "", "title": "My own words",
                            "change": "No coffee after lunch", "measures": ["twitches", "anxiety"],
                            "first": "change", "design": "ab" if len(lengths) == 2 else "abab",
                            "action": "save"}
    day = start
    for number, days in enumerate(lengths, 1):
        data[f"phase_{number}_start"] = day.isoformat()
        data[f"phase_{number}_end"] = (day + timedelta(days=days - 1)).isoformat()
        day += timedelta(days=days)
    return {**data, **changes}


def start_experiment(client, start: date, lengths=(7, 7), **changes: Any) -> str:
    data = setup_data(start, lengths, **changes)
    response = post_form(client, SETUP, data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return data["uuid"]


def stored(app, model=Experiment) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def field_error(html: str, name: str) -> str:
    match = re.search(rf'<p class="error" id="{name}-error">([^<]*)</p>', html)
    return match.group(1) if match else ""


def test_set_up_from_a_template_and_see_it_running(app, person, client):
    page = client.get("/recovery/experiments/new").get_data(as_text=True)
    assert "No caffeine after noon" in page and "4-7-8 breathing twice a day" in page
    assert "No symptom searching for a week" in page and "Write your own" in page
    form = client.get(f"{SETUP}?template=caffeine").get_data(as_text=True)
    today = today_for(person)
    assert 'value="No caffeine after noon"' in form
    assert f'name="phase_1_start" value="{today.isoformat()}"' in form
    assert f'name="phase_2_end" value="{(today + timedelta(days=13)).isoformat()}"' in form
    key = start_experiment(client, today, template="caffeine", title="No caffeine after noon")
    html = text_of(client.get(f"/recovery/experiments/{key}").get_data(as_text=True))
    assert "Day 1 of 14 · phase 1 of 2, with the change" in html
    assert "Did you keep to today’s plan?" in html
    assert "Not enough days to say yet." in html
    with app.app_context():
        experiment = db.session.scalar(select(Experiment))
        assert experiment.measure_list == ["twitches", "anxiety"]
        assert [p.kind for p in experiment.phase_list] == ["change", "usual"]
        assert (experiment.starts_on, experiment.ends_on) == (today, today + timedelta(days=13))
        assert experiment.template == "caffeine"


@pytest.mark.parametrize(("change", "field", "message"), [
    ("overlap", "phase_2_start", "This phase overlaps the one before"),
    ("end_before_start", "phase_1_end", "This phase ends before it starts"),
    ("zero_days", "phase_2_end", "This phase ends before it starts"),
    ("one_day", "phase_1_end", "A phase lasts 5 to 90 days (this one: 1)"),
    ("400_days", "phase_2_end", "A phase lasts 5 to 90 days (this one: 400)"),
    ("far_past", "phase_1_start", "Start no more than 28 days ago"),
    ("far_future", "phase_1_start", "Start within the next 60 days"),
    ("not_a_day", "phase_1_start", "Enter the day like 2026-05-01"),
    ("no_measure", "measures", "Choose at least one thing to measure"),
    ("no_title", "title", "Give the experiment a short name"),
])
def test_bad_input_is_explained_beside_its_field_kept_and_nothing_stored(
        app, person, client, change, field, message):
    today = today_for(person)
    data = setup_data(today, title="Kept <words> & all")
    day = date.fromisoformat
    if change == "overlap":
        data["phase_2_start"] = data["phase_1_end"]
    elif change == "end_before_start":
        data["phase_1_end"] = (today - timedelta(days=1)).isoformat()
    elif change == "zero_days":
        data["phase_2_end"] = (day(data["phase_2_start"]) - timedelta(days=1)).isoformat()
    elif change == "one_day":
        data["phase_1_end"] = data["phase_1_start"]
    elif change == "400_days":
        data["phase_2_end"] = (day(data["phase_2_start"]) + timedelta(days=399)).isoformat()
    elif change in ("far_past", "far_future"):
        start = today + timedelta(days=-60 if change == "far_past" else 100)
        data = {**setup_data(start), "title": data["title"]}
    elif change == "not_a_day":
        data["phase_1_start"] = "next Monday"
    elif change == "no_measure":
        data["measures"] = []
    elif change == "no_title":
        data["title"] = "  "
    response = post_form(client, SETUP, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in field_error(html, field), field_error(html, field) or html[-1500:]
    assert f'aria-describedby="{field}-error"' in html
    assert "Everything you entered is still here" in html
    if change != "no_title":
        assert 'value="Kept &lt;words&gt; &amp; all"' in html
    assert "No coffee after lunch</textarea>" in html
    for name in ("phase_1_start", "phase_1_end", "phase_2_start", "phase_2_end"):
        assert f'name="{name}" value="{data[name]}"' in html
    if change != "no_measure":
        assert 'name="measures" value="anxiety" checked' in html
    assert stored(app) == 0


def test_four_phases_and_lining_up_keep_what_was_typed_and_store_nothing(app, person, client):
    today = today_for(person)
    data = setup_data(today, title="Breathing, my way", action="design")
    html = post_form(client, SETUP, data).get_data(as_text=True)
    assert 'value="Breathing, my way"' in html and 'name="phase_4_end"' in html
    assert 'name="design" value="abab"' in html and "Use two phases (A/B)" in html
    assert f'name="phase_3_start" value="{(today + timedelta(days=14)).isoformat()}"' in html
    # A phase 2 typed to overlap, then "line up": it moves to follow phase 1.
    data = setup_data(today, (10, 5), action="follow")
    data["phase_2_start"] = (today + timedelta(days=3)).isoformat()
    data["phase_2_end"] = (today + timedelta(days=7)).isoformat()
    html = post_form(client, SETUP, data).get_data(as_text=True)
    assert f'name="phase_2_start" value="{(today + timedelta(days=10)).isoformat()}"' in html
    assert f'name="phase_2_end" value="{(today + timedelta(days=14)).isoformat()}"' in html
    assert stored(app) == 0


def test_four_phases_take_turns(app, person, client):
    key = start_experiment(client, today_for(person), (5, 5, 5, 5), first="usual")
    with app.app_context():
        experiment = db.session.scalar(select(Experiment).where(Experiment.uuid == uuid.UUID(key)))
        assert [p.kind for p in experiment.phase_list] == ["usual", "change", "usual", "change"]


def test_only_one_running_experiment_at_a_time(app, person, client):
    today = today_for(person)
    first = start_experiment(client, today, title="Caffeine first")
    assert "“Caffeine first” is on until" in client.get("/recovery/experiments/new").get_data(
        as_text=True)
    response = post_form(client, SETUP, setup_data(today + timedelta(days=3), title="Second"))
    html = text_of(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Only one experiment runs at a time" in html and 'Second' in response.get_data(
        as_text=True)
    assert stored(app) == 1
    assert post_form(client, f"/recovery/experiments/{first}/stop", {}).status_code == 302
    start_experiment(client, today + timedelta(days=1), title="Second")
    assert stored(app) == 2


def test_a_replayed_setup_stores_one_experiment(app, person, client):
    data = setup_data(today_for(person))
    for _ in range(2):
        response = post_form(client, SETUP, data)
        assert response.status_code == 302
        assert response.location.endswith(f"/recovery/experiments/{data['uuid']}")
    assert stored(app) == 1


def answer(client, key: str, kept: str, day: date, answer_uuid: str | None = None):
    return post_form(client, f"/recovery/experiments/{key}/adherence", {
        "uuid": answer_uuid or str(uuid.uuid4()), "experiment": key, "day": day.isoformat(),
        "kept": kept}, form_page=f"/recovery/experiments/{key}")


def sync(client, items: list[dict[str, Any]]):
    token = client.get("/api/csrf").get_json()["token"]
    response = client.post("/api/sync", data=json.dumps({"format": 2, "items": items}),
                           headers={"X-CSRFToken": token}, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def answers(app) -> list[tuple[date, str]]:
    with app.app_context():
        return list(db.session.execute(select(Adherence.day, Adherence.kept)
                                       .order_by(Adherence.day)).all())


def test_the_daily_answer_by_form_and_by_sync_is_stored_once_per_day(app, person, client):
    today = today_for(person)
    key = start_experiment(client, today - timedelta(days=2))
    page = client.get(f"/recovery/experiments/{key}").get_data(as_text=True)
    assert 'data-outbox-kind="adherence"' in page
    tap = str(uuid.uuid4())
    response = answer(client, key, "yes", today, tap)
    assert response.status_code == 302
    assert "You answered “Yes” today" in client.get(response.location).get_data(as_text=True)
    assert answer(client, key, "yes", today, tap).status_code == 302  # the same tap again
    assert answers(app) == [(today, "yes")]
    item = {"uuid": tap, "kind": "adherence", "op": "create", "owner": person.id,
            "data": {"experiment": key, "day": today.isoformat(), "kept": "yes"}}
    assert [r["status"] for r in sync(client, [item, item])] == ["exists", "exists"]
    yesterday = {**item, "uuid": str(uuid.uuid4()),
                 "data": {"experiment": key, "day": (today - timedelta(days=1)).isoformat(),
                          "kept": "partly"}}
    [created] = sync(client, [yesterday])
    assert created["status"] == "created"
    assert created["server"] == {"uuid": yesterday["uuid"], "version": 1, "experiment": key,
                                 "day": (today - timedelta(days=1)).isoformat(), "kept": "partly"}
    assert [r["status"] for r in sync(client, [yesterday])] == ["exists"]
    # Another tap for today (a second phone, say) replaces the day's answer.
    [changed] = sync(client, [{**item, "uuid": str(uuid.uuid4()),
                               "data": {**item["data"], "kept": "no"}}])
    assert changed["status"] == "exists" and changed["server"]["kept"] == "no"
    assert answers(app) == [(today - timedelta(days=1), "partly"), (today, "no")]


@pytest.mark.parametrize(("data", "field"), [
    ({"kept": "maybe"}, "kept"),
    ({"day": "tomorrow"}, "day"),
    ({"future": True}, "day"),
    ({"before": True}, "day"),
    ({"experiment": "not-a-uuid"}, "experiment"),
])
def test_an_answer_that_cannot_be_stored_is_refused_with_a_reason(app, person, client, data,
                                                                   field):
    today = today_for(person)
    key = start_experiment(client, today - timedelta(days=2))
    sent = {"experiment": key, "day": today.isoformat(), "kept": "yes"}
    sent.update({k: v for k, v in data.items() if k in sent})
    if data.get("future"):
        sent["day"] = (today + timedelta(days=1)).isoformat()
    if data.get("before"):
        sent["day"] = (today - timedelta(days=3)).isoformat()
    [result] = sync(client, [{"uuid": str(uuid.uuid4()), "kind": "adherence", "op": "create",
                              "owner": person.id, "data": sent}])
    assert result["status"] == "rejected" and field in result["errors"]
    assert answers(app) == []


def log_days(app, user_id: int, start: date, twitches: list[int], anxiety: int | None = None,
             note: str = "") -> None:
    """``twitches[i]`` twitches on day i from ``start``, each with a check-in."""
    with app.app_context():
        user = db.session.get(User, user_id)
        zone = ZoneInfo(user.timezone)
        for offset, count in enumerate(twitches):
            day = start + timedelta(days=offset)
            moment = datetime.combine(day, time(9, 0), tzinfo=zone)
            for n in range(count):
                diary.create_entry(db.session, user, uuid.uuid4(), {
                    "occurred_at": (moment + timedelta(minutes=n)).isoformat(),
                    "areas": ["calf:left"], "intensity": "5", "note": note})
            diary.save_checkin(db.session, user, uuid.uuid4(), {
                "day": day.isoformat(), "anxiety": str(anxiety if anxiety is not None else count),
                "note": note})
        db.session.commit()


def test_the_result_reads_the_owners_diary_and_never_the_strangers(app, person, client,
                                                                     stranger):
    today = today_for(person)
    start = today - timedelta(days=14)
    log_days(app, stranger.id, start, [9] * 14, note="STRANGER-PRIVATE")
    log_days(app, person.id, start, [1, 2, 1, 2, 1, 2, 1] + [3, 4, 3, 4, 3, 4, 3])
    key = start_experiment(client, start, (7, 7), title="Less coffee")
    html = text_of(client.get(f"/recovery/experiments/{key}").get_data(as_text=True))
    assert "Finished on" in html
    assert "With the change: 1.4 over 7 days. As usual: 3.4 over 7 days." in html
    assert "That is 2.0 fewer a day with the change." in html
    assert "a Welch t-interval" in html and "does not include zero" in html
    assert "The days of the two phases barely overlap." in html
    assert "In 10 of 10 pairs of days, one from each, the day with the change was lower." in html
    assert "This does not prove that the change causes anything" in html
    listing = text_of(client.get("/recovery/experiments").get_data(as_text=True))
    assert "Less coffee" in listing and "Earlier experiments" in listing


def test_a_phase_with_too_few_diary_days_says_not_enough(app, person, client):
    today = today_for(person)
    start = today - timedelta(days=14)
    log_days(app, person.id, start, [1, 1, 1, 1, 1, 1, 1, 2, 2, 2])  # 3 days as usual
    key = start_experiment(client, start, (7, 7))
    html = text_of(client.get(f"/recovery/experiments/{key}").get_data(as_text=True))
    assert "Not enough days to say. Phase 2 has fewer than 5 days with data" in html
    assert "fewer a day" not in html


def test_stop_and_delete_keep_the_diary_and_refuse_another_persons(app, person, client,
                                                                   make_user, auth):
    today = today_for(person)
    key = start_experiment(client, today - timedelta(days=3))
    answer(client, key, "yes", today)
    response = post_form(client, f"/recovery/experiments/{key}/stop", {})
    assert response.status_code == 302
    assert "Stopped on" in client.get(response.location).get_data(as_text=True)
    log_days(app, person.id, today - timedelta(days=3), [2, 1, 2, 1])
    auth.logout()
    other = make_user()
    auth.login(other.email)
    for url in (f"/recovery/experiments/{key}", f"/recovery/experiments/{key}/stop",
                f"/recovery/experiments/{key}/delete"):
        assert client.get(url).status_code == 404
    assert post_form(client, f"/recovery/experiments/{key}/delete", {},
                     form_page="/recovery/experiments").status_code == 404
    assert answer(client, key, "no", today).status_code == 404
    assert answers(app) == [(today, "yes")] and stored(app) == 1
    auth.logout()
    auth.login(person.email)
    response = post_form(client, f"/recovery/experiments/{key}/delete", {})
    assert response.status_code == 302 and response.location.endswith("/recovery/experiments")
    assert stored(app) == 0 and stored(app, Adherence) == 0
    assert stored(app, Entry) == 6  # the diary it read is untouched


def test_experiment_pages_keep_to_the_query_budget(app, person, client, count_queries):
    today = today_for(person)
    log_days(app, person.id, today - timedelta(days=6), [1, 2, 3, 1, 2, 3, 1])
    key = start_experiment(client, today - timedelta(days=6), (5, 5))
    answer(client, key, "yes", today)
    for url in ("/recovery/experiments", "/recovery/experiments/new", SETUP,
                f"{SETUP}?template=breathing", f"/recovery/experiments/{key}",
                f"/recovery/experiments/{key}/stop", f"/recovery/experiments/{key}/delete"):
        with count_queries() as log:
            assert client.get(url).status_code == 200, url
        assert log.count <= 5, (url, log)


def test_experiments_are_for_people_only(client, make_user, auth):
    assert "/login" in client.get("/recovery/experiments").location
    auth.login(make_user(role="therapist").email)
    assert client.get("/recovery/experiments").status_code == 404
