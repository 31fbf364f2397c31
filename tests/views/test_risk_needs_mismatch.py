"""risk_needs_mismatch: the worked example (checked by hand below), every bad input with its
plain message, and the view on the focus_resources page (check, render, messages)."""

import pytest

from reentry_workbook.messages import catalog
from reentry_workbook.model import ViewSpec
from reentry_workbook.templates import load_shipped
from reentry_workbook.views import PageContext, check_spec, parse
from reentry_workbook.views.risk_needs_mismatch_calc import (
    Columns,
    Option,
    risk_needs_mismatch,
)

TR = catalog()
RISKS = [
    Option("high", "High", "people at high risk"),
    Option("moderate", "Moderate", "people at moderate risk"),
    Option("low", "Low", "people at low risk"),
    Option("not_assessed", "Not assessed", "people whose risk has not been assessed", True),
]
NEEDS = [
    Option("housing", "Housing"),
    Option("employment", "Work"),
    Option("mental_health", "Mental health"),
    Option("substance_use", "Substance use"),
    Option("family", "Family"),
]


def person(risk, need, n, name=None, rid=None):
    rec = {"risk_level": risk, "need_area": need, "people": n}
    if name:
        rec["name"] = name
    if rid:
        rec["_id"] = rid
    return rec


def place(risk, need, n):
    return {"risk_level": risk, "need_area": need, "places": n}


# The worked example. People (P) / places (S):
#                housing   work          mental health  substance use  family
#   high         180/30    150/40 (25+15)  90/30          120/60          0/0
#   moderate     160/40    200/50          0/0            100/40          0/0
#   low           40/10     60/80          0/0              0/0           0/15
#   not assessed  20/0       0/25          0/0              0/0           0/0
PEOPLE = [
    person("high", "housing", 180),
    person("high", "employment", 150),
    person("high", "mental_health", 90),
    person("high", "substance_use", 120),
    person("moderate", "housing", 160),
    person("moderate", "employment", 200),
    person("moderate", "substance_use", 100),
    person("low", "housing", 40),
    person("low", "employment", 60),
    person("not_assessed", "housing", 20),
]
PLACES = [
    place("high", "housing", 30),
    place("high", "employment", 25),
    place("high", "employment", 15),
    place("high", "mental_health", 30),
    place("high", "substance_use", 60),
    place("moderate", "housing", 40),
    place("moderate", "employment", 50),
    place("moderate", "substance_use", 40),
    place("low", "housing", 10),
    place("low", "employment", 80),
    place("low", "family", 15),
    place("not_assessed", "employment", 25),
]
HEADCOUNT = [
    {"risk_level": "high", "people": 300},
    {"risk_level": "moderate", "people": 400},
    {"risk_level": "low", "people": 250},
    {"risk_level": "not_assessed", "people": 50},
]


def run(people=PEOPLE, places=PLACES, **kw):
    args = {
        "people_cols": Columns("risk_level", "need_area", "people"),
        "places_cols": Columns("risk_level", "need_area", "places"),
        "headcount_cols": Columns("risk_level", "", "people"),
        "priority": ("high",),
        "low": ("low",),
    }
    return risk_needs_mismatch(people, places, tr=TR, risks=RISKS, needs=NEEDS, **(args | kw))


def test_worked_example_figures():
    m = run(headcount_rows=HEADCOUNT, released_per_year=1000)
    assert m.computed
    assert m.risks == ("high", "moderate", "low", "not_assessed")
    assert m.needs == ("housing", "employment", "mental_health", "substance_use", "family")
    # totals by hand: high 180+150+90+120 = 540 needs, 30+40+30+60 = 160 places; moderate
    # 460 / 130; low 100 / 105; not assessed 20 / 25; all 1,120 needs and 420 places
    totals = {t.risk: (t.needs_counted, t.places, t.headcount) for t in m.by_risk}
    assert totals == {
        "high": (540, 160, 300),
        "moderate": (460, 130, 400),
        "low": (100, 105, 250),
        "not_assessed": (20, 25, 50),
    }
    assert (m.total_needs_counted, m.total_places) == (1120, 420)
    assert m.priority_needs_share == pytest.approx(540 / 1120)
    assert m.priority_places_share == pytest.approx(160 / 420)
    assert m.cell("high", "employment").places == 40  # two programmes added
    assert m.cell("high", "housing").status == "few"  # 30/180 = 0.17
    assert m.cell("high", "substance_use").status == "part"  # 60/120 = 0.5
    assert m.cell("low", "employment").status == "covered"
    assert m.cell("low", "employment").surplus == 20
    assert m.cell("not_assessed", "housing").status == "none"
    assert m.cell("low", "family").status == "no_people"
    assert m.cell("moderate", "family").status == "empty"
    # shortfalls of high: housing 150, work 110, substance use 60 (ties with mental health
    # at 60: 120 people before 90)
    assert [(c.need, c.shortfall) for c in m.shortfalls] == [
        ("housing", 150),
        ("employment", 110),
        ("substance_use", 60),
    ]
    # misdirected: work (low 80, high short 110), housing (low 10, high short 150); family is
    # not (no one at high risk counted there)
    assert [(x.need, x.low_places, x.priority_shortfall) for x in m.misdirected] == [
        ("employment", 80, 110),
        ("housing", 10, 150),
    ]


