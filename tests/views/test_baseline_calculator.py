"""The baseline calculator: the worked example of docs/baseline-example.md number for number,
every bad input with its plain message beside the field, and the view on its page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from reentry_workbook.templates import find_shipped
from reentry_workbook.views import VIEWS, PageContext, parse
from reentry_workbook.views.baseline_calculator import compute
from reentry_workbook.views.baseline_calculator_calc import (
    COHORT,
    END,
    EVENTS,
    KIND,
    PER_YEAR,
    START,
    WINDOW,
    BaselineResult,
    GoalInput,
    add_months,
    compute_baseline,
    fmt_int,
    fmt_pct,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "baseline-example.md"
PAGE = "recidivism_rate_and_reduction_goals"
TODAY = date(2026, 11, 29)
FIELDS = {
    COHORT: "cohort_size",
    EVENTS: "with_event",
    PER_YEAR: "people_per_year",
    WINDOW: "window_months",
    START: "cohort_start",
    END: "cohort_end",
    KIND: "reduction_kind",
}
GOALS = (
    GoalInput("Near-term goal", 10, "2027-12-31", "short_term_reduction"),
    GoalInput("Longer-term goal", 25, "2029-12-31", "long_term_reduction"),
)
DEMO = {  # the page's demo answers that the calculator reads (docs/baseline-example.md)
    "event": "rearrest",
    "window_months": 12,
    "cohort_start": "2024-01-01",
    "cohort_end": "2024-12-31",
    "cohort_size": 1248,
    "with_event": 437,
    "people_per_year": 1200,
    "reduction_kind": "relative",
    "short_term_reduction": 10,
    "short_term_by": "2027-12-31",
    "long_term_reduction": 25,
    "long_term_by": "2029-12-31",
}


def worked(**changes: object) -> BaselineResult:
    """The worked example, with some inputs changed."""
    args: dict[str, object] = dict(
        cohort=1248,
        events=437,
        per_year=1200,
        goals=GOALS,
        kind="relative",
        window_months=12,
        cohort_start="2024-01-01",
        cohort_end="2024-12-31",
        event_phrase="were arrested again",
        as_of=TODAY,
        fields=FIELDS,
    )
    args.update(changes)
    cohort, events = args.pop("cohort"), args.pop("events")
    return compute_baseline(cohort, events, **args)  # type: ignore[arg-type]


# ----- the worked example of docs/baseline-example.md -----------------------------------------
def test_the_worked_example_in_the_docs_is_what_the_facilitator_sees():
    block = re.search(r"## What the facilitator sees\n\n```text\n(.*?)```", DOC.read_text(), re.S)
    assert block, "docs/baseline-example.md lost its block"
    result = worked()
    lines = [result.sentence, *result.working]
    for goal in result.goals:
        lines += ["", f"{goal.label}: {goal.sentence}", *goal.working]
    assert "\n".join(lines) + "\n" == block.group(1)


def test_worked_example_baseline():
    result = worked()
    assert (result.status, result.problems, result.notes) == ("ok", (), ())
    assert result.rate == pytest.approx(0.35016026, abs=1e-8)
    assert result.sentence == "437 of 1,248 people (35.0%) were arrested again within 12 months."
    assert result.per_year == 1200 and not result.per_year_assumed


def test_worked_example_near_term_goal():
    near = worked().goals[0]
    assert near.field == "short_term_reduction"
    assert near.target_rate == pytest.approx(0.31514423, abs=1e-8)
    assert fmt_pct(near.target_rate, 2) == "31.51%" and fmt_pct(near.target_rate) == "31.5%"
    assert near.points_lower == pytest.approx(3.502, abs=1e-3)
    assert near.baseline_per_year == pytest.approx(420.19, abs=5e-3)
    assert near.target_per_year == pytest.approx(378.17, abs=5e-3)
    assert near.fewer_per_year == pytest.approx(42.02, abs=5e-3)
    assert [fmt_int(near.target_per_year), fmt_int(near.fewer_per_year)] == ["378", "42"]


def test_worked_example_longer_term_goal():
    far = worked().goals[1]
    assert far.target_rate == pytest.approx(0.26262019, abs=1e-8)
    assert fmt_pct(far.target_rate, 2) == "26.26%" and fmt_pct(far.target_rate) == "26.3%"
    assert far.points_lower == pytest.approx(8.754, abs=1e-3)
    assert far.target_per_year == pytest.approx(315.14, abs=5e-3)
    assert far.fewer_per_year == pytest.approx(105.05, abs=5e-3)
    assert [fmt_int(far.target_per_year), fmt_int(far.fewer_per_year)] == ["315", "105"]


def test_worked_example_as_a_cut_in_points():
    result = worked(kind="points", goals=(GoalInput("Near-term goal", 5, None, "x"),))
    goal = result.goals[0]
    assert goal.target_rate == pytest.approx(0.30016026, abs=1e-8)
    assert fmt_pct(goal.target_rate, 2) == "30.02%"
    assert goal.fewer_per_year == pytest.approx(60)
    assert goal.relative_cut == pytest.approx(14.279, abs=1e-3)
    assert "That is a 14.3% cut of the baseline rate." in goal.working
    assert goal.sentence == (
        "A cut of 5 percentage points takes the rate from 35.0% to 30.0%: "
        "about 60 people fewer each year than at the baseline rate."
    )


# ----- bad input: a message beside the field, nothing computed from it ------------------------
def test_more_events_than_people():
    result = worked(events=1300)
    assert result.status == "invalid"
    assert result.problem_for("with_event") == (
        "More people with the event (1,300) than people in the group (1,248). Check both numbers."
    )
    assert result.rate is None and result.goals == () and result.working == ()
    assert result.sentence is None and result.next_step is None


@pytest.mark.parametrize(
    "field, change",
    [
        ("cohort_size", {"cohort": -5}),
        ("with_event", {"events": -1}),
        ("people_per_year", {"per_year": -10}),
    ],
)
def test_negative_numbers(field, change):
    result = worked(**change)
    assert result.problem_for(field) == "This cannot be below 0."
    assert result.status == "invalid"


def test_a_negative_yearly_number_keeps_the_rate_but_gives_no_yearly_figures():
    result = worked(per_year=-10)
    assert result.rate == pytest.approx(437 / 1248)
    assert [goal.fewer_per_year for goal in result.goals] == [None, None]
    assert not result.per_year_assumed
    assert result.goals[0].sentence == "A 10% cut takes the rate from 35.0% to 31.5% by 2027-12-31."


def test_cohort_of_zero():
    result = worked(cohort=0, events=0)
    assert result.problem_for("cohort_size") == (
        "A group of 0 people has no rate. Enter how many people are in the group."
    )
    assert result.rate is None and result.goals == ()


def test_per_year_of_zero():
    result = worked(per_year=0)
    assert result.problem_for("people_per_year") == (
        "Enter how many people leave each year (more than 0)."
    )
    assert result.rate is not None
    assert all(goal.fewer_per_year is None for goal in result.goals)


def test_reduction_over_100_percent():
    result = worked(goals=(GoalInput("Near-term goal", 120, None, "short_term_reduction"),))
    assert result.problem_for("short_term_reduction") == "A reduction cannot be more than 100%."
    assert result.goals == ()
    assert result.rate == pytest.approx(437 / 1248)  # the baseline still stands


def test_negative_reduction():
    result = worked(goals=(GoalInput("Near-term goal", -5, None, "short_term_reduction"),))
    assert result.problem_for("short_term_reduction") == "Enter a reduction of 0% or more."
    assert result.goals == ()


def test_points_cut_larger_than_the_rate():
    result = worked(kind="points", goals=(GoalInput("Near-term goal", 40, None, "r"),))
    assert result.problem_for("r") == (
        "A cut of 40 points would take the rate below 0% (the baseline is 35.0%)."
    )
    assert result.goals == ()


def test_points_cut_over_100():
    result = worked(kind="points", goals=(GoalInput("Near-term goal", 150, None, "r"),))
    assert result.problem_for("r") == "A reduction cannot be more than 100 percentage points."


def test_not_a_whole_number_of_people():
    result = worked(events=10.5)
    assert result.problem_for("with_event") == "Enter a whole number of people."
    assert result.rate is None


@pytest.mark.parametrize("value", [True, "many", float("nan"), float("inf"), [3]])
def test_not_a_number(value):
    result = worked(cohort=value)
    assert result.problem_for("cohort_size") == "Enter a number."
    assert result.rate is None


def test_numeric_text_is_read():
    assert worked(cohort="1,248", events="437").rate == pytest.approx(437 / 1248)


def test_unknown_reduction_kind():
    result = worked(kind="halves")
    assert result.problem_for("reduction_kind") == "Choose how the reduction is counted."
    assert result.goals == () and result.rate is not None


def test_end_before_start():
    result = worked(cohort_start="2024-12-31", cohort_end="2024-01-01")
    assert result.problem_for("cohort_end") == (
        "The group ends before it starts. Check the two dates."
    )
    assert result.rate is not None


def test_bad_date_text():
    result = worked(cohort_end="31/12/2024")
    assert result.problem_for("cohort_end") == "Enter a date as year-month-day, e.g. 2024-01-31."


def test_window_of_zero():
    result = worked(window_months=0)
    assert result.problem_for("window_months") == "Enter a follow-up period of at least 1 month."
    assert result.sentence == "437 of 1,248 people (35.0%) were arrested again."


# ----- missing values and notes ---------------------------------------------------------------
def test_nothing_entered():
    result = compute_baseline(None, None)
    assert (result.status, result.problems) == ("incomplete", ())
    assert result.next_step == (
        "Enter how many people are in the group and how many of them had the event."
    )


def test_only_the_cohort_entered():
    assert compute_baseline(1248, "").next_step == "Enter how many of them had the event."


def test_a_missing_yearly_number_uses_the_cohort():
    result = worked(per_year=None)
    assert result.per_year == 1248 and result.per_year_assumed
    assert result.notes == (
        "The yearly figures assume about 1,248 people leave each year, as many as in the group. "
        "Enter the yearly number to change this.",
    )
    assert fmt_int(result.goals[0].fewer_per_year) == "44"  # 1,248 × 3.5016 % = 43.7


def test_an_empty_goal_is_skipped():
    result = worked(goals=(GoalInput("Near-term goal", None), GoalInput("Longer-term goal", "")))
    assert result.goals == () and result.status == "ok"


def test_follow_up_not_finished():
    result = worked(cohort_start="2025-07-01", cohort_end="2026-06-30")
    assert result.notes == (
        "Not everyone in this group has been followed for the full 12 months yet (the last of "
        "them reach it on 2027-06-30). The rate can only rise as late events are counted; use an "
        "earlier group or check again after that date.",
    )
    assert result.rate is not None


def test_small_cohort_note():
    result = compute_baseline(80, 20)
    assert result.rate == 0.25
    assert any("fewer than 100 people" in note for note in result.notes)


def test_no_events():
    result = worked(events=0)
    assert result.rate == 0
    assert "No one in the group had the event" in " ".join(result.notes)
    assert [goal.target_rate for goal in result.goals] == [0, 0]
    assert [goal.relative_cut for goal in result.goals] == [None, None]


def test_reduction_of_100_percent():
    goal = worked(goals=(GoalInput("Near-term goal", 100, None, "x"),)).goals[0]
    assert goal.target_rate == 0 and fmt_int(goal.fewer_per_year) == "420"


def test_goal_date_in_the_past():
    result = worked(goals=(GoalInput("near-term goal", 10, "2026-01-01", "x"),))
    assert "The date set for the near-term goal (2026-01-01) has already passed." in result.notes


def test_one_person_fewer_is_singular():
    result = compute_baseline(100, 50, per_year=100, goals=(GoalInput("Goal", 2, None, "x"),))
    goal = result.goals[0]
    assert goal.fewer_per_year == pytest.approx(1.0)
    assert goal.sentence.endswith("about 1 person fewer each year than at the baseline rate.")


def test_add_months_keeps_month_ends():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 12, 31), 12) == date(2025, 12, 31)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)


def test_rounding_is_half_up():
    assert fmt_int(62.5) == "63"
    assert fmt_pct(0.34995) == "35.0%"
    assert fmt_pct(0.12345, 2) == "12.35%"


# ----- the view on its page -------------------------------------------------------------------
def _page_view(title: str):
    q = find_shipped(PAGE)
    specs = [s for st in q.steps for s in st.show] + list(q.summary)
    spec = next(s for s in specs if s.view == "baseline_calculator" and s.title == title)
    return q, *parse(spec)


def test_the_view_shows_the_worked_example_on_its_page():
    q, view, params = _page_view("What the goals mean")
    html = view.render(PageContext.of(q, DEMO, today=TODAY), params)
    assert "437 of 1,248 people (35.0%) were arrested again within 12 months." in html
    assert "about 105 people fewer each year" in html
    assert "= 35.02% × (1 − 0.25) = 35.02% × 0.75" in html
    assert "about 42 fewer a year" in html  # the bars


@pytest.mark.parametrize(
    "change, item, message",
    [
        (
            {"with_event": 1300},
            "with_event",
            "More people with the event (1,300) than people in the group (1,248). "
            "Check both numbers.",
        ),
        ({"cohort_size": -5}, "cohort_size", "This cannot be below 0."),
        (
            {"cohort_size": 0, "with_event": 0},
            "cohort_size",
            "A group of 0 people has no rate. Enter how many people are in the group.",
        ),
        (
            {"short_term_reduction": 120},
            "short_term_reduction",
            "A reduction cannot be more than 100%.",
        ),
    ],
)
def test_bad_input_gives_a_message_beside_the_question_and_keeps_the_answer(change, item, message):
    q, view, params = _page_view("What the goals mean")
    answers = {**DEMO, **change}
    ctx = PageContext.of(q, answers, today=TODAY)
    assert view.messages(ctx, params) == {item: [message]}
    assert ctx.answers[item] == change[item]  # nothing lost: the answer stays as typed
    html = view.render(ctx, params)
    assert message.replace("(", "").split(".")[0][:30] in html.replace("(", "")
    if item in ("with_event", "cohort_size"):
        assert "were arrested again" not in html and "Target rate" not in html


def test_the_baseline_step_shows_no_goals():
    q, view, params = _page_view("Baseline rate")
    html = view.render(PageContext.of(q, DEMO, today=TODAY), params)
    assert "35.0%" in html and "Near-term goal" not in html
    assert view.messages(PageContext.of(q, {**DEMO, "short_term_reduction": 120}), params) == {}


def test_an_empty_page_says_what_to_enter():
    q, view, params = _page_view("What the goals mean")
    html = view.render(PageContext.of(q, {}, today=TODAY), params)
    assert "Enter how many people are in the group and how many of them had the event." in html


def test_check_wants_the_two_reduction_kinds():
    q, view, params = _page_view("What the goals mean")
    assert list(VIEWS["baseline_calculator"].check(q, params)) == []
    wrong = params.model_copy(update={"kind": "event"})
    (finding,) = VIEWS["baseline_calculator"].check(q, wrong)
    assert finding[0] == ("kind",) and "('relative')" in finding[1] and "('points')" in finding[1]
    for update in (
        {"points_option": "halves"},
        {"points_option": None},
        {"points_option": "relative"},
    ):
        (finding,) = VIEWS["baseline_calculator"].check(q, params.model_copy(update=update))
        assert finding[0] == ("kind",)


def test_the_kind_options_are_read_from_the_parameters():
    q, view, params = _page_view("What the goals mean")
    swapped = params.model_copy(update={"relative_option": "points", "points_option": "relative"})
    for answer, kind in (("points", "relative"), ("relative", "points")):
        result = compute(PageContext.of(q, {**DEMO, "reduction_kind": answer}), swapped)
        assert [g.kind for g in result.goals] == [kind, kind]


@pytest.mark.widget
def test_the_message_appears_beside_the_field_in_the_workbook(tmp_path):
    from reentry_workbook import open_store, open_workbook

    store = open_store(f"sqlite:///{tmp_path / 'wb.db'}")
    wb = open_workbook(PAGE, store, "Test Coalition", "Facilitator")
    for step in wb.q.steps:
        wb.step(step.id)
    wb.summary()
    form = wb.forms["baseline"]
    form.field("cohort_size").input.widget.value = "1248"
    form.field("with_event").input.widget.value = "1300"
    wb.repaint(now=True)
    shown = form.field("with_event").message.value
    assert shown.count("More people with the event (1,300)") == 1
    assert wb.answers["with_event"] == 1300  # kept as typed
    form.field("with_event").input.widget.value = "437"
    wb.repaint(now=True)
    assert "More people" not in form.field("with_event").message.value
    store.close()
