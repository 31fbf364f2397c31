"""The participant questionnaire: keyboard-only start, autosave, resume, phone width,
drop-downs, focus, and no serious accessibility problems (axe-core)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import axe, describe, serious  # noqa: F401 - axe is a fixture

PARTICIPANT = "/voila/render/participant.ipynb"
PHONE = {"width": 390, "height": 844}
OUTLINE = "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"


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


def _open(page: Page, who: str, viewport: dict | None = None) -> None:
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"{PARTICIPANT}?workspace={who.replace(' ', '%20')}%20Coalition&respondent=Tester")
    page.locator(".rw-form .rw-progress").first.wait_for(state="visible")


def _add(page: Page, item: str):
    box = page.locator(f".rw-item-{item}")
    box.locator(".rw-add").click()
    box.locator(".rw-editor").wait_for(state="visible")
    return box


def test_no_serious_or_critical_accessibility_problems(page: Page, axe):  # noqa: F811
    page.goto(PARTICIPANT)
    page.locator(".rw-start-panel").first.wait_for(state="visible")
    found = serious(axe(page))
    assert found == [], describe(found)
    _open(page, "Axe")
    _add(page, "decision_makers")  # a list editor with its drop-downs and radios
    found = serious(axe(page))
    assert found == [], describe(found)
    page.get_by_label("Go to step").select_option(label="Review: what is still missing")
    page.locator(".rw-review").wait_for(state="visible")
    found = serious(axe(page))
    assert found == [], describe(found)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_drop_downs_show_choose_at_the_height_of_one_line(page: Page, viewport, screenshots):
    _open(page, "Dropdown", viewport)
    box = _add(page, "decision_makers")
    stance = box.locator(".rw-editor .rw-col-stance select")
    shown = stance.evaluate(
        "s => [s.selectedIndex, s.options[s.selectedIndex]?.text.replace(/\\u00a0/g, ' ')]"
    )
    assert shown == [0, "— choose —"]
    for select in (stance, page.get_by_label("Go to step"), box.locator(".rw-sort select")):
        assert select.bounding_box()["height"] < 60
    box.locator(".rw-editor").screenshot(
        path=str(screenshots / f"participant-editor-{'phone' if viewport else 'desktop'}.png")
    )


def test_long_radio_labels_do_not_overlap_on_a_phone(page: Page):
    _open(page, "Radio", PHONE)
    box = _add(page, "decision_makers")
    # the text's own box: a label of fixed height lets its second line run over the next one
    labels = box.locator(".rw-editor .rw-col-access .widget-radio-box label").evaluate_all(
        """ls => ls.map(l => { const r = l.getBoundingClientRect();
             const text = document.createRange(); text.selectNodeContents(l);
             const t = text.getBoundingClientRect();
             const i = l.querySelector('input').getBoundingClientRect();
             return [t.top, Math.max(t.bottom, r.bottom), t.right, i.left - r.left] })"""
    )
    assert len(labels) == 3
    tops = [top for top, *_rest in labels[1:]] + [float("inf")]
    for (_top, bottom, right, radio_at), next_top in zip(labels, tops, strict=True):
        assert bottom <= next_top + 1 and right <= PHONE["width"]
        assert radio_at < 5  # the radio button leads its label


def test_start_panel_inputs_are_not_clipped(page: Page):
    page.goto(PARTICIPANT)
    page.locator(".rw-start-panel input").first.wait_for(state="visible")
    clipped = page.evaluate(
        """[...document.querySelectorAll('.rw-start-panel input')].filter(i => {
             const r = i.getBoundingClientRect();
             for (let e = i.parentElement; e; e = e.parentElement) {
               if (getComputedStyle(e).overflowX === 'visible') continue;
               const box = e.getBoundingClientRect();
               if (r.right > box.right + 0.5 || r.left < box.left - 0.5) return true;
             }
             return false }).length"""
    )
    assert clipped == 0


def test_add_and_done_move_the_focus_and_fields_show_it(page: Page):
    _open(page, "Focus")
    box = page.locator(".rw-item-priorities")
    field = box.locator(".rw-editor .rw-col-priority input")
    box.locator(".rw-add").focus()
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    assert field.evaluate(OUTLINE) == ["solid", "3px"]
    page.keyboard.type("Housing at release")
    box.locator(".rw-done").focus()
    page.keyboard.press("Enter")
    expect(box.locator(".rw-row .rw-edit").first).to_be_focused()
    expect(box.locator(".rw-row-summary").first).to_contain_text("Housing at release")
    box.locator(".rw-add").focus()
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    box.locator(".rw-done").focus()
    page.keyboard.press("Enter")  # nothing typed: the empty record goes
    expect(box.locator(".rw-note")).to_contain_text("Removed the empty priority")
    expect(box.locator(".rw-add")).to_be_focused()
    expect(box.locator(".rw-row:visible")).to_have_count(1)
    picker = page.get_by_label("Go to step")
    picker.focus()
    assert picker.evaluate(OUTLINE) == ["solid", "3px"]


def test_next_brings_the_next_step_to_the_top_of_a_phone_screen(page: Page):
    _open(page, "Scroll", PHONE)
    page.locator(".rw-next-step").click()
    page.locator(".rw-step-networks").wait_for(state="visible")
    page.wait_for_function(
        """() => { const t = document.querySelector('.rw-step-networks .rw-step-title');
                   const r = t && t.getBoundingClientRect();
                   return r && r.top >= 0 && r.bottom < 200 }""",
        timeout=10_000,
    )
