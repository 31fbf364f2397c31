"""Property tests: scores stay in range, ignore respondent order, reverse twice is identity."""

from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from reentry_workbook import load_template, parse_template
from reentry_workbook.aggregate import aggregate_factors, aggregate_items
from reentry_workbook.scoring import answers_to_frame, score

CASES = Path(__file__).resolve().parents[1] / "cases"
Q = load_template(CASES / "scoring-example.yaml")
STATUS = st.sampled_from(["yes", "partly", "not_yet", "not_sure", None])
POINT = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def respondent(draw):
    answers = {k: v for k in ("s1", "s2", "s3") if (v := draw(STATUS)) is not None}
    grid = {r: v for r in ("a", "b", "c") if (v := draw(POINT)) is not None}
    if grid:
        answers["m"] = grid
    return answers


GROUPS = st.lists(respondent(), min_size=1, max_size=12)


def _frame(group):
    return pd.concat(
        [answers_to_frame(a, respondent=f"r{i}") for i, a in enumerate(group)], ignore_index=True
    )


@settings(max_examples=60, deadline=None)
@given(GROUPS)
def test_scores_stay_in_range(group):
    scores = score(Q, _frame(group))
    f = scores.factors.dropna(subset=["score"])
    low = f["factor"].map({"readiness": 0, "view": 1})
    high = f["factor"].map({"readiness": 2, "view": 5})
    assert ((f["score"] >= low) & (f["score"] <= high)).all()
    assert f["percent"].between(0, 100).all()
    items = scores.items.dropna(subset=["score"])
    assert (items["score"] >= items["low"]).all() and (items["score"] <= items["high"]).all()


@settings(max_examples=40, deadline=None)
@given(GROUPS, st.randoms())
def test_respondent_order_does_not_matter(group, rnd):
    frame = _frame(group)
    shuffled = frame.sample(frac=1, random_state=rnd.randint(0, 10_000)).reset_index(drop=True)
    a, b = score(Q, frame), score(Q, shuffled)
    cols = ["factor", "n", "mean", "median", "sd", "range", "disagreement", "band"]
    fa = aggregate_factors(Q, a.factors).sort_values("factor")[cols].reset_index(drop=True)
    fb = aggregate_factors(Q, b.factors).sort_values("factor")[cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(fa, fb, check_exact=False)
    ia = aggregate_items(Q, a.items).sort_values(["item_id", "row"])[["n", "mean", "sd"]]
    ib = aggregate_items(Q, b.items).sort_values(["item_id", "row"])[["n", "mean", "sd"]]
    pd.testing.assert_frame_equal(ia.reset_index(drop=True), ib.reset_index(drop=True))


TWICE = """\
schema_version: 1
id: twice
title: Twice
source: {part: 1, section: S, page: P, url: "https://example.org/p"}
factors: [{id: f, label: F}]
steps:
  - id: s
    title: S
    items:
      - id: plain
        kind: matrix
        prompt: Plain
        scoring: {factor: f}
        rows: [{id: a, label: A}]
      - id: twice
        kind: matrix
        prompt: Reversed at item and row
        scoring: {factor: f, reverse: true}
        rows: [{id: a, label: A, reverse: true}]
      - id: once
        kind: likert
        prompt: Reversed once
        scoring: {reverse: true}
"""


@settings(deadline=None)  # no timed assertion: a busy machine is not a failure
@given(st.integers(1, 5))
def test_reverse_coding_twice_is_identity(value):
    q = parse_template(TWICE)
    items = score(q, {"plain": {"a": value}, "twice": {"a": value}, "once": value}).items
    by_item = items.set_index("item_id")["score"]
    assert by_item["twice"] == by_item["plain"] == value
    assert by_item["once"] == 6 - value
