"""weighted_criteria: the worked example checked by hand, every bad input with its message, and
the view on the shipped page (checks, escaping, messages beside the lists)."""

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.model import ViewSpec
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import VIEWS, PageContext, check_spec
from reentry_workbook.views.weighted_criteria_calc import (
    AGREED,
    AVERAGE,
    EQUAL,
    VOTES,
    weighted_criteria,
)

# Criteria and agreed weights: 3 + 1 + 2 = 6, shares 50%, 16.7%, 33.3%.
CRITERIA = [
    {"_id": "c1", "name": "Can take effect within a year", "weight": 3},
    {"_id": "c2", "name": "Hard to undo later", "weight": 1},
    {"_id": "c3", "name": "Affordable", "weight": 2},
]
OPTIONS = [
    {
        "_id": "o1",
        "name": "Sheriff's directive",
        "improvement": "i1",
        "mechanism": "administrative",
    },
    {"_id": "o2", "name": "County ordinance", "improvement": "i1", "mechanism": "legislative"},
    {"_id": "o3", "name": "Jail and probation agreement", "improvement": "i1"},
    {"_id": "o4", "name": "Budget line for bus passes", "improvement": "i2", "mechanism": "budget"},
]
LABELS = {"i1": "Release planning 60 days ahead", "i2": "Bus passes at release"}


def s(option, criterion, score):
    return {"option": option, "criterion": criterion, "score": score}


SCORES = [
    *(s("o1", c, v) for c, v in (("c1", 5), ("c2", 2), ("c3", 4))),
    *(s("o2", c, v) for c, v in (("c1", 2), ("c2", 5), ("c3", 3))),
    *(s("o3", c, v) for c, v in (("c1", 4), ("c2", 4), ("c3", 4))),
    s("o4", "c1", 4),
]
CHOICES = [{"improvement": "i1", "option": "o3"}]
COLUMNS = {
    "weight_column": "weight",
    "criterion_label": "name",
    "option_label": "name",
    "option_improvement": "improvement",
    "option_mechanism": "mechanism",
    "score_option": "option",
    "score_criterion": "criterion",
    "score_value": "score",
    "choice_improvement": "improvement",
    "choice_option": "option",
}


def run(**kw):
    args = {"choices": CHOICES, "improvement_labels": LABELS, **COLUMNS, **kw}
    return weighted_criteria(
        args.pop("criteria", CRITERIA),
        args.pop("options", OPTIONS),
        args.pop("scores", SCORES),
        **args,
    )


def texts(result):
    return [m.text for m in result.messages]


def notes(imp):
    return [n.text for n in imp.notes]


def test_worked_example_weights():
    r = run()
    assert [(c.id, c.weight, round(c.share, 4), c.source) for c in r.criteria] == [
        ("c1", 3, 0.5, AGREED),
        ("c2", 1, 0.1667, AGREED),
        ("c3", 2, 0.3333, AGREED),
    ]
    assert r.messages == [] and r.weight_messages == []


def test_worked_example_ranking_and_notes():
    # o1: (3*5 + 1*2 + 2*4) / 6 = 25/6 = 4.17; o3: 24/6 = 4.00; o2: (6 + 5 + 6) / 6 = 2.83.
    # Equal weights: o1 11/3 = 3.67, o3 4.00, o2 3.33, so o3 would come first.
    i1, i2 = run().improvements
    assert i1.label == LABELS["i1"]
    assert [(o.id, o.rank) for o in i1.options] == [("o1", 1), ("o3", 2), ("o2", 3)]
    w = {o.id: o.weighted for o in i1.options}
    assert w == pytest.approx({"o1": 25 / 6, "o3": 4.0, "o2": 17 / 6})
    assert {o.id: o.equal for o in i1.options} == pytest.approx(
        {"o1": 11 / 3, "o3": 4.0, "o2": 10 / 3}
    )
    assert i1.top == ["o1"] and i1.chosen == "o3"
    assert i1.close_call and i1.weights_matter
    assert notes(i1) == [
        "Close call: the top two are only 0.17 points apart.",
        "If every criterion counted the same, “Jail and probation agreement” would come first: "
        "the weights decide this one.",
        "The coalition chose “Jail and probation agreement”, which ranks 2 of 3 on the criteria; "
        "write down why.",
    ]
    assert [n.warn for n in i1.notes] == [True, True, True]
    (o4,) = i2.options
    assert (o4.weighted, o4.scored, o4.of, o4.rank) == (4.0, 1, 3, 1)  # 3*4 / 3
    assert notes(i2) == ["“Budget line for bus passes” has scores on 1 of 3 criteria so far."]


