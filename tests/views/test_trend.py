"""Tests for the trend per measure: the worked example of trend.md and every bad entry."""

from __future__ import annotations

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import VIEWS, PageContext, parse
from reentry_workbook.views.trend_calc import compute_trends, fmt_pct

SCORES = {"higher_better": 1, "lower_better": -1}

MEASURES = [
    {
        "_id": "m1",
        "name": "Risk and needs assessment in the jail",
        "direction": "higher_better",
        "target_pct": 80,
    },
    {
        "_id": "m2",
        "name": "High-risk people finishing programming",
        "direction": "higher_better",
        "target_pct": 50,
    },
    {
        "_id": "m3",
        "name": "Finishing a community programme",
        "direction": "higher_better",
        "target_pct": 60,
    },
    {
        "_id": "m4",
        "name": "Work after the programme",
        "direction": "higher_better",
        "target_pct": 45,
    },
    {
        "_id": "m6",
        "name": "Released with nowhere to stay",
        "direction": "lower_better",
        "target_pct": 10,
    },
    {"_id": "m7", "name": "A measure with no figures yet", "direction": "not_set"},
]


def entry(n: int, measure: str, start: str, label: str, top: object, bottom: object) -> dict:
    return {
        "_id": f"e{n}",
        "measure": measure,
        "period_start": start,
        "period_label": label,
        "numerator": top,
        "denominator": bottom,
    }


ENTRIES = [
    # listed out of date order on purpose: the chart sorts by period start
    entry(4, "m1", "2026-10-01", "2026 Q4", 270, 405),
    entry(1, "m1", "2026-01-01", "2026 Q1", 212, 410),
    entry(2, "m1", "2026-04-01", "2026 Q2", 236, 402),
    entry(3, "m1", "2026-07-01", "2026 Q3", 251, 398),
    entry(5, "m2", "2026-01-01", "2026 Q1", 18, 61),
    entry(8, "m2", "2026-10-01", "2026 Q4", 18, 60),
    entry(9, "m3", "2026-01-01", "2026 first half", 44, 90),
    entry(10, "m3", "2026-07-01", "2026 second half", 41, 95),
    entry(11, "m4", "2026-01-01", "2026 first half", 12, 38),
    entry(14, "m6", "2026-01-01", "2026 Q1", 48, 310),
    entry(17, "m6", "2026-10-01", "2026 Q4", 33, 300),
]


COLUMNS = {
    "label": "name",
    "measure": "measure",
    "start": "period_start",
    "period_label": "period_label",
    "numerator": "numerator",
    "denominator": "denominator",
    "direction": "direction",
    "target": "target_pct",
}


def trends(measures, entries, **changes):
    return compute_trends(measures, entries, **(COLUMNS | changes))


def result():
    return trends(MEASURES, ENTRIES, direction_scores=SCORES)


def by_id(res, measure_id):
    return next(t for t in res.measures if t.measure_id == measure_id)


# --- the worked example of trend.md -----------------------------------------------------------


def test_rising_measure() -> None:
    m1 = by_id(result(), "m1")
    assert [p.period for p in m1.points] == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    assert [round(p.pct, 2) for p in m1.points] == [51.71, 58.71, 63.07, 66.67]
    assert m1.change == pytest.approx(14.95935, abs=1e-5)
    assert m1.movement == "better"
    assert m1.target_state == "not_met"
    assert m1.y_max == 90
    assert m1.sentence == (
        "From 51.7% (2026 Q1) to 66.7% (2026 Q4): up 15.0 points, the way we want. "
        "Target 80.0%: not reached yet."
    )


def test_flat_measure() -> None:
    m2 = by_id(result(), "m2")
    assert m2.change == pytest.approx(0.4918, abs=1e-4)
    assert m2.movement == "flat"
    assert (
        m2.sentence
        == "From 29.5% (2026 Q1) to 30.0% (2026 Q4): about the same. Target 50.0%: not reached yet."
    )


def test_falling_measure_where_higher_is_better() -> None:
    m3 = by_id(result(), "m3")
    assert m3.movement == "worse"
    assert m3.sentence.startswith(
        "From 48.9% (2026 first half) to 43.2% (2026 second half): down 5.7 points, the wrong way."
    )


def test_single_period() -> None:
    m4 = by_id(result(), "m4")
    assert m4.change is None and m4.movement is None
    assert m4.sentence == (
        "One period so far: 31.6% in 2026 first half. Add another period to see a trend. "
        "Target 45.0%: not reached yet."
    )


