"""Who changed what and when on a page, and the deleted entries that can be brought back."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from ..kinds import item_rules
from ..model import TableItem
from ..store import HistoryEntry, RestoreRecord
from ..views import render

if TYPE_CHECKING:
    from ..views import PageContext
    from .core import Workbook

SHOWN = 200


@dataclass(frozen=True)
class Line:
    """One change in words."""

    when: str
    who: str
    what: str
    entry: str
    change: str


@dataclass(frozen=True)
class Deleted:
    """A list entry whose last change was a delete."""

    item_id: str
    record_id: str
    name: str
    who: str
    when: str


def _name(fields: dict[str, Any], item: TableItem) -> str:
    for col in item.columns:
        value = fields.get(col.id)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def describe(ctx: PageContext, entries: Iterable[HistoryEntry]) -> tuple[list[Line], list[Deleted]]:
    """Changes in words (oldest first) and the entries deleted last, from a history."""
    q, tr = ctx.q, ctx.tr
    known: dict[tuple[str, str], dict[str, Any]] = {}
    last_op: dict[tuple[str, str], HistoryEntry] = {}
    lines = []
    for e in entries:
        if e.item_id not in q.items:
            continue  # an answer to a question the page no longer has: kept, not shown here
        item = q.item(e.item_id)
        when = e.at.astimezone().strftime("%d %b %Y %H:%M")
        entry, change = "", ""
        if isinstance(item, TableItem) and e.record_id:
            key = (e.item_id, e.record_id)
            fields = known.setdefault(key, {})
            if e.op == "fields" and isinstance(e.value, dict):
                changed = e.value.get("fields", {}) if "fields" in e.value else e.value
                fields.update(changed)
                parts = []
                for col_id, value in changed.items():
                    try:
                        col = item.column(col_id)
                    except KeyError:
                        continue
                    shown = ctx.cell(col, value) if value is not None else tr("history.emptied")
                    parts.append(f"{col.label}: {shown}")
                change = "; ".join(parts)
            else:
                change = tr(f"history.op.{e.op}") if e.op in ("delete", "restore", "move") else e.op
            entry = _name(fields, item)
            last_op[key] = e
        else:
            change = (
                item_rules(item).display(ctx.kinds, item, e.value)
                if e.value is not None
                else tr("history.cleared")
            )
        lines.append(Line(when, e.author, item.prompt, entry, change))
    deleted = []
    for (item_id, record_id), e in last_op.items():
        item = q.item(item_id)
        if e.op == "delete" and isinstance(item, TableItem):
            name = _name(known.get((item_id, record_id), {}), item) or tr("table.empty_record")
            deleted.append(
                Deleted(
                    item_id, record_id, name, e.author, e.at.astimezone().strftime("%d %b %H:%M")
                )
            )
    return lines, deleted


class HistoryPanel:
    """A button that shows the page's history, and the deleted entries with 'bring back'."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        tr = wb.tr
        self.button = W.Button(description=tr("history.show"))
        self.button.add_class("rw-show-history")
        self.button.on_click(lambda _b: self.show())
        self.body = W.VBox()
        self.body.add_class("rw-history")
        self.widget = W.VBox([self.button, self.body])

    def entries(self) -> list[HistoryEntry]:
        """The plan's changes and this person's own, oldest first."""
        session = self.wb.session
        assert session is not None
        both = session.store.history(session.plan_id) + session.store.history(session.mine_id)
        return sorted(both, key=lambda e: (e.at, e.seq))

    def show(self) -> None:
        """Fill the panel from the store."""
        wb, tr = self.wb, self.wb.tr
        lines, deleted = describe(wb.context(), self.entries())
        table = render(
            "history.html.j2",
            heading=tr("history.heading"),
            headers=[tr(f"history.{h}") for h in ("when", "who", "what", "entry", "change")],
            lines=list(reversed(lines[-SHOWN:])),
            none=tr("history.none"),
        )
        parts: list[W.Widget] = [W.HTML(table)]
        if deleted:
            parts.append(W.HTML(f"<h4>{html.escape(tr('history.deleted_heading'))}</h4>"))
            for d in deleted:
                label = W.HTML(
                    html.escape(tr("history.deleted_line", name=d.name, who=d.who, when=d.when))
                )
                back = W.Button(description=tr("history.bring_back"))
                back.add_class("rw-bring-back")
                back.on_click(lambda _b, d=d: self.bring_back(d))
                row = W.HBox([label, back])
                row.add_class("rw-deleted-row")
                parts.append(row)
        self.body.children = parts

    def bring_back(self, deleted: Deleted) -> None:
        """Undo a delete (it holds after a reload: the store keeps it), then show it."""
        session = self.wb.session
        assert session is not None
        session.store.save(
            [
                RestoreRecord(
                    session.response_of(deleted.item_id), deleted.item_id, deleted.record_id
                )
            ],
            session.author,
        )
        self.wb.take_in()
        self.show()