def test_worked_example_sentences():
    m = run(headcount_rows=HEADCOUNT, released_per_year=1000)
    assert m.sentences == (
        "People at high risk: 540 needs counted, 160 programme places (30% covered).",
        "People at high risk account for 48% of the needs counted but get 38% of the programme "
        "places.",
        "People at low risk get 105 places (25% of all places).",
        "Largest gaps for people at high risk: housing (180 people, 30 places), work (150 people, "
        "40 places), substance use (120 people, 60 places).",
        "Work: 80 places go to people at low risk while 110 people at high risk have no place.",
        "Housing: 10 places go to people at low risk while 150 people at high risk have no place.",
        "25 places go to people whose risk has not been assessed (6% of all places).",
        "20 needs are counted among people whose risk has not been assessed: a gap in what the "
        "coalition knows.",
    )
    # the only problem: places in a square where no one is counted (two squares)
    assert [p.severity for p in m.problems] == ["warning", "warning"]
    assert m.problems[0].message == (
        "15 places go to people at low risk for family, but no people are counted there. Add "
        "them on the population step, or check the places."
    )


def test_several_priority_levels_name_the_level_in_the_gaps():
    m = run(priority=("high", "moderate"), limit=1)
    assert m.sentences[3] == (
        "Largest gaps for people at high risk and people at moderate risk: work (moderate: 200 "
        "people, 50 places)."
    )


def test_nothing_entered():
    m = run([], [])
    assert not m.computed
    assert m.empty_text.startswith("Nothing to compare yet")
    assert m.problems == ()


def test_places_but_no_people():
    m = run([], PLACES)
    assert not m.computed
    assert [p.message for p in m.problems] == [
        "Programme places are entered, but there are no population figures yet. Enter how many "
        "people there are by risk level and need area first; the comparison appears once they "
        "are there."
    ]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (-5, "cannot be below zero (it says -5)"),
        (2.5, "must be a whole number (it says 2.5)"),
        ("lots", "is not a number (it says 'lots')"),
        (True, "is not a number (it says 'true')"),
    ],
)
def test_a_bad_count_is_left_out_with_a_plain_message(value, why):
    people = [*PEOPLE, person("high", "family", value, name="High risk, family", rid="x")]
    m = run(people)
    errors = m.by("error")
    assert [e.message for e in errors] == [
        f"People: the number of people for 'High risk, family' {why}. Correct it; the row is "
        "left out until then."
    ]
    assert errors[0].record_id == "x"
    assert m.cell("high", "family").people == 0  # nothing computed from it
    assert m.total_needs_counted == 1120


def test_negative_places_are_left_out():
    m = run(places=[*PLACES, place("high", "housing", -40)])
    assert m.cell("high", "housing").places == 30
    assert m.by("error")[0].message == (
        "Places: the number of places for 'High · Housing' cannot be below zero (it says -40). "
        "Correct it; the row is left out until then."
    )


def test_blank_count_missing_square_and_unknown_option():
    m = run(
        [
            *PEOPLE,
            person("high", "family", None, name="High risk, family"),
            person(None, "family", 5, name="Row without a level"),
            person("extreme", "family", 5, name="Old row"),
        ]
    )
    assert [p.message for p in m.by("note")] == [
        "People: 'High risk, family' has no number of people yet, so it is not counted."
    ]
    assert [p.message for p in m.by("error")] == [
        "People: 'Row without a level' needs both a risk level and a need area; it is left out "
        "until both are chosen.",
        "People: 'Old row' uses 'extreme', which is not one of this page's options; it is left "
        "out.",
    ]


