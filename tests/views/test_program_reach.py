"""program_reach: the worked example checked by hand, every bad input with its message, and the
view on the shipped leverage page (check, hatched levels outside the rules, escaping)."""

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.model import ViewSpec
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import VIEWS, PageContext, check_spec
from reentry_workbook.views.program_reach_calc import (
    ADD_MONEY,
    CHANGE_REFERRALS,
    CHANGE_RULES,
    GET_FIGURES,
    NOT_ASSESSED,
    SHIFT_MONEY,
    Thresholds,
    program_reach,
)

CATALOGUE = {
    "beds": {
        "name": "Harbor beds",
        "risk_levels": ["high", "moderate"],
        "capacity": 40,
        "amount": 240_000,
    },
    "jobs": {
        "name": "Jobs bridge",
        "risk_levels": ["moderate", "low"],
        "capacity": 200,
        "amount": 150_000,
    },
    "course": {
        "name": "New Directions class",
        "risk_levels": ["low", "moderate", "high"],
        "capacity": 100,
        "amount": 60_000,
    },
    "peer": {"name": "Peer circle", "risk_levels": ["high"], "capacity": None, "amount": 30_000},
}


def row(rid, program, took, high=None, moderate=None, low=None, intensity=None):
    return {
        "_id": rid,
        "program": program,
        "took_part": took,
        "high": high,
        "moderate": moderate,
        "low": low,
        "intensity": intensity,
    }


REACH = [
    row("r1", "beds", 52, 30, 18, 4, "intensive"),
    row("r2", "jobs", 120, 10, 50, 60, "moderate"),
    row("r3", "course", 45, 5, 10, 27, "intensive"),
    row("r4", "peer", 30, intensity="light"),
]


COLUMNS = {
    "program": "program",
    "took_part": "took_part",
    "level_columns": {"high": "high", "moderate": "moderate", "low": "low"},
    "intensity": "intensity",
    "intensive_values": ("intensive",),
    "program_label": "name",
    "program_eligible": "risk_levels",
    "program_places": "capacity",
    "program_amount": "amount",
}


def reach(records, catalogue, **changes):
    return program_reach(records, catalogue, **(COLUMNS | changes))


def codes(p):
    return [f.code for f in p.findings]


def texts(r):
    return [m.text for m in r.messages]


def test_worked_example_per_programme():
    beds, jobs, course, peer = reach(REACH, CATALOGUE).programs
    # Beds: all 52 assessed; high 30/52 = 58% (not below 50%); 52/40 = 130% of its places.
    assert beds.counts == {"high": 30, "moderate": 18, "low": 4, NOT_ASSESSED: 0}
    assert beds.assessed_shares["high"] == pytest.approx(30 / 52)
    assert beds.use_rate == pytest.approx(1.3)
    assert beds.cost_per_person == pytest.approx(240_000 / 52)  # $4,615
    assert codes(beds) == ["over_full"] and beds.findings[0].suggests == ADD_MONEY
    assert beds.findings[0].text == (
        "Took in 52 people for 40 places: it may need more money, or its places are listed too low."
    )
    # Jobs bridge: its rules leave out high risk; 120/200 = 60% used, not below 60%.
    assert codes(jobs) == ["excludes_high"] and jobs.findings[0].suggests == CHANGE_RULES
    # New Directions: 42 assessed, 3 not; high 5/42 = 12%, low 27/42 = 64%, 45/100 used.
    assert course.counts == {"high": 5, "moderate": 10, "low": 27, NOT_ASSESSED: 3}
    assert codes(course) == ["few_high", "intensive_low", "places_unused"]
    assert [f.text for f in course.findings] == [
        "Open to people at high risk, yet only 12% of the participants with a risk level were "
        "at high risk.",
        "An intensive programme where 64% of the participants with a risk level were at low "
        "risk, who need less help.",
        "Used 45% of its 100 places last year.",
    ]
    assert [f.suggests for f in course.findings] == [CHANGE_REFERRALS, SHIFT_MONEY, SHIFT_MONEY]
    # Peer circle: no counts by level, so all 30 have no risk level on record; no places known.
    assert peer.counts == {"high": 0, "moderate": 0, "low": 0, NOT_ASSESSED: 30}
    assert codes(peer) == ["mostly_not_assessed"]
    assert peer.findings[0].text == "100% of the people who took part have no risk level on record."
    assert peer.use_rate is None