def test_votes_give_the_weight_where_none_is_agreed():
    # c1 agreed 3; c2 votes 1, 1 -> 1; c3 no agreed weight, no votes -> average of 3 and 1 = 2.
    criteria = [
        CRITERIA[0],
        {"_id": "c2", "name": "Hard to undo later"},
        CRITERIA[2] | {"weight": None},
    ]
    r = run(criteria=criteria, votes={"c1": [5, 1], "c2": [1, 1]})
    c1, c2, c3 = r.criteria
    assert (c1.weight, c1.source, c1.votes, c1.spread) == (3, AGREED, 2, (1, 5))
    assert (c2.weight, c2.source, c2.votes) == (1, VOTES, 2)
    assert (c3.weight, c3.source, c3.votes) == (2, AVERAGE, 0)
    assert r.weight_messages == [
        "No weight yet for “Affordable”; it counts with the average weight of the others (2)."
    ]
    assert [o.id for o in r.improvements[0].options] == ["o1", "o3", "o2"]  # same weights


def test_no_weights_at_all_count_the_same():
    r = run(criteria=[{k: v for k, v in c.items() if k != "weight"} for c in CRITERIA])
    assert {c.source for c in r.criteria} == {EQUAL}
    assert r.weight_messages == ["No weights yet, so every criterion counts the same for now."]
    assert r.improvements[0].top == ["o3"]  # 4.00 against 3.67 and 3.33


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (-2, "The weight of “Affordable” is below zero (-2); it is left out."),
        ("heavy", "The weight of “Affordable” is not a number (“heavy”); it is left out."),
        (True, "The weight of “Affordable” is not a number (“True”); it is left out."),
    ],
)
def test_a_bad_weight_is_said_and_counts_as_the_average(bad, message):
    r = run(criteria=[*CRITERIA[:2], CRITERIA[2] | {"weight": bad}])
    assert texts(r) == [message]
    assert r.messages[0].about == "criteria"
    assert r.criteria[2].weight == 2  # the average of 3 and 1
    assert r.improvements[0].top == ["o1"]


def test_all_weights_zero_means_equal_weights():
    r = run(criteria=[c | {"weight": 0} for c in CRITERIA])
    assert r.weight_messages == ["Every weight is zero, so every criterion counts the same."]
    assert r.improvements[0].top == ["o3"]


def test_a_criterion_weighing_zero_is_left_out_of_the_score():
    r = run(criteria=[*CRITERIA[:2], CRITERIA[2] | {"weight": 0}])
    o1 = next(o for o in r.improvements[0].options if o.id == "o1")
    assert o1.weighted == pytest.approx((15 + 2) / 4)
    assert o1.of == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            7,
            "The score of “County ordinance” on “Affordable” is outside 1 to 5 (7); "
            "it is left out.",
        ),
        (-1, "The score of “County ordinance” on “Affordable” is below zero (-1); it is left out."),
        (
            "good",
            "The score of “County ordinance” on “Affordable” is not a number (“good”); "
            "it is left out.",
        ),
    ],
)
def test_a_bad_score_is_left_out_and_the_rest_is_ranked(bad, message):
    scores = [
        x if (x["option"], x["criterion"]) != ("o2", "c3") else s("o2", "c3", bad) for x in SCORES
    ]
    r = run(scores=scores)
    assert texts(r) == [message]
    assert r.messages[0].about == "scores"
    o2 = next(o for o in r.improvements[0].options if o.id == "o2")
    assert o2.weighted == pytest.approx((6 + 5) / 4)
    assert o2.scored == 2


def test_a_score_given_twice_is_averaged_and_removed_records_are_counted():
    r = run(scores=[*SCORES, s("o2", "c1", 4), s("gone", "c1", 3), s("o1", "gone", 3)])
    assert texts(r) == [
        "2 scores belong to a candidate or criterion that has been removed; they are left out.",
        "“County ordinance” has 2 scores on “Can take effect within a year”; their average is "
        "used.",
    ]
    o2 = next(o for o in r.improvements[0].options if o.id == "o2")
    assert o2.scores["c1"] == 3


def test_a_tie_shares_its_rank_and_is_named():
    scores = [x for x in SCORES if x["option"] != "o3"] + [
        s("o3", "c1", 5),
        s("o3", "c2", 2),
        s("o3", "c3", 4),
    ]
    i1 = run(scores=scores).improvements[0]
    assert [o.rank for o in i1.options] == [1, 1, 3]
    assert notes(i1)[0] == "Close call: the top 2 are level on the criteria."
    assert not i1.close_call


def test_weights_that_only_break_a_tie_are_named_as_such():
    # o3: (12 + 5 + 4) / 6 = 3.5, equal 11/3 like o1: level without the weights.
    scores = [x for x in SCORES if x["option"] != "o3"] + [
        s("o3", "c1", 4),
        s("o3", "c2", 5),
        s("o3", "c3", 2),
    ]
    i1 = run(scores=scores).improvements[0]
    assert i1.top == ["o1"] and i1.weights_matter
    assert (
        "If every criterion counted the same, the top 2 would be level: the weights break the tie."
    ) in notes(i1)


