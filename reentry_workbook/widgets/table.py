"""A list editor for table items: add, edit, delete with undo, move, sort, page through."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..answers import RECORD_ID
from ..cell_rules import (
    order_text,
    plural,
    record_is_empty,
    sort_options,
    sorted_records,
)
from ..kinds import Context, column_rules, record_nouns
from ..model import ColumnBase, TableItem
from .focus import after_typing, move_focus
from .inputs import NO_ANSWER, Input
from .list_parts import CellBox, ListRow, RowLooks, button, cell_box, problems_html
from .text import keep_text

Record = dict[str, Any]
__all__ = ["TableEditor", "plural"]  # plural: kept importable from here


class TableEditor(Input):
    """Edits a list of records, one record at a time, showing a page of summaries.

    Row and editor widgets are made once and reused, so redrawing the list creates none.
    """

    PAGE_SIZE = 10

    def __init__(self, ctx: Context, item: TableItem, label: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.q = ctx.q
        self.item = item
        tr = self.tr = ctx.tr
        self.noun, self.nouns = record_nouns(item, tr)
        self.columns = item.columns or ()
        self.records: list[Record] = []
        self.page = 0
        self.editing: int | None = None
        self._deleted: tuple[int, Record] | None = None

        legend = W.HTML(f"<div class='rw-legend'>{html.escape(label)}</div>")
        self.add_button = button(
            tr("table.add", noun=self.noun), tr("table.add_tip", noun=self.noun), "rw-add", self.add
        )
        self.sort_by = W.Dropdown(
            options=[(tr("table.sort_prompt"), NO_ANSWER), *sort_options(self.columns, tr)],
            value=NO_ANSWER,
            description=tr("table.sort_label", nouns=self.nouns),
            layout=W.Layout(width="auto"),
        )
        self.sort_by.add_class("rw-sort")
        self.sort_by.observe(self._sort_chosen, names="value")
        self.note = W.HTML("", layout=W.Layout(display="none"))
        self.note.add_class("rw-note")
        self.prev_button = button(
            tr("table.previous"), tr("table.previous_tip"), "rw-prev", self._prev
        )
        self.next_button = button(tr("table.next"), tr("table.next_tip"), "rw-next", self._next)
        self.page_label = W.Label("")
        self.page_label.add_class("rw-page-label")
        toolbar = W.HBox([self.add_button, self.sort_by])
        toolbar.add_class("rw-toolbar")
        self.pager = W.HBox([self.prev_button, self.page_label, self.next_button])
        self.pager.add_class("rw-toolbar")
        self._rows: list[ListRow] = []
        self._looks = RowLooks()
        self.rows_box = W.VBox()
        self.rows_box.add_class("rw-rows")

        self.undo_label = keep_text(W.Label(""))
        self.undo_button = button(tr("table.undo"), tr("table.undo_tip"), "rw-undo", self.undo)
        self.undo_bar = W.HBox([self.undo_label, self.undo_button])
        self.undo_bar.add_class("rw-undo-bar")
        self.undo_bar.layout.display = "none"

        self._cells: dict[str, Input] | None = None  # the record editor is built on first use
        self._cell_notes: dict[str, W.HTML] = {}
        self.editor = W.VBox()
        self.editor.add_class("rw-editor")
        self.editor.layout.display = "none"

        self.widget = W.VBox(
            [legend, toolbar, self.note, self.rows_box, self.pager, self.undo_bar, self.editor]
        )
        self.widget.add_class("rw-table")
        self._render_rows()

    @property
    def cells(self) -> dict[str, Input]:
        """One input per column, in the record editor (built the first time it is needed)."""
        if self._cells is None:
            made: list[CellBox] = [
                cell_box(self.ctx, col, self._listener(col.id)) for col in self.columns
            ]
            self._cells = {col.id: c.input for col, c in zip(self.columns, made, strict=True)}
            self._cell_notes = {
                col.id: c.message for col, c in zip(self.columns, made, strict=True)
            }
            self.editor_title = W.HTML("")
            self.editor_problems = W.HTML("")
            self.editor_problems.add_class("rw-message")
            self.done_button = button(
                self.tr("table.done"),
                self.tr("table.done_tip", noun=self.noun),
                "rw-done",
                self.done,
            )
            self.done_button.button_style = "primary"
            self.editor.children = [
                self.editor_title,
                *(c.box for c in made),
                self.editor_problems,
                self.done_button,
            ]
        return self._cells

    def refresh_options(self) -> None:
        """Re-read the pick lists of the record editor (another list changed)."""
        for cell in (self._cells or {}).values():
            refresh = getattr(cell, "refresh", None)
            if callable(refresh):
                refresh()
        self._render_rows()

    # ----- plain value --------------------------------------------------------------------
    def _get(self) -> list[Record] | None:
        return [dict(r) for r in self.records] or None

    def _set(self, new: list[Record] | None) -> None:
        open_id = self._open_id()
        self.records = [
            {RECORD_ID: uuid.uuid4().hex, **{k: v for k, v in r.items() if v is not None}}
            if not r.get(RECORD_ID)
            else dict(r)
            for r in new or ()
        ]
        ids = [r[RECORD_ID] for r in self.records]
        if open_id in ids:
            # another tab's or person's change arrived while this record is open here: it
            # stays open with what is being typed (the store merged the two, field by field)
            self.editing = ids.index(open_id)
            self.page = self.editing // self.PAGE_SIZE
        else:
            self.editing = None
            self.editor.layout.display = "none"
            self.page = 0
        self._forget_deleted()
        self._say("")
        self._render_rows()

    def _open_id(self) -> str | None:
        """The id of the record open in the editor, if any."""
        if self.editing is None or self.editing >= len(self.records):
            return None
        return str(self.records[self.editing][RECORD_ID])  # _set gives every record an id

    def _changed(self) -> None:
        self._emit(self.value)

    # ----- actions --------------------------------------------------------------------------
    def add(self) -> None:
        """Add an empty record and open it in the editor, its first field focused."""
        self._forget_deleted()
        self._say("")
        self.records.append({RECORD_ID: uuid.uuid4().hex})
        self._changed()
        self.open(len(self.records) - 1)

    def open(self, index: int) -> None:
        """Show record ``index`` in the editor and focus its first field."""
        left = self.editing
        if left is not None and left != index and self._drop_if_empty() and left < index:
            index -= 1
        self.editing = index
        self.page = index // self.PAGE_SIZE
        record = self.records[index]
        for cid, cell in self.cells.items():
            cell.value = record.get(cid)
        self.editor_title.value = (
            "<h4 class='rw-editor-title'>"
            + html.escape(self.tr("table.editing", noun=self.noun, n=index + 1))
            + "</h4>"
        )
        self._show_editor_problems()
        for cls in [c for c in self.editor._dom_classes if c.startswith("rw-rec-")]:
            self.editor.remove_class(cls)
        self.editor.add_class(f"rw-rec-{record.get(RECORD_ID, '')}")  # for the browser's journal
        self.editor.layout.display = None
        self._render_rows()
        first = next(iter(self.cells.values()), None)
        move_focus(first.focus_target if first else None)

    def done(self) -> None:
        """Close the editor: a wrong field keeps it open, an empty record is removed."""
        if self.editing is None:
            return
        wrong = [cell for cell in self.cells.values() if cell.error]
        if wrong:
            self._show_editor_problems()
            move_focus(wrong[0].focus_target)
            return
        index = self.editing
        if self._drop_if_empty():
            self.close_editor()
            move_focus(self.add_button)
            return
        self.close_editor()
        move_focus(self._row_for(index).edit)

    def close_editor(self) -> None:
        """Hide the editor (every edit is already kept)."""
        self.editing = None
        self.editor.layout.display = "none"
        self._render_rows()

    def delete(self, index: int) -> None:
        """Remove a record; Undo brings it back while its bar shows."""
        record = self.records.pop(index)
        self._deleted = (index, record)
        if self.editing is not None:
            self.close_editor()
        summary = self._summary(record) or self.tr("table.empty_record")
        self.undo_label.value = self.tr("table.deleted", noun=self.noun, summary=summary)
        self.undo_bar.layout.display = None
        self._say("")
        self.page = min(self.page, max(0, (len(self.records) - 1) // self.PAGE_SIZE))
        self._changed()
        self._render_rows()
        # the row's Delete button now belongs to the next record: a second press must not
        # delete that one too
        move_focus(self.undo_button)

    def undo(self) -> None:
        """Restore the record deleted last at its old place (only while the Undo bar shows)."""
        if self._deleted is None:
            return
        index, record = self._deleted
        index = min(index, len(self.records))
        self.records.insert(index, record)
        self._forget_deleted()
        self.page = index // self.PAGE_SIZE
        self._changed()
        self._render_rows()
        move_focus(self._row_for(index).edit)

    def move(self, index: int, step: int) -> None:
        """Move a record up (-1) or down (+1); the focus follows it."""
        target = index + step
        if 0 <= target < len(self.records):
            self._forget_deleted()
            self._say("")
            self.records[index], self.records[target] = self.records[target], self.records[index]
            if self.editing in (index, target):
                self.editing = target if self.editing == index else index
            self.page = target // self.PAGE_SIZE
            self._changed()
            self._render_rows()
            row = self._row_for(target)
            move_focus(row.up if step < 0 else row.down)

    def sort(self, column_id: str, descending: bool = False) -> None:
        """Reorder records by a column, either way (empty values last), and say so."""
        col = next(c for c in self.columns if c.id == column_id)
        if self.editing is not None:
            self._drop_if_empty()
        rules = column_rules(col)
        self.records = sorted_records(
            col, lambda v: rules.sort_key(self.ctx, col, v), self.records, descending
        )
        self._forget_deleted()
        self.editing = None
        self.editor.layout.display = "none"
        self.page = 0
        self._changed()
        self._render_rows()
        self._say(order_text(col, descending, self.tr))

    def act_on(self, record_id: str, action: Callable[[int], None]) -> None:
        """Call ``action(index)`` for the record with this id, if it is still in the list."""
        for index, record in enumerate(self.records):
            if record.get(RECORD_ID) == record_id:
                action(index)
                return

    # ----- internals ----------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.note.value = (
            f"<p class='rw-note-text' role='status'>{html.escape(text)}</p>" if text else ""
        )
        self.note.layout.display = None if text else "none"

    def _forget_deleted(self) -> None:
        self._deleted = None
        self.undo_bar.layout.display = "none"

    def _drop_if_empty(self) -> bool:
        """Remove the record in the editor if nothing is filled in; True if it was."""
        if self.editing is None or not record_is_empty(self.records[self.editing]):
            return False
        self.records.pop(self.editing)
        self.editing = None
        self.page = min(self.page, max(0, (len(self.records) - 1) // self.PAGE_SIZE))
        self._say(self.tr("table.removed_empty", noun=self.noun))
        self._changed()
        return True

    def _sort_chosen(self, change: dict[str, Any]) -> None:
        if change["new"] is not NO_ANSWER and change["new"] is not None:
            column_id, descending = change["new"]
            self.sort_by.value = NO_ANSWER
            after_typing(lambda: self.sort(column_id, descending))

    def _prev(self) -> None:
        self.page = max(0, self.page - 1)
        self._render_rows()

    def _next(self) -> None:
        self.page = min(self.page + 1, max(0, (len(self.records) - 1) // self.PAGE_SIZE))
        self._render_rows()

    def _listener(self, column_id: str) -> Callable[[Any], None]:
        return lambda value: self._cell_changed(column_id, value)

    def _cell_changed(self, column_id: str, value: Any) -> None:
        if self.editing is None:
            return
        record = self.records[self.editing]
        before = record.get(column_id)
        if value is None:
            record.pop(column_id, None)
        else:
            record[column_id] = value
        self._show_editor_problems()
        if before == value:
            return  # refused text, say: nothing changed
        self._forget_deleted()
        self._say("")
        start = self.page * self.PAGE_SIZE
        if start <= self.editing < start + self.PAGE_SIZE:
            self._rows[self.editing - start].label.value = self._row_text(self.editing)
        self._changed()

    def _show_editor_problems(self) -> None:
        if self.editing is None or self._cells is None:
            return
        record = self.records[self.editing]
        everything: list[str] = []
        for col in self.columns:
            cell = self._cells[col.id]
            if cell.error:
                wrong = [cell.error]
            elif record.get(col.id) is not None:
                wrong = column_rules(col).messages(self.ctx, col, record[col.id])
            else:
                wrong = []
            self._cell_notes[col.id].value = problems_html(wrong)
            everything += [f"{col.label}: {m}" for m in wrong]
            if col.required and not record.get(col.id) and not cell.error:
                everything.append(self.tr("table.required", field=col.label))  # once, near Done
        self.editor_problems.value = problems_html(everything)

    def _display(self, col: ColumnBase, value: Any) -> str:
        text = column_rules(col).display(self.ctx, col, value)
        if col.kind in ("yes_no", "scale"):
            return f"{col.label.split(' (')[0]}: {text}"
        return text

    def _summary(self, record: Record) -> str:
        parts = [
            self._display(col, record[col.id])
            for col in self.columns
            if record.get(col.id) is not None
        ]
        return " · ".join(parts[:3])

    def _row_text(self, index: int) -> str:
        summary = self._summary(self.records[index]) or self.tr("table.empty_record")
        return f"{index + 1}. {summary}"

    def _row_for(self, index: int) -> ListRow:
        """The row showing record ``index`` (which must be on the current page)."""
        return self._rows[index - self.page * self.PAGE_SIZE]

    def _render_rows(self) -> None:
        start = self.page * self.PAGE_SIZE
        shown = range(start, min(start + self.PAGE_SIZE, len(self.records)))
        while len(self._rows) < len(shown):
            self._rows.append(ListRow(self, self.tr, self._looks))
        if len(self.rows_box.children) != len(self._rows):
            self.rows_box.children = [row.box for row in self._rows]  # grows, never shrinks
        for row, i in zip(self._rows, shown, strict=False):
            row.show(i, self.records[i][RECORD_ID], self._row_text(i), self.noun, i == self.editing)
        for row in self._rows[len(shown) :]:
            row.box.layout.display = "none"
        total = len(self.records)
        if total == 0:
            self.page_label.value = self.tr("table.none_yet", nouns=self.nouns)
        else:
            self.page_label.value = self.tr(
                "table.showing", first=start + 1, last=shown.stop, total=total
            )
        multi_page = total > self.PAGE_SIZE
        self.prev_button.layout.display = None if multi_page else "none"
        self.next_button.layout.display = None if multi_page else "none"
        self.prev_button.disabled = self.page == 0
        self.next_button.disabled = shown.stop >= total