def test_lower_is_better() -> None:
    m6 = by_id(result(), "m6")
    assert m6.direction == "lower"
    assert m6.change == pytest.approx(-4.48387, abs=1e-5)
    assert m6.movement == "better"
    assert m6.target_state == "not_met"  # 11.0% is still above the 10% target
    assert m6.y_max == 30
    assert m6.sentence == (
        "From 15.5% (2026 Q1) to 11.0% (2026 Q4): down 4.5 points, the way we want. "
        "Target 10.0%: not reached yet."
    )


def test_no_figures() -> None:
    m7 = by_id(result(), "m7")
    assert m7.points == () and m7.direction is None and m7.y_max == 100
    assert m7.sentence == "No figures entered yet."


def test_overall_sentence() -> None:
    assert result().sentence == (
        "4 of 6 measures have figures for two or more periods; 2 moving the way we want, "
        "1 the wrong way; 1 with no figures yet."
    )


def test_target_met_both_ways() -> None:
    measures = [
        {"_id": "up", "name": "Up", "direction": "higher_better", "target_pct": 60},
        {"_id": "down", "name": "Down", "direction": "lower_better", "target_pct": 20},
    ]
    entries = [
        entry(1, "up", "2026-01-01", "", 61, 100),
        entry(2, "down", "2026-01-01", "", 20, 100),
    ]
    res = trends(measures, entries, direction_scores=SCORES)
    assert [t.target_state for t in res.measures] == ["met", "met"]
    assert res.measures[0].sentence.endswith("Target 60.0%: reached.")
    # without a label the period is named by its start date
    assert res.measures[0].points[0].period == "2026-01-01"


def test_direction_not_said() -> None:
    measures = [{"_id": "x", "name": "X", "direction": "not_set", "target_pct": 50}]
    entries = [entry(1, "x", "2026-01-01", "A", 10, 100), entry(2, "x", "2026-04-01", "B", 20, 100)]
    t = trends(measures, entries, direction_scores=SCORES).measures[0]
    assert t.movement == "up" and t.target_state is None
    assert t.sentence == (
        "From 10.0% (A) to 20.0% (B): up 10.0 points. "
        "Target 50.0% (say whether higher or lower is better to compare)."
    )


# --- bad entries: a message beside the column, the entry left off the chart ---------------------


def one(top: object, bottom: object, start: object = "2026-01-01") -> tuple:
    measures = [{"_id": "m", "name": "M", "direction": "higher_better"}]
    entries = [
        {
            "_id": "e",
            "measure": "m",
            "period_start": start,
            "period_label": "Q1",
            "numerator": top,
            "denominator": bottom,
        }
    ]
    t = trends(measures, entries, direction_scores=SCORES).measures[0]
    return t.points, [(p.column, p.message) for p in t.problems]


def test_more_on_top_than_in_the_group() -> None:
    points, problems = one(120, 100)
    assert points == ()
    assert problems == [
        ("numerator", "More people counted (120) than in the group (100). Check both numbers.")
    ]


def test_group_of_zero() -> None:
    points, problems = one(0, 0)
    assert points == ()
    assert problems == [
        ("denominator", "The group counted is 0 people, so there is no percentage for this period.")
    ]


@pytest.mark.parametrize("top, bottom, column", [(-1, 10, "numerator"), (1, -10, "denominator")])
def test_negative_counts(top: int, bottom: int, column: str) -> None:
    points, problems = one(top, bottom)
    assert points == () and problems == [(column, "Counts cannot be below 0.")]


def test_not_whole_numbers() -> None:
    assert one(2.5, 10)[1] == [("numerator", "Enter a whole number of people.")]


@pytest.mark.parametrize("value", ["ten", True])
def test_not_numbers(value: object) -> None:
    assert one(value, 10)[1] == [("numerator", "Enter a number.")]


def test_missing_count() -> None:
    assert one(None, 10)[1] == [
        ("numerator", "Add both counts for this period to show it on the chart.")
    ]
    assert one(3, "")[1] == [
        ("denominator", "Add both counts for this period to show it on the chart.")
    ]


def test_missing_or_bad_date() -> None:
    assert one(1, 10, start=None)[1] == [
        ("period_start", "Add the date the period starts, so the entry can be put in order.")
    ]
    assert one(1, 10, start="Q1 2026")[1] == [
        ("period_start", "Enter the date as year-month-day, e.g. 2026-01-01.")
    ]


