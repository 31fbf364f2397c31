"""A matrix: statements (or the records of a list) as rows, each answered on the same scale."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..kinds import Context
from ..model import MatrixItem
from .inputs import ChoiceInput, Input, choice_descriptions, choice_options, option_notes


class MatrixInput(Input):
    """One row of radio buttons per statement; ``refresh()`` rebuilds the rows of a list."""

    def __init__(
        self, ctx: Context, item: MatrixItem, label: str, rows: Callable[[], dict[str, str]]
    ) -> None:
        super().__init__()
        cast = str if item.choices else int
        self._options = choice_options(ctx.q.options(item), cast)
        self._rows_of = rows
        self._value: dict[str, Any] = {}
        self.rows: dict[str, ChoiceInput] = {}
        self.empty_note = ctx.tr("form.nothing_to_pick")
        legend = W.HTML(f"<div class='rw-legend'>{html.escape(label)}</div>")
        self.body = W.VBox()
        # the options' descriptions once, under the statement list's heading (not per row)
        options = ctx.q.options(item)
        notes = option_notes(self._options, choice_descriptions(options, cast))
        self.widget = W.VBox([legend, *([notes] if notes is not None else []), self.body])
        self.widget.add_class("rw-matrix")
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the rows from the current statements or records, keeping the answers."""
        labels = self._rows_of()
        if list(labels) == list(self.rows):
            return
        for old in self.rows.values():
            old.widget.close()
        self.rows = {}
        for rid, text in labels.items():
            row = ChoiceInput(text, self._options, horizontal=True, dropdown=False)
            row.widget.add_class("rw-matrix-row")
            row.value = self._value.get(rid)
            row.on_change(functools.partial(self._row_changed, rid))
            self.rows[rid] = row
        self.body.children = [r.widget for r in self.rows.values()] or [
            W.HTML(f"<i>{html.escape(self.empty_note)}</i>")
        ]

    def _row_changed(self, rid: str, value: Any) -> None:
        if value is None:
            self._value.pop(rid, None)
        else:
            self._value[rid] = value
        self._emit(self.value)

    def _get(self) -> dict[str, Any] | None:
        return dict(self._value) or None

    def _set(self, new: dict[str, Any] | None) -> None:
        self._value = dict(new or {})
        for rid, row in self.rows.items():
            row.value = self._value.get(rid)
