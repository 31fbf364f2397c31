"""What coverage and group figures say: targets, 'not sure' options, empty slots, and why."""

from pathlib import Path

import pandas as pd

from reentry_workbook import load_template
from reentry_workbook.aggregate import aggregate_factors, aggregate_items
from reentry_workbook.coverage import all_coverage
from reentry_workbook.scoring import answers_to_frame, score

HERE = Path(__file__).resolve().parent
Q = load_template(HERE / "coverage-cases.yaml")
EXAMPLE = load_template(HERE.parent / "cases" / "scoring-example.yaml")


def _coverage(members):
    return {c.label: c for c in all_coverage(Q, {"members": members})}


def test_a_target_for_one_category_keeps_at_least_one_for_the_others():
    groups = _coverage([{"name": "A", "groups": ["youth"], "area": "north"}])["Groups"]
    targets = groups.counts.set_index("value")["target"].to_dict()
    assert targets == {"youth": 2, "elders": 1, "veterans": 1}
    assert groups.gaps == ["Young people", "Older adults", "Veterans"]
    assert "Only 1 member for Young people; the target is 2." in groups.prompts
    assert any("Older adults" in p and "Veterans" in p for p in groups.prompts)


def test_a_not_sure_option_is_never_a_target_nor_missing():
    leaders = _coverage([{"name": "A", "leadership": "formal"}])["Leaders"]
    counts = leaders.counts.set_index("value")
    assert counts.loc["unknown", "target"] == 0 and not counts.loc["unknown", "gap"]
    assert bool(counts.loc["unknown", "knowledge_gap"])
    assert leaders.gaps == ["Trusted without a title"]
    assert not any("Not sure" in p for p in leaders.prompts)
    empty = _coverage([])["Leaders"]
    assert "Not sure" not in empty.gaps and not any("Not sure" in p for p in empty.prompts)


def test_no_area_called_not_sure_is_named_as_a_place_nobody_reaches():
    groups = _coverage(
        [
            {"name": "A", "groups": ["youth", "elders"], "area": "north"},
            {"name": "B", "groups": ["youth"], "area": "south"},
        ]
    )["Groups"]
    assert not any("not sure" in p.lower() for p in groups.prompts)
    assert "No member yet reaches older adults in South." in groups.prompts


def _people(answers: dict[str, dict]) -> pd.DataFrame:
    return pd.concat(
        [answers_to_frame(a, respondent=name) for name, a in answers.items()], ignore_index=True
    )


def test_a_slot_nobody_scored_does_not_say_it_rests_on_zero_people():
    frame = _people({"Ann": {"s1": "not_sure"}, "Bo": {"s1": "not_sure", "s2": "yes"}})
    items = aggregate_items(EXAMPLE, score(EXAMPLE, frame).items).set_index("item_id")
    assert items.loc["s1", "n"] == 0
    assert "0 people" not in items.loc["s1", "note"]
    assert items.loc["s1", "note"] == "no scored answers yet (2 said not sure)"
    assert items.loc["s2", "note"] == "rests on 1 person"


def test_each_factor_says_why_fewer_people_count_than_answered():
    frame = _people(
        {
            "Ann": {"s1": "yes", "s2": "yes", "s3": "partly", "m": {"a": 4, "b": 2, "c": 5}},
            "Bo": {"s1": "partly", "s2": "yes", "s3": "yes", "m": {"a": 3}},
            "Kim": {"s1": "yes", "s2": "not_sure", "s3": "yes"},
        }
    )
    factors = score(EXAMPLE, frame).factors
    group = aggregate_factors(EXAMPLE, factors).set_index("factor")
    assert group.loc["readiness", "n"] == 3 and group.loc["readiness", "why"] == ""
    assert group.loc["view", "n"] == 1
    assert group.loc["view", "why"] == (
        "1 person answered too few of these questions; 1 person answered none of them"
    )
    # someone the page counts who answered no scored question at all
    everyone = aggregate_factors(EXAMPLE, factors, respondents=["Ann", "Bo", "Kim", "Dee"])
    why = everyone.set_index("factor")["why"]
    assert why["readiness"] == "1 person answered none of them"
    assert why["view"] == (
        "1 person answered too few of these questions; 2 people answered none of them"
    )


def test_a_count_short_of_its_target_names_the_records_in_the_plural():
    from reentry_workbook.views import PageContext
    from reentry_workbook.views.base import VIEWS

    members = [{"_id": "a", "name": "A", "groups": ["youth"]}, {"_id": "b", "groups": ["youth"]}]
    view = VIEWS["gap_sentences"]
    dims = [{"table": "members", "column": "groups", "targets": {"youth": 3}}]
    html = view.render(PageContext.of(Q, {"members": members}), view.params(dimensions=dims))
    assert "Only 2 members for Young people; the goal is 3." in html
    one = view.render(PageContext.of(Q, {"members": members[:1]}), view.params(dimensions=dims))
    assert "Only 1 member for Young people; the goal is 3." in one
    prompts = _coverage(members * 1)["Groups"].prompts
    assert "Only 2 members for Young people; the target is 2." not in prompts  # 2 meets 2
