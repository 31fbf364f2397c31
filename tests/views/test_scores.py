"""The group views say what their numbers mean: the scale, bands that match the answers,
colours that differ by band, and why fewer people count than answered."""

from pathlib import Path

import pandas as pd
import pytest

from reentry_workbook import load_template
from reentry_workbook.model import StatusItem
from reentry_workbook.scoring import answers_to_frame, score
from reentry_workbook.templates import template_paths
from reentry_workbook.views import PageContext
from reentry_workbook.views.base import VIEWS
from reentry_workbook.views.scores import band_colour

EXAMPLE = load_template(Path(__file__).resolve().parents[1] / "cases" / "scoring-example.yaml")
PAGES = template_paths()


def _ctx(q, people: dict[str, dict]) -> PageContext:
    frame = pd.concat(
        [answers_to_frame(a, respondent=name) for name, a in people.items()], ignore_index=True
    )
    return PageContext.of(q, {}, group_frame=lambda: frame)


def _render(name, ctx):
    view = VIEWS[name]
    return view.render(ctx, view.params())


PEOPLE = {
    "Ann": {"s1": "yes", "s2": "yes", "s3": "partly", "m": {"a": 4, "b": 2, "c": 5}},
    "Bo": {"s1": "partly", "s2": "yes", "s3": "yes", "m": {"a": 3}},
    "Kim": {"s1": "not_yet", "s2": "not_yet", "s3": "not_yet"},
}


def test_each_score_is_written_with_its_scale():
    html = _render("factor_table", _ctx(EXAMPLE, PEOPLE))
    assert "on a 0–2 scale" in html and "on a 1–5 scale" in html


def test_fewer_people_counted_than_answered_is_explained_beside_the_row():
    html = _render("factor_table", _ctx(EXAMPLE, PEOPLE))
    assert "3 people answered" in html
    assert "2 more answered too few of these questions to be counted." in html  # view: 1 of 3


def test_bars_are_coloured_by_band_not_all_the_same():
    html = _render("readiness_bars", _ctx(EXAMPLE, PEOPLE))
    colours = {band_colour(EXAMPLE.bands_for(f.id), None) for f in EXAMPLE.factors}
    assert colours == {"#BBBBBB"}  # no band: grey
    used = {c for c in ("#E69F00", "#56B4E9", "#009E73") if c in html}
    assert len(used) >= 2, html


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_bands_of_every_page_run_from_not_green_to_green(path):
    q = load_template(path)
    for factor in q.factors:
        bands = sorted(q.bands_for(factor.id), key=lambda b: b.min)
        if len(bands) > 1:
            assert band_colour(bands, bands[0].label) != band_colour(bands, bands[-1].label)


def _status_factors(q):
    for factor in q.factors:
        items = [
            item
            for _, item in q.iter_items()
            if getattr(item, "scoring", None)
            and item.scoring.factor == factor.id
            and item.visible_if is None
        ]
        if len(items) >= 3 and all(isinstance(i, StatusItem) and not i.choices for i in items):
            yield factor, items


BAND_CASES = [
    pytest.param(path, factor.id, id=f"{path.stem}.{factor.id}")
    for path in PAGES
    for factor, _ in _status_factors(load_template(path))
]


def test_some_shipped_factor_is_made_of_status_questions():
    assert BAND_CASES


@pytest.mark.parametrize(("path", "factor_id"), BAND_CASES)
def test_mostly_partly_is_under_way_not_not_started(path, factor_id):
    q = load_template(path)
    items = dict(_status_factors(q))[q.factor(factor_id)]
    bands = sorted(q.bands_for(factor_id), key=lambda b: b.min)

    def band(values):
        answers = dict(zip((i.id for i in items), values, strict=True))
        found = score(q, answers).factors.set_index("factor")
        return found.loc[factor_id, "band"]

    n = len(items)
    assert band(["yes"] * n) == bands[-1].label
    assert band(["not_yet"] * n) == bands[0].label
    assert band(["partly"] * (n - 1) + ["not_yet"]) not in (bands[0].label, bands[-1].label)