def test_worked_example_totals():
    r = reach(REACH, CATALOGUE)
    # high 30+10+5+0, moderate 18+50+10+0, low 4+60+27+0, not assessed 0+0+3+30
    assert r.totals == {"high": 45, "moderate": 78, "low": 91, NOT_ASSESSED: 33}
    assert r.total_took_part == 247
    assert r.high_share_assessed == pytest.approx(45 / 214)
    assert r.candidates == ["New Directions class"]
    assert r.could_use_more == ["Harbor beds"]
    assert r.messages == []


def test_counts_above_took_part_become_the_total():
    r = reach([row("x", "beds", 40, 30, 18, 4)], CATALOGUE)
    assert r.programs[0].took_part == 52
    assert texts(r) == [
        "In “Harbor beds” the risk-level counts add up to 52, more than the 40 who took part; "
        "the counts are used as the total."
    ]
    assert r.messages[0].about == "reach"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-3, "The number who took part in “Jobs bridge” is below zero (-3); it is left out."),
        (
            "many",
            "The number who took part in “Jobs bridge” is not a number (“many”); it is left out.",
        ),
        (
            12.5,
            "The number who took part in “Jobs bridge” is not a whole number (12.5); "
            "it is left out.",
        ),
    ],
)
def test_a_bad_took_part_falls_back_to_the_counts(value, message):
    r = reach([row("x", "jobs", value, 10, 50, 60)], CATALOGUE)
    assert texts(r) == [message]
    assert r.programs[0].took_part == 120


def test_a_bad_level_count_is_left_out_and_the_rest_counted():
    r = reach([row("x", "beds", 52, "thirty", 18, 4)], CATALOGUE)
    assert texts(r) == [
        "The number assessed at high risk in “Harbor beds” is not a number (“thirty”); "
        "it is left out."
    ]
    assert r.programs[0].counts == {"high": 0, "moderate": 18, "low": 4, NOT_ASSESSED: 30}


def test_no_figures_a_removed_programme_and_a_blank_row():
    r = reach([row("x", "gone", None), row("y", None, None)], CATALOGUE)
    removed, blank = r.programs
    assert removed.name == "(removed from the list)"
    assert codes(removed) == ["no_figures"] and removed.findings[0].suggests == GET_FIGURES
    assert blank.name == "A row without a programme"
    assert r.total_took_part == 0 and r.high_share_assessed is None


def test_bad_places_and_money_in_the_catalogue():
    catalogue = {"p": {"name": "Odd one", "risk_levels": ["high"], "capacity": "ten", "amount": -1}}
    r = reach([row("x", "p", 10, 8, 2, 0)], catalogue)
    assert texts(r) == [
        "The number of places of “Odd one” is not a number (“ten”); it is left out.",
        "The money a year for “Odd one” is below zero (-1); it is left out.",
    ]
    assert {m.about for m in r.messages} == {"programs"}
    p = r.programs[0]
    assert p.use_rate is None and p.cost_per_person is None and codes(p) == []


def test_a_programme_listed_twice():
    r = reach(REACH[:1] * 2, CATALOGUE)
    assert texts(r) == ["“Harbor beds” is listed more than once; each row is shown."]
    assert len(r.programs) == 2 and r.could_use_more == ["Harbor beds"]


def test_thresholds_are_parameters():
    jobs, course = reach(
        REACH[1:3], CATALOGUE, thresholds=Thresholds(high_share_below=0.1, under_used_below=0.7)
    ).programs
    assert "places_unused" in codes(jobs)  # 60% is below 70%
    assert "few_high" not in codes(course)  # 12% is not below 10%


