"""Case files (template + answers + expected scores by hand) drive the scoring tests."""

import math
from pathlib import Path

import pandas as pd
import pytest

from reentry_workbook import load_template
from reentry_workbook.aggregate import aggregate_factors, aggregate_items
from reentry_workbook.scoring import answers_to_frame, score
from reentry_workbook.strict_yaml import load as load_yaml

CASES = Path(__file__).resolve().parents[1] / "cases"
FILES = sorted((CASES / "scoring").glob("*.yaml"))


def _frame(case: dict) -> pd.DataFrame:
    frames = [answers_to_frame(a, respondent=name) for name, a in case["respondents"].items()]
    return pd.concat(frames, ignore_index=True)


def _check(row: pd.Series, expected: dict, where: str) -> None:
    for column, want in expected.items():
        got = row[column]
        if want is None:
            assert got is None or (isinstance(got, float) and math.isnan(got)), f"{where}.{column}"
        elif isinstance(want, float):
            assert got == pytest.approx(want, abs=5e-4), f"{where}.{column}: {got} != {want}"
        else:
            assert got == want, f"{where}.{column}: {got!r} != {want!r}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_case(path: Path):
    case, _ = load_yaml(path.read_text())
    q = load_template(CASES / case["template"])
    scores = score(q, _frame(case))
    factors = scores.factors.set_index(["respondent", "factor"])
    for person, per_factor in case["expected"].get("factors", {}).items():
        for factor, expected in per_factor.items():
            _check(factors.loc[(person, factor)], expected, f"{person}/{factor}")
    group = aggregate_factors(q, scores.factors).set_index("factor")
    assert set(group.index) == set(case["expected"]["group_factors"])
    for factor, expected in case["expected"]["group_factors"].items():
        _check(group.loc[factor], expected, f"group/{factor}")
    items = aggregate_items(q, scores.items)
    items.index = [f"{i}.{r}" if r else i for i, r in zip(items.item_id, items.row, strict=True)]
    for slot, expected in case["expected"].get("items", {}).items():
        _check(items.loc[slot], expected, f"item/{slot}")


def test_at_least_one_case_is_the_documented_worked_example():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text()
    assert "worked-example.yaml" in doc
    for number in ("0.75", "4.33", "3.28", "1.18", "rests on 2 people"):
        assert number in doc


def test_compare_rounds_by_hand():
    from reentry_workbook.aggregate import compare_rounds

    q = load_template(CASES / "scoring-example.yaml")
    first = answers_to_frame({"m": {"a": 2, "b": 4, "c": 2}}, respondent="Ana", round=1)
    third = answers_to_frame({"m": {"a": 4, "b": 2, "c": 5}}, respondent="Ana", round=3)
    other = answers_to_frame({"m": {"a": 5, "b": 1, "c": 5}}, respondent="Ben", round=3)
    scores = score(q, pd.concat([first, third, other], ignore_index=True))
    change = compare_rounds(aggregate_factors(q, scores.factors), 1, 3, ["factor"])
    view = change.set_index("factor").loc["view"]
    # round 1: (2 + (6-4) + 2) / 3 = 2.0; round 3: Ana (4+4+5)/3 = 4.333, Ben (5+5+5)/3 = 5.0
    assert view["mean_1"] == pytest.approx(2.0) and view["n_1"] == 1
    assert view["mean_3"] == pytest.approx((13 / 3 + 5) / 2) and view["n_3"] == 2
    assert view["change"] == pytest.approx((13 / 3 + 5) / 2 - 2.0)
    items = compare_rounds(aggregate_items(q, scores.items), 1, 3, ["item_id", "row"])
    assert items.set_index("row").loc["a", "change"] == pytest.approx(4.5 - 2.0)


def test_answers_of_mixed_types_each_meet_their_own_option():
    """True == 1 == 1.0 in Python; yes/no and number answers in one column must not mix."""
    q = load_template(CASES / "all-kinds.yaml")
    frame = pd.concat(
        [
            answers_to_frame({"agree": True, "stars": 1, "likes": 1.0}, respondent="a"),
            answers_to_frame({"agree": False, "stars": "10", "likes": ["not", "a", "value"]}, "b"),
        ],
        ignore_index=True,
    )
    items = score(q, frame).items.set_index(["respondent", "item_id"])["score"]
    assert items[("a", "agree")] == 1.0 and items[("b", "agree")] == 0.0
    assert items[("a", "stars")] == 1.0 and items[("b", "stars")] == 10.0
    # not an answer the scale knows (left from an older template): not counted, no crash
    assert ("b", "likes") not in items.index
    hashable = pd.concat(
        [answers_to_frame({"agree": True, "stars": 1}, respondent=p) for p in "cd"],
        ignore_index=True,
    )
    items = score(q, hashable).items.set_index(["respondent", "item_id"])["score"]
    assert list(items) == [1.0, 1.0, 1.0, 1.0]
