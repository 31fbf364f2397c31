"""capacity_against_need: the housing worked example and P2-A's worked example of several need
areas with money (both checked by hand below), every bad input with its plain message, and the
view on the shipped pages (check, cross-page need, render, messages)."""

from pathlib import Path

import pytest

from reentry_workbook.messages import catalog
from reentry_workbook.model import ViewSpec
from reentry_workbook.templates import check_paths, load_shipped, template_paths
from reentry_workbook.views import PageContext, check_spec, parse
from reentry_workbook.views.capacity_against_need_calc import (
    CapacitySide,
    Filter,
    NeedSide,
    Option,
    Wording,
    capacity_against_need,
)

TR = catalog()
LEVELS = (
    Option("high", "High", "#D55E00"),
    Option("moderate", "Moderate", "#E69F00"),
    Option("low", "Low", "#56B4E9"),
    Option("not_assessed", "Not assessed", "#BBBBBB"),
)
NEED = NeedSide("need_area", "people", "risk_level", LEVELS, "Focus resources")
HOUSING_AREA = [Option("housing", "Housing")]


def pop(risk, area, n, rid=None):
    return {"_id": rid or f"{risk}-{area}", "risk_level": risk, "need_area": area, "people": n}


# Housing: high 180, moderate 160, low 40, not assessed 20 -> need 400 (work rows ignored)
POPULATION = [
    pop("high", "housing", 180),
    pop("high", "employment", 150),
    pop("moderate", "housing", 160),
    pop("low", "housing", 40),
    pop("not_assessed", "housing", 20),
    pop("low", "employment", 60),
]


def option(name, kind, places, accepts):
    return {"_id": name, "name": name, "type": kind, "places": places, "accepts": accepts}


# Open: 120 + 60 + 30 + 20 = 230; closed 50; not known 25 (blank) + 10 ("we do not know");
# the co-op has no number yet
HOUSING = [
    option("Shelter", "shelter", 120, "yes"),
    option("Bridge House", "transitional", 60, "case_by_case"),
    option("Reentry house", "reentry_residence", 30, "yes"),
    option("Public housing", "public_housing", 50, "no"),
    option("Vouchers", "voucher", 25, None),
    option("Landlord list", "private_rental", 10, "unknown"),
    option("Supportive flats", "permanent_supportive", 20, "yes"),
    option("New co-op", "private_rental", None, "yes"),
]
PERMANENT = (
    "rapid_rehousing",
    "permanent_supportive",
    "public_housing",
    "voucher",
    "private_rental",
)
TYPES = tuple(
    Option(v, v.replace("_", " "))
    for v in ("shelter", "transitional", "reentry_residence", *PERMANENT)
)
CAPACITY = CapacitySide(
    places="places",
    by="type",
    by_options=TYPES,
    open_if=Filter("accepts", ("yes", "case_by_case")),
    open_unknown=("unknown",),
    highlight=Filter("type", PERMANENT),
    noun="housing option",
    noun_plural="housing options",
)
WORDS = Wording(need_phrase="need housing", highlight_phrase="in permanent housing")


def housing(need_rows=POPULATION, capacity_rows=HOUSING, **kw):
    kw.setdefault("capacity", CAPACITY)
    kw.setdefault("wording", WORDS)
    return capacity_against_need(
        need_rows, capacity_rows, tr=TR, areas=HOUSING_AREA, need=NEED, **kw
    )


def test_housing_worked_example():
    c = housing(released_per_year=1000)
    assert c.computed and c.single
    row = c.rows[0]
    assert row.need == 400
    assert [(p.value, p.amount) for p in row.need_parts] == [
        ("high", 180),
        ("moderate", 160),
        ("low", 40),
        ("not_assessed", 20),
    ]
    assert (row.open, row.closed, row.unknown) == (230, 50, 35)
    assert row.gap == 170 and row.coverage == pytest.approx(0.575)
    assert row.highlight == 20  # only the supportive flats are open and permanent
    assert [(p.value, p.amount) for p in row.open_parts] == [
        ("shelter", 120),
        ("transitional", 60),
        ("reentry_residence", 30),
        ("permanent_supportive", 20),
    ]
    assert row.status == "short"
    assert c.sentences == (
        "400 people released each year need housing.",
        "Housing options open to people with a record offer 230 places a year: 58% of the need; "
        "170 people would go without.",
        "50 more places are closed to people with a record; for 35 places we do not know yet "
        "whether they are open to people with a record.",
        "Of the open places, 20 (9%) are in permanent housing.",
    )
    assert [p.message for p in c.problems] == [
        "1 housing option has no number of places yet and is not counted."
    ]


