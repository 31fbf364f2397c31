"""A list editor for table items: add, edit, delete with undo, move, sort, page through."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..answers import RECORD_ID, scale_bounds
from ..model import Column, Item, Questionnaire
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
from .text import keep_text

Record = dict[str, Any]


def _scale_input(q: Questionnaire, col: Column, label: str) -> Input:
    low, high = scale_bounds(col)
    options = [(str(i), i) for i in range(low, high + 1)]
    return ChoiceInput(label, options, horizontal=True, dropdown=False)


CELL_FACTORIES: dict[str, Callable[[Questionnaire, Column, str], Input]] = {
    "text": lambda q, col, label: TextInput(label),
    "long_text": lambda q, col, label: TextInput(label, multiline=True),
    "integer": lambda q, col, label: NumberInput(label, integer=True),
    "number": lambda q, col, label: NumberInput(label, integer=False),
    "date": lambda q, col, label: DateInput(label),
    "choice": lambda q, col, label: ChoiceInput(
        label, choice_options(q.resolve(col.choices)), dropdown=len(q.resolve(col.choices)) > 4
    ),
    "multi_choice": lambda q, col, label: MultiChoiceInput(label, q.resolve(col.choices)),
    "scale": _scale_input,
    "yes_no": lambda q, col, label: ChoiceInput(
        label, YES_NO_OPTIONS, horizontal=True, dropdown=False
    ),
}
"""Column kind -> input factory for the record editor."""


def _button(text: str, tooltip: str, cls: str, handler: Callable[[], None]) -> W.Button:
    button = W.Button(description=text, tooltip=tooltip, layout=W.Layout(width="auto"))
    button.add_class(cls)
    button.on_click(lambda _b: handler())
    return button


def plural(noun: str) -> str:
    """The English plural of a record label: priority -> priorities, person -> people."""
    irregular = {"person": "people", "child": "children"}
    head, _, last = noun.rpartition(" ")
    if last in irregular:
        word = irregular[last]
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        word = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x", "z")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


class TableEditor(Input):
    """Edits a list of records, one record at a time, showing a page of summaries."""

    PAGE_SIZE = 10

    def __init__(self, q: Questionnaire, item: Item, label: str) -> None:
        super().__init__()
        self.q = q
        self.item = item
        self.noun = item.record_label or "record"
        self.columns = item.columns or ()
        self.records: list[Record] = []
        self.page = 0
        self.editing: int | None = None
        self._deleted: tuple[int, Record] | None = None

        legend = W.HTML(f"<div class='rw-legend'>{html.escape(label)}</div>")
        self.add_button = _button(f"+ Add {self.noun}", f"Add a {self.noun}", "rw-add", self.add)
        sort_options = [("Sort the list by …", None)] + [(c.label, c.id) for c in self.columns]
        self.sort_by = W.Dropdown(options=sort_options, index=0, layout=W.Layout(width="auto"))
        self.sort_by.add_class("rw-sort")
        self.sort_by.observe(self._sort_chosen, names="value")
        self.prev_button = _button("‹ Previous", "Previous page", "rw-prev", self._prev)
        self.next_button = _button("Next ›", "Next page", "rw-next", self._next)
        self.page_label = W.Label("")
        self.page_label.add_class("rw-page-label")
        toolbar = W.HBox([self.add_button, self.sort_by])
        toolbar.add_class("rw-toolbar")
        self.pager = W.HBox([self.prev_button, self.page_label, self.next_button])
        self.pager.add_class("rw-toolbar")
        self.rows_box = W.VBox()
        self.rows_box.add_class("rw-rows")

        self.undo_label = keep_text(W.Label(""))
        self.undo_button = _button("Undo", "Bring the deleted record back", "rw-undo", self.undo)
        self.undo_bar = W.HBox([self.undo_label, self.undo_button])
        self.undo_bar.add_class("rw-undo-bar")
        self.undo_bar.layout.display = "none"

        self._cells: dict[str, Input] | None = None  # the record editor is built on first use
        self.editor = W.VBox()
        self.editor.add_class("rw-editor")
        self.editor.layout.display = "none"

        self.widget = W.VBox(
            [legend, toolbar, self.rows_box, self.pager, self.undo_bar, self.editor]
        )
        self.widget.add_class("rw-table")
        self._render_rows()

    @property
    def cells(self) -> dict[str, Input]:
        """One input per column, in the record editor (built the first time it is needed)."""
        if self._cells is None:
            self._cells = {}
            for col in self.columns:
                text = col.label + (" (required)" if col.required else "")
                cell = CELL_FACTORIES[col.kind](self.q, col, text)
                cell.on_change(lambda value, cid=col.id: self._cell_changed(cid, value))
                cell.widget.add_class(f"rw-col-{col.id}")
                self._cells[col.id] = cell
            self.editor_title = W.HTML("")
            self.editor_problems = W.HTML("")
            self.editor_problems.add_class("rw-message")
            done = _button("Done", f"Close this {self.noun}", "rw-done", self.close_editor)
            done.button_style = "primary"
            self.editor.children = [
                self.editor_title,
                *(c.widget for c in self._cells.values()),
                self.editor_problems,
                done,
            ]
        return self._cells

    # ----- plain value --------------------------------------------------------------------
    def _get(self) -> list[Record] | None:
        return [dict(r) for r in self.records] or None

    def _set(self, new: list[Record] | None) -> None:
        self.records = [
            {RECORD_ID: uuid.uuid4().hex, **{k: v for k, v in r.items() if v is not None}}
            if not r.get(RECORD_ID)
            else dict(r)
            for r in new or ()
        ]
        self.editing = None
        self.editor.layout.display = "none"
        self.page = 0
        self._render_rows()

    def _changed(self) -> None:
        self._emit(self.value)

    # ----- actions --------------------------------------------------------------------------
    def add(self) -> None:
        """Add an empty record and open it in the editor."""
        self.records.append({RECORD_ID: uuid.uuid4().hex})
        self._changed()
        self.open(len(self.records) - 1)

    def open(self, index: int) -> None:
        """Show record ``index`` in the editor."""
        self.editing = index
        self.page = index // self.PAGE_SIZE
        record = self.records[index]
        for cid, cell in self.cells.items():
            cell.value = record.get(cid)
        self.editor_title.value = (
            f"<h4 class='rw-editor-title'>Editing {html.escape(self.noun)} {index + 1}</h4>"
        )
        self._show_editor_problems()
        self.editor.layout.display = None
        self._render_rows()

    def close_editor(self) -> None:
        """Hide the editor (every edit is already kept)."""
        self.editing = None
        self.editor.layout.display = "none"
        self._render_rows()

    def delete(self, index: int) -> None:
        """Remove a record; Undo brings it back."""
        record = self.records.pop(index)
        self._deleted = (index, record)
        if self.editing is not None:
            self.close_editor()
        self.undo_label.value = f"Deleted {self.noun}: {self._summary(record) or '(empty)'}"
        self.undo_bar.layout.display = None
        self.page = min(self.page, max(0, (len(self.records) - 1) // self.PAGE_SIZE))
        self._changed()
        self._render_rows()

    def undo(self) -> None:
        """Restore the last deleted record at its old place."""
        if self._deleted is None:
            return
        index, record = self._deleted
        self.records.insert(min(index, len(self.records)), record)
        self._deleted = None
        self.undo_bar.layout.display = "none"
        self._changed()
        self._render_rows()

    def move(self, index: int, step: int) -> None:
        """Move a record up (-1) or down (+1)."""
        target = index + step
        if 0 <= target < len(self.records):
            self.records[index], self.records[target] = self.records[target], self.records[index]
            if self.editing in (index, target):
                self.editing = target if self.editing == index else index
            self._changed()
            self._render_rows()

    def sort(self, column_id: str) -> None:
        """Reorder records by a column (empty values last)."""
        col = next(c for c in self.columns if c.id == column_id)
        labels = {c.value: c.label for c in self.q.resolve(col.choices)}

        def key(record: Record) -> tuple:
            value = record.get(column_id)
            if value is None:
                return (1, "")
            if isinstance(value, list):
                value = ", ".join(labels.get(v, v) for v in value)
            value = labels.get(value, value) if isinstance(value, str) else value
            return (0, value.lower() if isinstance(value, str) else value)

        self.records.sort(key=key)
        self.close_editor()
        self._changed()

    # ----- internals ----------------------------------------------------------------------
    def _sort_chosen(self, change: dict) -> None:
        if change["new"] is not None:
            self.sort(change["new"])
            self.sort_by.index = 0

    def _prev(self) -> None:
        self.page = max(0, self.page - 1)
        self._render_rows()

    def _next(self) -> None:
        self.page = min(self.page + 1, max(0, (len(self.records) - 1) // self.PAGE_SIZE))
        self._render_rows()

    def _cell_changed(self, column_id: str, value: Any) -> None:
        if self.editing is None:
            return
        record = self.records[self.editing]
        if value is None:
            record.pop(column_id, None)
        else:
            record[column_id] = value
        self._show_editor_problems()
        summary = self._row_labels.get(self.editing)
        if summary is not None:
            summary.value = self._row_text(self.editing)
        self._changed()

    def _show_editor_problems(self) -> None:
        if self.editing is None:
            return
        record = self.records[self.editing]
        problems = [c.error for c in (self._cells or {}).values() if c.error]
        problems += [
            f"{col.label} is required."
            for col in self.columns
            if col.required and not record.get(col.id)
        ]
        self.editor_problems.value = "".join(
            f"<div class='rw-problem' role='status'>⚠ {html.escape(p)}</div>" for p in problems
        )

    def _display(self, col: Column, value: Any) -> str:
        if col.kind in ("choice", "multi_choice"):
            labels = {c.value: c.label for c in self.q.resolve(col.choices)}
            values = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(v, str(v)) for v in values)
        if col.kind == "yes_no":
            return f"{col.label}: {'yes' if value else 'no'}"
        if col.kind == "scale":
            return f"{col.label.split(' (')[0]}: {value}"
        return str(value)

    def _summary(self, record: Record) -> str:
        parts = [
            self._display(col, record[col.id])
            for col in self.columns
            if record.get(col.id) is not None
        ]
        return " · ".join(parts[:3])

    def _row_text(self, index: int) -> str:
        return f"{index + 1}. {self._summary(self.records[index]) or '(empty)'}"

    def _render_rows(self) -> None:
        for old in self.rows_box.children:
            old.close()
        start = self.page * self.PAGE_SIZE
        shown = range(start, min(start + self.PAGE_SIZE, len(self.records)))
        self._row_labels: dict[int, W.Label] = {}
        rows = []
        for i in shown:
            label = keep_text(W.Label(self._row_text(i), layout=W.Layout(flex="1 1 12em")))
            label.add_class("rw-row-summary")
            self._row_labels[i] = label
            buttons = [
                _button("Edit", f"Edit {self.noun} {i + 1}", "rw-edit", lambda i=i: self.open(i)),
                _button("↑", f"Move {self.noun} {i + 1} up", "rw-up", lambda i=i: self.move(i, -1)),
                _button(
                    "↓", f"Move {self.noun} {i + 1} down", "rw-down", lambda i=i: self.move(i, 1)
                ),
                _button(
                    "Delete", f"Delete {self.noun} {i + 1}", "rw-delete", lambda i=i: self.delete(i)
                ),
            ]
            row = W.HBox([label, *buttons])
            row.add_class("rw-row")
            if i == self.editing:
                row.add_class("rw-row-editing")
            rows.append(row)
        self.rows_box.children = rows
        total = len(self.records)
        if total == 0:
            self.page_label.value = f"No {plural(self.noun)} yet."
        else:
            self.page_label.value = f"Showing {start + 1}–{shown.stop} of {total}"
        multi_page = total > self.PAGE_SIZE
        self.prev_button.layout.display = None if multi_page else "none"
        self.next_button.layout.display = None if multi_page else "none"
        self.prev_button.disabled = self.page == 0
        self.next_button.disabled = shown.stop >= total
