"""One field per item kind, chosen through FIELD_FACTORIES; fields hold widgets, not logic."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..model import Item, Questionnaire
from .inputs import (
    YES_NO_OPTIONS,
    ChoiceInput,
    DateInput,
    Input,
    MultiChoiceInput,
    NumberInput,
    TextInput,
    choice_options,
)
from .table import TableEditor


def help_html(text: str, summary: str = "More about this question") -> W.HTML:
    """Collapsible guidance (a native <details>, so it opens with the keyboard too)."""
    return W.HTML(
        f"<details class='rw-help'><summary>{html.escape(summary)}</summary>"
        f"<p>{html.escape(text)}</p></details>"
    )


def prompt_text(item: Item) -> str:
    """The prompt as shown, with a worded marker for required items."""
    return item.prompt + (" (required)" if item.required else "")


class MatrixInput(Input):
    """Statements as rows, each answered on the same scale."""

    def __init__(self, q: Questionnaire, item: Item) -> None:
        super().__init__()
        cast = str if item.choices else int
        options = choice_options(q.options(item), cast)
        self.rows = {
            row.id: ChoiceInput(row.label, options, horizontal=True, dropdown=False)
            for row in item.rows or ()
        }
        for row_input in self.rows.values():
            row_input.widget.add_class("rw-matrix-row")
            row_input.on_change(lambda _v: self._emit(self.value))
        legend = W.HTML(f"<div class='rw-legend'>{html.escape(prompt_text(item))}</div>")
        self.widget = W.VBox([legend, *(r.widget for r in self.rows.values())])
        self.widget.add_class("rw-matrix")

    def _get(self) -> dict[str, Any] | None:
        answers = {rid: r.value for rid, r in self.rows.items() if r.value is not None}
        return answers or None

    def _set(self, new: dict[str, Any] | None) -> None:
        for rid, row_input in self.rows.items():
            row_input.value = (new or {}).get(rid)


def _text(q: Questionnaire, item: Item) -> Input:
    return TextInput(prompt_text(item), item.kind == "long_text", item.placeholder or "")


def _number(q: Questionnaire, item: Item) -> Input:
    label = prompt_text(item) + (f" ({item.unit})" if item.unit else "")
    return NumberInput(label, item.kind == "integer", item.placeholder or "")


def _single(q: Questionnaire, item: Item) -> Input:
    return ChoiceInput(prompt_text(item), choice_options(q.options(item)))


def _multiple(q: Questionnaire, item: Item) -> Input:
    return MultiChoiceInput(prompt_text(item), q.options(item))


def _yes_no(q: Questionnaire, item: Item) -> Input:
    return ChoiceInput(prompt_text(item), YES_NO_OPTIONS, horizontal=True, dropdown=False)


def _scale(q: Questionnaire, item: Item) -> Input:
    horizontal = item.kind == "rating"
    options = choice_options(q.options(item), int)
    return ChoiceInput(prompt_text(item), options, horizontal=horizontal, dropdown=False)


def _status(q: Questionnaire, item: Item) -> Input:
    return ChoiceInput(prompt_text(item), choice_options(q.options(item)), dropdown=False)


FIELD_FACTORIES: dict[str, Callable[[Questionnaire, Item], Input]] = {
    "short_text": _text,
    "long_text": _text,
    "integer": _number,
    "number": _number,
    "date": lambda q, item: DateInput(prompt_text(item)),
    "single_choice": _single,
    "multiple_choice": _multiple,
    "yes_no": _yes_no,
    "status": _status,
    "likert": _scale,
    "rating": _scale,
    "matrix": MatrixInput,
    "table": lambda q, item: TableEditor(q, item, prompt_text(item)),
}
"""Item kind -> input factory: adding a kind means adding one entry here."""


class Field:
    """An item on screen: its input, its collapsible help, and its inline message."""

    def __init__(self, q: Questionnaire, item: Item) -> None:
        self.item = item
        self.input = FIELD_FACTORIES[item.kind](q, item)
        self.message = W.HTML("")
        self.message.add_class("rw-message")
        parts: list[W.Widget] = [self.input.widget]
        if item.help:
            parts.append(help_html(item.help))
        parts.append(self.message)
        self.box = W.VBox(parts)
        self.box.add_class("rw-item")
        self.box.add_class(f"rw-item-{item.id}")
        self.box.add_class(f"rw-kind-{item.kind}")

    def show_messages(self, messages: list[str]) -> None:
        """Show plain-language problems under the item (text and an icon, not colour alone)."""
        if self.input.error:
            messages = [self.input.error, *messages]
        self.message.value = "".join(
            f"<div class='rw-problem' role='status'>⚠ {html.escape(m)}</div>"
            for m in dict.fromkeys(messages)
        )

    def set_visible(self, visible: bool) -> None:
        """Show or hide the item (for visible_if)."""
        self.box.layout.display = None if visible else "none"
