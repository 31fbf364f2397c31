"""Keys, not names: a stranger who knows names opens nothing of theirs, a participant link
reads no one else's answers, and one plan open in two tabs keeps both people's work."""

import time

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from benchmarks.chromium import EXTERNAL
from reentry_workbook.store import Author, SetAnswer, open_store
from reentry_workbook.templates import load_shipped
from tests.browser.identity import FLAGSHIP_STEM, questions_url, sign_in, workbook_url

SECRET_PLAN = "North's secret plan"
NAMES = "&workspace=Coalition%20North&respondent=JD"


@pytest.fixture(scope="module")
def north(voila):
    """Coalition North, where JD answered and the plan holds a secret."""
    voila.keys.add("Coalition North")
    store = open_store(voila.db)
    try:
        ws = next(w for w in store.workspaces() if w.name == "Coalition North")
        jd = store.join(ws.id, "JD", "participant")
        q = load_shipped(FLAGSHIP_STEM)
        mine = store.personal_response(ws.id, jd.id, q.id, q.version)
        plan = store.plan_response(ws.id, q.id, q.version)
        store.save(
            [
                SetAnswer(mine, "q_networks_found", "yes", None),
                SetAnswer(plan, "next_steps", SECRET_PLAN, None),
            ],
            Author("JD", jd.id),
        )
    finally:
        store.close()
    return ws


def _another_device(browser, voila) -> BrowserContext:
    context = browser.new_context(base_url=voila.url)
    context.route(EXTERNAL, lambda route: route.abort())
    context.set_default_timeout(60_000)
    return context


def test_a_stranger_with_another_workspaces_key_and_their_names_opens_nothing_of_theirs(
    page: Page, voila, north, screenshots
):
    west = voila.keys.add("Coalition West")
    page.goto(workbook_url(west) + NAMES)
    sign_in(page, "JD")
    page.locator(".rw-section-summary .rw-make-report").wait_for(state="visible")
    expect(page.locator(".rw-who")).to_contain_text("Coalition West")
    expect(page.locator(".rw-section-step-next_steps textarea")).to_have_value("")
    assert "Coalition North" not in page.content() and SECRET_PLAN not in page.content()
    page.screenshot(path=str(screenshots / "keys-stranger-workbook.png"), full_page=True)

    west_participant = voila.keys.add("Coalition West", "participant")
    page.goto(questions_url(west_participant) + NAMES)
    page.locator(".rw-identity .rw-respondent input, .rw-who").first.wait_for(state="visible")
    assert "Coalition North" not in page.content()
    sign_in(page, "J D")
    expect(page.locator(".rw-who")).to_contain_text("Coalition West")
    page.get_by_label("Go to step").select_option(index=1)
    found = page.locator(".rw-item-q_networks_found").get_by_role("radio", name="Yes")
    expect(found).not_to_be_checked()  # JD's answer in North stays in North

    page.goto(f"{workbook_url('not-a-key')}{NAMES}")  # a made-up key: the start page, no kernel
    expect(page.locator(".problem")).to_contain_text("This link does not open a workspace")
    assert "Coalition North" not in page.content()


def test_a_participant_link_cannot_read_another_participants_answers(
    page: Page, browser, voila, screenshots
):
    link = questions_url(voila.keys.add("Coalition East", "participant"))
    page.goto(link)
    sign_in(page, "Ana")
    page.get_by_label("Go to step").select_option(index=1)
    page.locator(".rw-item-q_networks_found").get_by_role("radio", name="Yes").check()
    expect(page.locator(".rw-save-status")).to_contain_text("Saved", timeout=15_000)

    other = _another_device(browser, voila).new_page()
    other.goto(link + "&respondent=Ana")
    for typed in ("Ana", "  ana "):
        panel = other.locator(".rw-identity")
        panel.locator(".rw-respondent input").fill(typed)
        panel.locator("button.rw-start").click()
        expect(panel.locator(".rw-notice")).to_contain_text("Someone here already answers as")
    other.screenshot(path=str(screenshots / "keys-name-taken.png"), full_page=True)
    sign_in(other, "Ben")
    other.get_by_label("Go to step").select_option(index=1)
    theirs = other.locator(".rw-item-q_networks_found").get_by_role("radio", name="Yes")
    expect(theirs).not_to_be_checked()
    other.context.close()


