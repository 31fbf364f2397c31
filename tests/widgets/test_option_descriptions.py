"""Every kind that offers options shows the options' descriptions (a data-driven case file)."""

from pathlib import Path

import ipywidgets as W
import pytest

from reentry_workbook import load_template
from reentry_workbook.model import TableItem
from reentry_workbook.widgets import QuestionnaireForm
from reentry_workbook.widgets.inputs import NO_ANSWER
from tests.widgets.find import _walk, by_class

pytestmark = pytest.mark.widget
Q = load_template(Path(__file__).resolve().parents[1] / "cases" / "option-descriptions.yaml")


def _shown_text(root: W.Widget) -> str:
    """The text of every HTML widget shown under ``root``; a drop-down's hint is read for each
    of its options in turn (it describes the chosen one)."""
    text = []
    for widget in list(_walk(root, shown_only=True)):
        if isinstance(widget, W.Dropdown):
            before = widget.value
            for _label, value in widget.options:
                if value is not NO_ANSWER:
                    widget.value = value
                    text += [w.value for w in _walk(root, True) if isinstance(w, W.HTML)]
            widget.value = before
        elif isinstance(widget, W.HTML):
            text.append(widget.value)
    return "\n".join(text)


def _cases():
    for _, item in Q.iter_items():
        if isinstance(item, TableItem):
            for column in item.columns:
                described = [c.description for c in Q.column_options(column) if c.description]
                if described:
                    yield pytest.param(item.id, column.id, described, id=f"{item.id}.{column.id}")
        else:
            described = [c.description for c in Q.options(item) if c.description]
            if described:
                yield pytest.param(item.id, None, described, id=item.id)


CASES = list(_cases())


def test_the_case_file_has_every_kind_that_offers_options():
    kinds = {
        Q.items[i].kind if c is None else Q.items[i].column(c).kind
        for i, c, _ in (case.values for case in CASES)
    }
    assert {"single_choice", "multiple_choice", "status", "matrix"} <= kinds
    assert {"choice", "multi_choice"} <= kinds


@pytest.mark.parametrize(("item_id", "column_id", "descriptions"), CASES)
def test_every_option_description_is_shown(item_id, column_id, descriptions):
    form = QuestionnaireForm(Q)
    field = form.field(item_id)
    if column_id is None:
        root = field.box
    else:
        table = field.input
        table.add()
        root = by_class(table.editor, f"rw-col-{column_id}")
    text = _shown_text(root)
    for description in descriptions:
        assert description in text
