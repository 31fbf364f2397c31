"""strategic_plan: the worked example (checked by hand), bad input, the view on the demo."""

import datetime as dt

import pytest

from reentry_workbook.demo import demo_context, demo_paths, read_demo
from reentry_workbook.messages import catalog
from reentry_workbook.views import PageContext, parse
from reentry_workbook.views.strategic_plan_calc import LineColumns, Lookups, StepColumns, compute

# The compile-strategic-plan page's columns, as its template names them.
COLUMNS = dict(
    done_values=("done", "dropped"),
    line_columns=LineColumns(
        "improvement", "goal", "mechanism", "decision_makers", "measures", "lead"
    ),
    step_columns=StepColumns(
        "name", "improvement", "owner", "start", "due", "status", "depends_on"
    ),
)
TODAY = dt.date(2026, 11, 29)
TR = catalog()
REMOVED = TR("answers.removed_record")


def lookups() -> Lookups:
    return Lookups(
        priorities={"P1": "Housing at release", "P2": "Work after release"},
        goals={"G1": "Navigator funded", "G2": "50 fair-chance hires", "G3": "Fewer evictions"},
        goal_priority={"G1": "P1", "G2": "P2", "G3": "P1"},
        changes={"I1": "Housing navigator", "I2": "Hiring pledge", "I3": "Landlord fund"},
        mechanisms={"C1": "County budget line"},
        agreement={"D1": "Commissioner Pat Placeholder"},
        measures={"X1": "Housed at 30 days"},
        members={"M1": "Robin", "M2": "Casey"},
    )


LINES = [
    {
        "_id": "L1",
        "improvement": "I1",
        "goal": "G1",
        "mechanism": "C1",
        "decision_makers": ["D1"],
        "measures": ["X1"],
        "lead": "M1",
    },
    {"_id": "L2", "improvement": "I2", "goal": "G2", "lead": "M9"},
]
STEPS = [
    {"_id": "S1", "name": "Cost the post", "improvement": "I1", "owner": "M1",
     "start": "2026-10-01", "due": "2026-11-15", "status": "in_progress"},
    {"_id": "S2", "name": "Brief the board", "improvement": "I1", "owner": "M2",
     "start": "2026-12-01", "due": "2026-12-20", "status": "not_started", "depends_on": ["S1"]},
    {"_id": "S3", "name": "Ask employers", "improvement": "I2", "start": "2027-01-10",
     "due": "2027-01-05", "status": "not_started", "depends_on": ["S4"]},
    {"_id": "S4", "name": "Draft pledge", "improvement": "I2", "owner": "M7",
     "due": "2027-02-01", "status": "not_started", "depends_on": ["S3"]},
    {"_id": "S5", "name": "Landlord meeting", "improvement": "I3", "owner": "M2",
     "due": "2026-11-01", "status": "done"},
]  # fmt: skip


