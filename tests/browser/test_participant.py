"""The participant's questions and the facilitator's list editors, as people use them:
keyboard-only start, autosave, resume on the same device, phone width, drop-downs, focus, and
no serious accessibility problems (axe-core)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import axe, describe, serious  # noqa: F401 - axe is a fixture
from tests.browser.identity import questions_url, sign_in, workbook_url

PHONE = {"width": 390, "height": 844}
OUTLINE = "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"


def _questions(page: Page, voila, who: str, viewport: dict | None = None) -> None:
    """A participant of ``who`` Coalition opens the questions and answers under ``who``."""
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(questions_url(voila.keys.add(f"{who} Coalition", "participant")))
    sign_in(page, who)
    page.locator(".rw-form .rw-progress").first.wait_for(state="visible")


def _workbook(page: Page, voila, who: str, viewport: dict | None = None) -> None:
    """The facilitator of ``who`` Coalition opens the workbook (where the lists are)."""
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(workbook_url(voila.keys.add(f"{who} Coalition")))
    sign_in(page, who)
    page.locator(".rw-section-summary .rw-make-report").wait_for(state="visible")


def _add(page: Page, item: str):
    box = page.locator(f".rw-item-{item}")
    box.locator(".rw-add").click()
    box.locator(".rw-editor").wait_for(state="visible")
    return box


def test_answer_with_the_keyboard_reload_and_resume(page: Page, voila, screenshots):
    key = voila.keys.add("Keyboard Coalition", "participant")
    page.goto(questions_url(key))
    page.locator(".rw-identity .rw-respondent input").wait_for(state="visible")
    for _ in range(40):  # Tab until the name field has focus: no mouse needed
        if page.evaluate("document.activeElement?.closest('.rw-respondent') !== null"):
            break
        page.keyboard.press("Tab")
    page.keyboard.type("Participant One")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator(".rw-form .rw-progress").first.wait_for(state="visible")
    # the Start button is gone: the focus waits at the top of the first step, not the page top
    page.wait_for_function("document.activeElement?.closest('.rw-anchor') !== null")
    page.locator(".rw-next-step").click()
    item = page.locator(".rw-item-q_networks_found")
    item.get_by_role("radio", name="Yes").check()
    expect(page.locator(".rw-save-status")).to_contain_text("Saved", timeout=15_000)
    page.screenshot(path=str(screenshots / "participant-step2.png"), full_page=True)
    page.reload()  # the same device: back as the same person, nothing to type
    sign_in(page)
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


def test_participants_see_only_their_questions(page: Page, voila):
    _questions(page, voila, "Reader")
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


def test_phone_width_has_no_sideways_scrolling(page: Page, voila, screenshots):
    _questions(page, voila, "Phone", PHONE)
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


def test_a_kernel_started_ahead_serves_the_address_it_asked_for(
    page: Page, preheated, kernel_waiting
):
    key = preheated.keys.add("Early Coalition", "participant")
    used_it = kernel_waiting("participant.ipynb")
    page.goto(preheated.url + questions_url(key, "safe-stable-affordable-housing"))
    sign_in(page, "Lee")
    page.locator(".rw-next-step").wait_for(state="visible")
    expect(page.locator(".rw-who")).to_contain_text("Early Coalition")
    expect(page.locator(".rw-who")).to_contain_text("answering as Lee")
    expect(page.locator(".rw-form .rw-title").first).to_contain_text("place to live")
    assert used_it()


def test_no_serious_or_critical_accessibility_problems(page: Page, voila, axe):  # noqa: F811
    page.goto(questions_url(voila.keys.add("Axe Coalition", "participant")))
    page.locator(".rw-identity .rw-respondent input").wait_for(state="visible")
    found = serious(axe(page))
    assert found == [], describe(found)
    sign_in(page, "Axe")
    page.locator(".rw-form .rw-progress").first.wait_for(state="visible")
    found = serious(axe(page))
    assert found == [], describe(found)
    page.get_by_label("Go to step").select_option(label="Review: what is still missing")
    page.locator(".rw-review").wait_for(state="visible")
    found = serious(axe(page))
    assert found == [], describe(found)
    _workbook(page, voila, "Axe")
    _add(page, "decision_makers")  # a list editor with its drop-downs and radios
    found = serious(axe(page))
    assert found == [], describe(found)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_drop_downs_show_choose_at_the_height_of_one_line(page: Page, voila, viewport, screenshots):
    _workbook(page, voila, "Dropdown", viewport)
    box = _add(page, "decision_makers")
    stance = box.locator(".rw-editor .rw-col-stance select")
    shown = stance.evaluate(
        "s => [s.selectedIndex, s.options[s.selectedIndex]?.text.replace(/\\u00a0/g, ' ')]"
    )
    assert shown == [0, "— choose —"]
    for select in (stance, box.locator(".rw-sort select")):
        assert select.bounding_box()["height"] < 60
    box.locator(".rw-editor").screenshot(
        path=str(screenshots / f"workbook-editor-{'phone' if viewport else 'desktop'}.png")
    )
    _questions(page, voila, "Dropdown", viewport)
    assert page.get_by_label("Go to step").bounding_box()["height"] < 60


def test_long_radio_labels_do_not_overlap_on_a_phone(page: Page, voila):
    _workbook(page, voila, "Radio", PHONE)
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


@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_start_panel_inputs_are_not_clipped(page: Page, voila, role):
    page.set_viewport_size(PHONE)
    key = voila.keys.add("Clip Coalition", role)
    page.goto(questions_url(key) if role == "participant" else workbook_url(key))
    page.locator(".rw-identity input").first.wait_for(state="visible")
    clipped = page.evaluate(
        """[...document.querySelectorAll('.rw-start-panel input, .rw-start-panel select')]
           .filter(i => {
             const r = i.getBoundingClientRect();
             for (let e = i.parentElement; e; e = e.parentElement) {
               if (getComputedStyle(e).overflowX === 'visible') continue;
               const box = e.getBoundingClientRect();
               if (r.right > box.right + 0.5 || r.left < box.left - 0.5) return true;
             }
             return false }).length"""
    )
    assert clipped == 0


def test_add_and_done_move_the_focus_and_fields_show_it(page: Page, voila):
    _workbook(page, voila, "Focus")
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
    _questions(page, voila, "Focus")
    picker = page.get_by_label("Go to step")
    picker.focus()
    assert picker.evaluate(OUTLINE) == ["solid", "3px"]


def test_next_brings_the_next_step_to_the_top_of_a_phone_screen(page: Page, voila):
    _questions(page, voila, "Scroll", PHONE)
    page.locator(".rw-next-step").click()
    page.locator(".rw-step-networks").wait_for(state="visible")
    page.wait_for_function(
        """() => { const t = document.querySelector('.rw-step-networks .rw-step-title');
                   const r = t && t.getBoundingClientRect();
                   return r && r.top >= 0 && r.bottom < 200 }""",
        timeout=10_000,
    )
