"""The parts of a list editor: an input per column kind, a field box, a reusable row."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import ipywidgets as W
from ipywidgets.widgets.widget_string import LabelStyle

from ..kinds import Context, column_rules
from ..messages import Catalog
from ..model import ColumnBase
from .focus import after_typing
from .inputs import Input, help_details
from .text import keep_text


def button(text: str, tooltip: str, cls: str, handler: Callable[[], None]) -> W.Button:
    """A button that runs ``handler`` once the typing before the click has arrived."""
    button = W.Button(description=text, tooltip=tooltip, layout=W.Layout(width="auto"))
    button.add_class(cls)
    button.on_click(lambda _b: after_typing(handler))
    return button


def problems_html(problems: list[str]) -> str:
    """Problems as lines of text with a warning sign (never colour alone)."""
    return "".join(
        f"<div class='rw-problem' role='status'>⚠ {html.escape(p)}</div>"
        for p in dict.fromkeys(problems)
    )


@dataclass(frozen=True)
class CellBox:
    """One column in the record editor: its input, its message line, and the box holding
    them with the column's help (classes rw-cell and rw-col-<id>)."""

    input: Input
    message: W.HTML
    box: W.VBox


def cell_box(ctx: Context, col: ColumnBase, on_change: Callable[[Any], None]) -> CellBox:
    """The input for one column (made by its kind's rules) with its option notes, collapsible
    help and message line."""
    text = col.label + (ctx.tr("form.required") if col.required else "")
    cell = column_rules(col).widget(ctx, col, text)
    cell.on_change(on_change)
    message = W.HTML("")
    message.add_class("rw-cell-message")
    parts = [cell.widget, *cell.extras]
    if col.help:
        more = ctx.tr("form.more_about_column", column=col.label.lower())
        parts.append(help_details(col.help, more))
    box = W.VBox([*parts, message])
    box.add_class("rw-cell")
    box.add_class(f"rw-col-{col.id}")
    return CellBox(cell, message, box)


class RowActions(Protocol):
    """What a list row asks its list to do, by record index."""

    def act_on(self, record_id: str, action: Callable[[int], None]) -> None:
        """Call ``action(index)`` for the record with this id, if it is still there."""

    def open(self, index: int) -> None:
        """Open a record in the editor."""

    def move(self, index: int, step: int) -> None:
        """Move a record up (-1) or down (+1)."""

    def delete(self, index: int) -> None:
        """Delete a record."""


class RowLooks:
    """The layout and style models all rows of one list share; nothing changes them after they
    are made. Each widget model is a message from the kernel that the server relays and the
    browser builds before it draws, and a row with models of its own brings ten more."""

    def __init__(self) -> None:
        self.label_layout = W.Layout(flex="1 1 12em")
        self.label_style = LabelStyle()
        self.button_layout = W.Layout(width="auto")
        self.button_style = W.ButtonStyle()


class ListRow:
    """One line of the list, reused for whichever record sits at its place on the page.

    Its buttons act on the record shown when they were pressed, found again by its id when
    the action runs: two quick presses of Delete remove one record, not that one and the next.
    """

    def __init__(self, table: RowActions, tr: Catalog, looks: RowLooks) -> None:
        self.tr = tr
        self.looks = looks
        self.record_id = ""
        self.label = keep_text(W.Label("", layout=looks.label_layout, style=looks.label_style))
        self.label.add_class("rw-row-summary")
        self.edit = self._button(table, tr("table.edit"), "rw-edit", table.open)
        self.up = self._button(table, "↑", "rw-up", lambda i: table.move(i, -1))
        self.down = self._button(table, "↓", "rw-down", lambda i: table.move(i, 1))
        self.delete = self._button(table, tr("table.delete"), "rw-delete", table.delete)
        self.box = W.HBox([self.label, self.edit, self.up, self.down, self.delete])
        self.box.add_class("rw-row")

    def _button(
        self, table: RowActions, text: str, cls: str, action: Callable[[int], None]
    ) -> W.Button:
        button = W.Button(
            description=text, layout=self.looks.button_layout, style=self.looks.button_style
        )
        button.add_class(cls)

        def pressed(_b: W.Button) -> None:
            rid = self.record_id
            after_typing(lambda: table.act_on(rid, action))

        button.on_click(pressed)
        return button

    def show(self, index: int, record_id: str, text: str, noun: str, editing: bool) -> None:
        """Point the row at record ``index`` (traits that do not change send nothing)."""
        self.record_id = record_id
        self.label.value = text
        n = index + 1
        self.edit.tooltip = self.tr("table.edit_tip", noun=noun, n=n)
        self.up.tooltip = self.tr("table.up_tip", noun=noun, n=n)
        self.down.tooltip = self.tr("table.down_tip", noun=noun, n=n)
        self.delete.tooltip = self.tr("table.delete_tip", noun=noun, n=n)
        if editing:
            self.box.add_class("rw-row-editing")
        else:
            self.box.remove_class("rw-row-editing")
        self.box.layout.display = None
