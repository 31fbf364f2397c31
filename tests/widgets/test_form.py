"""Widget tests without a browser: every kind renders, round-trips and reports changes."""

import datetime as dt
from pathlib import Path
from typing import get_args

import ipywidgets as W
import pytest

from reentry_workbook import AnswerError, load_template
from reentry_workbook.kinds import COLUMN_KINDS, ITEM_KINDS
from reentry_workbook.model import ColumnKind, ItemKind
from reentry_workbook.widgets import QuestionnaireForm
from tests.widgets.find import all_by_class, by_class

pytestmark = pytest.mark.widget
CASES = Path(__file__).resolve().parents[1] / "cases"

FULL = {
    "name": "Ada",
    "story": "Line one\nline two",
    "count": 3,
    "share": 0.5,
    "when": "2026-03-01",
    "colour": "green",
    "colours": ["red", "blue"],
    "agree": False,
    "why_not": "Too soon",
    "ready": "partly",
    "likes": 4,
    "stars": 9,
    "grid": {"a": 5, "b": 2},
    "people": [
        {
            "_id": "p1",
            "name": "Fictional Person",
            "notes": "Met at a fair",
            "age": 40,
            "weight": 70.5,
            "met": "2026-01-02",
            "colour": "red",
            "likes": ["green"],
            "influence": 4,
            "ally": True,
        }
    ],
}


@pytest.fixture
def q():
    return load_template(CASES / "all-kinds.yaml")


@pytest.fixture
def form(q):
    f = QuestionnaireForm(q)
    f.build_all()
    return f


def test_every_kind_has_rules_and_the_case_file_uses_them_all(q):
    assert set(ITEM_KINDS) == set(get_args(ItemKind))
    assert set(COLUMN_KINDS) == set(get_args(ColumnKind))
    assert {item.kind for _, item in q.iter_items()} == set(ITEM_KINDS)
    columns = {c.kind for _, i in q.iter_items() if i.kind == "table" for c in i.columns}
    assert columns == set(COLUMN_KINDS)


def test_round_trip_restores_every_widget(q, form):
    form.value = FULL
    assert form.value == FULL
    rebuilt = QuestionnaireForm(q, FULL)
    rebuilt.build_all()
    assert rebuilt.value == FULL
    form.value = form.value
    assert form.value == FULL
    # widgets show the values, not just the dict
    assert form.field("name").input.widget.value == "Ada"
    assert form.field("count").input.widget.value == "3"
    assert form.field("when").input.widget.value == dt.date(2026, 3, 1)
    assert form.field("colours").input.boxes[2].value is True
    assert form.field("grid").input.rows["b"].widget.value == 2
    assert form.field("people").input.records[0]["name"] == "Fictional Person"


def test_set_value_to_empty_clears(form):
    form.value = FULL
    form.value = {}
    assert form.value == {}
    assert form.field("name").input.widget.value == ""


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"nope": 1}, "nope: no such question"),
        ({"count": "three"}, "count: 'three' is not a whole number"),
        ({"colour": "purple"}, "colour: 'purple' is not an option"),
        ({"likes": 9}, "likes: 9 is not a whole number from 1 to 5"),
        ({"grid": {"z": 1}}, "unknown statement 'z'"),
        ({"people": [{"name": "A", "shoe": 9}]}, "unknown field(s) shoe"),
        ({"agree": "yes"}, "expected yes (true) or no (false)"),
        ({"when": "01/02/2026"}, "is not a date"),
    ],
)
def test_bad_answers_raise_clear_errors(form, answers, fragment):
    form.value = {"name": "Kept"}
    with pytest.raises(AnswerError) as info:
        form.value = answers
    assert fragment in str(info.value)
    assert form.value == {"name": "Kept"}


def test_each_change_is_reported(form):
    seen = []
    form.on_answer(lambda item_id, value: seen.append((item_id, value)))
    traits = []
    form.observe(lambda ch: traits.append(ch["new"]), names="value")
    form.field("name").input.widget.value = "Bo"
    form.field("ready").input.widget.value = "yes"
    form.field("colours").input.boxes[0].value = True
    assert seen == [("name", "Bo"), ("ready", "yes"), ("colours", ["red"])]
    assert traits[-1] == {"name": "Bo", "ready": "yes", "colours": ["red"]}


def test_programmatic_value_does_not_echo_as_user_change(form):
    seen = []
    form.on_answer(lambda *a: seen.append(a))
    form.value = FULL
    assert seen == []


def test_visible_if_toggles_live(form):
    why_not = form.field("why_not").box
    assert why_not.layout.display == "none"
    form.field("agree").input.widget.value = False
    assert why_not.layout.display is None
    form.field("agree").input.widget.value = True
    assert why_not.layout.display == "none"


def test_validator_messages_are_plain_words(form):
    form.field("count").input.widget.value = "3"
    form.field("count").input.widget.value = "9"
    assert "Enter a whole number from 1 to 5" in form.field("count").message.value
    form.field("count").input.widget.value = "lots"
    assert "Enter a whole number from 1 to 5" in form.field("count").message.value
    assert form.value["count"] == 3  # the last answer that fits is kept, not lost
    form.field("name").input.widget.value = "A much too long name"
    assert "Shorten this to 10 characters" in form.field("name").message.value
    for box in form.field("colours").input.boxes:
        box.value = True
    assert "Choose at most 2 options." in form.field("colours").message.value


def test_required_message_after_clearing(form):
    form.field("name").input.widget.value = "x"
    form.field("name").input.widget.value = ""
    assert "This question needs an answer." in form.field("name").message.value
    assert "name" not in form.value


def test_navigation_progress_and_review(form):
    assert form.step_index == 0 and form.back_button.disabled
    form.next_button.click()
    assert form.step_index == 1
    assert form.progress_text.value.startswith("0 of 2 required")
    form.field("ready").input.widget.value = "yes"
    assert form.progress_bar.value == 1 and form.progress_bar.max == 2
    form.step_picker.value = form.review_index
    assert form.step_index == form.review_index and form.next_button.disabled
    rows = all_by_class(by_class(form.body, "rw-review"), "rw-review-row")
    texts = [next(c.value for c in row.children if isinstance(c, W.Label)) for row in rows]
    assert any(t.startswith("Required, not answered — Basics: Your name") for t in texts)
    assert not any("Are we ready?" in t for t in texts)
    by_class(rows[0], "rw-review-go").click()
    assert form.step_index == 0


def test_guidance_and_labels_are_escaped(form):
    step = form._step_box(0)
    guidance = next(c.value for c in step.children if "rw-help" in getattr(c, "value", ""))
    assert "<script>" not in guidance and "&lt;script&gt;" in guidance


def test_steps_are_built_lazily(q):
    form = QuestionnaireForm(q)
    assert list(form._step_boxes) == [0]
    form.go_to(2)
    assert sorted(form._step_boxes) == [0, 2]