def _record_row(page: Page, text: str):
    return page.locator(".rw-section-step-networks .rw-row", has_text=text)


def _add_network(page: Page, name: str) -> None:
    nets = page.locator(".rw-section-step-networks")
    nets.get_by_role("button", name="+ Add network").click()
    nets.locator(".rw-editor .rw-col-name input").fill(name)
    nets.get_by_role("button", name="Done").click()
    expect(_record_row(page, name)).to_have_count(1)


def _conflict_in(pages: list[Page], timeout: float = 30) -> Page:
    """The page that shows a conflict (the one whose save came second)."""
    deadline = time.monotonic() + timeout
    while True:
        for page in pages:
            try:
                page.locator(".rw-conflict").first.wait_for(state="visible", timeout=250)
            except PlaywrightTimeout:
                continue
            return page
        assert time.monotonic() < deadline, "no conflict shown in either tab"


def test_one_plan_in_two_tabs_keeps_both_records_and_shows_a_conflict(
    page: Page, context, voila, screenshots
):
    url = workbook_url(voila.keys.add("Coalition Tabs"))
    tab_a = page
    tab_a.goto(url)
    sign_in(tab_a, "Dana")
    tab_b = context.new_page()
    tab_b.goto(url)
    sign_in(tab_b, "Robin")  # the same browser comes back as Dana: either way, one plan
    for tab in (tab_a, tab_b):
        tab.locator(".rw-section-summary .rw-make-report").wait_for(state="visible")

    _add_network(tab_a, "Alpha Network")
    _add_network(tab_b, "Beta Network")  # tab B has not been reloaded
    for tab in (tab_a, tab_b):
        expect(tab.locator(".rw-save-status")).to_contain_text("Saved", timeout=15_000)
    # each tab shows the other's record within seconds, without a reload
    expect(_record_row(tab_a, "Beta Network")).to_have_count(1, timeout=20_000)
    expect(_record_row(tab_b, "Alpha Network")).to_have_count(1, timeout=20_000)
    fresh = context.new_page()
    fresh.goto(url)
    sign_in(fresh, "Sam")
    expect(_record_row(fresh, "Alpha Network")).to_have_count(1)
    expect(_record_row(fresh, "Beta Network")).to_have_count(1)
    fresh.close()

    # the same field of the same record, edited in both tabs at once
    for tab in (tab_a, tab_b):
        _record_row(tab, "Alpha Network").locator(".rw-edit").click()
        tab.locator(".rw-section-step-networks .rw-editor .rw-col-name input").wait_for()
    for tab, name in ((tab_a, "Alpha Network (A)"), (tab_b, "Alpha Network (B)")):
        tab.locator(".rw-section-step-networks .rw-editor .rw-col-name input").fill(name)
    later = _conflict_in([tab_a, tab_b])
    text = later.locator(".rw-conflict-text").first
    expect(text).to_contain_text("Alpha Network (A)")
    expect(text).to_contain_text("Alpha Network (B)")
    later.screenshot(path=str(screenshots / "keys-conflict.png"))
    mine = "Alpha Network (B)" if later is tab_b else "Alpha Network (A)"
    later.locator(".rw-keep-mine").first.click()
    expect(later.locator(".rw-conflict")).to_have_count(0)
    check = context.new_page()
    check.goto(url)
    sign_in(check, "Sam")
    expect(_record_row(check, mine)).to_have_count(1)
    expect(_record_row(check, "Beta Network")).to_have_count(1)