def by_kind(plan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in plan.problems:
        out.setdefault(p.kind, []).append(p.message)
    return out


def test_worked_example_outline():
    """S1 is 29 - 15 = 14 days late (S5 is done); L1 has 2 steps, L2 2 steps."""
    plan = compute(LINES, STEPS, lookups(), TR, today=TODAY, **COLUMNS)
    first, second = plan.lines
    assert (first.priority, first.goal, first.change) == (
        "Housing at release",
        "Navigator funded",
        "Housing navigator",
    )
    assert (first.steps, first.done, first.overdue) == (2, 0, 1)
    assert (first.next_step, first.next_due) == ("Cost the post", dt.date(2026, 11, 15))
    assert first.mechanism == "County budget line"
    assert first.agreement == ["Commissioner Pat Placeholder"]
    assert second.priority == "Work after release" and second.lead == REMOVED
    assert (second.steps, second.overdue, second.next_step) == (2, 0, "Ask employers")
    assert [s.days_late for s in plan.steps] == [14, 0, 0, 0, 0]
    assert plan.whole_plan_steps == 0


def test_worked_example_problems_by_hand():
    """Warnings: overdue 1, unowned 1, removed owner/lead 2, due before start 1, circle 1,
    no agreement 1, no measure 1 = 8; notes: no mechanism, goal G3 unused, S5 outside = 3."""
    plan = compute(LINES, STEPS, lookups(), TR, today=TODAY, **COLUMNS)
    msgs = by_kind(plan)
    assert len(plan.warnings) == 8 and len(plan.notes) == 3
    assert msgs["overdue"] == [
        "“Cost the post” was due on 15 Nov 2026 and is not done (14 days late)."
    ]
    assert msgs["unowned"] == ["No one owns the step “Ask employers” yet."]
    assert msgs["owner_removed"] == [
        "The owner of “Draft pledge” is no longer on the member list; choose a new owner.",
        "The lead for “Hiring pledge” is no longer on the member list; choose a new lead.",
    ]
    assert msgs["due_before_start"] == [
        "“Ask employers” is due on 5 Jan 2027, before it starts on 10 Jan 2027; one of the two "
        "dates is wrong."
    ]
    (circle,) = msgs["cycle"]
    assert "“Ask employers” → “Draft pledge” → “Ask employers”" in circle
    assert "waits_for_later" not in msgs  # the circle is reported once, not as dates too
    assert msgs["goal_without_line"] == [
        "The goal “Fewer evictions” has no change in the plan yet."
    ]
    assert msgs["outside_plan"] == [
        "“Landlord meeting” serves “Landlord fund”, which is not a line of the plan yet."
    ]
    assert plan.problems[0].kind == "cycle"
    severities = [p.severity for p in plan.problems]
    assert severities == sorted(severities, key=lambda s: s != "warning")


def test_inputs_are_not_changed():
    before = repr((LINES, STEPS))
    compute(LINES, STEPS, lookups(), TR, today=TODAY, **COLUMNS)
    assert repr((LINES, STEPS)) == before


def test_a_longer_circle_and_a_step_waiting_for_itself_each_reported_once():
    steps = [
        {"_id": "A", "name": "A", "owner": "M1", "due": "2027-01-01", "depends_on": ["C"]},
        {"_id": "B", "name": "B", "owner": "M1", "due": "2027-01-02", "depends_on": ["A"]},
        {"_id": "C", "name": "C", "owner": "M1", "due": "2027-01-03", "depends_on": ["B"]},
        {"_id": "D", "name": "D", "owner": "M1", "due": "2027-01-04", "depends_on": ["D"]},
        {"_id": "E", "name": "E", "owner": "M1", "due": "2027-01-05", "depends_on": ["A"]},
    ]
    cycles = by_kind(compute([], steps, lookups(), TR, today=TODAY, **COLUMNS))["cycle"]
    assert len(cycles) == 2
    assert "“A” → “C” → “B” → “A”" in cycles[0]
    assert cycles[1] == "“D” waits for itself; remove that link."


def test_waiting_for_a_step_due_later_or_removed():
    steps = [
        {"_id": "A", "name": "Train staff", "owner": "M1", "due": "2027-01-31",
         "depends_on": ["B", "gone"]},
        {"_id": "B", "name": "Pilot", "owner": "M1", "due": "2027-04-30"},
    ]  # fmt: skip
    msgs = by_kind(compute([], steps, lookups(), TR, today=TODAY, **COLUMNS))
    assert msgs["waits_for_later"] == [
        "“Train staff” waits for “Pilot”, which is only due on 30 Apr 2027, after 31 Jan 2027."
    ]
    removed = msgs["waits_for_removed"][0]
    assert removed.startswith("“Train staff” waits for a step that was removed")


@pytest.mark.parametrize("bad", ["2026-13-01", "next week", 42, "31/10/2026"])
def test_an_unreadable_date_is_named_and_the_rest_computed(bad):
    steps = [
        {"_id": "A", "name": "Odd date", "owner": "M1", "due": bad, "status": "in_progress"},
        {"_id": "B", "name": "Late", "owner": "M1", "due": "2026-11-01", "status": "in_progress"},
    ]
    plan = compute([], steps, lookups(), TR, today=TODAY, **COLUMNS)
    msgs = by_kind(plan)
    assert len(msgs["bad_date"]) == 1 and "no_due" not in msgs
    assert [s.days_late for s in plan.steps] == [0, 28]


def test_removed_change_and_goal_and_a_line_without_change():
    lines = [
        {"_id": "L1", "improvement": "I-gone", "goal": "G-gone", "decision_makers": ["D1"],
         "measures": ["X1"]},
        {"_id": "L2"},
    ]  # fmt: skip
    steps = [{"_id": "S", "name": "Orphan", "improvement": "I-gone", "owner": "M1",
              "due": "2027-01-01"}]  # fmt: skip
    msgs = by_kind(compute(lines, steps, lookups(), TR, today=TODAY, **COLUMNS))
    assert msgs["removed"][0].startswith("Line 1 of the plan points to a change that was removed")
    assert msgs["no_change"] == ["Line 2 of the plan has no change chosen yet."]
    assert msgs["outside_plan"] == ["“Orphan” serves a change that was removed from its list."]


def test_done_steps_are_never_overdue_or_unowned_and_an_empty_plan_is_quiet():
    steps = [
        {"_id": "A", "name": "Old", "due": "2020-01-01", "status": "done"},
        {"_id": "B", "name": "Dropped", "due": "2020-01-01", "status": "dropped"},
    ]
    plan = compute([], steps, Lookups(), TR, today=TODAY, **COLUMNS)
    assert plan.problems == [] and all(s.days_late == 0 for s in plan.steps)
    empty = compute([], [], Lookups(), TR, today=TODAY, **COLUMNS)
    assert empty.lines == [] and empty.problems == []


def _spec(q, part):
    return next(s for s in q.summary if s.view == "strategic_plan").model_copy(
        update={"part": part}
    )


def test_the_demo_reads_names_from_earlier_pages_and_flags_what_it_should():
    ctx = demo_context("compile_strategic_plan")
    view, params = parse(_spec(ctx.q, "both"))
    html = view.render(ctx, params)
    assert "Housing navigator at the jail release desk" in html  # from the improvements page
    assert "A safe place to sleep from the first night" in html  # a priority, through the goal
    assert "5 changes in the plan, 9 action steps" in html
    assert "29 days late" in html  # the protocol draft, as of the demo's own date
    assert "No one owns the step" in html
    assert "has no measure to show whether it works" in html


def test_a_deleted_owner_and_a_circle_in_the_saved_plan_are_plain_messages():
    demo = demo_context("compile_strategic_plan")
    steps = [
        {"_id": "s1", "name": "Draft <b>policy</b>", "owner": "no-such-member",
         "due": "2030-01-01", "depends_on": ["s2"]},
        {"_id": "s2", "name": "Brief the board", "owner": "demo-members-1",
         "due": "2030-02-01", "depends_on": ["s1"]},
    ]  # fmt: skip
    ctx = PageContext.of(demo.q, {"action_steps": steps}, pages=demo.pages)
    view, params = parse(_spec(ctx.q, "problems"))
    html = view.render(ctx, params)
    assert "The owner of “Draft &lt;b&gt;policy&lt;/b&gt;” is no longer on the member list" in html
    assert html.count("wait for each other in a circle") == 1
    assert "<b>policy</b>" not in html


def test_empty_plan_says_where_to_start():
    demo = demo_context("compile_strategic_plan")
    ctx = PageContext.of(demo.q, {})
    view, params = parse(_spec(ctx.q, "both"))
    html = view.render(ctx, params)
    assert "No changes in the plan yet" in html and "Nothing needs attention" in html


def test_each_demo_plan_line_serves_the_goal_its_own_measures_track():
    """A line measured by what one goal measures serves that goal, not the goal of the line
    before it (the demo plan once showed a line under its neighbour's goal)."""
    demos = {d.page: d.plan for d in map(read_demo, demo_paths())}
    goals = {str(g["_id"]): g for g in demos["priorities_and_goals_for_change"]["goals"]}
    lines = demos["compile_strategic_plan"]["plan_lines"]
    assert lines and goals
    for line in lines:
        goal = goals.get(str(line.get("goal")))
        measures = line.get("measures") or []
        if goal and goal.get("measure") and measures:
            assert goal["measure"] in measures, (line["_id"], goal["name"])
