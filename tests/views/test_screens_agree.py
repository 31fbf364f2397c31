"""What the shipped demo pages show does not contradict itself: a summary names the entries a
table flags, a header says what its column holds, numbers come in plain words, and a picture's
marks are explained."""

from __future__ import annotations

import html

import pytest

from reentry_workbook.demo import demo_context, demo_paths, read_demo
from reentry_workbook.model import MatrixItem
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import parse
from reentry_workbook.views.group_votes import record_votes


def _demo_pages() -> list[str]:
    return sorted({read_demo(p).page for p in demo_paths()})


def _specs(q):
    yield from q.summary
    for step in q.steps:
        yield from step.show
    yield from q.report_views


def _pages_with(view_name: str) -> list[str]:
    out = []
    for page in _demo_pages():
        q = find_shipped(page)
        if q is not None and any(s.view == view_name for s in _specs(q)):
            out.append(page)
    return out


def _render(ctx, spec) -> str:
    view, params = parse(spec)
    return view.render(ctx, params)


def _flagged(ctx) -> list[str]:
    """Every entry a vote table marks 'views differ'."""
    names = []
    for item in ctx.q.items.values():
        if isinstance(item, MatrixItem) and isinstance(item.rows_from, str):
            names += [r["name"] for r in record_votes(ctx, item.rows_from, item.id) if r["flag"]]
    return names


@pytest.mark.parametrize("page", _pages_with("disagreements"))
def test_the_summary_of_differences_names_every_entry_a_table_flags(page):
    ctx = demo_context(page)
    flagged = _flagged(ctx)
    spec = next(s for s in _specs(ctx.q) if s.view == "disagreements")
    shown = _render(ctx, spec)
    for name in flagged:
        assert html.escape(name) in shown, (name, shown)
    if flagged:
        assert ctx.tr("views.scores.no_differ") not in shown


def test_some_demo_page_flags_an_entry_its_summary_must_name():
    assert any(_flagged(demo_context(p)) for p in _pages_with("disagreements"))


def _vote_specs():
    for page in _pages_with("vote_result"):
        q = find_shipped(page)
        for i, spec in enumerate(s for s in _specs(q) if s.view == "vote_result"):
            yield pytest.param(page, spec, id=f"{page}-{i}")


@pytest.mark.parametrize(("page", "spec"), list(_vote_specs()))
def test_a_vote_table_header_says_what_its_column_holds(page, spec):
    ctx = demo_context(page)
    _, params = parse(spec)
    item = ctx.q.item(params.item)
    scored = isinstance(item, MatrixItem) and any(c.score is not None for c in ctx.q.options(item))
    shown = _render(ctx, spec)
    mean = html.escape(ctx.tr("views.votes.mean"))
    assert (mean in shown) == scored, shown
    if scored:
        points = [c.score for c in ctx.q.options(item) if c.score is not None]
        scale = ctx.tr("views.scores.scale", low=f"{min(points):g}", high=f"{max(points):g}")
        header = ctx.tr("views.votes.mean_on", scale=scale)
        assert f'<th scope="col">{html.escape(header)}</th>' in shown, shown
        spreads = [r["spread"] for r in record_votes(ctx, params.table, params.item) if r["n"]]
        assert spreads and all(html.escape(x) in shown for x in spreads), shown


@pytest.mark.parametrize("view_name", ["grid_2d", "readiness_bars"])
def test_numbers_of_answers_are_in_words_not_n_equals(view_name):
    pages = _pages_with(view_name)
    assert pages
    for page in pages:
        ctx = demo_context(page)
        for spec in (s for s in _specs(ctx.q) if s.view == view_name):
            assert "(n=" not in _render(ctx, spec), page


def test_readiness_bars_have_a_title_over_every_column():
    ctx = demo_context(_pages_with("readiness_bars")[0])
    spec = next(s for s in _specs(ctx.q) if s.view == "readiness_bars")
    shown = _render(ctx, spec)
    assert shown.count('<th scope="col">') == 3, shown


@pytest.mark.parametrize("page", _pages_with("grid_2d"))
def test_a_dashed_ring_on_the_grid_is_explained(page):
    ctx = demo_context(page)
    for spec in (s for s in _specs(ctx.q) if s.view == "grid_2d"):
        shown = _render(ctx, spec)
        key = html.escape(ctx.tr("views.grid.differ_key"))
        assert ('stroke-dasharray="5 3"' in shown) == (key in shown), page