def test_enough_places():
    rows = [*HOUSING, option("Big new block", "public_housing", 200, "yes")]
    c = housing(capacity_rows=rows)
    assert c.sentences[1] == (
        "Housing options open to people with a record offer 430 places a year: enough for "
        "everyone counted (108% of the need)."
    )


def test_nothing_entered_anywhere():
    c = housing([], [])
    assert not c.computed
    assert c.empty_text == (
        "Nothing to compare yet: list the housing options with their places a year here, and "
        "count the people who need housing on Focus resources."
    )


def test_need_not_counted_yet_shows_the_places_only():
    c = housing([pop("high", "employment", 10)])
    assert c.computed and c.rows[0].need is None and c.rows[0].status == "need_unknown"
    assert c.sentences[0] == (
        "Housing options open to people with a record offer 230 places a year."
    )
    assert (
        "No one is counted yet as people who need housing: add the figures on Focus resources "
        "(people by risk level and need area). Until then only the places are shown."
    ) in [p.message for p in c.by("note")]


def test_places_but_no_people():
    c = housing([pop("high", "housing", 0)])
    assert [p.message for p in c.by("warning")] == [
        "315 places are listed, but the figures on Focus resources count no one who needs "
        "them. Check those figures."
    ]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (-40, "cannot be below zero (it says -40)"),
        (2.5, "must be a whole number (it says 2.5)"),
        ("many", "is not a number (it says 'many')"),
    ],
)
def test_bad_places_are_left_out(value, why):
    c = housing(capacity_rows=[*HOUSING, option("Oops", "shelter", value, "yes")])
    assert c.rows[0].open == 230  # nothing computed from it
    assert [p.message for p in c.by("error")] == [
        f"'Oops': the number of places {why}. Correct it; this housing option is left out "
        "until then."
    ]
    assert c.by("error")[0].record_id == "Oops"


def test_bad_need_figure_is_left_out():
    rows = [r for r in POPULATION if r["risk_level"] != "not_assessed"]
    c = housing([*rows, pop("not_assessed", "housing", -7)])
    assert c.rows[0].need == 380
    assert [p.message for p in c.by("error")] == [
        "Focus resources: the number of people for Not assessed, Housing cannot be below zero "
        "(it says -7). Correct it there; it is left out until then."
    ]


def test_need_counted_twice_is_added_and_said():
    c = housing([*POPULATION, pop("high", "housing", 20, rid="again")])
    assert c.rows[0].need == 420
    assert [p.message for p in c.by("warning")] == [
        "Focus resources: several rows count High, Housing; they are added together (180 + 20 "
        "= 200). Keep one row per risk level and need area."
    ]


def test_need_above_people_released_and_bad_released():
    c = housing(released_per_year=300)
    assert [p.message for p in c.by("warning")] == [
        "400 people are counted with a need for housing, more than the 300 people released "
        "per year. Check the figures on Focus resources."
    ]
    c = housing(released_per_year=-1)
    assert [p.message for p in c.by("error")] == [
        "Focus resources: people released per year cannot be below zero (it says -1). It is "
        "not used until corrected."
    ]
    assert c.released is None


def test_option_without_a_type_gets_its_own_segment():
    c = housing(capacity_rows=[option("Mystery", None, 5, "yes")])
    assert [(p.value, p.label, p.amount) for p in c.rows[0].open_parts] == [
        ("", "no type chosen", 5)
    ]


def test_where_keeps_only_some_records():
    rows = [
        {"name": "Jobs", "focus": "employment", "places": 100},
        {"name": "Class", "focus": "education", "places": 40},
    ]
    cap = CapacitySide(places="places", where=Filter("focus", ("employment",)), noun="pathway")
    c = capacity_against_need(
        [pop("high", "employment", 150)],
        rows,
        tr=TR,
        areas=[Option("employment", "Work")],
        need=NEED,
        capacity=cap,
    )
    assert (c.rows[0].need, c.rows[0].open) == (150, 100)
    assert c.sentences == (
        "150 people released each year need help with work.",
        "Options offer 100 places a year: 67% of the need; 50 people would go without.",
    )


