"""The table editor: add, edit, delete with undo, move, sort, pages."""

from pathlib import Path

import pytest

from reentry_workbook import load_template
from reentry_workbook.widgets import QuestionnaireForm
from reentry_workbook.widgets.table import plural
from tests.widgets.find import all_by_class, by_class

pytestmark = pytest.mark.widget
CASES = Path(__file__).resolve().parents[1] / "cases"


@pytest.fixture
def editor():
    form = QuestionnaireForm(load_template(CASES / "all-kinds.yaml"))
    return form, form.field("people").input


def _rows(table):
    return all_by_class(table.rows_box, "rw-row")


def _summary(table, n):
    return by_class(_rows(table)[n], "rw-row-summary").value


def test_add_and_edit_every_column_kind(editor):
    form, table = editor
    table.add_button.click()
    cells = table.cells
    cells["name"].widget.value = "Test Person"
    cells["notes"].widget.value = "notes"
    cells["age"].widget.value = "41"
    cells["weight"].widget.value = "70.5"
    cells["colour"].widget.value = "blue"
    cells["likes"].boxes[1].value = True
    cells["influence"].widget.value = 5
    cells["ally"].widget.value = False
    record = form.value["people"][0]
    assert {k: v for k, v in record.items() if k != "_id"} == {
        "name": "Test Person",
        "notes": "notes",
        "age": 41,
        "weight": 70.5,
        "colour": "blue",
        "likes": ["green"],
        "influence": 5,
        "ally": False,
    }
    assert _summary(table, 0).startswith("1. Test Person")


def test_required_column_is_flagged_in_editor_and_item(editor):
    form, table = editor
    table.add()
    assert "Name is required." in table.editor_problems.value
    table.cells["notes"].widget.value = "no name yet"
    assert "Name is empty in person 1." in form.field("people").message.value


def test_delete_and_undo(editor):
    form, table = editor
    form.value = {"people": [{"_id": "a", "name": "A"}, {"_id": "b", "name": "B"}]}
    by_class(_rows(table)[0], "rw-delete").click()
    assert [r["name"] for r in form.value["people"]] == ["B"]
    assert "Deleted person: A" in table.undo_label.value
    table.undo_button.click()
    assert [r["name"] for r in form.value["people"]] == ["A", "B"]


def test_move_and_sort(editor):
    form, table = editor
    form.value = {
        "people": [
            {"_id": "1", "name": "Carla", "colour": "red"},
            {"_id": "2", "name": "anna", "colour": "blue"},
            {"_id": "3", "name": "Bea"},
        ]
    }
    by_class(_rows(table)[1], "rw-up").click()  # move anna up
    assert [r["name"] for r in form.value["people"]] == ["anna", "Carla", "Bea"]
    table.sort_by.value = ("name", False)
    assert [r["name"] for r in form.value["people"]] == ["anna", "Bea", "Carla"]
    table.sort_by.value = ("colour", False)  # in the order of the options: red, green, blue
    assert [r["name"] for r in form.value["people"]] == ["Carla", "anna", "Bea"]


def test_two_hundred_records_page_in_tens(editor):
    form, table = editor
    form.value = {"people": [{"name": f"Person {i:03d}"} for i in range(200)]}
    assert len(_rows(table)) == 10
    assert table.page_label.value == "Showing 1–10 of 200"
    table.next_button.click()
    assert _summary(table, 0).startswith("11. Person 010")
    table.open(150)
    assert table.page == 15
    table.cells["name"].widget.value = "Renamed"
    assert form.value["people"][150]["name"] == "Renamed"
    assert all(r["_id"] for r in form.value["people"])


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("priority", "priorities"),
        ("decision maker", "decision makers"),
        ("outreach step", "outreach steps"),
        ("person", "people"),
        ("day", "days"),
        ("business", "businesses"),
        ("faith group", "faith groups"),
        ("group of places", "groups of places"),
        ("person in charge", "people in charge"),
        ("point of contact", "points of contact"),
    ],
)
def test_record_labels_are_pluralised_in_words(noun, expected):
    assert plural(noun) == expected
