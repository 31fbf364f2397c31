"""QuestionnaireForm: a template as a step-by-step form that exchanges plain answers."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as W
import traitlets

from ..answers import (
    Answers,
    item_messages,
    normalize_answer,
    progress,
    unanswered,
    validate_answers,
    visible_items,
)
from ..errors import AnswerError
from ..model import Questionnaire
from .fields import Field, help_html
from .styles import style_widget

AnswerCallback = Callable[[str, Any], None]
StepCallback = Callable[[int], None]
REVIEW = "review"


class QuestionnaireForm(W.VBox):
    """Renders a questionnaire one step at a time; ``value`` is the answers as a plain dict.

    Steps are built the first time they are shown, so a long questionnaire opens fast.
    With ``only_step``, the form shows that one step without navigation (for workbooks that
    put each step in its own section).
    """

    value = traitlets.Dict(help="Answers keyed by item id (plain, JSON-serialisable data).")

    def __init__(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any] | None = None,
        *,
        show_title: bool = True,
        only_step: str | None = None,
    ) -> None:
        super().__init__()
        self.add_class("rw-form")
        self.questionnaire = q = questionnaire
        self._answers: Answers = validate_answers(q, answers or {})
        self._fields: dict[str, Field] = {}
        self._step_boxes: dict[int, W.VBox] = {}
        self._answer_callbacks: list[AnswerCallback] = []
        self._step_callbacks: list[StepCallback] = []
        self._shown: set[str] = visible_items(q, self._answers)
        self.step_index = 0
        self.review_index = len(q.steps)
        self._picking = False

        title = W.HTML(
            f"<h2 class='rw-title'>{html.escape(q.title)}</h2>"
            + (f"<p class='rw-intro'>{html.escape(q.intro)}</p>" if q.intro else "")
        )
        self.progress_bar = W.IntProgress(value=0, min=0, max=1, description="Progress")
        self.progress_bar.add_class("rw-progress")
        self.progress_text = W.Label("")
        self.progress_text.add_class("rw-progress-text")
        self.step_picker = W.Dropdown(
            options=self._step_options(), value=0, description="Go to step"
        )
        self.step_picker.add_class("rw-step-picker")
        self.step_picker.observe(self._picked, names="value")
        self.body = W.VBox()
        self.body.add_class("rw-body")
        self.back_button = W.Button(description="‹ Back", tooltip="Previous step")
        self.back_button.add_class("rw-back")
        self.back_button.on_click(lambda _b: self.go_to(self.step_index - 1))
        self.next_button = W.Button(description="Next ›", tooltip="Next step")
        self.next_button.add_class("rw-next-step")
        self.next_button.button_style = "primary"
        self.next_button.on_click(lambda _b: self.go_to(self.step_index + 1))
        self.position = W.Label("")
        self.position.add_class("rw-position")
        self.progress_row = W.HBox([self.progress_bar, self.progress_text])
        self.progress_row.add_class("rw-progress-row")
        nav = W.HBox([self.back_button, self.position, self.next_button])
        nav.add_class("rw-nav")
        header = [title] if show_title else []
        self.children = [
            style_widget(),
            *header,
            self.progress_row,
            self.step_picker,
            self.body,
            nav,
        ]
        self.value = dict(self._answers)
        self.only_step = only_step
        if only_step is not None:
            ids = [step.id for step in q.steps]
            if only_step not in ids:
                raise KeyError(f"no step {only_step!r}; steps: {', '.join(ids)}")
            self.step_picker.layout.display = "none"
            nav.layout.display = "none"
            self.go_to(ids.index(only_step))
        else:
            self.go_to(0)

    # ----- public API -------------------------------------------------------------------------
    def on_answer(self, callback: AnswerCallback) -> None:
        """Call ``callback(item_id, value)`` after every change the user makes."""
        self._answer_callbacks.append(callback)

    def on_step(self, callback: StepCallback) -> None:
        """Call ``callback(step_index)`` whenever another step is shown."""
        self._step_callbacks.append(callback)

    @traitlets.validate("value")
    def _validate_value(self, proposal: dict) -> dict:
        return validate_answers(self.questionnaire, proposal["value"])

    @traitlets.observe("value")
    def _value_assigned(self, change: dict) -> None:
        if change["new"] == self._answers:
            return  # our own update
        self._answers = dict(change["new"])
        for item_id, field in self._fields.items():
            field.input.value = self._answers.get(item_id)
        self._refresh(messages_for=set(self._fields))

    def go_to(self, index: int) -> None:
        """Show step ``index`` (the step after the last is the review)."""
        index = max(0, min(index, self.review_index))
        self.step_index = index
        if index == self.review_index:
            self.body.children = [self._review_box()]
        else:
            self.body.children = [self._step_box(index)]
        self._picking = True
        try:
            self.step_picker.options = self._step_options()
            self.step_picker.value = index
        finally:
            self._picking = False
        self.back_button.disabled = index == 0
        self.next_button.disabled = index == self.review_index
        self.next_button.description = "Review ›" if index == self.review_index - 1 else "Next ›"
        total = len(self.questionnaire.steps)
        self.position.value = (
            "Review" if index == self.review_index else f"Step {index + 1} of {total}"
        )
        self._refresh(messages_for=set())
        for callback in self._step_callbacks:
            callback(index)

    def build_all(self) -> None:
        """Build every step's widgets now (normally each is built when first shown)."""
        for index in range(len(self.questionnaire.steps)):
            self._step_box(index)

    def field(self, item_id: str) -> Field:
        """The on-screen field of an item (building its step if needed)."""
        if item_id not in self._fields:
            for index, step in enumerate(self.questionnaire.steps):
                if any(item.id == item_id for item in step.items):
                    self._step_box(index)
        return self._fields[item_id]

    # ----- internals ----------------------------------------------------------------------
    def _step_options(self) -> list[tuple[str, int]]:
        marks = {p.step_id: p for p in progress(self.questionnaire, self._answers)}
        options = []
        for i, step in enumerate(self.questionnaire.steps):
            p = marks[step.id]
            done = " ✓" if p.required and p.complete else ""
            options.append((f"{i + 1}. {step.title}{done}", i))
        options.append(("Review: what is still missing", self.review_index))
        return options

    def _picked(self, change: dict) -> None:
        if not self._picking and change["new"] is not None and change["new"] != self.step_index:
            self.go_to(change["new"])

    def _step_box(self, index: int) -> W.VBox:
        if index in self._step_boxes:
            return self._step_boxes[index]
        step = self.questionnaire.steps[index]
        parts: list[W.Widget] = []
        if self.only_step is None:  # a workbook section has its own heading
            parts.append(
                W.HTML(f"<h3 class='rw-step-title'>{index + 1}. {html.escape(step.title)}</h3>")
            )
        if step.guidance:
            parts.append(help_html(step.guidance, "Guidance for this step"))
        for item in step.items:
            field = Field(self.questionnaire, item)
            field.input.value = self._answers.get(item.id)
            field.input.on_change(lambda value, item_id=item.id: self._changed(item_id, value))
            field.set_visible(item.id in self._shown)
            self._fields[item.id] = field
            parts.append(field.box)
        box = W.VBox(parts)
        box.add_class("rw-step")
        box.add_class(f"rw-step-{step.id}")
        self._step_boxes[index] = box
        return box

    def _changed(self, item_id: str, value: Any) -> None:
        item = self.questionnaire.item(item_id)
        try:
            value = normalize_answer(self.questionnaire, item, value)
        except AnswerError as exc:  # widgets only offer valid values; keep the old answer
            self._fields[item_id].show_messages(list(exc.problems))
            return
        if value is None:
            self._answers.pop(item_id, None)
        else:
            self._answers[item_id] = value
        self.value = dict(self._answers)
        self._refresh(messages_for={item_id})
        for callback in self._answer_callbacks:
            callback(item_id, value)

    def _refresh(self, messages_for: set[str]) -> None:
        q = self.questionnaire
        shown = visible_items(q, self._answers)
        if shown != self._shown:
            self._shown = shown
            for item_id, field in self._fields.items():
                field.set_visible(item_id in shown)
        for item_id in messages_for:
            if item_id in self._fields:
                field = self._fields[item_id]
                field.show_messages(item_messages(q, field.item, self._answers.get(item_id)))
        steps = progress(q, self._answers)
        answered = sum(p.answered for p in steps)
        required = sum(p.required for p in steps)
        self.progress_bar.max = max(required, 1)
        self.progress_bar.value = answered
        here = (
            f" · this step: {steps[self.step_index].answered} of {steps[self.step_index].required}"
            if self.step_index < len(steps) and steps[self.step_index].required
            else ""
        )
        if self.only_step is not None:
            mine = steps[self.step_index]
            self.progress_row.layout.display = None if mine.required else "none"
            self.progress_bar.max = max(mine.required, 1)
            self.progress_bar.value = mine.answered
            self.progress_text.value = (
                f"{mine.answered} of {mine.required} required answers given in this step"
            )
            return
        self.progress_text.value = f"{answered} of {required} required answers given{here}"

    def _review_box(self) -> W.VBox:
        q = self.questionnaire
        missing = unanswered(q, self._answers)
        problems = [
            (item_id, msgs)
            for item_id, value in self._answers.items()
            if (msgs := item_messages(q, q.item(item_id), value))
        ]
        parts: list[W.Widget] = [W.HTML("<h3 class='rw-step-title'>Review</h3>")]
        if not missing and not problems:
            parts.append(W.HTML("<p class='rw-all-done'>✓ Every question has an answer.</p>"))
        step_of = {item.id: i for i, step in enumerate(q.steps) for item in step.items}
        for title, item in missing:
            tag = "Required, not answered" if item.required else "Not answered"
            parts.append(self._review_row(f"{tag} — {title}: {item.prompt}", step_of[item.id]))
        for item_id, msgs in problems:
            item = q.item(item_id)
            parts.append(
                self._review_row(f"Check — {item.prompt}: {' '.join(msgs)}", step_of[item_id])
            )
        box = W.VBox(parts)
        box.add_class("rw-review")
        return box

    def _review_row(self, text: str, step_index: int) -> W.HBox:
        label = W.Label(text, layout=W.Layout(flex="1 1 16em"))
        go = W.Button(description="Go to step", tooltip=f"Open step {step_index + 1}")
        go.add_class("rw-review-go")
        go.on_click(lambda _b: self.go_to(step_index))
        row = W.HBox([label, go])
        row.add_class("rw-review-row")
        return row