# ----- the view on the shipped page ----------------------------------------------------------
PARAMS = {
    "reach": "reach",
    "program": "program",
    "took_part": "took_part",
    "high": "high",
    "moderate": "moderate",
    "low": "low",
    "intensity": "intensity",
    "intensive_values": ["intensive"],
    "programs": {"page": "assess_resource_gaps", "table": "resources"},
    "program_label": "name",
    "program_eligible": "risk_levels",
    "program_places": "capacity",
    "program_amount": "amount",
}


def page():
    return find_shipped("leverage_existing_resources")


def problems(**changes):
    spec = ViewSpec.model_validate({"view": "program_reach", **PARAMS, **changes})
    return [message for _path, message in check_spec(page(), spec, ())]


def test_the_shipped_parameters_pass_check():
    assert problems() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"programs": {"page": "assess_resource_gaps", "table": "gaps"}},
            "must pick from the list",
        ),
        ({"intensive_values": ["heavy"]}, "'heavy' is not an option of 'intensity'"),
        ({"took_part": "figures_from"}, "column 'figures_from' is a choice column"),
        ({"high_share_below": 2}, "less than or equal to 1"),
    ],
)
def test_check_names_what_does_not_fit(changes, message):
    assert any(message in p for p in problems(**changes)), problems(**changes)


def test_columns_of_the_other_page_are_checked_with_the_whole_set():
    from reentry_workbook.references import check_references
    from reentry_workbook.templates import find_shipped as shipped

    q = page()
    spec = q.steps[0].show[0]
    assert spec.view == "program_reach"
    bad = q.model_copy(
        update={
            "steps": (
                q.steps[0].model_copy(
                    update={
                        "show": (
                            ViewSpec.model_validate(
                                {**spec.model_dump(), "program_places": "nope"}
                            ),
                        )
                    }
                ),
                *q.steps[1:],
            )
        }
    )
    other = shipped("assess_resource_gaps")
    found = check_references({q.id: ("lev.yaml", bad), other.id: ("arg.yaml", other)})
    assert any("has no column 'nope'" in p.message for p in found)


def render(ctx):
    view = VIEWS["program_reach"]
    params = view.params.model_validate(PARAMS)
    return view.render(ctx, params), view.messages(ctx, params)


def test_the_demo_names_candidates_and_hatches_levels_outside_the_rules():
    html, beside = render(demo_context("leverage_existing_resources"))
    assert (
        "Candidates for shifting money: New Directions thinking skills course (fictional), " in html
    )
    assert "rw-pr-outside" in html and "(outside its rules)" in html  # high risk in the jobs course
    assert "Nothing stands out." in html
    assert "rw-problem" not in html and beside == {}


def test_bad_counts_are_said_beside_the_list_and_names_escaped():
    catalogue = {
        "resources": [
            {"_id": "p1", "name": "<i>Beds</i>", "service_area": "housing", "capacity": 10}
        ]
    }
    answers = {
        "reach": [
            {"_id": "r", "program": "p1", "took_part": 5, "high": 4, "moderate": 4},
            {"_id": "s", "program": "gone", "took_part": 3},
        ]
    }
    ctx = PageContext.of(
        page(), answers, pages=lambda pid: catalogue if pid == "assess_resource_gaps" else {}
    )
    html, beside = render(ctx)
    assert beside == {
        "reach": [
            "In “<i>Beds</i>” the risk-level counts add up to 8, more than the 5 who took part; "
            "the counts are used as the total."
        ]
    }
    assert "<i>Beds" not in html and "&lt;i&gt;Beds&lt;/i&gt;" in html
    assert "Check these entries" in html and "(removed from the list)" in html


def test_empty_answers_say_what_to_do():
    html, beside = render(PageContext.of(page(), {}))
    assert "No programmes yet" in html and beside == {}
