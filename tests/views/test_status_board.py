"""status_board: the worked example (the monitoring demo's duties, checked by hand), bad input,
and the view on the demo (its own list and the strategic plan's steps from another page)."""

import datetime as dt

from reentry_workbook.demo import demo_context, demo_paths, read_demo
from reentry_workbook.messages import catalog
from reentry_workbook.model import ViewSpec
from reentry_workbook.views import PageContext, parse
from reentry_workbook.views.status_board_calc import StatusOption, compute

TODAY = dt.date(2026, 11, 29)
TR = catalog()
OPTIONS = [
    StatusOption("not_started", "Not started", "#BBBBBB"),
    StatusOption("in_progress", "Under way", "#56B4E9"),
    StatusOption("stuck", "Stuck", "#D55E00"),
    StatusOption("done", "Done", "#009E73"),
    StatusOption("dropped", "Dropped", "#CC79A7"),
]
MEMBERS = {
    "demo-members-2": "Casey Example",
    "demo-members-3": "Captain Riley Roster",
    "demo-members-4": "Chief Officer Morgan Template",
    "demo-members-5": "Dr. Quinn Placeholder",
    "demo-members-6": "Jordan Sample",
}
DUTIES = [  # the monitoring demo, as written for 29 Nov 2026
    {"_id": "d1", "name": "Train booking staff", "owner": "demo-members-3", "due": "2026-11-20",
     "status": "in_progress"},
    {"_id": "d2", "name": "Weekly release list", "owner": "demo-members-6", "due": "2026-12-15",
     "status": "not_started"},
    {"_id": "d3", "name": "Publish the schedule", "owner": "demo-members-5", "due": "2026-11-01",
     "status": "done"},
    {"_id": "d4", "name": "ID clinic paperwork", "owner": "demo-members-2", "due": "2026-11-10",
     "status": "stuck"},
    {"_id": "d5", "name": "Appointment field", "due": "2027-01-31", "status": "not_started"},
    {"_id": "d6", "name": "Monthly call", "owner": "demo-members-6", "due": "2027-01-05",
     "status": "in_progress"},
    {"_id": "d7", "name": "First quarter's figures", "owner": "demo-members-4",
     "due": "2027-02-10", "status": "not_started"},
]  # fmt: skip

DONE = ("done", "dropped")


def board(records, **kw):
    kw = {"done_values": DONE} | kw
    return compute(records, TR, status="status", label="name", options=OPTIONS, today=TODAY,
                   owner="owner", owner_labels=MEMBERS, due="due", **kw)  # fmt: skip


def test_worked_example_columns_in_option_order_overdue_first():
    b = board(DUTIES)
    # "Dropped" holds no card and is a finished status: left out; "Stuck" stays even if empty
    assert [(c.label, len(c.cards)) for c in b.columns] == [
        ("Not started", 3),
        ("Under way", 2),
        ("Stuck", 1),
        ("Done", 1),
    ]
    assert [c.id for c in b.columns[0].cards] == ["d2", "d5", "d7"]  # by due date
    assert [c.id for c in b.columns[1].cards] == ["d1", "d6"]  # 9 days late first
    assert b.problems == []


def test_worked_example_overdue_and_loads_by_hand():
    """d4: 29 - 10 = 19 days; d1: 29 - 20 = 9 days; d3 is done, so never late."""
    b = board(DUTIES)
    assert [(c.id, c.days_late) for c in b.overdue] == [("d4", 19), ("d1", 9)]
    assert [(x.owner, x.open, x.overdue, x.done) for x in b.loads] == [
        ("Captain Riley Roster", 1, 1, 0),
        ("Casey Example", 1, 1, 0),
        ("Jordan Sample", 2, 0, 0),
        ("Chief Officer Morgan Template", 1, 0, 0),
        ("Dr. Quinn Placeholder", 0, 0, 1),
        ("(no owner)", 1, 0, 0),
    ]


def test_bad_input_is_named_and_the_card_stays():
    records = [
        {"_id": "a", "name": "Gone owner", "owner": "demo-members-99", "status": "in_progress"},
        {"_id": "b", "name": "Odd status", "status": "waiting"},
        {"_id": "c", "name": "Odd date", "due": "soon", "status": "not_started"},
        {"_id": "d", "name": "Odd amount", "status": "not_started", "amount": -10},
    ]
    b = board(records, amount="amount")
    assert b.total == 4
    assert b.problems == [
        "The owner of “Gone owner” is no longer on the list; choose a new owner.",
        "“Odd status” has a status that is no longer an option (waiting); choose one again.",
        "“Odd date” has a date that cannot be read (“soon”); pick it again.",
        "The amount of “Odd amount” is not a number of at least 0 (-10); it is left out of the "
        "totals.",
    ]
    assert b.columns[-1].label == "Other: waiting"


def test_amounts_are_summed_per_status():
    records = [
        {"_id": "a", "name": "A", "status": "in_progress", "amount": 5000},
        {"_id": "b", "name": "B", "status": "in_progress", "amount": "2,500"},
        {"_id": "c", "name": "C", "status": "done", "amount": 100},
    ]
    b = compute(records, TR, status="status", label="name", options=OPTIONS, today=TODAY,
                done_values=DONE, amount="amount")  # fmt: skip
    assert {c.value: c.amount for c in b.columns} == {
        "not_started": 0.0,
        "in_progress": 7500.0,
        "stuck": 0.0,
        "done": 100.0,
    }


def _demo_plans():
    return {d.page: d.plan for d in (read_demo(p) for p in demo_paths())}


def test_the_view_shows_the_strategic_plans_steps_from_another_page():
    ctx = demo_context("monitor_implementation")
    spec = next(s for s in ctx.q.summary if s.title == "Action steps from the strategic plan")
    view, params = parse(spec)
    html = view.render(ctx, params)
    assert "9 action steps" in html
    assert "Draft the appointment-booking protocol with jail medical staff" in html
    assert "29 days late" in html


def test_the_view_escapes_names_and_says_when_empty():
    demo = demo_context("monitor_implementation")
    spec = ViewSpec(
        view="status_board",
        table="duties",
        label_column="name",
        status="status",
        owner="owner",
        due="due",
        done_values=["done", "dropped"],
    )
    view, params = parse(spec)
    duties = [{"_id": "x", "name": "<script>alert(1)</script>", "status": "stuck"}]
    html = view.render(PageContext.of(demo.q, {"duties": duties}, pages=demo.pages), params)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "No duties yet." in view.render(PageContext.of(demo.q, {}), params)
