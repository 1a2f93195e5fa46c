import uuid

from sqlalchemy import select

from tests.fixtures.accounts import post_form
from webapp.diary.models import Screening
from webapp.diary.redflags import QUESTIONS


def answer(client, yes=(), reason="manual"):
    data = {q.key: ("yes" if q.key in yes else "no") for q in QUESTIONS}
    data.update(uuid=str(uuid.uuid4()), reason=reason, next="/diary/")
    return post_form(client, "/diary/screener", data, form_page=f"/diary/screener?reason={reason}")


def test_screener_asks_every_red_flag_question(person, client):
    html = client.get("/diary/screener?reason=first:calf").get_data(as_text=True)
    assert "first time you logged: Calf" in html
    for q in QUESTIONS:
        assert f'name="{q.key}"' in html


def test_no_yes_thanks_and_stores_the_date(person, client, db_session):
    html = answer(client).get_data(as_text=True)
    assert "None of the warning signs" in html
    assert db_session.scalar(select(Screening.yes_flags)) == ","


def test_breathing_trouble_means_emergency_now(person, client, db_session):
    html = answer(client, yes=["breathing"]).get_data(as_text=True)
    assert "Get emergency help now" in html
    assert "Call your local emergency number now" in html
    assert "/learn/red-flags" in html
    assert "just anxiety" not in html.lower()
    assert db_session.scalar(select(Screening.yes_flags)) == ",breathing,"


def test_advice_is_grouped_most_urgent_first(person, client):
    html = answer(client, yes=["weeks", "fever_weight", "sudden_weakness"]).get_data(as_text=True)
    emergency = html.index("Get emergency help now")
    week = html.index("See a doctor this week")
    book = html.index("Book an appointment")
    assert emergency < week < book


def test_next_only_goes_to_local_pages(person, client):
    data = {q.key: "no" for q in QUESTIONS}
    data.update(uuid=str(uuid.uuid4()), next="https://evil.example/")
    html = post_form(client, "/diary/screener", data).get_data(as_text=True)
    assert "evil.example" not in html
