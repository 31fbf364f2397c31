"""The view registry and the page context views are rendered from."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel, ValidationError

from ..answers import context as kind_context
from ..answers import current_answers, known_answers
from ..kinds import RECORD_ID, Context, Lookup, column_rules, item_rules
from ..messages import Catalog, catalog_for
from ..model import (
    ColumnBase,
    Item,
    ItemBase,
    MatrixItem,
    Questionnaire,
    TableItem,
    TableTarget,
    ViewSpec,
)
from .params import Finding, PageItem, Params, Ref, no_column, refs
from .reads import page_items, view_reads
from .registry import Registry

if TYPE_CHECKING:
    import pandas as pd

    from .group import GroupFigures

P = TypeVar("P", bound=Params)
Answers = Mapping[str, Any]


@dataclass(frozen=True)
class ActionResult:
    """What a view's action changes: new answers by item id, and a note for the person."""

    changes: Mapping[str, Any]
    note: str


@dataclass(frozen=True)
class Action(Generic[P]):
    """A button under a view, e.g. 'Add the top 5 to the plan'."""

    name: str
    label: Callable[[PageContext, P], str]
    run: Callable[[PageContext, P], ActionResult]


@dataclass(frozen=True)
class View(Generic[P]):
    """A named, parameterised picture or table: a pure function of the page context.

    ``render`` returns HTML in which every piece of people's text is escaped; the same HTML is
    used on the page and in the report. ``group`` views read other people's answers too.
    """

    name: str
    params: type[P]
    render: Callable[[PageContext, P], str]
    summary: str
    group: bool = False
    actions: tuple[Action[P], ...] = ()
    check: Callable[[Questionnaire, P], Iterator[Finding]] | None = None
    messages: Callable[[PageContext, P], Mapping[str, list[str]]] | None = None
    """Plain messages to show beside questions (item id -> messages), e.g. a count that
    cannot be; the page shows them under the item, and the view computes nothing from it."""
    whole_records: Callable[[P], Iterable[str]] | None = None
    """Tables whose records the view shows with every column (e.g. a list as a table); of the
    other tables it reads it shows only the columns its params name."""

    def reads(self, q: Questionnaire, params: P) -> frozenset[str]:
        """Ids of this page's items the view depends on (repaint only when they change)."""
        whole = frozenset(self.whole_records(params)) if self.whole_records else frozenset()
        return view_reads(q, params, whole)


VIEWS = Registry()


def view(
    name: str,
    params: type[P],
    *,
    summary: str,
    group: bool = False,
    actions: tuple[Action[P], ...] = (),
    check: Callable[[Questionnaire, P], Iterator[Finding]] | None = None,
    messages: Callable[[PageContext, P], Mapping[str, list[str]]] | None = None,
    whole_records: Callable[[P], Iterable[str]] | None = None,
) -> Callable[[Callable[[PageContext, P], str]], View[P]]:
    """Register a render function as the view ``name``."""

    def register(render: Callable[[PageContext, P], str]) -> View[P]:
        if VIEWS.registered(name):
            raise ValueError(f"view {name!r} is registered twice")
        registered = View(
            name, params, render, summary, group, actions, check, messages, whole_records
        )
        VIEWS[name] = registered
        return registered

    return register


# ----- the page context ----------------------------------------------------------------------
GroupProvider = Callable[[], "pd.DataFrame"]
PagesProvider = Callable[[str], Answers]


def _no_group() -> pd.DataFrame:
    from ..scoring import empty_answer_frame

    return empty_answer_frame()


def _no_pages(page_id: str) -> Answers:
    return {}


def _find_template(page_id: str) -> Questionnaire | None:
    from ..templates import find_shipped

    return find_shipped(page_id)


