"""Layout stability (issue 15, item 5): the page does not move once it has drawn.
Cumulative layout shift, as the browser reports it to a PerformanceObserver, stays
at or under 0.01 on the breathing page (its player lays out after the script runs)
and on the diary page (calendar, day list, outbox status)."""
import pytest
from playwright.sync_api import Page

from tests.browser.test_accounts_browser import sign_up

pytestmark = pytest.mark.browser

LIMIT = 0.01
WATCH = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const shift of list.getEntries()) {
    if (!shift.hadRecentInput) window.__cls += shift.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


def layout_shift(page: Page, url: str) -> float:
    page.add_init_script(WATCH)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)  # modules have run and anything late has drawn
    return float(page.evaluate("window.__cls"))


SOURCES = """
() => new Promise((done) => new PerformanceObserver((list) => done(list.getEntries().map(
  (s) => [s.value, s.sources.map((x) => x.node ? x.node.outerHTML.slice(0, 120) : "")])))
  .observe({type: "layout-shift", buffered: true}))
"""


@pytest.mark.parametrize("width", [320, 412])
def test_the_breathing_page_does_not_move_when_its_player_lays_out(page: Page, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert layout_shift(page, "/exercises/breathe/calm") <= LIMIT


@pytest.mark.parametrize("url", ["/diary/", "/diary/summary"])
def test_signed_in_pages_do_not_move(page: Page, url):
    sign_up(page)
    assert layout_shift(page, url) <= LIMIT