def test_two_rows_for_one_square_are_added_and_said():
    m = run([*PEOPLE, person("high", "housing", 20)])
    assert m.cell("high", "housing").people == 200
    assert (
        "People: 2 rows describe High · Housing; they are added together (180 + 20 = 200). "
        "Keep one row per risk level and need area."
    ) in [p.message for p in m.by("warning")]


def test_contradicting_figures_are_flagged():
    m = run(
        headcount_rows=[{"risk_level": "high", "people": 170}, *HEADCOUNT[1:]],
        released_per_year=350,
    )
    warnings = [p.message for p in m.by("warning")]
    assert (
        "180 people at high risk are counted with a need for housing, more than the 170 counted "
        "at that risk level in all. One of the two figures needs checking."
    ) in warnings
    assert (
        "The people counted by risk level (870) are more than the 350 people released per year. "
        "Check that both figures cover the same people and the same year."
    ) in warnings
    assert (
        "400 people are counted with a need for housing, more than the 350 people released per "
        "year. Check that the figures cover the same people and the same year."
    ) in warnings
    assert m.cell("high", "housing").flagged and m.cell("low", "housing").flagged
    assert not m.cell("high", "mental_health").flagged


def test_released_zero_and_negative():
    zero = run(released_per_year=0)
    assert [p.message for p in zero.by("warning") if p.source == "released"] == [
        "People released per year is 0, but people are counted by risk level and need area. "
        "Enter the yearly number of people released, or leave it blank."
    ]
    negative = run(released_per_year=-3)
    assert [p.message for p in negative.by("error")] == [
        "People released per year cannot be below zero (it says -3). Correct it; it is not used "
        "until then."
    ]


def test_no_places_yet():
    m = run(places=[])
    assert m.sentences[0] == (
        "People at high risk: 540 needs counted, 0 programme places (0% covered)."
    )
    assert all(c.status in ("none", "empty") for c in m.cells)
    assert not any("account for" in s for s in m.sentences)


# ----- the view on its page ---------------------------------------------------------------------
SPEC = {
    "view": "risk_needs_mismatch",
    "people": {"table": "population", "risk": "risk_level", "need": "need_area", "count": "people"},
    "places": {"table": "places", "risk": "risk_level", "need": "need_area", "count": "places"},
    "headcount": {"table": "risk_headcount", "risk": "risk_level", "count": "people"},
    "released": "people_released_per_year",
    "priority": ["high"],
    "low": ["low"],
}


@pytest.fixture(scope="module")
def page():
    return load_shipped("focus_resources")


def _spec(**changes):
    return ViewSpec.model_validate({**SPEC, **changes})


def test_check_accepts_the_page_and_names_bad_parameters(page):
    assert list(check_spec(page, _spec(), ("x",))) == []
    found = [m for _, m in check_spec(page, _spec(priority=["urgent"], low=["low"]), ("x",))]
    assert found == [
        "'urgent' is not an option of 'risk_level'; options: high, moderate, low, not_assessed"
    ]
    found = [m for _, m in check_spec(page, _spec(low=["high"]), ("x",))]
    assert found == ["high cannot be both a priority and a low level"]
    bad_column = {**SPEC["people"], "count": "name"}
    found = [m for _, m in check_spec(page, _spec(people=bad_column), ("x",))]
    assert found == ["column 'name' is a text column; this parameter needs integer or number"]


def test_view_renders_the_grid_with_words_and_escapes_names(page):
    answers = {
        "population": [
            {
                "_id": "a",
                "name": "<b>High</b>",
                "risk_level": "high",
                "need_area": "housing",
                "people": -1,
            },
            {"_id": "b", "name": "ok", "risk_level": "high", "need_area": "housing", "people": 100},
        ],
        "places": [{"_id": "c", "risk_level": "high", "need_area": "housing", "places": 20}],
        "people_released_per_year": 1000,
    }
    view, params = parse(_spec())
    ctx = PageContext.of(page, answers)
    html = view.render(ctx, params)
    assert "20 / 100" in html and "20% covered" in html
    assert "&lt;b&gt;High&lt;/b&gt;" in html and "<b>High</b>" not in html
    assert "rw-problem" not in html
    messages = view.messages(ctx, params)
    assert list(messages) == ["population"]
    assert "cannot be below zero (it says -1)" in messages["population"][0]


def test_view_with_nothing_entered(page):
    view, params = parse(_spec())
    html = view.render(PageContext.of(page, {}), params)
    assert "Nothing to compare yet" in html
    assert view.messages(PageContext.of(page, {}), params) == {}