@dataclass
class PageContext:
    """What views render from: the page, this workspace's answers as the viewer sees them, other
    people's answers (loaded when a group view asks), and other pages' shared plans.

    ``answers`` holds the current answers of this page (the shared plan and the viewer's own
    answers together); ``group_frame`` returns everyone's personal answers as a long frame
    (person, round, item_id, row, value); ``pages`` returns another page's shared plan.
    """

    q: Questionnaire
    answers: Answers
    group_frame: GroupProvider = _no_group
    pages: PagesProvider = _no_pages
    templates: Callable[[str], Questionnaire | None] = field(default=_find_template)
    round: int = 1
    role: str = "facilitator"
    printing: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    tr: Catalog = field(init=False)
    _group: GroupFigures | None = field(default=None, init=False, repr=False)
    _other: dict[str, Answers] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.tr = catalog_for(self.q)
        self.answers = current_answers(self.q, known_answers(self.q, self.answers))

    # ----- this page's lists ----------------------------------------------------------------
    def records(self, table: str | TableTarget) -> list[dict[str, Any]]:
        """The records of a table (of this page, or another page's shared plan) that hold at
        least one field."""
        if isinstance(table, TableTarget) and table.page not in (None, self.q.id):
            value = self.other_page(table.page).get(table.table) or []
        else:
            value = self.answers.get(table.table if isinstance(table, TableTarget) else table) or []
        return [dict(r) for r in value if isinstance(r, Mapping) and any(k != RECORD_ID for k in r)]

    def for_table(self, table: str | TableTarget) -> PageContext:
        """The context of the page a table parameter lives on (this one, or another page's,
        with that page's options and shared plan)."""
        if not (isinstance(table, TableTarget) and table.page not in (None, self.q.id)):
            return self
        other = self.templates(table.page)
        if other is None:
            raise KeyError(f"no page {table.page!r}")
        found = PageContext(
            other,
            self.other_page(table.page),
            group_frame=self.group_frame,
            pages=self.pages,
            templates=self.templates,
            round=self.round,
            role=self.role,
            today=self.today,
            printing=self.printing,
        )
        found._other = self._other  # other pages' plans are read once per context
        return found

    def table_of(self, table: str | TableTarget) -> TableItem:
        """The table item a table parameter names (of this page or of another page)."""
        if isinstance(table, TableTarget) and table.page not in (None, self.q.id):
            other = self.templates(table.page)
            if other is None:
                raise KeyError(f"no page {table.page!r}")
            return other.table(table.table)
        return self.q.table(table.table if isinstance(table, TableTarget) else table)

    def other_page(self, page_id: str) -> Answers:
        """Another page's shared plan answers in this workspace (empty if never opened); read
        and checked once per context."""
        if page_id == self.q.id:
            return self.answers
        if page_id not in self._other:
            other = self.templates(page_id)
            saved = self.pages(page_id)
            self._other[page_id] = (
                dict(saved)
                if other is None
                else current_answers(other, known_answers(other, saved))
            )
        return self._other[page_id]

    def page_item(self, ref: PageItem) -> Any:
        """The value of an item of this page or of another page."""
        return self.other_page(ref.page).get(ref.item)

    @property
    def lookup(self) -> Lookup:
        """Records for pick lists, across pages."""
        return _ContextLookup(self)

    @property
    def kinds(self) -> Context:
        """The kind rules' context (words and lookup)."""
        return kind_context(self.q, self.lookup, self.tr)

    def cell(self, column: ColumnBase, value: Any) -> str:
        """A table cell as words (option labels, names of picked records, dates)."""
        if value is None:
            return ""
        return column_rules(column).display(self.kinds, column, value)

    def answer_text(self, item: ItemBase, value: Any) -> str:
        """An answer as words."""
        if value is None:
            return ""
        return item_rules(item).display(self.kinds, item, value)

    def row_labels(self, item: MatrixItem) -> dict[str, str]:
        """Statement or record labels of a matrix item."""
        from ..kinds.lists import MatrixRules

        return MatrixRules().row_labels(self.kinds, item)

    def table(self, table: str) -> TableItem:
        """The table item ``table`` of this page."""
        return self.q.table(table)

    # ----- everyone's answers -------------------------------------------------------------
    @property
    def group(self) -> GroupFigures:
        """Scores and aggregates over everyone counted in this workspace (computed once)."""
        if self._group is None:
            from .group import GroupFigures

            self._group = GroupFigures.compute(self.q, self.group_frame(), self.round)
        return self._group

    @classmethod
    def of(cls, q: Questionnaire, answers: Answers, **kwargs: Any) -> PageContext:
        """A context from plain data (tests, scripts)."""
        return cls(q, dict(answers), **kwargs)


class _ContextLookup:
    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx

    def records(self, target: TableTarget) -> list[dict[str, Any]]:
        return self.ctx.records(target)


# ----- parsing and checking view specs ---------------------------------------------------------
def parse(spec: ViewSpec) -> tuple[View[Any], Params]:
    """The registered view and its validated parameters (ValueError/ValidationError if bad)."""
    found = VIEWS.get(spec.view)
    if found is None:
        raise KeyError(spec.view)
    return found, found.params.model_validate(spec.params)


def check_spec(q: Questionnaire, spec: ViewSpec, path: tuple[str | int, ...]) -> Iterator[Finding]:
    """Every problem with one view spec of a page, as (path, message)."""
    found = VIEWS.get(spec.view)
    if found is None:
        valid = ", ".join(sorted(VIEWS))
        yield (*path, "view"), f"unknown view {spec.view!r}; valid views: {valid}"
        return
    try:
        params = found.params.model_validate(spec.params)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            yield (*path, *loc), _param_message(err, found)
        return
    yield from check_refs(q, params, path)
    if found.check is not None:
        for sub, message in found.check(q, params):
            yield (*path, *sub), message


