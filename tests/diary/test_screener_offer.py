"""The first-time screener offer follows the data: a body area logged for the
first time, from the form or from the offline outbox, gets the offer once."""
import uuid

from tests.api.test_sync import statuses, sync
from tests.fixtures.accounts import post_form
from tests.fixtures.diary import local_now_str
from webapp.safety import signs

KEYS = [s.key for s in signs.for_language("en").signs]
OFFER = "screener-offer"


def queued_entry(owner, areas):
    occurred = local_now_str(minutes_ago=120)
    return {"uuid": str(uuid.uuid4()), "kind": "entry", "op": "create", "owner": owner,
            "data": {"occurred_at": occurred, "areas": areas}}


def test_a_new_area_from_the_form_goes_to_the_screener_once(person, log_twitch, client):
    response, _ = log_twitch(areas=["calf:left"])
    assert "/diary/screener?reason=first:calf" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "first time you logged: Calf" in html
    response, _ = log_twitch(areas=["calf:right"])
    assert "/diary/entry/" in response.headers["Location"]
    assert OFFER not in client.get("/diary/").get_data(as_text=True)


def test_a_new_area_synced_from_the_outbox_gets_the_offer_on_the_next_page(person, client):
    assert statuses(sync(client, [queued_entry(person.id, ["eyelid:left"])])) == ["created"]
    html = client.get("/diary/").get_data(as_text=True)
    assert OFFER in html and "first time you logged: Eyelid" in html
    assert "/diary/screener?reason=first:eyelid" in html
    # any page, not just the diary, until answered or declined
    assert "first time you logged: Eyelid" in client.get("/").get_data(as_text=True)


def test_answering_the_questions_closes_the_offer(person, client):
    sync(client, [queued_entry(person.id, ["thigh:left", "foot:right"])])
    page = client.get("/diary/screener?reason=first:thigh,foot&next=/diary/").get_data(as_text=True)
    assert "first time you logged: Thigh, Foot" in page
    data = {k: "no" for k in KEYS}
    data.update(uuid=str(uuid.uuid4()), reason="first:thigh,foot", next="/diary/")
    post_form(client, "/diary/screener", data, form_page="/diary/screener?reason=first:thigh")
    assert OFFER not in client.get("/diary/").get_data(as_text=True)


def test_not_now_on_the_screener_itself_closes_the_offer_too(person, client):
    sync(client, [queued_entry(person.id, ["shoulder:left"])])
    page = client.get("/diary/screener?reason=first:shoulder&next=/diary/").get_data(as_text=True)
    assert 'action="/diary/screener/not-now"' in page
    response = post_form(client, "/diary/screener/not-now", {"next": "/diary/"},
                         form_page="/diary/screener?reason=first:shoulder")
    assert response.headers["Location"].endswith("/diary/")
    assert OFFER not in client.get("/diary/").get_data(as_text=True)


def test_not_now_closes_the_offer_and_returns_to_the_page(person, client):
    sync(client, [queued_entry(person.id, ["neck:middle"])])
    response = post_form(client, "/diary/screener/not-now", {"next": "/diary/insights"},
                         form_page="/diary/")
    assert response.headers["Location"].endswith("/diary/insights")
    assert OFFER not in client.get("/diary/").get_data(as_text=True)


def test_an_area_logged_before_gets_no_offer(person, log_twitch, client):
    log_twitch(areas=["calf:left"])
    sync(client, [queued_entry(person.id, ["calf:right"])])
    assert OFFER not in client.get("/diary/").get_data(as_text=True)


def test_the_offer_is_not_on_help_now_the_screener_or_cached_pages(person, client):
    sync(client, [queued_entry(person.id, ["hand:left"])])
    assert OFFER not in client.get("/diary/screener?reason=first:hand").get_data(as_text=True)
    assert OFFER not in client.get("/diary/screener/doctor-checks").get_data(as_text=True)
    for url in ("/help", "/offline", "/log-offline"):  # help now, and pages kept in a cache
        assert OFFER not in client.get(url).get_data(as_text=True), url


def test_another_persons_new_area_is_never_offered_to_me(make_user, auth, client):
    other = make_user(display_name="Robin")
    auth.login(other.email)
    sync(client, [queued_entry(other.id, ["toes:left"])])
    auth.logout()
    me = make_user()
    auth.login(me.email)
    for url in ("/", "/diary/", "/diary/insights"):
        assert OFFER not in client.get(url).get_data(as_text=True), url


def test_the_offer_costs_no_statement_of_its_own(person, client, count_queries):
    """It comes with the signed-in user's own row: the home page runs as many
    statements with the offer as without it (and stays in the budget of 5)."""
    client.get("/")
    with count_queries() as before:
        assert OFFER not in client.get("/").get_data(as_text=True)
    sync(client, [queued_entry(person.id, ["eyelid:right"])])
    with count_queries() as log:
        html = client.get("/").get_data(as_text=True)
    assert OFFER in html
    assert log.count == before.count <= 5, log
