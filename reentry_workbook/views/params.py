"""Parameter types for views: references to items, tables and columns that ``check`` verifies."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..model.columns import TableTarget
from ..model.common import Id

Finding = tuple[tuple[str | int, ...], str]


@dataclass(frozen=True)
class Ref:
    """Marks a parameter that names something on the page.

    ``what`` is "item", "table" or "column". Items may be limited to some kinds; a column is
    looked up in the table named by the parameter ``table_param`` of the same model and may be
    limited to some column kinds.
    """

    what: str
    kinds: frozenset[str] | None = None
    table_param: str = "table"


def item_ref(*kinds: str) -> Any:
    """Annotation metadata: an item of this page (of the given kinds)."""
    return Ref("item", frozenset(kinds) or None)


def table_ref() -> Any:
    """Annotation metadata: a table item of this page."""
    return Ref("table", frozenset({"table"}))


def column_ref(*kinds: str, table_param: str = "table") -> Any:
    """Annotation metadata: a column of the table named by ``table_param``."""
    return Ref("column", frozenset(kinds) or None, table_param)


TableName = Annotated[Id, table_ref()]
TableSource = Annotated[Id | TableTarget, table_ref()]
"""A table of this page (its id), or of another page: {page: <page id>, table: <table id>}."""
AnyColumn = Annotated[Id, column_ref()]
ChoiceColumnName = Annotated[Id, column_ref("choice", "multi_choice")]
NumberColumnName = Annotated[Id, column_ref("integer", "number", "scale")]
DateColumnName = Annotated[Id, column_ref("date")]
TextItemName = Annotated[Id, item_ref("short_text", "long_text")]


class Params(BaseModel):
    """Base of every view's parameters: frozen, unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PageItem(Params):
    """An item of another page in the same workspace (its shared plan answer)."""

    page: Id
    item: Id


def refs(
    model: BaseModel, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Ref, Any, BaseModel]]:
    """Every (path, marker, value, owning model) for the references in validated params."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        marker = next((m for m in field.metadata if isinstance(m, Ref)), None)
        if marker is None:
            marker = _marker_in(field.annotation)
        if marker is not None and value is not None:
            if isinstance(value, list | tuple):
                for i, v in enumerate(value):
                    yield (*path, name, i), marker, v, model
            else:
                yield (*path, name), marker, value, model
        elif isinstance(value, BaseModel):
            yield from refs(value, (*path, name))
        elif isinstance(value, list | tuple):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    yield from refs(v, (*path, name, i))


def _marker_in(annotation: Any) -> Ref | None:
    """A Ref inside ``tuple[Annotated[str, Ref], ...]`` or ``Annotated[...] | None``."""
    from typing import get_args, get_origin

    for arg in get_args(annotation):
        if get_origin(arg) is Annotated:
            found = next((m for m in get_args(arg)[1:] if isinstance(m, Ref)), None)
            if found is not None:
                return found
        else:
            found = _marker_in(arg)
            if found is not None:
                return found
    return None


def no_column(table_id: str, column: str, columns: tuple[str, ...]) -> str:
    """The message for a column a table does not have, with the valid ones."""
    return f"table {table_id!r} has no column {column!r}; columns: {', '.join(columns)}"


def text_param(max_length: int = 300) -> Any:
    """A short text parameter written by the page author."""
    return Field(max_length=max_length)
