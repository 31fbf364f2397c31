"""The planning workbook in Voila, driven as a first-time facilitator would."""

from playwright.sync_api import Page, expect

from tests.browser.identity import FLAGSHIP, sign_in

NO_JOURNAL = "() => !Object.keys(localStorage).some(k => k.startsWith('rw-journal:'))"


def _open(page: Page, query: str, name: str | None = None) -> None:
    """Open the workbook (as ``name``, when its link asks who is working) and wait until every
    section is built (the last is the summary)."""
    page.goto(FLAGSHIP + query)
    if name is not None:
        sign_in(page, name)
    page.locator(".rw-section-summary .rw-make-report").wait_for(state="visible")
    expect(page.locator(".rw-loading")).to_have_count(0)


def _saved(page: Page) -> None:
    expect(page.locator(".rw-save-status")).to_contain_text("Saved", timeout=15_000)


def test_new_user_builds_lists_reloads_and_downloads(page: Page, facilitator_key, screenshots):
    query = f"?key={facilitator_key}"
    _open(page, query, "Tester")
    expect(page.locator(".rw-who")).to_contain_text("Browser Test Coalition")

    dms = page.locator(".rw-section-step-decision_makers")
    dms.get_by_role("button", name="+ Add decision maker").click()
    dms.locator(".rw-editor .rw-col-name input").fill("Commissioner Fictional")
    dms.locator(".rw-editor .rw-col-power").get_by_role("radio", name="5").check()

    nets = page.locator(".rw-section-step-networks")
    nets.locator(".rw-item-q_networks_found").get_by_role("radio", name="Partly").check()
    nets.get_by_role("button", name="+ Add network").click()
    nets.locator(".rw-editor .rw-col-name input").fill("Fictional Food Bank <b>")
    nets.locator(".rw-editor .rw-col-network_type select").select_option(label="Faith community")
    nets.locator(".rw-editor .rw-col-groups_reached").get_by_label(
        "Young people (under 25)"
    ).check()
    nets.locator(".rw-editor .rw-col-support select").select_option(
        label="Champion (speaks up for our priorities)"
    )
    nets.get_by_role("button", name="Done").click()
    expect(nets.locator(".rw-row-summary").first).to_contain_text("Fictional Food Bank <b>")

    ties = page.locator(".rw-section-step-who_sways_whom")
    ties.get_by_role("button", name="+ Add link").click()
    ties.locator(".rw-editor .rw-col-from_who select").select_option(
        label="Fictional Food Bank <b>"
    )
    ties.locator(".rw-editor .rw-col-to_who select").select_option(label="Commissioner Fictional")
    ties.locator(".rw-editor .rw-col-tie_strength").get_by_role("radio", name="4").check()
    page.locator(".rw-section-step-next_steps textarea").fill("Call the commissioner's office.")
    _saved(page)
    page.wait_for_function(NO_JOURNAL)  # every typed text confirmed saved
    page.screenshot(path=str(screenshots / "flagship-filled.png"), full_page=True)

    page.reload()
    _open(page, query)  # the same browser comes back as the same person without asking
    expect(page.locator(".rw-who")).to_contain_text("Tester")
    nets = page.locator(".rw-section-step-networks")
    expect(nets.locator(".rw-row-summary").first).to_contain_text("Fictional Food Bank <b>")
    expect(
        nets.locator(".rw-item-q_networks_found").get_by_role("radio", name="Partly")
    ).to_be_checked()
    expect(page.locator(".rw-section-step-who_sways_whom .rw-row-summary").first).to_contain_text(
        "Commissioner Fictional"
    )
    expect(page.locator(".rw-section-step-next_steps textarea")).to_have_value(
        "Call the commissioner's office."
    )
    expect(page.locator(".rw-section-step-outreach .rw-view-outreach-ranking")).to_contain_text(
        "Fictional Food Bank <b>"
    )

    page.locator(".rw-make-report").click()
    link = page.locator(".rw-download", has_text="Report")
    link.wait_for(state="visible")
    with page.expect_download() as info:
        link.click()
    report = open(info.value.path(), encoding="utf-8").read()
    assert "Fictional Food Bank &lt;b&gt;" in report and "Commissioner Fictional" in report


def test_demo_every_section_renders(page: Page, screenshots):
    page.set_viewport_size({"width": 1200, "height": 900})
    _open(page, "?demo=1")
    expect(page.locator(".rw-who")).to_contain_text("fictional demo data")
    expect(page.locator(".rw-section-step-who_sways_whom svg")).to_be_visible()
    gaps = page.locator(".rw-section-step-representation .rw-gaps")
    expect(gaps).to_contain_text("No community member on the list yet")
    expect(page.locator(".rw-view-outreach-ranking").first).to_contain_text("Rev. Dana Demo")
    page.set_viewport_size({"width": 1200, "height": 2600})  # Voila scrolls inside the page
    for section in page.locator(".rw-section").all():
        section.scroll_into_view_if_needed()
        classes = section.get_attribute("class") or ""
        name = next(c for c in classes.split() if c.startswith("rw-section-")).removeprefix(
            "rw-section-"
        )
        section.screenshot(path=str(screenshots / f"demo-{name}.png"))
    expect(page.locator(".rw-problem")).to_have_count(0)


def test_a_kernel_started_ahead_serves_the_address_it_asked_for(
    page: Page, kernel_waiting, preheated
):
    """Voila runs the workbook before anyone opens it; the page still gets its own address."""
    key = preheated.keys.add("Early Bird Coalition")
    used_it = kernel_waiting("identify-community-members-and-networks.ipynb")
    page.goto(f"{preheated.url}{FLAGSHIP}?key={key}")
    sign_in(page, "Robin")
    expect(page.locator(".rw-section-step-decision_makers .rw-add").first).to_be_visible()
    expect(page.locator(".rw-who")).to_contain_text("Early Bird Coalition")
    expect(page.locator(".rw-who")).to_contain_text("Robin")
    assert used_it()
    page.locator(".rw-section-summary .rw-make-report").wait_for(state="visible")
    expect(page.locator(".rw-loading")).to_have_count(0)
    expect(page.locator(".rw-section-step-who_sways_whom .rw-add")).to_be_visible()


def test_several_pages_at_once_each_render_every_section(context, voila):
    """Voila must not drop a section's widgets when several people open the workbook at once."""
    key = voila.keys.add("Busy Coalition")
    pages = []
    for _ in range(4):
        page = context.new_page()
        page.goto(f"{FLAGSHIP}?key={key}", wait_until="commit")
        pages.append(page)
    for i, page in enumerate(pages):
        sign_in(page, f"Person {i}")
    for page in pages:
        page.locator(".rw-section-summary .rw-make-report").wait_for(
            state="visible", timeout=120_000
        )
        for step in ("decision_makers", "networks", "representation", "who_sways_whom", "outreach"):
            expect(
                page.locator(
                    f".rw-section-step-{step} .rw-progress-row, .rw-section-step-{step} .rw-item"
                ).first
            ).to_be_attached()
        expect(page.locator(".rw-section-step-decision_makers .rw-add").first).to_be_visible()
