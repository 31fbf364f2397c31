"""funding_progress: the worked example checked by hand (today = 29 Nov 2026), every bad input
with its message, and the view on the shipped new-funding page."""

from datetime import date

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.model import ViewSpec
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import VIEWS, PageContext, check_spec
from reentry_workbook.views.funding_progress_calc import (
    IN_REACH,
    MET,
    NO_AMOUNT,
    SHORT,
    funding_progress,
)

TODAY = date(2026, 11, 29)
TARGETS = [
    {"_id": "t1", "name": "Housing navigator", "amount": 120_000, "by_when": "2027-06-30"},
    {"_id": "t2", "name": "Bus passes and ID fees", "amount": 15_000, "by_when": "2026-10-31"},
    {"_id": "t3", "name": "Peer mentor stipends", "amount": None, "by_when": "2027-03-31"},
]


def p(name, target, ask, stage):
    return {"name": name, "target": target, "ask": ask, "stage": stage}


PROSPECTS = [
    p("Community Foundation", "t1", 60_000, "awarded"),
    p("State housing grant", "t1", 50_000, "applied"),
    p("County budget request", "t1", 40_000, "contacted"),
    p("Faith Alliance collection", "t2", 5_000, "awarded"),
    p("Lunch Club", "t2", 6_000, "declined"),
    p("Bank sponsorship", None, 10_000, "idea"),
    p("Mutual Aid pledge", "t3", 8_000, "awarded"),
]


def run(targets=TARGETS, prospects=PROSPECTS):
    return funding_progress(
        targets,
        prospects,
        today=TODAY,
        target_label="name",
        target_amount="amount",
        target_date="by_when",
        prospect_label="name",
        prospect_target="target",
        prospect_amount="ask",
        prospect_stage="stage",
        won_values=("awarded",),
        pending_values=("applied",),
        lost_values=("declined", "withdrawn"),
    )


def texts(r):
    return [m.text for m in r.messages]


def test_worked_example():
    r = run()
    t1, t2, t3 = r.targets
    # t1: won 60,000, waiting 50,000, early 40,000; 110,000 < 120,000, so short.
    # Days to 30 Jun 2027: 1 (to 30 Nov) + 31 + 31 + 28 + 31 + 30 + 31 + 30 = 213.
    assert (t1.won, t1.pending, t1.early, t1.lost, t1.prospects) == (60_000, 50_000, 40_000, 0, 3)
    assert (t1.still_to_find, t1.days_left, t1.overdue, t1.status) == (60_000, 213, False, SHORT)
    assert t1.sentence == (
        "$60,000 of $120,000 won (50%); $50,000 waiting on a decision; $60,000 still to find; "
        "$40,000 more at early stages."
    )
    # t2: won 5,000 (6,000 turned down), 31 Oct is 29 days ago.
    assert (t2.won, t2.lost, t2.still_to_find, t2.days_left, t2.overdue) == (
        5_000,
        6_000,
        10_000,
        -29,
        True,
    )
    assert t2.sentence == (
        "$5,000 of $15,000 won (33%); $10,000 still to find. The date has passed."
    )
    assert (t3.status, t3.still_to_find) == (NO_AMOUNT, None)
    assert t3.sentence == "No amount set yet; $8,000 won so far."
    assert r.unlinked is not None and (r.unlinked.early, r.unlinked.prospects) == (10_000, 1)
    assert r.unlinked.sentence == "$0 won, $0 waiting on a decision, $10,000 still early."
    assert (r.total_target, r.total_won, r.total_pending) == (135_000, 73_000, 50_000)
    assert r.messages == []


def test_in_reach_met_and_no_prospect():
    prospects = [*PROSPECTS, p("Second housing grant", "t1", 10_000, "applied")]
    prospects += [p("Transit scheme", "t2", 10_000, "awarded")]
    targets = [*TARGETS, {"_id": "t4", "name": "Court debt clinic", "amount": 60_000}]
    t1, t2, _t3, t4 = run(targets, prospects).targets
    assert t1.status == IN_REACH  # 60,000 won + 60,000 waiting = 120,000
    assert t1.sentence.endswith("Winning what is waiting would meet it.")
    assert (t2.status, t2.overdue, t2.still_to_find) == (MET, False, 0)  # met, so not late
    assert t2.sentence == "Target of $15,000 met: $15,000 won."
    assert (
        t4.sentence
        == "$0 of $60,000 won (0%); $60,000 still to find. No prospect is linked to it yet."
    )
    assert t4.days_left is None


