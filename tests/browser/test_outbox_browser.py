"""The offline outbox in real Chromium: what is logged offline reaches the server
exactly once, through lost responses, server errors, logouts and a browser restart."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect
from sqlalchemy import select

from tests.browser.outbox_support import (
    COUNT_IDB,
    SAVED,
    SYNC,
    FlakyServer,
    log_offline,
    log_twitch,
    module,
    only_entry,
    open_form,
    outbox,
    stored,
    stored_notes,
    user_id,
    wait_for_outbox,
)
from tests.browser.test_accounts_browser import sign_up
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.browser import CHROMIUM_ARGS, PHONE
from webapp import db
from webapp.api.registry import handlers

pytestmark = pytest.mark.browser


@pytest.fixture
def diary(live_server: Any) -> Any:
    """The diary form and its sync kind, or a clean skip while they are not built."""
    if "entry" not in handlers(live_server.app):
        pytest.skip("the diary's 'entry' kind is not registered with the sync API yet")
    return live_server


def test_an_entry_made_offline_waits_then_syncs_exactly_once(page: Page, diary):
    sign_up(page)
    owner = user_id(page)
    open_form(page)
    page.context.set_offline(True)
    uuid = log_offline(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert page.url.endswith("/diary/new")
    assert page.locator('input[name="uuid"]').input_value() != uuid  # ready for the next one
    page.context.route(SYNC, lambda route: route.abort())
    page.context.set_offline(False)
    page.goto("/diary/")
    panel = page.locator("[data-outbox-status]")
    expect(panel).to_contain_text("1 entry waiting to sync (oldest")
    expect(panel.get_by_role("list", name="Waiting to sync")).to_contain_text("waiting to sync")
    assert stored(diary, owner) == []
    page.context.unroute(SYNC)
    page.context.set_offline(True)
    page.context.set_offline(False)  # back online: the page sends at once
    expect(panel).to_be_hidden()
    wait_for_outbox(page, 0)
    assert stored(diary, owner) == [uuid]
    page.reload()
    expect(page.locator(f'a[href*="{uuid}"]')).to_have_count(1)


def test_an_entry_saved_online_is_kept_first_and_not_doubled(page: Page, diary):
    sign_up(page)
    owner = user_id(page)
    open_form(page)
    uuid = log_twitch(page)
    page.wait_for_url("**/diary/screener**")
    wait_for_outbox(page, 0)  # the copy kept before posting was answered "exists"
    assert stored(diary, owner) == [uuid]


def test_a_session_that_ended_keeps_items_and_sends_them_after_login(page: Page, diary):
    email = sign_up(page)
    owner = user_id(page)
    open_form(page)
    page.context.set_offline(True)
    uuid = log_offline(page)
    page.context.route(SYNC, lambda route: route.fulfill(
        status=401, json={"error": "login required", "status": 401}))
    page.context.set_offline(False)
    login = page.get_by_role("link", name="Log in to sync 1 entry")
    expect(login).to_be_visible()
    assert [i["uuid"] for i in outbox(page)] == [uuid]
    page.context.unroute(SYNC)
    page.context.clear_cookies()  # the session is really gone now
    login.click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/diary/new")
    wait_for_outbox(page, 0)
    assert stored(diary, owner) == [uuid]


def test_waiting_for_a_login_neither_polls_the_server_nor_redraws_the_link(page: Page, diary):
    """Signed out with an item waiting, the page waits for the person: it does not
    ask the server again every second, and the "Log in" link stays the element a
    finger is on (it used to be redrawn after every pointless retry)."""
    sign_up(page)
    open_form(page)
    page.context.set_offline(True)
    log_offline(page)
    page.context.route(SYNC, lambda route: route.fulfill(
        status=401, json={"error": "login required", "status": 401}))
    page.context.set_offline(False)
    login = page.get_by_role("link", name="Log in to sync 1 entry")
    expect(login).to_be_visible()
    asked: list[str] = []

    def note_api(request) -> None:
        if "/api/" in request.url:
            asked.append(request.url)

    page.on("request", note_api)
    page.evaluate("window.loginLinkSeen = [...document.querySelectorAll('a[href^=\"/login\"]')]"
                  ".find((a) => a.textContent.startsWith('Log in to sync'))")
    page.wait_for_timeout(3500)  # three and a half of the old one-second retries
    assert asked == []
    assert page.evaluate("window.loginLinkSeen.isConnected")
    expect(login).to_be_visible()


def test_a_refused_item_needs_attention_and_can_be_fixed_or_discarded(page: Page, diary):
    sign_up(page)
    owner = user_id(page)
    open_form(page)
    page.context.set_offline(True)
    fixed, discarded = log_offline(page, area=None), log_offline(page, area=None)
    page.context.set_offline(False)
    page.goto("/diary/")
    attention = page.locator("[data-outbox-attention]")
    refused = attention.locator(".outbox-item").filter(has_text="Choose at least one body area")
    expect(refused).to_have_count(2)
    first = attention.locator(".outbox-item").first
    first.get_by_role("button", name="Edit").click()
    first.get_by_label("Where").fill("calf:left")
    first.get_by_role("button", name="Save and sync").click()
    expect(attention.locator(".outbox-item")).to_have_count(1)
    wait_for_outbox(page, 1)
    assert stored(diary, owner) == [fixed]
    left = attention.locator(".outbox-item")
    left.get_by_role("button", name="Discard").click()
    left.get_by_role("button", name="Yes, discard it").click()
    expect(page.locator("[data-outbox-status]")).to_be_hidden()
    wait_for_outbox(page, 0)
    assert stored(diary, owner) == [fixed]
    assert discarded not in stored(diary, owner)


def test_a_conflict_shows_both_versions_and_keep_mine_wins(page: Page, diary):
    sign_up(page)
    owner = user_id(page)
    open_form(page)
    uuid = log_twitch(page)
    page.wait_for_url("**/diary/screener**")
    wait_for_outbox(page, 0)
    page.goto("/diary/")
    csrf = page.evaluate("fetch('/api/csrf').then((r) => r.json()).then((b) => b.token)")
    edit = {"base_version": 1, "data": {"occurred_at": "2026-01-02T10:00", "areas": ["calf:left"],
                                        "note": "edited on the laptop"}}
    answer = page.request.put(f"/api/items/entry/{uuid}", data=edit, headers={"X-CSRFToken": csrf})
    assert answer.status == 200
    page.evaluate("([uuid, owner]) => " + module("js/outbox/store.js") + """.then((s) => s.put({
        uuid, owner, kind: 'entry', op: 'update', base_version: 1,
        data: {occurred_at: '2026-01-02T10:00', areas: ['calf:left'],
               note: 'edited on the phone'}}))""",
                  [uuid, str(owner)])
    page.reload()
    conflicts = page.locator("[data-outbox-conflicts]")
    expect(conflicts).to_contain_text("edited on the laptop")
    expect(conflicts).to_contain_text("edited on the phone")
    conflicts.get_by_role("button", name="Keep mine").click()
    wait_for_outbox(page, 0)
    entry = only_entry(diary, owner)
    assert (entry.note, entry.version) == ("edited on the phone", 3)


def save_checkin(page: Page, anxiety: str = "3") -> None:
    page.goto("/diary/checkin")
    scale = page.get_by_role("group", name="Anxiety today")
    scale.get_by_role("radio", name=anxiety, exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved")).to_be_visible()


def only_checkin(live_server: Any, owner: int) -> Any:
    from webapp.diary.models import Checkin
    with live_server.app.app_context():
        return db.session.scalars(select(Checkin).where(Checkin.user_id == owner)).one()


CHECKIN_ANSWERS = {"day": "", "anxiety": "3", "mood": "3", "twitchiness": "few", "sleep_hours": "7",
                   "caffeine": "1", "water": "6", "alcohol": "0", "movement_minutes": "20",
                   "stressful_events": "0", "sleep_quality": "3", "note": ""}


def keep_on_phone(page: Page, item: dict[str, Any]) -> None:
    page.evaluate("(item) => " + module("js/outbox/store.js") + ".then((s) => s.put(item))", item)


def test_editing_todays_checkin_online_leaves_no_conflict_and_no_logout_warning(page: Page, diary):
    sign_up(page)
    owner = user_id(page)
    save_checkin(page, "6")  # today's check-in
    wait_for_outbox(page, 0, timeout_s=5)
    save_checkin(page, "7")  # the same day again: an edit of version 1
    page.goto("/diary/")
    expect(page.get_by_role("heading", name="Your diary")).to_be_visible()
    page.evaluate(module("js/outbox/sync.js") + ".then((s) => s.started)")
    wait_for_outbox(page, 0, timeout_s=5)
    expect(page.locator("[data-outbox-conflicts]")).to_be_hidden()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    checkin = only_checkin(diary, owner)
    assert (checkin.anxiety, checkin.version) == (7, 2)


def test_a_conflict_that_says_what_the_server_says_is_settled_silently(page: Page, diary):
    sign_up(page)
    owner = user_id(page)
    save_checkin(page)
    wait_for_outbox(page, 0, timeout_s=5)
    saved = only_checkin(diary, owner)
    uuid, answers = str(saved.uuid), {**CHECKIN_ANSWERS, "day": saved.day.isoformat()}
    csrf = page.evaluate("fetch('/api/csrf').then((r) => r.json()).then((b) => b.token)")
    laptop = page.request.put(f"/api/items/checkin/{uuid}", headers={"X-CSRFToken": csrf},
                              data={"base_version": 1, "data": {**answers, "sleep_hours": 7.0}})
    assert laptop.status == 200  # another device saved the very same answers: version 2
    base = {"uuid": uuid, "owner": str(owner), "kind": "checkin", "op": "update", "base_version": 1}
    # One copy still to send, and one a former release already marked as a conflict.
    keep_on_phone(page, {**base, "data": answers})
    page.goto("/diary/")
    wait_for_outbox(page, 0, timeout_s=5)
    keep_on_phone(page, {**base, "data": answers, "state": "conflict",
                         "server": {**answers, "uuid": uuid, "version": 2, "sleep_hours": 7}})
    page.reload()
    wait_for_outbox(page, 0, timeout_s=5)
    expect(page.locator("[data-outbox-status]")).to_be_hidden()
    assert only_checkin(diary, owner).version == 2  # nothing was written again


def test_a_checkin_conflict_shows_what_differs_in_words(page: Page, diary, assert_accessible):
    sign_up(page)
    owner = user_id(page)
    save_checkin(page)
    wait_for_outbox(page, 0, timeout_s=5)
    saved = only_checkin(diary, owner)
    uuid, answers = str(saved.uuid), {**CHECKIN_ANSWERS, "day": saved.day.isoformat()}
    csrf = page.evaluate("fetch('/api/csrf').then((r) => r.json()).then((b) => b.token)")
    laptop = {**answers, "twitchiness": "many", "sleep_hours": "6.5"}
    assert page.request.put(f"/api/items/checkin/{uuid}", headers={"X-CSRFToken": csrf},
                            data={"base_version": 1, "data": laptop}).status == 200
    keep_on_phone(page, {"uuid": uuid, "owner": str(owner), "kind": "checkin", "op": "update",
                         "base_version": 1, "data": {**answers, "twitchiness": "few"}})
    page.goto("/diary/")
    card = page.locator("[data-outbox-conflicts] .outbox-item")
    expect(card).to_have_count(1)
    text = card.inner_text()
    for words in ("Twitches", "A few", "Many", "Sleep", "7 h", "6.5 h"):
        assert words in text, (words, text)
    for raw in ("twitchiness", "sleep_hours", "Sleep hours", "\nfew", "\nmany", "Anxiety"):
        assert raw not in text, (raw, text)  # raw keys, and answers that did not change
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)


def test_a_changed_copy_of_an_item_the_server_already_has_is_sent_as_an_edit(page: Page, diary):
    sign_up(page)
    owner = user_id(page)
    open_form(page)
    page.context.set_offline(True)
    log_offline(page)
    [item] = outbox(page)
    # The phone sent it and the server stored it, but the answer never came back.
    page.context.route(SYNC, lambda route: route.abort())
    page.context.set_offline(False)
    csrf = page.evaluate("fetch('/api/csrf').then((r) => r.json()).then((b) => b.token)")
    wire = {key: item[key] for key in ("uuid", "kind", "op", "owner", "data")}
    answer = page.request.post("/api/sync", data={"format": 2, "items": [wire]},
                               headers={"X-CSRFToken": csrf})
    assert answer.json()["results"][0]["status"] == "created"
    page.evaluate("(item) => " + module("js/outbox/store.js") + """.then((s) => s.put(
        { ...item, data: { ...item.data, note: 'changed before it synced' } }))""", item)
    page.context.unroute(SYNC)
    page.evaluate(module("js/outbox/sync.js") + ".then((s) => s.flush({ force: true }))")
    wait_for_outbox(page, 0)
    entry = only_entry(diary, owner)
    assert (entry.note, entry.version) == ("changed before it synced", 2)


def test_a_shared_phone_never_hands_one_persons_items_to_another(page: Page, diary):
    sign_up(page)
    first_person = user_id(page)
    open_form(page)
    page.context.set_offline(True)
    log_offline(page)
    page.context.route(SYNC, lambda route: route.abort())
    page.context.set_offline(False)
    page.get_by_role("button", name="Log out").click()
    confirm = page.get_by_role("group", name="1 entry is not synced yet.")
    expect(confirm).to_be_focused()
    confirm.get_by_role("button", name="Log out anyway (delete them from this phone)").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    assert outbox(page) == []
    page.context.unroute(SYNC)
    sign_up(page)
    second_person = user_id(page)
    page.goto("/diary/")
    page.wait_for_timeout(500)
    assert stored(diary, first_person) == [] and stored(diary, second_person) == []


def test_the_timeline_with_waiting_and_refused_items_passes_axe(page: Page, diary,
                                                               assert_accessible):
    sign_up(page)
    open_form(page)
    page.context.set_offline(True)
    log_offline(page)
    log_offline(page, area=None)
    page.context.set_offline(False)
    wait_for_outbox(page, 1)  # the refused one waits for attention
    page.context.route(SYNC, lambda route: route.abort())
    page.context.set_offline(True)
    log_offline(page)
    page.context.set_offline(False)
    page.goto("/diary/")
    expect(page.locator("[data-outbox-attention]")).to_be_visible()
    expect(page.locator("[data-outbox-summary]")).to_contain_text("1 entry waiting to sync")
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    assert_accessible(page)
    page.context.unroute(SYNC)
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("[data-outbox-summary]")).to_be_empty()
    expect(page.get_by_role("button", name="Sync now")).to_be_hidden()
    wait_for_outbox(page, 1)  # only the refused one is left, waiting for a fix


# --- the soak test: many offline/online flips, failures and a browser restart -------------

@pytest.fixture
def phone(playwright: Playwright, browser_type_launch_args: dict[str, Any], diary: Any,
          tmp_path: Path) -> Iterator[Any]:
    """A browser with a profile on disk, so IndexedDB survives closing it."""
    profile = tmp_path / "profile"
    opened: list[BrowserContext] = []

    def launch() -> BrowserContext:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=browser_type_launch_args.get("executable_path"),
            args=CHROMIUM_ARGS, viewport=PHONE, base_url=diary.url)
        opened.append(context)
        return context

    yield launch
    for context in opened:
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def test_soak_offline_online_flips_with_failures_and_a_restart(phone, diary):
    flips = int(os.environ.get("STEADY_SOAK_FLIPS", "50"))
    server = FlakyServer(seed=flips)
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    email = sign_up(page)
    owner = user_id(page)
    expected: list[str] = []
    relogged = False
    context.route(SYNC, server.handle)
    open_form(page)
    for flip in range(flips):
        if flip == flips // 2:  # the phone restarts with items still queued
            context.close()
            context = phone()
            context.route(SYNC, server.handle)
            page = context.pages[0] if context.pages else context.new_page()
            page.goto("/diary/new")
            relogged = "/login" in page.url
            if relogged:  # the session cookie did not survive the restart
                page.get_by_label("Email").fill(email)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/diary/new")
        context.set_offline(True)
        note = f"soak item {flip}"
        log_offline(page, area=server.random.choice(["calf:left", "eyelid:right"]), note=note)
        expected.append(note)
        expect(page.get_by_text(SAVED)).to_be_visible()
        context.set_offline(False)
        page.wait_for_timeout(server.random.choice([0, 50, 200]))
    context.unroute(SYNC)
    page.goto("/diary/")
    for _ in range(20):  # what "Sync now" does, awaited
        if not outbox(page):
            break
        page.evaluate(module("js/outbox/sync.js") + ".then((s) => s.flush({ force: true }))")
    rows = stored_notes(diary, owner)  # by content: a double under a new uuid counts
    lost = len(set(expected) - set(rows))
    duplicated = len(rows) - len(set(rows))
    print(f"flips={flips} lost={lost} duplicated={duplicated} "
          f"resent_after_lost_reply={server.resent_after_lost_reply} "
          f"requests={dict(sorted(server.seen.items()))} relogged={relogged}")
    assert (lost, duplicated, outbox(page)) == (0, 0, [])
    assert sorted(rows) == sorted(expected)


def test_the_worker_keeps_a_post_that_fails_and_sends_it_later(page: Page, diary):
    sign_up(page)
    owner = user_id(page)
    open_form(page)
    ready = page.evaluate("""() => 'serviceWorker' in navigator
        && navigator.serviceWorker.getRegistration().then((r) => Boolean(r))""")
    if not ready:
        pytest.skip("no service worker in this build")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now the worker controls the page
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    page.context.route("**/diary/new", lambda route: route.abort()
                       if route.request.method == "POST" else route.continue_())
    uuid = log_twitch(page)  # online as far as the page knows, but the post fails
    expect(page.get_by_role("heading", name="Saved on this phone")).to_be_visible()
    expect(page.get_by_text("It will sync when you are back online.")).to_be_visible()
    page.context.unroute("**/diary/new")
    page.evaluate("navigator.serviceWorker.controller.postMessage({ type: 'steady-flush' })")
    for _ in range(100):
        if stored(diary, owner) and page.evaluate(COUNT_IDB) == 0:
            break
        page.wait_for_timeout(100)
    assert stored(diary, owner) == [uuid]
    assert page.evaluate(COUNT_IDB) == 0
