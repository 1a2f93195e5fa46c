"""The Learn room in real Chromium at phone size: axe, red-flag reach, print, 320px."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CONTENT = Path(__file__).resolve().parents[2] / "content" / "learn" / "en"
SLUGS = sorted(p.stem for p in CONTENT.glob("*.md"))
LEARN_PAGES = ["/learn", *[f"/learn/{slug}" for slug in SLUGS], "/learn/search?q=sleep",
               "/learn/search?q=zzqx"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_learn_page_passes_axe(page: Page, assert_accessible, scheme: str):
    page.emulate_media(color_scheme=scheme)
    for url in LEARN_PAGES:
        page.goto(url)
        assert_accessible(page)


def test_red_flags_are_one_tap_from_the_home_page(page: Page):
    page.goto("/")
    page.locator(".site-header").get_by_role("link", name="When to see a doctor").click()
    expect(page).to_have_url(re.compile(r"/learn/red-flags$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Red flags: when to see a doctor")
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()


def test_search_from_the_index_shows_marked_snippets(page: Page):
    page.goto("/learn")
    page.get_by_label("Search the articles").fill("buttons")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 article found")).to_be_visible()
    expect(page.locator(".snippet mark").first).to_have_text("buttons")
    page.get_by_role("link", name="Red flags: when to see a doctor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Red flags: when to see a doctor")


def test_print_hides_navigation_and_search(page: Page):
    page.goto("/learn/red-flags")
    page.emulate_media(media="print")
    for selector in [".bottom-nav", ".site-header", ".contents"]:
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator(".article-body")).to_be_visible()
    after = page.evaluate("""() => getComputedStyle(
        document.querySelector('.article-body a[href^="/learn/"]'), '::after').content""")
    assert "/learn/at-the-doctor" in after
    page.goto("/learn")
    page.emulate_media(media="print")
    expect(page.locator(".learn-search")).to_be_hidden()


def test_no_horizontal_scroll_at_320px(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    long_word = "/learn/search?q=" + "a" * 100
    for url in ["/learn/red-flags", "/learn", "/learn/common-triggers", long_word]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    page.goto("/learn/red-flags")
    table = page.locator(".table-wrap table")
    expect(table).to_be_visible()
    right = page.evaluate("document.querySelector('.table-wrap').getBoundingClientRect().right")
    assert right <= 320


def test_wide_screens_show_the_table_as_a_grid_with_headers(page: Page):
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto("/learn/red-flags")
    expect(page.get_by_role("columnheader", name="What to do")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.article-body tr')).display") \
        == "table-row"


def test_contents_link_jumps_to_its_section(page: Page):
    page.goto("/learn/common-triggers")
    page.get_by_role("navigation", name="Sections of this article").get_by_role(
        "link", name="Caffeine").click()
    expect(page).to_have_url(re.compile(r"#trigger-caffeine$"))
    expect(page.get_by_role("heading", name="Caffeine")).to_be_in_viewport()
