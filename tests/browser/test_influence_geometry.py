"""The influence map's arrows never run through a name: measured in Chromium, on the demo map of
every page that draws one and on crowded maps (long names, people linked to people in the same
column, links pointing back, chains three steps long)."""

import random

import pytest
from playwright.sync_api import Page

from reentry_workbook.demo import demo_context
from reentry_workbook.templates import load_template
from reentry_workbook.views import PageContext, parse
from tests.views.maps import MAPS

pytestmark = pytest.mark.browser

# Every point along every arrow, 2 user units apart, against the box Chromium gives each name,
# stance and column heading (inset by 1 unit: a line that grazes a letter's box is not through it).
CROSSINGS = """(svg) => {
  const boxes = [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    return {x0: b.x + 1, y0: b.y + 1, x1: b.x + b.width - 1, y1: b.y + b.height - 1,
            text: t.textContent};
  });
  const found = [];
  const arrows = [...svg.querySelectorAll('path[marker-end]')];
  arrows.forEach((path, i) => {
    const length = path.getTotalLength();
    for (let s = 0; s <= length; s += 2) {
      const p = path.getPointAtLength(s);
      for (const b of boxes) {
        if (p.x > b.x0 && p.x < b.x1 && p.y > b.y0 && p.y < b.y1) {
          found.push(`arrow ${i} (${path.getAttribute('d')}) crosses "${b.text}"`);
          return;
        }
      }
    }
  });
  return {arrows: arrows.length, names: boxes.length, found};
}"""

LONG = (
    "Eastside Tenants and Neighbours Association",
    "Reverend Fictional Example-Person",
    "Riverside Returning Citizens Peer Network",
    "Dr. Placeholder Sample-Name",
)


def _crowded(path, params, seed: int, people: int) -> PageContext:
    """The demo plus ``people`` more on the last list, linked at random to decision makers, to
    each other and back to people nearer a decision maker."""
    q = load_template(path)
    ctx = demo_context(q.id)
    rng = random.Random(seed)
    answers = dict(ctx.answers)
    table = params.people[-1].table
    added = [{"_id": f"crowd-{i}", "name": f"{rng.choice(LONG)} {i}"} for i in range(people)]
    answers[table] = [*ctx.records(table), *added]
    makers = [r["_id"] for r in ctx.records(params.deciders.table)]
    everyone = [r["_id"] for p in params.people for r in answers.get(p.table, ())]
    links = params.links
    ties = list(ctx.records(links.table))
    for i, person in enumerate(added):
        # a third reach a decision maker, the rest someone on a list (chains, same column, back)
        targets = rng.sample(makers, 2) if i % 3 == 0 else rng.sample(everyone, 2)
        for t in targets:
            tie = {"_id": f"crowd-{i}-{t}", links.from_column: person["_id"], links.to_column: t}
            if links.strength_column:
                tie[links.strength_column] = rng.randint(1, 5)
            ties.append(tie)
    answers[links.table] = ties
    return PageContext.of(q, answers)


def _measure(page: Page, html: str) -> dict:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_content(f"<!doctype html><html><body>{html}</body></html>")
    return page.locator(".rw-network svg").first.evaluate(CROSSINGS)


@pytest.mark.parametrize(("path", "spec"), MAPS)
def test_no_arrow_crosses_a_name_on_the_demo_map(page: Page, path, spec):
    view, params = parse(spec)
    result = _measure(page, view.render(demo_context(load_template(path).id), params))
    assert result["arrows"] >= 5 and result["names"] >= 10, result  # a map was drawn
    assert result["found"] == [], "\n".join(result["found"])


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("path", "spec"), MAPS)
def test_no_arrow_crosses_a_name_on_a_crowded_map(page: Page, path, spec, seed):
    view, params = parse(spec)
    ctx = _crowded(path, params, seed, people=12 + 4 * seed)
    result = _measure(page, view.render(ctx, params))
    assert result["arrows"] >= 20, result
    assert result["found"] == [], "\n".join(result["found"])
