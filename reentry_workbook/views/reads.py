"""What a view reads: the page's items and lists its picture depends on (it repaints when they
change, and only then)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..model import Questionnaire, RefColumn, TableItem, TableTarget
from .params import PageItem, refs


def view_reads(q: Questionnaire, params: BaseModel, whole: frozenset[str]) -> frozenset[str]:
    """Ids of ``q``'s items a view with ``params`` depends on.

    The items and tables its params name; and, since a picked record is shown by its name, the
    lists that the reference columns it shows pick from: every reference column of the tables in
    ``whole`` (shown with all their columns), the named columns of the others."""
    found: set[str] = set()
    named: dict[str, set[str]] = {}  # table -> the columns the params name
    for path, marker, value, _owner in refs(params):
        if marker.what in ("item", "table") and isinstance(value, str):
            found.add(value)
        elif isinstance(value, TableTarget) and value.page in (None, q.id):
            found.add(value.table)
        elif marker.what == "column" and isinstance(value, str):
            table = column_table(params, path, marker.table_param)
            if table is not None:
                named.setdefault(table, set()).add(value)
    for value in page_items(params):
        if value.page == q.id:
            found.add(value.item)
    for item_id in list(found):
        item = q.items.get(item_id)
        if isinstance(item, TableItem):
            shown = named.get(item_id, set())
            for column in item.columns:
                if isinstance(column, RefColumn) and (item_id in whole or column.id in shown):
                    found.update(t.table for t in column.targets() if t.page in (None, q.id))
    return frozenset(found)


def column_table(params: BaseModel, path: tuple[str | int, ...], table_param: str) -> str | None:
    """The table a column parameter belongs to: named by ``table_param`` on the model that holds
    the column, or on the nearest model around it (e.g. a list of counts under a table)."""
    chain: list[Any] = [params]
    node: Any = params
    for step in path[:-1]:
        node = node[step] if isinstance(step, int) else getattr(node, step)
        chain.append(node)
    for model in reversed(chain):
        table = getattr(model, table_param, None) if isinstance(model, BaseModel) else None
        if isinstance(table, TableTarget):
            return table.table
        if isinstance(table, str):
            return table
    return None


def page_items(model: BaseModel) -> Iterator[PageItem]:
    """Every reference to another page's item in ``model``, at any depth."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, PageItem):
            yield value
        elif isinstance(value, BaseModel):
            yield from page_items(value)
        elif isinstance(value, list | tuple):
            for v in value:
                if isinstance(v, PageItem):
                    yield v
                elif isinstance(v, BaseModel):
                    yield from page_items(v)
