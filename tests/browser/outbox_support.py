"""Driving the outbox from browser tests: the diary form, the phone's queue as
IndexedDB holds it, the server's rows, and a sync endpoint that fails on purpose."""
from __future__ import annotations

import random
from collections import Counter
from contextlib import suppress
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route, expect
from sqlalchemy import select

from webapp import db

SYNC = "**/api/sync"
SAVED = "Saved on this phone — waiting to sync"



def module(path: str) -> str:
    """A JS expression importing the page's own copy of a module: the versioned
    URL the page loaded (an unversioned URL would be a second copy with its own
    state, and is not kept offline)."""
    return ("import(performance.getEntriesByType('resource').map((e) => e.name)"
            f".find((n) => n.includes('/static/{path}?')) || '/static/{path}')")

def open_form(page: Page) -> None:
    response = page.goto("/diary/new")
    if response is None or response.status != 200:
        pytest.skip("/diary/new does not answer 200 yet")
    expect(page.locator("form[data-outbox-kind=entry]")).to_be_visible()


def log_twitch(page: Page, area: str | None = "calf:left", note: str | None = None) -> str:
    """Fill the diary form and press Save; returns the entry's uuid."""
    form = page.locator("form[data-outbox-kind=entry]")
    uuid = form.locator('input[name="uuid"]').input_value()
    if area:
        form.locator(f'.bm-area[data-value="{area}"]').first.click()
    if note is not None:  # the note sits in the folded "more" part of the form
        form.locator('textarea[name="note"]').evaluate("(el, v) => { el.value = v; }", note)
    form.locator(".sticky-save").get_by_role("button", name="Save").click()
    return uuid


def log_offline(page: Page, area: str | None = "calf:left", note: str | None = None) -> str:
    """Save with the phone offline: kept in the outbox, and the form is ready again."""
    uuid = log_twitch(page, area, note)
    expect(page.locator('form[data-outbox-kind=entry] input[name="uuid"]')).not_to_have_value(uuid)
    return uuid


def outbox(page: Page) -> list[dict[str, Any]]:
    return page.evaluate("async () => (await " + module("js/outbox/store.js") + ").all()")


def wait_for_outbox(page: Page, size: int, timeout_s: float = 20) -> None:
    for _ in range(int(timeout_s * 10)):
        if len(outbox(page)) == size:
            return
        page.wait_for_timeout(100)
    assert len(outbox(page)) == size, outbox(page)


def user_id(page: Page) -> int:
    return int(page.evaluate("document.body.dataset.user"))


def entry_model() -> Any:
    """The diary's Entry model; the test skips while the diary is not in the build."""
    return pytest.importorskip("webapp.diary.models").Entry


def stored(live_server: Any, owner: int) -> list[str]:
    """The uuids of the person's entries on the server."""
    entry = entry_model()
    with live_server.app.app_context():
        query = select(entry.uuid).where(entry.user_id == owner)
        return [str(u) for u in db.session.scalars(query)]


def stored_notes(live_server: Any, owner: int) -> list[str]:
    """The notes of the person's entries on the server: a write stored twice under
    two uuids shows up here, where a uuid count (unique per person) cannot see it."""
    entry = entry_model()
    with live_server.app.app_context():
        return list(db.session.scalars(select(entry.note).where(entry.user_id == owner)))


def only_entry(live_server: Any, owner: int) -> Any:
    entry = entry_model()
    with live_server.app.app_context():
        return db.session.scalars(select(entry).where(entry.user_id == owner)).one()


class FlakyServer:
    """Fails the next sync requests in chosen ways; "lose" lets the server apply a
    batch and then drops the answer, which is the hardest case for exactly-once."""

    MODES = ("abort", "500", "429", "401", "lose", "ok", "ok")

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.mode = "ok"
        self.seen: Counter[str] = Counter()
        self.unanswered: set[str] = set()  # applied by the server, the reply lost
        self.resent_after_lost_reply = 0

    def handle(self, route: Route) -> None:
        mode, self.mode = self.mode, self.random.choice(self.MODES)
        self.seen[mode] += 1
        sent = self.uuids_in(route)
        self.resent_after_lost_reply += len(sent & self.unanswered)
        self.unanswered -= sent if mode == "ok" else set()
        if mode == "lose":
            self.unanswered |= sent
        with suppress(PlaywrightError):  # the page went away (a reload or the restart) meanwhile
            self.answer(route, mode)

    @staticmethod
    def uuids_in(route: Route) -> set[str]:
        try:
            body = route.request.post_data_json or {}
        except (ValueError, PlaywrightError):
            return set()
        return {str(item.get("uuid")) for item in body.get("items", []) if isinstance(item, dict)}

    @staticmethod
    def answer(route: Route, mode: str) -> None:
        if mode == "abort":
            route.abort()
        elif mode == "500":
            route.fulfill(status=500, json={"error": "boom", "status": 500})
        elif mode == "429":
            route.fulfill(status=429, headers={"Retry-After": "1"}, json={"error": "slow down"})
        elif mode == "401":
            route.fulfill(status=401, json={"error": "login required", "status": 401})
        elif mode == "lose":
            route.fetch()
            route.abort()
        else:
            route.continue_()


COUNT_IDB = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("steady-outbox");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("items")) { db.close(); resolve(0); return; }
    const count = db.transaction("items").objectStore("items").count();
    count.onsuccess = () => { db.close(); resolve(count.result); };
  };
})"""
