"""A list shown as a table with many columns scrolls sideways on a phone instead of squeezing
a column of long text to a word a line (the housing authorities' screening rules were)."""

import pytest
from playwright.sync_api import Page

from reentry_workbook.demo import demo_context, demo_paths, read_demo
from reentry_workbook.report import view_css
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import parse
from reentry_workbook.widgets.styles import CSS

PHONE = {"width": 390, "height": 844}
READABLE_PX = 100  # about a dozen letters a line at 14px


@pytest.fixture(scope="session")
def base_url():
    """These pages are set as content: no server is needed."""
    return None


def _wide_tables():
    for page in sorted({read_demo(p).page for p in demo_paths()}):
        q = find_shipped(page)
        for i, spec in enumerate(s for s in q.report_views if s.view == "list_table"):
            _, params = parse(spec)
            if len(params.columns) >= 6:
                yield pytest.param(page, spec, id=f"{page}-{i}")


@pytest.mark.parametrize(("page_id", "spec"), list(_wide_tables()))
def test_a_wide_table_keeps_its_text_columns_readable_on_a_phone(page: Page, page_id, spec):
    ctx = demo_context(page_id)
    view, params = parse(spec)
    body = view.render(ctx, params)
    page.set_viewport_size(PHONE)
    page.set_content(
        f"<meta charset=utf-8><style>{view_css()}{CSS}</style>"
        f"<div class='rw-form'><div class='rw-view'>{body}</div></div>"
    )
    widths = page.evaluate(
        """() => [...document.querySelectorAll('table.rw-table-view th:not(.rw-num)')]
            .map(h => Math.round(h.getBoundingClientRect().width))"""
    )
    assert widths and min(widths) >= READABLE_PX, widths
    box = page.locator(".rw-scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the table should scroll sideways"
    # on paper nothing scrolls: the table fits the page's width again
    page.emulate_media(media="print")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