@pytest.mark.parametrize(
    ("ask", "message"),
    [
        (
            -50_000,
            "The amount asked of “State housing grant” is below zero (-50,000); it is left out.",
        ),
        (
            "fifty",
            "The amount asked of “State housing grant” is not a number (“fifty”); it is left out.",
        ),
    ],
)
def test_a_bad_ask_is_left_out_and_the_rest_summed(ask, message):
    prospects = [x if x["name"] != "State housing grant" else x | {"ask": ask} for x in PROSPECTS]
    r = run(prospects=prospects)
    assert texts(r) == [message] and r.messages[0].about == "prospects"
    assert (r.targets[0].won, r.targets[0].pending, r.targets[0].early) == (60_000, 0, 40_000)


def test_amounts_written_with_a_dollar_sign_are_read():
    prospects = [
        x if x["name"] != "State housing grant" else x | {"ask": "$50,000"} for x in PROSPECTS
    ]
    assert run(prospects=prospects).targets[0].pending == 50_000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"amount": -1},
            "The amount of the target “Housing navigator” is below zero (-1); it is left out.",
        ),
        (
            {"by_when": "next spring"},
            "The date of the target “Housing navigator” is not a date (“next spring”); "
            "it is left out.",
        ),
    ],
)
def test_a_bad_target_amount_or_date_is_said(change, message):
    r = run(targets=[TARGETS[0] | change, *TARGETS[1:]])
    assert texts(r) == [message] and r.messages[0].about == "targets"
    assert r.targets[0].won == 60_000  # the prospects still count


def test_prospects_of_a_removed_target_count_as_not_linked():
    r = run(prospects=[*PROSPECTS, p("Old idea", "t-gone", 2_000, "idea")])
    assert texts(r) == [
        "1 prospect points to a target that has been removed; it is counted as not linked to a "
        "target."
    ]
    assert r.unlinked.early == 12_000


def test_nothing_yet():
    r = run([], [])
    assert (r.targets, r.unlinked, r.total_target, r.messages) == ([], None, 0, [])


# ----- the view on the shipped page ----------------------------------------------------------
PARAMS = {
    "targets": "targets",
    "target_label": "name",
    "target_amount": "amount",
    "target_date": "by_when",
    "prospects": "prospects",
    "prospect_label": "name",
    "prospect_target": "target",
    "prospect_amount": "ask",
    "prospect_stage": "stage",
    "won_values": ["awarded"],
    "pending_values": ["applied"],
    "lost_values": ["declined", "withdrawn"],
}


def page():
    return find_shipped("identify_new_funding")


def problems(**changes):
    spec = ViewSpec.model_validate({"view": "funding_progress", **PARAMS, **changes})
    return [message for _path, message in check_spec(page(), spec, ())]


def test_the_shipped_parameters_pass_check():
    assert problems() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"won_values": ["won"]}, "'won' is not an option of 'stage'"),
        ({"pending_values": ["awarded"]}, "'awarded' is listed in more than one group of stages"),
        ({"prospect_target": "lead"}, "column 'lead' must pick from 'targets'"),
        ({"target_date": "name"}, "column 'name' is a text column"),
    ],
)
def test_check_names_what_does_not_fit(changes, message):
    assert any(message in x for x in problems(**changes)), problems(**changes)


def render(ctx):
    view = VIEWS["funding_progress"]
    params = view.params.model_validate(PARAMS)
    return view.render(ctx, params), view.messages(ctx, params)


def test_the_demo_shows_a_target_in_reach_and_one_whose_date_has_passed():
    html, beside = render(demo_context("identify_new_funding"))
    assert "Winning what is waiting would meet it." in html
    assert "⚠ date passed" in html and "The date has passed." in html
    assert "rw-problem" not in html and beside == {}


def test_a_negative_ask_is_said_beside_the_pipeline_and_names_escaped():
    answers = {
        "targets": [{"_id": "t1", "name": "<b>Beds</b>", "amount": 100, "by_when": "2030-01-01"}],
        "prospects": [{"_id": "p1", "name": "Bank", "target": "t1", "ask": -5, "stage": "idea"}],
    }
    html, beside = render(PageContext.of(page(), answers))
    assert beside == {
        "prospects": ["The amount asked of “Bank” is below zero (-5); it is left out."]
    }
    assert "&lt;b&gt;Beds&lt;/b&gt;" in html and "<b>Beds" not in html


def test_empty_answers_say_what_to_do():
    html, beside = render(PageContext.of(page(), {}))
    assert "No targets yet" in html and beside == {}