def _param_message(err: Any, found: View[Any]) -> str:
    if err["type"] == "extra_forbidden":
        valid = ", ".join(["title", *found.params.model_fields])
        return f"unknown parameter {err['loc'][-1]!r} for view {found.name!r}; parameters: {valid}"
    if err["type"] == "missing":
        return f"view {found.name!r} needs the parameter {err['loc'][-1]!r}"
    value = err.get("input")
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    return f"{err['msg']} (got {shown})"


def check_refs(
    q: Questionnaire, params: BaseModel, path: tuple[str | int, ...]
) -> Iterator[Finding]:
    """Names of items, tables and columns in view parameters must exist and fit."""
    items = q.items
    tables = {i.id: i for i in items.values() if isinstance(i, TableItem)}
    for sub, marker, value, owner in refs(params):
        where = (*path, *sub)
        yield from _check_one(q, items, tables, marker, value, owner, where)


def _foreign_page(q: Questionnaire, value: Any) -> str | None:
    """The other page a table reference points into; None for this page's own tables."""
    if isinstance(value, TableTarget) and value.page not in (None, q.id):
        return value.page
    return None


def _foreign(q: Questionnaire, value: Any) -> bool:
    return _foreign_page(q, value) is not None


def foreign_refs(
    q: Questionnaire, params: BaseModel
) -> Iterator[tuple[tuple[str | int, ...], str, str, str | None, frozenset[str] | None]]:
    """References into other pages' tables: (path, page, table, column or None, kinds)."""
    for sub, marker, value, owner in refs(params):
        if marker.what == "table" and (page := _foreign_page(q, value)) is not None:
            yield sub, page, value.table, None, None
        elif marker.what == "column":
            table = getattr(owner, marker.table_param, None)
            if isinstance(table, TableTarget) and (page := _foreign_page(q, table)) is not None:
                yield sub, page, table.table, value, marker.kinds


def _check_one(
    q: Questionnaire,
    items: Mapping[str, Item],
    tables: Mapping[str, TableItem],
    marker: Ref,
    value: Any,
    owner: BaseModel,
    where: tuple[str | int, ...],
) -> Iterator[Finding]:
    if _foreign(q, value) or (
        marker.what == "column" and _foreign(q, getattr(owner, marker.table_param, None))
    ):
        return  # another page's table: checked with the whole set of pages
    if isinstance(value, TableTarget):
        value = value.table
    if marker.what == "table":
        if value not in tables:
            yield (
                where,
                f"unknown table {value!r}; tables of this page: {', '.join(tables) or 'none'}",
            )
    elif marker.what == "item":
        item = items.get(value)
        if item is None:
            yield where, f"unknown item {value!r}; items: {', '.join(items)}"
        elif marker.kinds and item.kind not in marker.kinds:
            yield (
                where,
                (
                    f"item {value!r} is a {item.kind} item; this parameter needs "
                    + " or ".join(sorted(marker.kinds))
                ),
            )
    elif marker.what == "column":
        table_id = getattr(owner, marker.table_param, None)
        if isinstance(table_id, TableTarget):
            table_id = table_id.table
        table = tables.get(table_id) if isinstance(table_id, str) else None
        if table is None:
            return  # the table parameter itself is reported
        try:
            column = table.column(value)
        except KeyError:
            yield (
                where,
                no_column(table.id, value, table.column_ids()),
            )
            return
        if marker.kinds and column.kind not in marker.kinds:
            yield (
                where,
                (
                    f"column {value!r} is a {column.kind} column; this parameter needs "
                    + " or ".join(sorted(marker.kinds))
                ),
            )


def page_items_of(params: BaseModel) -> list[PageItem]:
    """Every reference to another page's item in validated params."""
    return list(page_items(params))


# ----- HTML ---------------------------------------------------------------------------------
@functools.cache
def html_env() -> Environment:
    """Jinja2 with autoescaping for every view snippet and the report."""
    env = Environment(
        loader=PackageLoader("reentry_workbook", "views/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "–" if v is None or v != v else f"{v:.0f}%"
    return env


def render(template: str, **values: Any) -> str:
    """Render a snippet from ``views/templates`` (escaping every value)."""
    return html_env().get_template(template).render(**values)


def safe(html: str) -> Markup:
    """Mark HTML that a view built itself (already escaped) as safe to insert."""
    return Markup(html)  # noqa: S704 - only for HTML our own renderers produced
