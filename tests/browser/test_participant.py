"""The participant questionnaire: keyboard-only start, autosave, resume, phone width."""

from playwright.sync_api import Page, expect

PARTICIPANT = "/voila/render/participant.ipynb"


def _start_with_keyboard(page: Page, workspace: str, name: str) -> None:
    page.goto(PARTICIPANT)
    page.get_by_label("Coalition or workspace name").wait_for(state="visible")
    for _ in range(40):  # Tab until the first field has focus: no mouse needed
        if page.evaluate("document.activeElement?.closest('.rw-workspace') !== null"):
            break
        page.keyboard.press("Tab")
    page.keyboard.type(workspace)
    page.keyboard.press("Tab")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator(".rw-form .rw-progress").first.wait_for(state="visible")


def test_answer_reload_resume(page: Page, screenshots):
    _start_with_keyboard(page, "Keyboard Coalition", "Participant One")
    page.locator(".rw-next-step").click()
    item = page.locator(".rw-item-q_networks_found")
    item.get_by_role("radio", name="Yes").check()
    expect(page.locator(".rw-save-status")).to_contain_text("Saved", timeout=15_000)
    page.screenshot(path=str(screenshots / "participant-step2.png"), full_page=True)
    page.reload()
    _start_with_keyboard(page, "Keyboard Coalition", "Participant One")
    expect(page.locator(".rw-who")).to_contain_text("Keyboard Coalition")
    expect(page.locator(".rw-who")).to_contain_text("Participant One")
    page.get_by_label("Go to step").select_option(index=1)
    expect(
        page.locator(".rw-item-q_networks_found").get_by_role("radio", name="Yes")
    ).to_be_checked()
    page.get_by_label("Go to step").select_option(label="Review: what is still missing")
    expect(page.locator(".rw-review")).to_contain_text("Not answered")
    page.locator(".rw-finish").click()
    expect(page.locator(".rw-finished")).to_contain_text("Thank you")


def test_participants_see_only_their_questions(page: Page):
    page.goto(PARTICIPANT + "?workspace=Label%20Coalition&respondent=Reader")
    page.locator(".rw-form .rw-progress").first.wait_for(state="visible")
    steps = page.get_by_label("Go to step").locator("option").all_inner_texts()
    assert not any("Summary and next steps" in s for s in steps)  # a facilitator-only step
    for index in range(len(steps) - 1):
        page.get_by_label("Go to step").select_option(index=index)
        page.locator(".rw-step").first.wait_for(state="visible")
        expect(page.locator(".rw-kind-table")).to_have_count(0)  # the coalition's lists
    page.get_by_label("Go to step").select_option(index=3)
    item = page.locator(".rw-item-q_room_for_new_leaders")
    item.get_by_role("radio", name="Partly").check()
    expect(item.get_by_role("radio", name="Partly")).to_be_checked()


def test_phone_width_has_no_sideways_scrolling(page: Page, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(PARTICIPANT + "?workspace=Phone%20Coalition&respondent=Phone")
    page.locator(".rw-form .rw-progress").first.wait_for(state="visible")
    page.get_by_label("Go to step").select_option(index=3)
    page.locator(".rw-step-new_leaders").wait_for(state="visible")
    too_wide = page.evaluate(
        "[...document.querySelectorAll('.rw-form')].map(e => e.getBoundingClientRect().right)"
        ".filter(r => r > window.innerWidth + 1).length"
    )
    assert too_wide == 0
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 390, "height": 2400})  # Voila scrolls inside the page
    page.screenshot(path=str(screenshots / "participant-phone.png"))


def test_a_kernel_started_ahead_serves_the_address_it_asked_for(page: Page, kernel_waiting):
    used_it = kernel_waiting("participant.ipynb")
    page.goto(PARTICIPANT + "?workspace=Early%20Coalition&respondent=Lee")
    page.locator(".rw-next-step").wait_for(state="visible")
    expect(page.locator(".rw-who")).to_contain_text("Early Coalition")
    expect(page.locator(".rw-who")).to_contain_text("answering as Lee")
    assert used_it()
