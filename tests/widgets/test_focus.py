"""Bringing a new step into view: one focus marker at the top of the step, out of the Tab order."""

from pathlib import Path

import ipywidgets as W
import pytest

from reentry_workbook import load_template
from reentry_workbook.widgets import QuestionnaireForm
from reentry_workbook.widgets.focus import anchor_of, bring_into_view
from tests.widgets.find import FocusSpy, all_by_class

pytestmark = pytest.mark.widget
ALL_KINDS = Path(__file__).resolve().parents[1] / "cases" / "all-kinds.yaml"


@pytest.fixture
def focus(monkeypatch) -> FocusSpy:
    spy = FocusSpy()
    monkeypatch.setattr(W.DOMWidget, "focus", lambda self: spy.calls.append(self))
    return spy


def test_bring_into_view_focuses_one_marker_at_the_top_of_the_box(focus):
    heading, question = W.HTML("<h3>1. Priorities</h3>"), W.Text(description="Name")
    box = W.VBox([heading, question])
    bring_into_view(box, "Step 1 of 5: Priorities")  # the page has just opened
    anchor = anchor_of(box)
    assert box.children == (anchor, heading, question)
    assert "rw-anchor" in anchor._dom_classes and anchor.tabbable is False
    assert focus.calls == []
    heading.value = "<h3>2. Networks</h3>"
    box.children = [heading, question]  # the next step replaces the content
    bring_into_view(box, "Step 2 of 5: Networks")
    assert box.children == (anchor, heading, question)
    assert all_by_class(box, "rw-anchor") == [anchor]
    assert anchor.description == "Step 2 of 5: Networks" and focus.calls == [anchor]


def test_next_brings_the_next_step_into_view(focus):
    form = QuestionnaireForm(load_template(ALL_KINDS))
    assert focus.calls == []  # opening the form takes no focus
    form.next_button.click()
    marker = anchor_of(form.body) or anchor_of(form._step_box(1))
    assert marker is not None and focus.last is marker
    assert "Step 2 of" in marker.description
