"""The record editor as a user meets it: ranges, help, empty records, focus, undo, sorting."""

from pathlib import Path

import ipywidgets as W
import pytest
from ipywidgets.widgets.widget import _instances as live_widgets

from reentry_workbook import load_template
from reentry_workbook.widgets import QuestionnaireForm
from reentry_workbook.widgets.inputs import ChoiceInput
from tests.widgets.find import FocusSpy, all_by_class, by_class, shown

pytestmark = pytest.mark.widget
Q = load_template(Path(__file__).with_name("editor.yaml"))


@pytest.fixture
def focus(monkeypatch) -> FocusSpy:
    spy = FocusSpy()
    monkeypatch.setattr(W.DOMWidget, "focus", lambda self: spy.calls.append(self))
    return spy


@pytest.fixture
def form():
    return QuestionnaireForm(Q)


@pytest.fixture
def table(form):
    return form.field("contacts").input


def _records(form):
    return [{k: v for k, v in r.items() if k != "_id"} for r in form.value.get("contacts", [])]


def _rows(table):
    return all_by_class(table.rows_box, "rw-row")


def _cell(table, column):
    """The editor's box for one column: its input, help and message."""
    return by_class(table.editor, f"rw-col-{column}")


def _message(table, column):
    return by_class(_cell(table, column), "rw-cell-message").value


def _fill(table, **values):
    for column, text in values.items():
        table.cells[column].widget.value = text


# ----- 1. no widget leak ---------------------------------------------------------------------
def test_a_hundred_redraws_leave_the_number_of_live_widgets_flat(form, table):
    form.value = {"contacts": [{"name": f"Person {i}"} for i in range(25)]}
    table.open(0)
    table.close_editor()
    table.move(0, 1)
    table.next_button.click()
    table.prev_button.click()
    before = len(live_widgets)
    for i in range(100):
        table.open(i % 10)
        table.close_editor()
        table.move(i % 10, 1)
        table.next_button.click()
        table.prev_button.click()
    assert len(live_widgets) - before <= 0


# ----- 2. ranges, column help, option descriptions -------------------------------------------
def test_a_number_out_of_range_is_refused_with_a_message_beside_its_field(form, table):
    table.add()
    _fill(table, name="Ana", age="-5")
    assert _records(form) == [{"name": "Ana"}]
    assert "Enter a whole number from 0 to 120." in _message(table, "age")
    assert "⚠" in _message(table, "age")  # a sign, not colour alone
    _fill(table, age="40")
    assert _records(form) == [{"name": "Ana", "age": 40}]
    assert _message(table, "age") == ""
    _fill(table, share="1.5")
    assert "Enter a number from 0 to 1." in _message(table, "share")
    _fill(table, floor="0")
    assert "Enter a whole number of at least 1." in _message(table, "floor")


def test_done_keeps_the_editor_open_while_a_field_is_wrong(table, focus):
    table.add()
    _fill(table, name="Ana", age="200")
    by_class(table.editor, "rw-done").click()
    assert shown(table.editor) and table.editing == 0
    assert "Enter a whole number from 0 to 120." in table.editor_problems.value
    assert focus.last is table.cells["age"].widget


def test_a_stored_value_out_of_range_is_flagged_when_opened(form, table):
    form.value = {"contacts": [{"name": "Old", "age": 150}]}
    table.open(0)
    assert "Enter a whole number from 0 to 120." in _message(table, "age")


def test_column_help_is_shown_collapsed_beside_its_field(table):
    table.add()
    help_html = by_class(_cell(table, "age"), "rw-help").value
    assert "<details" in help_html and "Leave it empty if you do not know." in help_html
    assert all_by_class(_cell(table, "name"), "rw-help") == []


def test_option_descriptions_are_shown_under_radios_and_for_the_chosen_drop_down_option(table):
    table.add()
    notes = by_class(_cell(table, "closeness"), "rw-option-notes").value
    assert "One phone call away." in notes and "Close (someone" in notes
    hint = by_class(_cell(table, "stance"), "rw-option-hint", shown_only=False)
    assert not shown(hint)
    table.cells["stance"].widget.value = "champion"
    assert shown(hint) and "Speaks up for the priority in public." in hint.value
    table.cells["stance"].widget.value = "leaning_for"
    assert not shown(hint)


