"""QuestionnaireForm: a page's questions step by step, exchanging plain answers."""

from __future__ import annotations

import functools
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
)
from ..errors import AnswerError
from ..kinds import Lookup
from ..model import (
    ChoiceItemBase,
    ItemBase,
    MatrixItem,
    Questionnaire,
    RefColumn,
    TableItem,
    table_target,
)
from .fields import Field, help_html
from .focus import bring_into_view
from .state import AnswerState
from .styles import style_widget

AnswerCallback = Callable[[str, Any], None]
StepCallback = Callable[[int], object]  # what it returns is not used


def depends_on(q: Questionnaire, item: ItemBase) -> set[str]:
    """Tables of this page whose records an item's pick lists or rows show."""
    found: set[str] = set()
    sources = []
    if isinstance(item, ChoiceItemBase):
        sources.append(table_target(item.choices_from))
    if isinstance(item, MatrixItem):
        sources.append(table_target(item.rows_from))
    found |= {t.table for t in sources if t is not None and t.page in (None, q.id)}
    if isinstance(item, TableItem):
        for col in item.columns:
            if isinstance(col, RefColumn):
                found |= {t.table for t in col.targets() if t.page in (None, q.id)}
    return found


# ipywidgets ships no type information, so its VBox is Any to mypy
class QuestionnaireForm(W.VBox):  # type: ignore[misc]
    """Renders a page's questions one step at a time; ``value`` is the answers as a plain dict.

    Steps are built the first time they are shown, so a long page opens fast. With
    ``only_step``, the form shows that one step without navigation (workbooks put each step in
    its own section). Forms that share one ``state`` see each other's answers at once.
    ``items`` limits the form to those items (e.g. the questions meant for participants).
    """

    value = traitlets.Dict(help="Answers keyed by item id (plain, JSON-serialisable data).")

    def __init__(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any] | None = None,
        *,
        state: AnswerState | None = None,
        show_title: bool = True,
        only_step: str | None = None,
        items: set[str] | None = None,
        others: Lookup | None = None,
        finish_text: str | None = None,
    ) -> None:
        super().__init__()
        self.add_class("rw-form")
        self.questionnaire = q = questionnaire
        self.state = state or AnswerState(q, answers, others)
        if state is not None and answers:
            self.state.replace(answers)
        self.tr = self.state.ctx.tr
        self.items = items
        self.steps = [s for s in q.steps if items is None or any(i.id in items for i in s.items)]
        self.finish_text = finish_text
        self._fields: dict[str, Field] = {}
        self._step_boxes: dict[int, W.VBox] = {}
        self._answer_callbacks: list[AnswerCallback] = []
        self._extra: dict[str, list[str]] = {}
        self._step_callbacks: list[StepCallback] = []
        self._shown: set[str] = set(self.state.visible)
        self.step_index = 0
        self.review_index = len(self.steps)
        self._picking = False
        self.state.on_change(self._state_changed)

        title = W.HTML(
            f"<h2 class='rw-title'>{html.escape(q.title)}</h2>"
            + (f"<p class='rw-intro'>{html.escape(q.intro)}</p>" if q.intro else "")
        )
        self.progress_bar = W.IntProgress(
            value=0, min=0, max=1, description=self.tr("form.progress")
        )
        self.progress_bar.add_class("rw-progress")
        self.progress_text = W.Label("")
        self.progress_text.add_class("rw-progress-text")
        self.step_picker = W.Dropdown(
            options=self._step_options(), value=0, description=self.tr("form.go_to_step")
        )
        self.step_picker.add_class("rw-step-picker")
        self.step_picker.observe(self._picked, names="value")
        self.body = W.VBox()
        self.body.add_class("rw-body")
        self.back_button = W.Button(
            description=self.tr("form.back"), tooltip=self.tr("form.back_tip")
        )
        self.back_button.add_class("rw-back")
        self.back_button.on_click(lambda _b: self.go_to(self.step_index - 1))
        self.next_button = W.Button(
            description=self.tr("form.next"), tooltip=self.tr("form.next_tip")
        )
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
        self.value = dict(self.state.answers)
        self.only_step = only_step
        if only_step is not None:
            ids = [step.id for step in self.steps]
            if only_step not in ids:
                raise KeyError(f"no step {only_step!r}; steps: {', '.join(ids)}")
            self.step_picker.layout.display = "none"
            nav.layout.display = "none"
            self.go_to(ids.index(only_step))
        else:
            self.go_to(0)

    # ----- public API -------------------------------------------------------------------------
    def on_answer(self, callback: AnswerCallback) -> None:
        """Call ``callback(item_id, value)`` after every change the user makes in this form."""
        self._answer_callbacks.append(callback)

    def on_step(self, callback: StepCallback) -> None:
        """Call ``callback(step_index)`` whenever another step is shown."""
        self._step_callbacks.append(callback)

    @traitlets.validate("value")
    def _validate_value(self, proposal: dict[str, Any]) -> dict[str, Any]:
        return validate_answers(self.questionnaire, proposal["value"], self.state.ctx)

    @traitlets.observe("value")
    def _value_assigned(self, change: dict[str, Any]) -> None:
        if change["new"] == self.state.answers:
            return  # our own update
        self.state.replace(change["new"], source=None)

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
        last = index == self.review_index - 1
        self.next_button.description = self.tr("form.review_next" if last else "form.next")
        self.position.value = (
            self.tr("form.review")
            if index == self.review_index
            else self.tr("form.step_of", n=index + 1, total=len(self.steps))
        )
        self._refresh(messages_for=set())
        if self.only_step is None:  # a new step starts at the top of the screen (phones)
            bring_into_view(self.body, self._where())
        for callback in self._step_callbacks:
            callback(index)

    def _where(self) -> str:
        """What a screen reader says at the top of the step shown, e.g. 'Step 2 of 5: Networks'."""
        index = self.step_index
        title = self.steps[index].title if index < len(self.steps) else ""
        return f"{self.position.value}: {title}".rstrip(": ")

    def focus_here(self) -> None:
        """Give the keyboard focus to the top of the step shown: for when the control that had
        it has gone (the Start button of the panel this form replaces)."""
        bring_into_view(self.body, self._where(), focus=True)

    def build_all(self) -> None:
        """Build every step's widgets now (normally each is built when first shown)."""
        for index in range(len(self.steps)):
            self._step_box(index)

    def field(self, item_id: str) -> Field:
        """The on-screen field of an item (building its step if needed)."""
        if item_id not in self._fields:
            for index, step in enumerate(self.steps):
                if any(item.id == item_id for item in step.items):
                    self._step_box(index)
        return self._fields[item_id]

    def fields(self) -> dict[str, Field]:
        """The fields built so far, by item id."""
        return dict(self._fields)

    def set_extra_messages(self, messages: Mapping[str, list[str]]) -> None:
        """Messages from elsewhere (a page's views) to show under items, with their own."""
        changed = {
            k for k in set(messages) | set(self._extra) if messages.get(k) != self._extra.get(k)
        }
        self._extra = {k: list(v) for k, v in messages.items()}
        self._refresh(messages_for=changed & set(self._fields))

    def refresh_picks(self) -> None:
        """Re-read every pick list (e.g. after another page's lists changed)."""
        for field in self._fields.values():
            field.refresh_options()

    # ----- internals ----------------------------------------------------------------------
    def _step_options(self) -> list[tuple[str, int]]:
        marks = {p.step_id: p for p in progress(self.questionnaire, self.state.answers, self.items)}
        options = []
        for i, step in enumerate(self.steps):
            p = marks[step.id]
            done = self.tr("form.done_mark") if p.required and p.complete else ""
            options.append((f"{i + 1}. {step.title}{done}", i))
        options.append((self.tr("form.review_option"), self.review_index))
        return options

    def _picked(self, change: dict[str, Any]) -> None:
        if not self._picking and change["new"] is not None and change["new"] != self.step_index:
            self.go_to(change["new"])

    def _step_box(self, index: int) -> W.VBox:
        if index in self._step_boxes:
            return self._step_boxes[index]
        step = self.steps[index]
        parts: list[W.Widget] = []
        if self.only_step is None:  # a workbook section has its own heading
            parts.append(
                W.HTML(f"<h3 class='rw-step-title'>{index + 1}. {html.escape(step.title)}</h3>")
            )
        if step.guidance:
            parts.append(help_html(step.guidance, self.tr("form.guidance")))
        for item in step.items:
            if self.items is not None and item.id not in self.items:
                continue
            field = Field(self.state.ctx, item)
            field.input.value = self.state.answers.get(item.id)
            field.input.on_change(functools.partial(self._changed, item.id))
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
            value = normalize_answer(self.questionnaire, item, value, self.state.ctx)
        except AnswerError as exc:  # widgets only offer valid values; keep the old answer
            self._fields[item_id].show_messages(list(exc.problems))
            return
        self.state.set(item_id, value, source=self)
        self._refresh(messages_for={item_id})
        for callback in self._answer_callbacks:
            callback(item_id, value)

    def _state_changed(self, item_id: str, value: Any, source: object) -> None:
        if source is not self and item_id in self._fields:
            self._fields[item_id].input.value = value
        for field in self._fields.values():
            if item_id in depends_on(self.questionnaire, field.item):
                field.refresh_options()
        self.value = dict(self.state.answers)
        if source is not self:
            self._refresh(messages_for={item_id} & set(self._fields))

    def _refresh(self, messages_for: set[str]) -> None:
        q = self.questionnaire
        shown = self.state.visible
        if shown != self._shown:
            self._shown = set(shown)
            for item_id, field in self._fields.items():
                field.set_visible(item_id in shown)
        for item_id in messages_for:
            if item_id in self._fields:
                field = self._fields[item_id]
                field.show_messages(
                    item_messages(q, field.item, self.state.answers.get(item_id), self.state.ctx)
                    + self._extra.get(item_id, [])
                )
        steps = {p.step_id: p for p in progress(q, self.state.answers, self.items)}
        mine = [steps[s.id] for s in self.steps]
        answered = sum(p.answered for p in mine)
        required = sum(p.required for p in mine)
        here = mine[self.step_index] if self.step_index < len(mine) else None
        if self.only_step is not None and here is not None:
            self.progress_row.layout.display = None if here.required else "none"
            self.progress_bar.max = max(here.required, 1)
            self.progress_bar.value = here.answered
            self.progress_text.value = self.tr(
                "form.step_progress", answered=here.answered, required=here.required
            )
            return
        self.progress_bar.max = max(required, 1)
        self.progress_bar.value = answered
        extra = (
            self.tr("form.here_progress", answered=here.answered, required=here.required)
            if here is not None and here.required
            else ""
        )
        self.progress_text.value = (
            self.tr("form.all_progress", answered=answered, required=required) + extra
        )

    def _review_box(self) -> W.VBox:
        q = self.questionnaire
        answers: Answers = self.state.answers
        missing = unanswered(q, answers, self.items)
        problems = [
            (item_id, msgs)
            for item_id, value in answers.items()
            if (self.items is None or item_id in self.items)
            and item_id in self.state.visible
            and (msgs := item_messages(q, q.item(item_id), value, self.state.ctx))
        ]
        parts: list[W.Widget] = [
            W.HTML(f"<h3 class='rw-step-title'>{html.escape(self.tr('form.review'))}</h3>")
        ]
        if not missing and not problems:
            parts.append(
                W.HTML(f"<p class='rw-all-done'>{html.escape(self.tr('form.all_done'))}</p>")
            )
        step_of = {item.id: i for i, step in enumerate(self.steps) for item in step.items}
        for title, item in missing:
            tag = self.tr("form.required_missing" if item.required else "form.not_answered")
            parts.append(self._review_row(f"{tag} — {title}: {item.prompt}", step_of[item.id]))
        for item_id, msgs in problems:
            item = q.item(item_id)
            parts.append(
                self._review_row(
                    f"{self.tr('form.check')} — {item.prompt}: {' '.join(msgs)}", step_of[item_id]
                )
            )
        if self.finish_text and not any(i.required for _, i in missing):
            finish = W.Button(description=self.tr("form.finish"), button_style="primary")
            finish.add_class("rw-finish")
            finish.on_click(lambda _b: self._finished())
            note = self.tr("form.skipped", n=len(missing)) if missing else ""
            parts.append(W.HTML(f"<p>{html.escape(note)}</p>") if note else W.HTML(""))
            parts.append(finish)
        box = W.VBox(parts)
        box.add_class("rw-review")
        return box

    def _finished(self) -> None:
        """The thank-you screen (answers are already saved; going back stays possible)."""
        back = W.Button(description=self.tr("form.change_answers"))
        back.add_class("rw-back-to-answers")
        back.on_click(lambda _b: self.go_to(0))
        panel = W.VBox(
            [
                W.HTML(
                    "<div class='rw-finished' role='status'>"
                    f"<h3>{html.escape(self.tr('form.finished_heading'))}</h3>"
                    f"<p>{html.escape(self.finish_text or '')}</p></div>"
                ),
                back,
            ]
        )
        panel.add_class("rw-finished-panel")
        self.body.children = [panel]
        self.progress_row.layout.display = "none"

    def _review_row(self, text: str, step_index: int) -> W.HBox:
        label = W.Label(text, layout=W.Layout(flex="1 1 16em"))
        go = W.Button(
            description=self.tr("form.go_to_step"),
            tooltip=self.tr("form.open_step", n=step_index + 1),
        )
        go.add_class("rw-review-go")
        go.on_click(lambda _b: self.go_to(step_index))
        row = W.HBox([label, go])
        row.add_class("rw-review-row")
        return row