def test_a_tie_the_weights_break_further_down_is_named():
    # o1 4.17 (equal 11/3); o2 (12 + 1 + 8) / 6 = 3.5 (equal 3); o3 (3 + 5 + 10) / 6 = 3 (equal
    # 11/3): without the weights o1 and o3 would be level, and o3 is not second.
    scores = [x for x in SCORES if x["option"] == "o1"] + [
        *(s("o2", c, v) for c, v in (("c1", 4), ("c2", 1), ("c3", 4))),
        *(s("o3", c, v) for c, v in (("c1", 1), ("c2", 5), ("c3", 5))),
    ]
    i1 = run(scores=scores, choices=()).improvements[0]
    assert [o.id for o in i1.options] == ["o1", "o2", "o3"]
    assert notes(i1) == [
        "If every criterion counted the same, “Sheriff's directive” and “Jail and probation "
        "agreement” would be level: the weights break the tie."
    ]


def test_unscored_unlinked_and_removed_improvements_and_two_choices():
    options = [
        *OPTIONS,
        {"_id": "o5", "name": "Loose idea", "improvement": None},
        {"_id": "o6", "name": "Orphan", "improvement": "i-gone"},
    ]
    r = run(options=options, choices=[*CHOICES, {"improvement": "i1", "option": "o1"}])
    assert [i.label for i in r.improvements][2:] == [
        "Not linked to an improvement",
        "(removed from the list)",
    ]
    assert notes(r.improvements[2]) == ["“Loose idea” has no scores yet."]
    assert r.improvements[2].top == []
    assert texts(r) == [
        "More than one choice is recorded for “Release planning 60 days ahead”; the first one is "
        "used."
    ]
    assert r.improvements[0].chosen == "o3"


def test_a_choice_from_another_improvement_is_said():
    r = run(choices=[{"improvement": "i2", "option": "o1"}])
    assert notes(r.improvements[1])[-1] == (
        "The chosen candidate is not one of the candidates listed for this improvement."
    )


def test_nothing_yet():
    r = weighted_criteria([], [], [], **COLUMNS)
    assert (r.criteria, r.improvements, r.messages, r.weight_messages) == ([], [], [], [])


# ----- the view on the shipped page ----------------------------------------------------------
PARAMS = {
    "criteria": "criteria",
    "criterion_label": "name",
    "weight": {"column": "weight", "item": "criteria_weights"},
    "options": "options",
    "option_label": "name",
    "improvement": "improvement",
    "mechanism": "mechanism",
    "scores": "scores",
    "score_option": "option",
    "score_criterion": "criterion",
    "score": "score",
    "choices": "choices",
    "choice_improvement": "improvement",
    "choice_option": "option",
}


def page():
    return find_shipped("pinpoint_right_mechanisms")


def problems(**changes):
    spec = ViewSpec.model_validate({"view": "weighted_criteria", **PARAMS, **changes})
    return [message for _path, message in check_spec(page(), spec, ())]


def test_the_shipped_parameters_pass_check():
    assert problems() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weight": {"column": "meaning"}}, "column 'meaning' must be a number or scale column"),
        ({"weight": {"item": "choice_comfort"}}, "must be a matrix with rows_from: criteria"),
        ({"score_option": "criterion"}, "column 'criterion' must pick from the list 'options'"),
        (
            {"choice_option": "improvement"},
            "column 'improvement' must pick from the list 'options'",
        ),
        ({"score": "why"}, "column 'why' is a text column"),
        ({"weight": {}}, "give 'column', 'item' or both"),
    ],
)
def test_check_names_what_does_not_fit(changes, message):
    assert any(message in p for p in problems(**changes)), problems(**changes)


def render(ctx):
    view = VIEWS["weighted_criteria"]
    params = view.params.model_validate(PARAMS)
    return view.render(ctx, params), view.messages(ctx, params)


def test_the_demo_shows_a_close_call_the_weights_deciding_and_a_choice_below_the_top():
    html, beside = render(demo_context("pinpoint_right_mechanisms"))
    assert "Close call" in html
    assert "the weights decide this one" in html
    assert "ranks 2 of 3 on the criteria; write down why" in html
    assert "average of 8 members&#39; votes (1 to 3)" in html  # criterion 5 has no agreed weight
    assert "rw-problem" not in html and beside == {}


def test_names_are_escaped_and_a_cell_scored_twice_is_said_beside_the_scores():
    # A scale cell outside 1-5 never reaches the view (the list editor refuses it), so the case
    # that can happen on this page is a candidate scored twice on one criterion.
    q = page()
    answers = {
        "criteria": [{"_id": "c1", "name": "<b>Cheap</b>", "weight": 2}],
        "options": [{"_id": "o1", "name": "<script>x</script>", "improvement": "i1"}],
        "scores": [
            {"_id": "s1", "option": "o1", "criterion": "c1", "score": 3},
            {"_id": "s2", "option": "o1", "criterion": "c1", "score": 4},
        ],
    }
    html, beside = render(PageContext.of(q, answers))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;Cheap&lt;/b&gt;" in html
    assert "<b>3.50</b>" in html
    assert beside == {
        "scores": ["“<script>x</script>” has 2 scores on “<b>Cheap</b>”; their average is used."]
    }
    assert "(removed from the list)" in html  # i1 is no improvement of this workspace


def test_empty_answers_say_what_to_do():
    html, beside = render(PageContext.of(page(), {}))
    assert "Add criteria, candidates and scores to see a ranking." in html
    assert beside == {}