# ----- 3. an empty record is not an answer ---------------------------------------------------
def test_done_on_an_empty_record_removes_it_with_a_note(form, table):
    table.add()
    by_class(table.editor, "rw-done").click()
    assert "contacts" not in form.value
    assert _rows(table) == []
    assert "Removed the empty contact" in by_class(table.widget, "rw-note").value
    assert "This question needs an answer." in form.field("contacts").message.value


def test_done_on_a_filled_record_keeps_it(form, table):
    table.add()
    _fill(table, name="Ana")
    by_class(table.editor, "rw-done").click()
    assert _records(form) == [{"name": "Ana"}]


def test_a_change_from_elsewhere_leaves_the_open_record_open_with_what_is_typed(form, table):
    form.value = {"contacts": [{"_id": "r1", "name": "Ana"}]}
    table.add()  # this tab adds a contact and starts typing
    _fill(table, name="Bo")
    open_id = table.records[table.editing]["_id"]
    # another tab's record arrives (the page's live refresh sets the merged list)
    table.value = [{"_id": "r0", "name": "From elsewhere"}, *table.value]
    assert shown(table.editor)
    assert table.records[table.editing]["_id"] == open_id
    assert table.cells["name"].widget.value == "Bo"
    by_class(table.editor, "rw-done").click()
    assert [r["name"] for r in table.value] == ["From elsewhere", "Ana", "Bo"]


def test_a_change_from_elsewhere_that_removed_the_open_record_closes_the_editor(form, table):
    form.value = {"contacts": [{"_id": "r1", "name": "Ana"}, {"_id": "r2", "name": "Bo"}]}
    table.open(1)
    table.value = [{"_id": "r1", "name": "Ana"}]  # deleted elsewhere
    assert not shown(table.editor)
    assert table.editing is None
    assert [r["name"] for r in table.records] == ["Ana"]


# ----- 4. drop-downs show their empty choice --------------------------------------------------
def test_an_unanswered_drop_down_shows_choose():
    choice = ChoiceInput("Pick", [("A", "a"), ("B", "b")], dropdown=True)
    assert choice.widget.index == 0 and choice.widget.label == "— choose —"
    choice.value = "b"
    choice.value = None
    assert choice.widget.index == 0 and choice.value is None
    seen = []
    choice.on_change(seen.append)
    choice.widget.value = "a"
    choice.widget.index = 0  # the user picks '— choose —' again
    assert seen == ["a", None] and choice.value is None


def test_the_sort_drop_down_returns_to_its_prompt(form, table):
    form.value = {"contacts": [{"name": "B"}, {"name": "A"}]}
    table.sort_by.value = ("name", False)
    assert table.sort_by.index == 0 and table.sort_by.label.startswith("Sort the list")


# ----- 6. focus -------------------------------------------------------------------------------
def test_add_focuses_the_first_field_and_done_returns_to_the_row(table, focus):
    table.add_button.click()
    assert focus.last is table.cells["name"].widget
    _fill(table, name="Ana")
    by_class(table.editor, "rw-done").click()
    edit = by_class(_rows(table)[0], "rw-edit")
    assert focus.last is edit
    assert "1" in edit.tooltip


def test_done_on_an_empty_record_returns_focus_to_add(table, focus):
    table.add_button.click()
    by_class(table.editor, "rw-done").click()
    assert focus.last is table.add_button


def test_delete_moves_focus_to_undo_and_undo_back_to_the_row(form, table, focus):
    form.value = {"contacts": [{"name": "A"}, {"name": "B"}]}
    by_class(_rows(table)[0], "rw-delete").click()
    assert focus.last is table.undo_button
    table.undo_button.click()
    assert focus.last is by_class(_rows(table)[0], "rw-edit")


def test_moving_a_record_keeps_focus_on_it(form, table, focus):
    form.value = {"contacts": [{"name": "A"}, {"name": "B"}, {"name": "C"}]}
    by_class(_rows(table)[2], "rw-up").click()
    assert [r["name"] for r in _records(form)] == ["A", "C", "B"]
    assert focus.last is by_class(_rows(table)[1], "rw-up")


# ----- 7. the undo bar never goes stale ------------------------------------------------------
def _edit(form, table):
    table.open(0)
    _fill(table, name="Renamed")


