"""The red-flag screener in real Chromium at 390x844: answered by tap, axe clean
in light and dark, and the first-time offer after an offline entry syncs."""
import pytest
from playwright.sync_api import Page, expect

from tests.browser.outbox_support import log_offline, module, open_form, outbox, wait_for_outbox
from tests.browser.test_accounts_browser import sign_up
from webapp.safety import signs

pytestmark = pytest.mark.browser
CATALOGUE = signs.for_language("en")


def answer(page: Page, choices: dict[str, str], default: str | None = "No") -> None:
    """Tap an answer for every question: `choices` by sign key, else `default`."""
    for group in page.locator("form.screener fieldset").all():
        key = group.locator("input").first.get_attribute("name")
        label = choices.get(key, default)
        if label:
            group.get_by_role("radio", name=label, exact=True).check()


def test_answers_are_tapped_kept_on_a_partial_submit_and_escalate(page: Page):
    sign_up(page)
    page.goto("/diary/screener")
    expect(page.locator("form.screener input:checked")).to_have_count(0)
    answer(page, {"weeks": "Yes", "spreading": "Yes", "numbness": "Not sure"}, default=None)
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("alert")).to_contain_text("questions still need an answer")
    expect(page.locator("form.screener input:checked")).to_have_count(3)
    answer(page, {"weeks": "Yes", "spreading": "Yes", "numbness": "Not sure"})
    page.get_by_role("button", name="Done").click()
    advice = page.locator(".redflag-advice")
    expect(advice.get_by_role("heading")).to_have_text(CATALOGUE.levels["this_week"].title)
    expect(advice).to_contain_text(CATALOGUE.escalation.to_this_week)
    expect(page.get_by_role("heading", name="Not answered")).to_be_visible()


def test_screener_and_result_pages_pass_axe_light_and_dark(page: Page, assert_accessible):
    sign_up(page)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto("/diary/screener?answer=1")
        assert_accessible(page)
        page.get_by_role("button", name="Done").click()  # nothing answered
        expect(page.get_by_role("alert")).to_be_visible()
        assert_accessible(page)
        answer(page, {"breathing": "Yes", "weeks": "Yes"}, default=None)
        page.get_by_role("button", name="Done").click()  # some answered: each gap is marked
        expect(page.locator("form.screener .error").first).to_have_text("Not answered yet.")
        assert_accessible(page)
        answer(page, {"breathing": "Yes", "weeks": "Yes", "shrinking": "Not sure"})
        page.get_by_role("button", name="Done").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Please get help now")
        assert_accessible(page)
        page.goto("/diary/screener?answer=1")
        answer(page, {})
        page.get_by_role("button", name="Done").click()
        expect(page.get_by_text("none of the warning signs today")).to_be_visible()
        assert_accessible(page)
        page.goto("/diary/screener/doctor-checks")
        assert_accessible(page)
        page.goto("/diary/screener")  # answered a moment ago: the recent answers first
        expect(page.get_by_role("heading", level=1)).to_have_text("You answered these recently")
        assert_accessible(page)


def test_a_doctor_check_then_a_retake_shows_the_visit_note_first(page: Page, assert_accessible):
    sign_up(page)
    page.goto("/diary/screener/doctor-checks")
    page.get_by_label("Who checked").fill("Dr Lee, GP")
    page.get_by_label("What they concluded").fill("Harmless twitching; come back if weaker.")
    page.get_by_role("checkbox", name="Blood tests").check()
    page.get_by_role("button", name="Save the visit").click()
    expect(page.get_by_text("Saved. The questions will now ask")).to_be_visible()
    page.goto("/diary/screener")
    expect(page.get_by_text("new or different since that visit")).to_be_visible()
    expect(page.locator('input[name="weeks"]')).to_have_count(0)
    weekly = page.get_by_role("checkbox", name="Ask me these questions once a week")
    expect(weekly).not_to_be_checked()
    answer(page, {})
    page.get_by_role("button", name="Done").click()
    page.goto("/diary/screener")
    note = page.locator(".visit-note")
    expect(note).to_contain_text("Dr Lee, GP")
    expect(page.locator("form.screener")).to_have_count(0)
    page.get_by_role("link", name="Something is new or different: answer again").click()
    expect(page.locator("form.screener")).to_be_visible()
    assert_accessible(page)


def test_an_entry_synced_from_the_outbox_gets_the_first_time_offer(page: Page, assert_accessible):
    sign_up(page)
    open_form(page)
    page.context.set_offline(True)
    log_offline(page, area="eyelid:right")
    assert len(outbox(page)) == 1
    page.context.set_offline(False)
    page.evaluate(module("js/outbox/sync.js") + ".then((s) => s.flush({ force: true }))")
    wait_for_outbox(page, 0)
    page.goto("/diary/")
    offer = page.locator(".screener-offer")
    expect(offer).to_contain_text("first time you logged: Eyelid")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    offer.get_by_role("link", name="Answer the questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A few safety questions")
    expect(page.locator(".lead")).to_contain_text("first time you logged: Eyelid")
    answer(page, {})
    page.get_by_role("button", name="Done").click()
    page.get_by_role("link", name="Continue").click()
    expect(page.locator(".screener-offer")).to_have_count(0)
