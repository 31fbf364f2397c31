"""impact_projection: the worked example (the buy-in demo's figures, checked by hand), bad
input, payback words, and the view."""

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.messages import catalog
from reentry_workbook.views import PageContext, parse
from reentry_workbook.views.impact_projection import money_format
from reentry_workbook.views.impact_projection_calc import ImpactColumns, compute, payback

TR = catalog()
CHANGES = {"i1": "Housing navigator", "i2": "MH appointment", "i3": "ID and benefits",
           "i4": "Daytime release"}  # fmt: skip
GOALS = {"g1": "Housed at release", "g2": "Smooth first month", "g3": "Work within 90 days"}
DEMO = [
    {"_id": "a", "improvement": "i1", "goal": "g1", "people_affected": 120, "one_time_cost": 5000,
     "yearly_cost": 68000, "yearly_savings": 95000, "basis": "local_data"},
    {"_id": "b", "improvement": "i2", "goal": "g2", "people_affected": 400,
     "one_time_cost": 12000, "yearly_cost": 30000, "yearly_savings": 18000, "basis": "elsewhere"},
    {"_id": "c", "improvement": "i3", "goal": "g3", "people_affected": 60, "one_time_cost": 2000,
     "yearly_cost": 4000, "yearly_savings": 24000, "basis": "rough_guess"},
    {"_id": "d", "improvement": "i4", "goal": "g2", "people_affected": 250, "one_time_cost": 0,
     "yearly_cost": 40000, "yearly_savings": 15000, "basis": "local_data"},
]  # fmt: skip


GUESSES = ("rough_guess",)
COLUMNS = ImpactColumns(
    change="improvement",
    goal="goal",
    people="people_affected",
    one_time_cost="one_time_cost",
    yearly_cost="yearly_cost",
    yearly_savings="yearly_savings",
    basis="basis",
)


def project(records=DEMO):
    return compute(records, TR, changes=CHANGES, goals=GOALS, guess_values=GUESSES, columns=COLUMNS)


def test_worked_example_rows_by_hand():
    """net = savings - running; first year = net - one-time; per person = running / people;
    payback = ceil(one-time / net * 12): 5,000/27,000*12 = 2.2 -> 3; 2,000/20,000*12 = 1.2 -> 2."""
    rows = project().rows
    assert [r.net for r in rows] == [27000, -12000, 20000, -25000]
    assert [r.first_year for r in rows] == [22000, -24000, 18000, -25000]
    assert [round(r.per_person, 2) for r in rows] == [566.67, 75.0, 66.67, 160.0]
    assert [r.payback_months for r in rows] == [3, None, 2, None]
    assert rows[0].payback == "In about 3 months"
    assert rows[1].payback == "Never: costs more than it saves"


def test_worked_example_totals_by_goal_and_guesses():
    """830 people; net 27,000 - 12,000 + 20,000 - 25,000 = 10,000; first year 10,000 - 19,000
    = -9,000; by goal g2: -12,000 - 25,000 = -37,000; guesses 24,000 / 152,000 = 15.8%."""
    p = project()
    assert (p.people, p.one_time, p.yearly_cost, p.savings) == (830, 19000, 142000, 152000)
    assert (p.net, p.first_year, p.without_net) == (10000, -9000, 0)
    assert [(g.goal, g.changes, g.people, g.net) for g in p.by_goal] == [
        ("Housed at release", 1, 120, 27000),
        ("Smooth first month", 2, 650, -37000),
        ("Work within 90 days", 1, 60, 20000),
    ]
    assert round(p.guess_share, 3) == 0.158
    assert p.problems == []


@pytest.mark.parametrize(
    ("one_time", "net", "months", "words"),
    [
        (0, 1000, 0, "From the first year"),
        (1000, 0, None, "Never: saves nothing"),
        (12000, 12000, 12, "In about 12 months"),
        (1000, 12000, 1, "In about 1 month"),
        (100000, 20000, 60, "In about 5.0 years"),
        (100, None, None, "Add running cost and savings"),
    ],
)
def test_payback_words(one_time, net, months, words):
    assert payback(one_time, net, TR) == (months, words)


def test_bad_figures_are_named_left_out_and_the_rest_computed():
    records = [
        {"_id": "a", "improvement": "i1", "people_affected": 2.5, "yearly_cost": -200,
         "yearly_savings": 100},
        {"_id": "b", "improvement": "i2", "one_time_cost": "lots", "yearly_cost": "1,000",
         "yearly_savings": "$3,000"},
        {"_id": "c", "improvement": "gone", "yearly_cost": 10, "yearly_savings": True},
        {"_id": "d"},
    ]  # fmt: skip
    p = project(records)
    assert p.problems == [
        "The number of people reached by “Housing navigator” should be a whole number (2.5); "
        "it is left out.",
        "The running cost a year of “Housing navigator” is not a number of at least 0 (-200); "
        "it is left out. Money saved goes in the savings column.",
        "The one-time cost of “MH appointment” is not a number of at least 0 (lots); it is left "
        "out. Money saved goes in the savings column.",
        "Row 3 points to a change that was removed from its list; choose it again.",
        "The savings a year of Row 3 is not a number of at least 0 (True); it is left out. "
        "Money saved goes in the savings column.",
    ]
    assert p.rows[1].net == 2000 and p.rows[1].payback == "Check the one-time cost"
    assert p.rows[1].first_year is None
    assert p.without_net == 3 and p.net == 2000


def test_money_words():
    fmt = money_format("$")
    assert (fmt(27000), fmt(-12000.4), fmt(None)) == ("$27,000", "−$12,000", "–")
    assert money_format("kr")(1500) == "1,500 kr"


def test_the_view_on_the_demo_and_empty():
    ctx = demo_context("cultivate_buy_in_to_enact")
    spec = next(s for s in ctx.q.summary if s.view == "impact_projection")
    view, params = parse(spec)
    html = view.render(ctx, params)
    assert "save $10,000 a year more than they cost" in html
    assert "costs $12,000 a year more than it saves" in html  # in words, not colour alone
    assert "16% of the savings rest on rough guesses" in html
    assert "No changes estimated yet." in view.render(PageContext.of(ctx.q, {}), params)
