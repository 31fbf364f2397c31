"""Plain-language rules for list cells: ranges, empty records, sorting both ways."""

import pytest
from pydantic import TypeAdapter

from reentry_workbook.cell_rules import (
    cell_messages,
    order_text,
    record_is_empty,
    sort_options,
    sorted_records,
)
from reentry_workbook.model import Column

pytestmark = pytest.mark.widget


def col(**fields):
    return TypeAdapter(Column).validate_python(fields)


AGE = col(id="age", label="Age", kind="integer", min=0, max=120)
SHARE = col(id="share", label="Share", kind="number", min=0, max=1)
FLOOR = col(id="floor", label="Floor", kind="integer", min=1)
TOP = col(id="top", label="Top", kind="number", max=10)
NAME = col(id="name", label="Name", kind="text")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (AGE, -5, ["Enter a whole number from 0 to 120."]),
        (AGE, 121, ["Enter a whole number from 0 to 120."]),
        (AGE, 0, []),
        (AGE, 120, []),
        (AGE, None, []),
        (SHARE, 1.5, ["Enter a number from 0 to 1."]),
        (FLOOR, 0, ["Enter a whole number of at least 1."]),
        (TOP, 10.5, ["Enter a number of at most 10."]),
        (NAME, "x", []),
        (col(id="n", label="N", kind="integer"), -99, []),
    ],
)
def test_cell_messages_say_which_numbers_fit(column, value, expected):
    assert cell_messages(column, value) == expected


def test_a_record_with_only_its_id_is_empty():
    assert record_is_empty({"_id": "x"})
    assert record_is_empty({"_id": "x", "name": "  ", "groups": []})
    assert not record_is_empty({"_id": "x", "ally": False})
    assert not record_is_empty({"age": 0})


def test_sort_options_name_both_orders_in_words():
    options = dict(sort_options([NAME, AGE]))
    assert options == {
        "Name: A to Z": ("name", False),
        "Name: Z to A": ("name", True),
        "Age: lowest first": ("age", False),
        "Age: highest first": ("age", True),
    }
    assert order_text(AGE, True) == "Sorted by Age, highest first."


def test_dates_yes_no_and_choices_sort_by_meaning_with_empty_values_last():
    from reentry_workbook.answers import context
    from reentry_workbook.kinds import column_rules
    from reentry_workbook.model import Questionnaire

    page = Questionnaire.model_validate(
        {
            "schema_version": 2,
            "id": "p",
            "title": "P",
            "source": {"part": 1, "section": "S", "page": "P", "url": "https://example.org"},
            "choice_lists": {"s": [{"value": "for", "label": "Zealous"}, "against"]},
            "steps": [
                {
                    "id": "s",
                    "title": "S",
                    "items": [{"id": "a", "kind": "short_text", "prompt": "Q"}],
                }
            ],
        }
    )

    def by(column):
        rules = column_rules(column)
        return lambda v: rules.sort_key(context(page), column, v)

    met = col(id="met", label="Met on", kind="date")
    rows = [{"met": "2026-12-01"}, {}, {"met": "2025-01-31"}]
    assert sorted_records(met, by(met), rows, True) == [rows[0], rows[2], {}]
    ally = col(id="ally", label="Ally", kind="yes_no")
    rows = [{"ally": False}, {"ally": True}, {}]
    assert sorted_records(ally, by(ally), rows, False) == [rows[1], rows[0], {}]
    stance = col(id="stance", label="Stance", kind="choice", choices="s")
    rows = [{"stance": "against"}, {"stance": "for"}]  # in the list's order, not A to Z
    assert sorted_records(stance, by(stance), rows, False) == [rows[1], rows[0]]