@pytest.mark.parametrize(
    "action",
    [
        lambda form, table: table.add(),
        _edit,
        lambda form, table: table.move(0, 1),
        lambda form, table: setattr(table.sort_by, "value", ("name", True)),
        lambda form, table: setattr(form, "value", {"contacts": [{"name": "New"}]}),
    ],
    ids=["add", "edit", "move", "sort", "new answers"],
)
def test_the_undo_bar_goes_away_after_the_next_change(form, table, action):
    form.value = {"contacts": [{"name": "A"}, {"name": "B"}, {"name": "C"}]}
    table.delete(0)
    assert shown(table.undo_bar)
    action(form, table)
    assert not shown(table.undo_bar)
    names = [r.get("name") for r in _records(form)]
    table.undo()  # a stale Undo must do nothing
    assert [r.get("name") for r in _records(form)] == names
    assert "A" not in names


def test_undo_restores_the_last_deleted_record_at_its_place(form, table):
    form.value = {"contacts": [{"name": "A"}, {"name": "B"}, {"name": "C"}]}
    table.delete(1)
    table.delete(0)
    table.undo_button.click()
    assert [r["name"] for r in _records(form)] == ["A", "C"]
    assert not shown(table.undo_bar)


# ----- 8. sorting both ways, with the order stated -------------------------------------------
def test_sorting_goes_both_ways_and_says_which(form, table):
    form.value = {
        "contacts": [
            {"name": "Carla", "power": 2},
            {"name": "anna", "power": 5},
            {"name": "Bea"},
            {"name": "Dan", "power": 1},
        ]
    }
    labels = [label for label, _ in table.sort_by.options]
    assert "Say over the decision: highest first" in labels
    assert "Say over the decision: lowest first" in labels
    assert "Name: A to Z" in labels and "Name: Z to A" in labels
    table.sort_by.value = ("power", True)
    assert [r["name"] for r in _records(form)] == ["anna", "Carla", "Dan", "Bea"]
    note = by_class(table.widget, "rw-note").value
    assert "Sorted by Say over the decision, highest first" in note
    table.sort_by.value = ("power", False)
    assert [r["name"] for r in _records(form)] == ["Dan", "Carla", "anna", "Bea"]  # empty last
    table.sort_by.value = ("name", True)
    assert [r["name"] for r in _records(form)] == ["Dan", "Carla", "Bea", "anna"]


def test_choice_columns_sort_in_the_order_of_their_options(form, table):
    form.value = {
        "contacts": [
            {"name": "A", "stance": "opposed"},
            {"name": "B", "stance": "champion"},
            {"name": "C", "stance": "undecided"},
        ]
    }
    table.sort_by.value = ("stance", False)
    assert [r["name"] for r in _records(form)] == ["B", "C", "A"]
    assert "Where they stand today, as listed" in by_class(table.widget, "rw-note").value


def test_the_sort_note_goes_away_after_the_next_change(form, table):
    form.value = {"contacts": [{"name": "B"}, {"name": "A"}]}
    table.sort_by.value = ("name", False)
    table.move(0, 1)
    assert by_class(table.widget, "rw-note", shown_only=False).value == ""


# ----- clicks wait for the typing before them ------------------------------------------------
class _Loop:
    """Stands in for the kernel's event loop: keeps delayed calls until ``run``."""

    def __init__(self) -> None:
        self.calls = []

    def call_later(self, _delay, action, *args):
        self.calls.append(lambda: action(*args))

    def run(self) -> None:
        while self.calls:
            self.calls.pop(0)()


@pytest.fixture
def loop(monkeypatch) -> _Loop:
    fake = _Loop()
    monkeypatch.setattr("reentry_workbook.widgets.focus.kernel_loop", lambda: fake)
    return fake


def test_done_waits_for_the_last_letters_typed(form, table, loop):
    table.add_button.click()
    loop.run()
    by_class(table.editor, "rw-done").click()  # the click overtakes the text ...
    _fill(table, name="Ana")  # ... which arrives just after
    loop.run()
    assert _records(form) == [{"name": "Ana"}]


def test_two_quick_presses_of_delete_remove_one_record(form, table, loop):
    form.value = {"contacts": [{"name": "A"}, {"name": "B"}, {"name": "C"}]}
    delete = by_class(_rows(table)[0], "rw-delete")
    delete.click()
    delete.click()
    loop.run()
    assert [r["name"] for r in _records(form)] == ["B", "C"]
