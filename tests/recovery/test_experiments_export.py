"""Experiments and their daily answers in the JSON export and import: an exact round
trip into a new account, idempotent, all or nothing with a reason per record, the
one-running-experiment rule kept, and nobody else's experiments in the file."""
from __future__ import annotations

import copy
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.fixtures.accounts import PASSWORD, post_form
from tests.portability.support import as_bytes, counts, export, records, upload


def today_for(user) -> date:
    return datetime.now(ZoneInfo(user.timezone)).date()


def start(client, begin: date, lengths=(7, 7), title="Experiment", **extra) -> str:
    key = str(uuid.uuid4())
    data = {"uuid": key, "title": title, "change": f"{title}: the change",
            "measures": ["twitches", "checks"], "first": "change",
            "design": "ab" if len(lengths) == 2 else "abab", "action": "save", **extra}
    day = begin
    for number, days in enumerate(lengths, 1):
        data[f"phase_{number}_start"] = day.isoformat()
        data[f"phase_{number}_end"] = (day + timedelta(days=days - 1)).isoformat()
        day += timedelta(days=days)
    response = post_form(client, "/recovery/experiments/setup", data)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return key


def answer(client, key: str, day: date, kept: str) -> None:
    response = post_form(client, f"/recovery/experiments/{key}/adherence", {
        "uuid": str(uuid.uuid4()), "day": day.isoformat(), "kept": kept},
        form_page=f"/recovery/experiments/{key}")
    assert response.status_code == 302


def two_experiments(client, person) -> tuple[str, str]:
    """A finished one that was stopped early, with answers, and a running one."""
    today = today_for(person)
    finished = start(client, today - timedelta(days=10), (7, 7), title="Finished one")
    answer(client, finished, today - timedelta(days=10), "yes")
    answer(client, finished, today - timedelta(days=9), "partly")
    assert post_form(client, f"/recovery/experiments/{finished}/stop", {}).status_code == 302
    running = start(client, today - timedelta(days=3), (5, 5, 5, 5), title="Running one",
                    first="usual")
    answer(client, running, today, "no")
    return finished, running


def test_round_trip_into_a_new_account_is_exact(app, client, make_user, auth, stranger):
    me = make_user(timezone="Europe/London")
    auth.login(me.email)
    finished, running = two_experiments(client, me)
    original = export(client)
    assert [e["title"] for e in original["experiments"]] == ["Finished one", "Running one"]
    first = original["experiments"][0]
    assert first["uuid"] == finished and first["measures"] == ["twitches", "checks"]
    assert first["stopped_on"] == today_for(me).isoformat()
    assert [p["kind"] for p in original["experiments"][1]["phases"]] == [
        "usual", "change", "usual", "change"]
    assert sorted((a["experiment"], a["kept"]) for a in original["experiment_answers"]) == sorted(
        [(finished, "yes"), (finished, "partly"), (running, "no")])
    assert "Stranger" not in str(original["experiments"])
    post_form(client, "/account/delete", {"password": PASSWORD})
    newcomer = make_user(timezone="America/New_York")
    auth.login(newcomer.email)
    assert export(client)["experiments"] == []
    html = upload(client, as_bytes(original), follow_redirects=True).get_data(as_text=True)
    assert "2 experiments, 3 daily experiment answers" in html
    assert records(export(client)) == records(original)
    before = counts(app)
    again = upload(client, as_bytes(original), follow_redirects=True).get_data(as_text=True)
    assert "Nothing new was added" in again and counts(app) == before
    page = client.get(f"/recovery/experiments/{running}").get_data(as_text=True)
    assert "Running one" in page


def test_a_refused_record_names_its_problem_and_nothing_is_imported(app, client, make_user,
                                                                     auth):
    me = make_user()
    auth.login(me.email)
    two_experiments(client, me)
    original = export(client)
    post_form(client, "/account/delete", {"password": PASSWORD})
    auth.login(make_user().email)
    for change, message in (
            (lambda d: d["experiments"][0]["phases"][1].update(
                start=d["experiments"][0]["phases"][0]["end"]), "overlaps the one before"),
            (lambda d: d["experiments"][0]["phases"][0].update(end="2001-01-01"),
             "ends before it starts"),
            (lambda d: d["experiments"][0]["phases"].pop(), "two or four phases"),
            (lambda d: d["experiments"][0].update(measures=["steps"]), "thing to measure"),
            (lambda d: d["experiment_answers"][0].update(experiment=str(uuid.uuid4())),
             "not in the file or this account"),
            (lambda d: d["experiment_answers"][0].update(kept="sometimes"),
             "Answer yes, partly or no")):
        document = copy.deepcopy(original)
        change(document)
        before = counts(app)
        response = upload(client, as_bytes(document))
        assert response.status_code == 422
        assert message in response.get_data(as_text=True), message
        assert counts(app) == before


def test_a_second_running_experiment_is_not_imported_beside_the_accounts_own(
        app, client, make_user, auth):
    me = make_user()
    auth.login(me.email)
    two_experiments(client, me)
    original = export(client)
    post_form(client, "/account/delete", {"password": PASSWORD})
    someone = make_user()
    auth.login(someone.email)
    start(client, today_for(someone), title="Mine already")
    before = counts(app)
    response = upload(client, as_bytes(original))
    assert response.status_code == 422
    assert "Only one experiment runs at a time" in response.get_data(as_text=True)
    assert counts(app) == before
