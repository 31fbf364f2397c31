"""Every shipped page's demo in Voila: each section builds, every view the summary names is
drawn, the report downloads, no page shows a problem note, and axe-core finds no serious or
critical accessibility problem. A new page is covered by its YAML."""

import html

import pytest
from playwright.sync_api import Page, expect

from reentry_workbook.templates import load_template, template_paths
from tests.browser.axe import describe, run_axe, serious

PAGES = template_paths()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_each_demo_renders_every_view_without_a_problem(page: Page, path, screenshots):
    q = load_template(path)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/voila/render/{path.stem}.ipynb?demo=1")
    page.locator(".rw-section-summary .rw-make-report").wait_for(state="visible")
    expect(page.locator(".rw-loading")).to_have_count(0)
    expect(page.locator(".rw-section")).to_have_count(len(q.steps) + 1)
    for spec in q.summary:
        name = spec.view.replace("_", "-")
        expect(page.locator(f".rw-section-summary .rw-view-{name}").first).to_be_attached()
    expect(page.locator(".rw-problem")).to_have_count(0)
    found = serious(run_axe(page))
    assert not found, describe(found)
    page.locator(".rw-section-summary").screenshot(
        path=str(screenshots / f"{path.stem}-summary.png")
    )
    page.locator(".rw-section-summary .rw-make-report").click()
    link = page.locator(".rw-download", has_text="Report")
    link.wait_for(state="visible")
    with page.expect_download() as info:
        link.click()
    report = open(info.value.path(), encoding="utf-8").read()
    assert html.escape(q.title, quote=False) in report
    assert "rw-problem" not in report
