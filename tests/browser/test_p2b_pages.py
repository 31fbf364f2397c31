"""The Part 2 planning pages of group P2-B in Voila: each demo builds every section with its
new views (strategic plan, status board, cross grid, impact projection) and no problem note."""

import pytest
from playwright.sync_api import Page, expect

PAGES = {
    "compile-strategic-plan": ".rw-sp-line",
    "cultivate-buy-in-to-enact": ".rw-xg-table",
    "monitor-implementation": ".rw-sb-board",
    "develop-strategic-messaging": ".rw-xg-table",
    "promote-broad-based-support": ".rw-timeline",
}


@pytest.mark.parametrize("stem", list(PAGES))
def test_each_demo_renders_its_views_without_a_problem(page: Page, stem, screenshots):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/voila/render/{stem}.ipynb?demo=1")
    page.locator(".rw-section-summary .rw-make-report").wait_for(state="visible")
    expect(page.locator(".rw-loading")).to_have_count(0)
    expect(page.locator(f".rw-section-summary {PAGES[stem]}").first).to_be_visible()
    expect(page.locator(".rw-problem")).to_have_count(0)
    page.locator(".rw-section-summary").screenshot(path=str(screenshots / f"{stem}-summary.png"))
