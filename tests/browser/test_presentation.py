"""How the flagship page reads in a browser: the influence map on a laptop screen, printing,
and no serious accessibility problem with every section and view of the demo drawn."""

import re

import pytest
from playwright.sync_api import Page, expect

from reentry_workbook.templates import load_template, template_paths
from tests.browser.axe import axe, describe, serious  # noqa: F401 - axe is a fixture

pytestmark = pytest.mark.browser

FLAGSHIP = next(p for p in template_paths() if p.stem == "identify-community-members-and-networks")
LAPTOP = {"width": 1280, "height": 900}

# each label's size on screen: its font size times the scale the SVG is drawn at
LABEL_PX = """(svg) => [...svg.querySelectorAll('text')].map(t =>
    parseFloat(t.getAttribute('font-size')) * svg.getScreenCTM().a)"""


PHONE = {"width": 390, "height": 844}


def _open_demo(page: Page, size: dict[str, int] = LAPTOP) -> None:
    q = load_template(FLAGSHIP)
    page.set_viewport_size(size)
    page.goto(f"/voila/render/{FLAGSHIP.stem}.ipynb?demo=1")
    # a wait, not a timed assertion: a busy machine takes longer to build every section
    page.locator(".rw-section-summary .rw-make-report").wait_for(state="visible", timeout=300_000)
    expect(page.locator(".rw-loading")).to_have_count(0)
    expect(page.locator(".rw-section")).to_have_count(len(q.steps) + 1)


def test_influence_map_labels_are_at_least_14_px_on_a_1280_px_screen(page: Page):
    _open_demo(page)
    svg = page.locator(".rw-network svg").first
    svg.scroll_into_view_if_needed()
    sizes = svg.evaluate(LABEL_PX)
    assert sizes and min(sizes) >= 14, sizes
    expect(svg.locator("text.rw-map-stance").first).to_be_visible()
    expect(page.locator(".rw-network .rw-swipe-hint").first).to_be_hidden()


def test_influence_map_names_stay_readable_on_a_phone_and_the_map_scrolls_sideways(
    page: Page, screenshots
):
    _open_demo(page, PHONE)
    svg = page.locator(".rw-network svg").first
    svg.scroll_into_view_if_needed()
    sizes = svg.evaluate(LABEL_PX)
    assert sizes and min(sizes) >= 11.9, sizes  # 7 px when the map shrank to the screen
    box = page.locator(".rw-network-scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the map should scroll sideways"
    # it opens on its right-hand side, where the decision makers are
    heading = svg.locator("text").first.bounding_box()  # the decision makers' column heading
    assert 0 <= heading["x"] and heading["x"] + heading["width"] <= PHONE["width"], heading
    expect(page.locator(".rw-network .rw-swipe-hint").first).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    page.locator(".rw-network .rw-swipe-hint").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "influence-map-phone.png"))


def test_the_page_prints_on_as_many_pages_as_it_needs(page: Page):
    _open_demo(page)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    # the page tree's /Count: Chromium may keep page objects in compressed streams
    pages = max((int(n) for n in re.findall(rb"/Count (\d+)", pdf)), default=0)
    assert pages >= 5, f"the whole demo page printed on {pages} page(s)"
    # buttons, the step picker and the save status are for the screen, not for paper
    chrome = ".widget-button, .rw-save-bar, .rw-step-picker, .rw-nav, .rw-toolbar"
    shown = page.locator(chrome).evaluate_all("els => els.filter(e => e.offsetParent).length")
    assert shown == 0, f"{shown} buttons or bars would print"


def test_the_page_printed_at_phone_width_fits_the_width(page: Page):
    _open_demo(page, PHONE)
    page.emulate_media(media="print")
    wide = page.evaluate("""() => { const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('#rendered_cells *')]
          .filter(e => e.getBoundingClientRect().right > w + 1)
          .map(e => e.tagName + '.' + String(e.className.baseVal ?? e.className)).slice(0, 5); }""")
    assert not wide, wide


def test_the_demo_page_with_every_view_has_no_serious_accessibility_problem(page: Page, axe):  # noqa: F811
    _open_demo(page)
    found = serious(axe(page))
    assert not found, describe(found)