def test_two_entries_for_one_period() -> None:
    measures = [{"_id": "m", "name": "M"}]
    entries = [
        entry(1, "m", "2026-01-01", "Q1", 1, 10),
        entry(2, "m", "2026-01-01", "Q1 again", 2, 10),
    ]
    t = trends(measures, entries).measures[0]
    assert len(t.points) == 1 and t.points[0].numerator == 1
    assert t.problems[0].entry_id == "e2"
    assert t.problems[0].message == (
        "Another entry (Q1) already covers the period starting 2026-01-01; "
        "only the first is shown. Merge or delete one of them."
    )


def test_entries_without_a_measure() -> None:
    entries = [entry(1, "gone", "2026-01-01", "Q1", 1, 10), entry(2, "", "2026-01-01", "Q1", 1, 10)]
    res = trends([{"_id": "m", "name": "M"}], entries)
    assert [(p.entry_id, p.message) for p in res.unattached] == [
        (
            "e1",
            "The measure for this entry is no longer on the list; "
            "pick another or delete the entry.",
        ),
        ("e2", "Pick the measure this entry is for."),
    ]


@pytest.mark.parametrize(
    "target, message",
    [
        (120, "A target must be between 0% and 100%."),
        (-3, "A target must be between 0% and 100%."),
        ("lots", "Enter the target as a number between 0 and 100."),
    ],
)
def test_bad_target(target: object, message: str) -> None:
    measures = [{"_id": "m", "name": "M", "direction": "higher_better", "target_pct": target}]
    t = trends(
        measures, [entry(1, "m", "2026-01-01", "Q1", 5, 10)], direction_scores=SCORES
    ).measures[0]
    assert t.target is None and t.target_state is None
    assert [(p.column, p.message) for p in t.problems] == [("target_pct", message)]


def test_empty_tables() -> None:
    res = trends([], [])
    assert res.measures == () and res.sentence == "No measures on the list yet."


def test_formatting() -> None:
    assert fmt_pct(100 * 270 / 405) == "66.7%"
    assert fmt_pct(12.25) == "12.3%"


# --- the view on its page ---------------------------------------------------------------------


def _spec():
    q = find_shipped("track_your_progress")
    spec = next(s for st in q.steps for s in st.show if s.view == "trend")
    return q, *parse(spec)


def test_the_demo_charts() -> None:
    q, view, params = _spec()
    html = view.render(demo_context("track_your_progress"), params)
    assert html.count("<svg") == 6
    assert (
        "From 51.7% (2026 Q1) to 66.7% (2026 Q4): up 15.0 points, the way we want. "
        "Target 80.0%: not reached yet."
    ) in html
    assert "Target 80.0%</text>" in html and "Lower is better" in html
    assert "2026 Q1: 212 of 410 (51.7%)" in html  # each point says its counts


def test_bad_entries_are_left_off_with_a_message_beside_the_list() -> None:
    q, view, params = _spec()
    answers = {
        "measures": [
            {"_id": "m", "name": "Assessed", "direction": "higher_better", "target_pct": 80}
        ],
        "entries": [
            {"_id": "a", "measure": "m", "period_start": "2026-01-01", "period_label": "Q1",
             "numerator": 40, "denominator": 100},
            {"_id": "b", "measure": "m", "period_start": "2026-04-01", "period_label": "Q2",
             "numerator": 120, "denominator": 100},
            {"_id": "c", "measure": "m", "period_start": "2026-07-01", "period_label": "Q3",
             "numerator": 5, "denominator": 0},
        ],
    }  # fmt: skip
    ctx = PageContext.of(q, answers)
    assert view.messages(ctx, params) == {
        "entries": [
            "Assessed, Q2: More people counted (120) than in the group (100). Check both numbers.",
            "Assessed, Q3: The group counted is 0 people, "
            "so there is no percentage for this period.",
        ]
    }
    assert len(ctx.answers["entries"]) == 3  # nothing lost
    html = view.render(ctx, params)
    assert "One period so far: 40.0% in Q1." in html
    assert "Q2: More people counted (120)" in html and "120.0%" not in html


def test_an_empty_page() -> None:
    q, view, params = _spec()
    html = view.render(PageContext.of(q, {}), params)
    assert "No measures on the list yet." in html and "<svg" not in html
    assert view.messages(PageContext.of(q, {}), params) == {}


def test_check_wants_entries_that_pick_a_measure() -> None:
    q, view, params = _spec()
    assert list(VIEWS["trend"].check(q, params)) == []
    (finding,) = VIEWS["trend"].check(q, params.model_copy(update={"measure": "note"}))
    assert finding[0] == ("measure",)