# ----- several need areas with money: P2-A's worked example (needs_vs_resources) -----------------
# levels high and moderate; released 1,200. Needs: housing 180+120 = 300; work 150+210 = 360;
# mental health 90+60 = 150; substance use 140; transport 70 (low housing 80 left out) -> 1,020.
# Money counted 240,000+180,000 + 150,000 + 120,000 + 30,000 = 720,000 (the class is outside).
AREAS = [
    Option("housing", "Housing"),
    Option("employment", "Work"),
    Option("education", "Education"),
    Option("mental_health", "Mental health"),
    Option("substance_use", "Substance use"),
    Option("transportation", "Transport"),
]
SUMMARY = [
    pop("high", "housing", 180),
    pop("moderate", "housing", 120),
    pop("high", "employment", 150),
    pop("moderate", "employment", 210),
    pop("high", "mental_health", 90),
    pop("moderate", "mental_health", 60),
    pop("high", "substance_use", 140),
    pop("low", "housing", 80),
    pop("high", "transportation", 70),
]


def programme(name, area, places, amount, risks):
    return {"name": name, "area": area, "places": places, "amount": amount, "risks": risks}


PROGRAMMES = [
    programme("Harbor Street reentry beds", "housing", 40, 240_000, ["high", "moderate"]),
    programme("Rapid rehousing vouchers", "housing", 60, "$180,000", []),
    programme("Jobs bridge", "employment", 200, 150_000, ["moderate", "low"]),
    programme("Counselling in the jail", "mental_health", 160, 120_000, ["high", "moderate"]),
    programme("Life skills class", "education", 100, 50_000, ["low"]),
    programme("Peer recovery circle", "substance_use", None, 30_000, ["high"]),
]
MANY = CapacitySide(places="places", amount="amount", area="area", risk="risks", noun="programme")


def many(rows=PROGRAMMES, **kw):
    return capacity_against_need(
        SUMMARY,
        rows,
        tr=TR,
        areas=AREAS,
        need=NEED,
        capacity=MANY,
        levels=("high", "moderate"),
        **kw,
    )


def test_several_areas_worked_example():
    c = many(released_per_year=1200)
    assert not c.single
    got = {r.area: (r.need, r.open, r.amount, r.status) for r in c.rows}
    assert got == {
        "housing": (300, 100, 420_000, "short"),
        "employment": (360, 200, 150_000, "short"),
        "mental_health": (150, 160, 120_000, "covered"),
        "substance_use": (140, 0, 30_000, "places_unknown"),
        "transportation": (70, 0, 0, "none"),
    }  # education: neither need nor a programme inside the levels -> no row
    assert (c.total_need, c.total_amount) == (1020, 720_000)
    assert (c.outside_options, c.outside_places, c.outside_amount) == (1, 100, 50_000)
    housing_row = c.rows[0]
    assert housing_row.need_share == pytest.approx(300 / 1020)
    assert housing_row.money_share == pytest.approx(420 / 720)
    assert c.sentences == (
        "Transport: 70 people need this and no programme is listed.",
        "Housing: 100 places for 300 people (33%); 200 would go without. $420,000 a year.",
        "Work: 200 places for 360 people (56%); 160 would go without. $150,000 a year.",
        "Substance use: 1 programme is listed, but it does not say how many places it has.",
        "Enough places for everyone counted in: mental health.",
        "$50,000 a year goes to 1 programme that serves none of the people at high or moderate "
        "risk.",
    )
    # share of money against share of need, largest differences first
    assert c.money_sentences == (
        "Housing: 58% of the money for 29% of the need.",
        "Work: 21% of the money for 35% of the need.",
        "Substance use: 4% of the money for 14% of the need.",
    )
    assert [p.message for p in c.by("note")] == [
        "1 programme has no number of places yet and is not counted.",
        "1 programme does not say which risk levels it serves; it is counted as serving everyone.",
    ]


def test_several_areas_bad_money_still_counts_the_places():
    rows = [*PROGRAMMES, programme("Mystery fund", "housing", 10, -240_000, ["high"])]
    c = many(rows)
    assert c.rows[0].open == 110 and c.rows[0].amount == 420_000
    assert [p.message for p in c.by("error")] == [
        "'Mystery fund': the money a year cannot be below zero (it says -240,000). Correct "
        "it; its places still count, its money does not."
    ]


def test_several_areas_record_without_area_gets_its_own_row():
    c = many([*PROGRAMMES, programme("Unsorted", None, 5, 0, ["high"])])
    assert c.rows[-1].area == "" and c.rows[-1].label == "Need area not chosen"
    assert c.rows[-1].status == "need_unknown"
    assert ("1 programme has no need area chosen; it is shown under 'Need area not chosen'.") in [
        p.message for p in c.by("note")
    ]


