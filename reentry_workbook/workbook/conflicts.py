"""When two people changed the same thing: both values shown, the person chooses."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from ..kinds import RECORD_ID, column_rules
from ..model import TableItem

if TYPE_CHECKING:
    from ..store import Conflict
    from .core import Workbook


class ConflictBox:
    """Lists the conflicts the last saves met, each with 'keep mine' and 'keep theirs'."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.widget = W.VBox()
        self.widget.add_class("rw-conflicts")

    def refresh(self) -> None:
        """Show every conflict still waiting for a choice."""
        session = self.wb.session
        if session is None:
            return
        rows = [self._row(c) for c in session.unresolved.values()]
        self.widget.children = rows

    def _words(self, conflict: Conflict, value: Any) -> str:
        q, ctx = self.wb.q, self.wb.context().kinds
        item = q.item(conflict.item_id)
        if value is None:
            return self.wb.tr("conflicts.empty")
        if isinstance(item, TableItem) and conflict.field:
            return column_rules(item.column(conflict.field)).display(
                ctx, item.column(conflict.field), value
            )
        if isinstance(item, TableItem):
            return str(value)
        from ..kinds import item_rules

        return item_rules(item).display(ctx, item, value)

    def _row(self, conflict: Conflict) -> W.Widget:
        q, tr = self.wb.q, self.wb.tr
        item = q.item(conflict.item_id)
        where = item.prompt
        if isinstance(item, TableItem) and conflict.record_id:
            records = {str(r.get(RECORD_ID)): r for r in self.wb.answers.get(item.id) or []}
            record = records.get(conflict.record_id, {})
            name = str(
                record.get("name")
                or next((v for k, v in record.items() if k != RECORD_ID and isinstance(v, str)), "")
            )
            label = item.column(conflict.field).label if conflict.field else ""
            where = tr(
                "conflicts.where_record",
                field=label,
                record=name or tr("conflicts.a_record"),
                list=item.prompt,
            )
        text = tr(
            "conflicts.text",
            author=conflict.author,
            time=conflict.at.astimezone().strftime("%H:%M"),
            where=where,
            theirs=self._words(conflict, conflict.theirs),
            mine=self._words(conflict, conflict.mine),
        )
        mine = W.Button(description=tr("conflicts.keep_mine"))
        mine.add_class("rw-keep-mine")
        mine.on_click(lambda _b: self._keep_mine(conflict))
        theirs = W.Button(description=tr("conflicts.keep_theirs"), button_style="primary")
        theirs.add_class("rw-keep-theirs")
        theirs.on_click(lambda _b: self._keep_theirs(conflict))
        message = W.HTML(f"<p role='alert'>⚠ {html.escape(text)}</p>")
        message.add_class("rw-conflict-text")
        box = W.VBox([message, W.HBox([theirs, mine])])
        box.add_class("rw-conflict")
        return box

    def _keep_mine(self, conflict: Conflict) -> None:
        assert self.wb.session is not None
        self.wb.session.keep_mine(conflict, conflict.mine)
        self.refresh()

    def _keep_theirs(self, conflict: Conflict) -> None:
        wb = self.wb
        assert wb.session is not None and wb.state is not None
        wb.session.take_theirs(conflict)
        item = wb.q.item(conflict.item_id)
        if isinstance(item, TableItem) and conflict.record_id and conflict.field:
            records = [dict(r) for r in wb.answers.get(item.id) or []]
            for r in records:
                if r.get(RECORD_ID) == conflict.record_id:
                    if conflict.theirs is None:
                        r.pop(conflict.field, None)
                    else:
                        r[conflict.field] = conflict.theirs
            wb.state.set(item.id, records or None, source="conflict")
        elif not isinstance(item, TableItem):
            wb.state.set(item.id, conflict.theirs, source="conflict")
        self.refresh()