def test_several_areas_without_need_figures():
    c = capacity_against_need([], PROGRAMMES, tr=TR, areas=AREAS, need=NEED, capacity=MANY)
    assert c.computed and all(r.status == "need_unknown" for r in c.rows)
    assert c.by("note")[-1].message == (
        "No one is counted yet by need area: add the figures on Focus resources (people by risk "
        "level and need area). Until then only the places are shown."
    )


# ----- the view on the shipped pages --------------------------------------------------------------
HOUSING_SPEC = {
    "view": "capacity_against_need",
    "need": {
        "table": {"page": "focus_resources", "table": "population"},
        "area": "need_area",
        "count": "people",
        "by": "risk_level",
    },
    "areas": ["housing"],
    "need_phrase": "need housing",
    "capacity": {
        "table": "housing_options",
        "places": "places_per_year",
        "by": "type",
        "open_if": {"column": "accepts_records", "values": ["yes", "case_by_case"]},
    },
    "released": {"page": "focus_resources", "item": "people_released_per_year"},
}


@pytest.fixture(scope="module")
def housing_page():
    return load_shipped("safe_stable_affordable_housing")


def _spec(**changes):
    return ViewSpec.model_validate({**HOUSING_SPEC, **changes})


def _messages(page, spec):
    return [m for _, m in check_spec(page, spec, ("x",))]


def test_check_accepts_the_page_and_names_bad_parameters(housing_page):
    assert _messages(housing_page, _spec()) == []
    assert _messages(housing_page, _spec(areas=[])) == [
        "to compare several need areas, name the capacity column that says which area each "
        "record serves (or give one area in `areas`)"
    ]
    bad_open = {
        **HOUSING_SPEC["capacity"],
        "open_if": {"column": "accepts_records", "values": ["maybe"]},
    }
    assert _messages(housing_page, _spec(capacity=bad_open)) == [
        "'maybe' is not an option of 'accepts_records'; options: yes, case_by_case, no, unknown"
    ]
    need = {**HOUSING_SPEC["need"], "by": None}
    assert _messages(housing_page, _spec(need=need, levels=["high"])) == [
        "`levels` needs the risk-level column of the need table (`by`)"
    ]
    assert _messages(housing_page, _spec(show=["money"])) == [
        "the money picture needs `capacity.amount`"
    ]


def test_a_column_of_the_other_page_is_checked_with_the_set_of_pages(tmp_path: Path):
    source = next(p for p in template_paths() if p.stem == "safe-stable-affordable-housing")
    text = source.read_text("utf-8").replace(
        "area: need_area, count: people, by: risk_level}",
        "area: need_area, count: nobody, by: risk_level}",
        1,
    )
    changed = tmp_path / source.name
    changed.write_text(text, "utf-8")
    paths = [p for p in template_paths() if p != source] + [changed]
    found = [p.message for p in check_paths(paths)]
    assert found == ["page 'focus_resources': table 'population' has no column 'nobody'"]


def test_view_reads_the_population_of_the_other_page(housing_page):
    population = {
        "population": [pop("high", "housing", 100), pop("low", "housing", 50)],
        "people_released_per_year": 1000,
    }
    answers = {
        "housing_options": [
            {
                "_id": "a",
                "name": "<i>Shelter</i>",
                "type": "shelter",
                "places_per_year": 60,
                "accepts_records": "yes",
            },
            {
                "_id": "b",
                "name": "Flats",
                "type": "public_housing",
                "places_per_year": -3,
                "accepts_records": "no",
            },
        ]
    }
    ctx = PageContext.of(
        housing_page, answers, pages=lambda pid: population if pid == "focus_resources" else {}
    )
    view, params = parse(_spec())
    html = view.render(ctx, params)
    assert "People who need housing: <strong>150</strong>" in html
    assert "60 places a year: 40% of the need; 90 people would go without" in html
    assert "&lt;i&gt;Shelter&lt;/i&gt;" not in html  # names only appear in messages
    assert "rw-problem" not in html
    assert view.messages(ctx, params) == {
        "housing_options": [
            "'Flats': the number of places cannot be below zero (it says -3). Correct it; this "
            "housing option is left out until then."
        ]
    }
    assert "the page “Send programme places to the people who need them most”" in html


def test_view_with_nothing_entered(housing_page):
    view, params = parse(_spec())
    html = view.render(PageContext.of(housing_page, {}), params)
    assert "Nothing to compare yet" in html
