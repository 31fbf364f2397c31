"""Places (and money) a year against the people who need them, for one need area or several.

The need is read from a table of counts by need area (and risk level), usually the population
entered once on "Focus resources" (``need: {table: {page: focus_resources, table: population},
...}``); the capacity from a list of this page or another (housing options, pathways, programmes).
One area: two bars on one scale (people by risk level; open places by type, with the places
closed or not known set apart) and the gap. Several areas: one row per area, worst first in the
sentences, and (with money) the share of money against the share of need. The computation is in
``capacity_against_need_calc`` (pure, unit-tested).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal, NotRequired, TypedDict

from pydantic import Field

from ..kinds import record_nouns
from ..model import ChoiceColumn, Questionnaire, TableItem, TableTarget
from ..model.common import Id
from .base import PageContext, render, view
from .capacity_against_need_calc import (
    CapacitySide,
    Comparison,
    Filter,
    NeedSide,
    Option,
    Part,
    Wording,
    capacity_against_need,
)
from .counts import COLOURS, colour_for, lower_first, number, percent
from .params import Finding, PageItem, Params, TableSource, column_ref

K = "views.capacity_against_need."
OptionValue = Annotated[str, Field(min_length=1, max_length=200)]
Phrase = Annotated[str, Field(min_length=1, max_length=120)]


class Need(Params):
    """The people side: a table of counts by need area (and risk level)."""

    table: TableSource = Field(description="Usually {page: focus_resources, table: population}.")
    area: Annotated[Id, column_ref("choice")] = Field(description="The need-area column.")
    count: Annotated[Id, column_ref("integer", "number")] = Field(
        description="The number of people in each record."
    )
    by: Annotated[Id, column_ref("choice")] | None = Field(
        None, description="The risk-level column: splits the need bar; needed for `levels`."
    )


class ColumnValues(Params):
    """Records whose choice column (of the capacity table) holds one of the values."""

    column: Id
    values: Annotated[tuple[OptionValue, ...], Field(min_length=1)]


class OpenIf(ColumnValues):
    """Which records are open to the people counted (the rest: closed, or not known)."""

    phrase: Phrase | None = None
    closed_phrase: Phrase | None = None


class Highlight(ColumnValues):
    """Categories whose share of the open places gets its own sentence."""

    phrase: Phrase


class Capacity(Params):
    """The places side: a list of options, programmes or services with places a year."""

    table: TableSource
    places: Annotated[Id, column_ref("integer", "number")] = Field(
        description="Places (or people served) a year."
    )
    amount: Annotated[Id, column_ref("integer", "number")] | None = Field(
        None, description="Money a year (optional)."
    )
    area: Annotated[Id, column_ref("choice", "multi_choice")] | None = Field(
        None,
        description="The need area each record serves (same options as the need's area); "
        "without it every record counts for the one area compared.",
    )
    by: Annotated[Id, column_ref("choice", "multi_choice")] | None = Field(
        None, description="Splits the places bar (one area only), e.g. the type of housing."
    )
    risk: Annotated[Id, column_ref("choice", "multi_choice")] | None = Field(
        None, description="The risk levels each record serves (used with `levels`)."
    )
    where: ColumnValues | None = Field(None, description="Keep only these records.")
    open_if: OpenIf | None = None
    highlight: Highlight | None = None


class CapacityAgainstNeed(Params):
    """Parameters of capacity_against_need."""

    need: Need
    capacity: Capacity
    areas: tuple[OptionValue, ...] = Field(
        (), description="Need areas to compare (one: two bars; default: every area, one row each)."
    )
    levels: tuple[OptionValue, ...] = Field(
        (), description="Keep only these risk levels on both sides (default: all)."
    )
    released: PageItem | None = Field(
        None, description="People released per year ({page, item}), to check the need against."
    )
    need_phrase: Phrase | None = Field(
        None, description="Completes '400 people ...' for one area, e.g. 'need housing'."
    )
    show: Annotated[tuple[Literal["places", "money"], ...], Field(min_length=1)] = Field(
        ("places",), description="Pictures to draw, in order (money needs `capacity.amount`)."
    )


# ----- check ------------------------------------------------------------------------------------
def _local(q: Questionnaire, table: str | TableTarget) -> TableItem | None:
    if isinstance(table, TableTarget):
        if table.page not in (None, q.id):
            return None
        table = table.table
    found = q.items.get(table)
    return found if isinstance(found, TableItem) else None


def _check_values(
    q: Questionnaire, table: TableItem, block: ColumnValues, path: tuple[str | int, ...]
) -> Iterator[Finding]:
    if block.column not in table.column_ids():
        yield (
            (*path, "column"),
            f"table {table.id!r} has no column {block.column!r}; "
            f"columns: {', '.join(table.column_ids())}",
        )
        return
    column = table.column(block.column)
    if not isinstance(column, ChoiceColumn):
        yield (*path, "column"), f"column {block.column!r} is not a choice column"
        return
    options = [c.value for c in q.column_options(column)]
    for i, value in enumerate(block.values):
        if value not in options:
            yield (
                (*path, "values", i),
                f"{value!r} is not an option of {block.column!r}; options: {', '.join(options)}",
            )


def _check(q: Questionnaire, p: CapacityAgainstNeed) -> Iterator[Finding]:
    if len(p.areas) != 1 and p.capacity.area is None:
        yield (
            ("capacity", "area"),
            "to compare several need areas, name the capacity column that says which area "
            "each record serves (or give one area in `areas`)",
        )
    if p.levels and p.need.by is None:
        yield ("need", "by"), "`levels` needs the risk-level column of the need table (`by`)"
    if "money" in p.show and p.capacity.amount is None:
        yield ("show",), "the money picture needs `capacity.amount`"
    if len(p.areas) != len(set(p.areas)):
        yield ("areas",), "an area is listed twice"
    need = _local(q, p.need.table)
    if need is not None and p.need.area in need.column_ids():
        options = [c.value for c in q.column_options(need.column(p.need.area))]
        for i, value in enumerate(p.areas):
            if value not in options:
                yield (
                    ("areas", i),
                    f"{value!r} is not an option of {p.need.area!r}; options: {', '.join(options)}",
                )
    if need is not None and p.need.by and p.need.by in need.column_ids():
        options = [c.value for c in q.column_options(need.column(p.need.by))]
        for i, value in enumerate(p.levels):
            if value not in options:
                yield (
                    ("levels", i),
                    f"{value!r} is not an option of {p.need.by!r}; options: {', '.join(options)}",
                )
    table = _local(q, p.capacity.table)
    if table is not None:
        for key in ("where", "open_if", "highlight"):
            block = getattr(p.capacity, key)
            if block is not None:
                yield from _check_values(q, table, block, ("capacity", key))
    if p.released is not None and p.released.page == q.id and p.released.item not in q.items:
        yield ("released", "item"), f"unknown item {p.released.item!r}"


# ----- computing --------------------------------------------------------------------------------
def _choice_options(page: PageContext, table: str | TableTarget, column: str | None) -> list[Any]:
    if column is None:
        return []
    col = page.table_of(table).column(column)
    return list(page.q.column_options(col)) if isinstance(col, ChoiceColumn) else []


def _money_format(ctx: PageContext, p: CapacityAgainstNeed) -> Any:
    if p.capacity.amount is None:
        return lambda v: f"{v:,.0f}"
    page = ctx.for_table(p.capacity.table)
    unit = getattr(page.table_of(p.capacity.table).column(p.capacity.amount), "unit", None)
    if unit in ("$", "€", "£"):
        return lambda v: f"{unit}{v:,.0f}"
    return lambda v: f"{v:,.0f} {unit}" if unit else f"{v:,.0f}"


def compute(ctx: PageContext, p: CapacityAgainstNeed) -> Comparison:
    """The comparison from the page context: records, options and words of both tables."""
    need_page = ctx.for_table(p.need.table)
    cap_page = ctx.for_table(p.capacity.table)
    area_opts = _choice_options(need_page, p.need.table, p.need.area)
    known = {o.value: o for o in area_opts}
    wanted = p.areas or tuple(known)
    areas = [Option(v, known[v].short_label if v in known else v.replace("_", " ")) for v in wanted]
    by_opts = tuple(
        Option(o.value, o.short_label, colour_for(o.colour, i), o.phrase or "")
        for i, o in enumerate(_choice_options(need_page, p.need.table, p.need.by))
    )
    cap_by = tuple(
        Option(o.value, o.short_label, o.colour)
        for i, o in enumerate(_choice_options(cap_page, p.capacity.table, p.capacity.by))
    )
    unknown: tuple[str, ...] = ()
    if p.capacity.open_if is not None:
        unknown = tuple(
            o.value
            for o in _choice_options(cap_page, p.capacity.table, p.capacity.open_if.column)
            if o.knowledge_gap
        )
    table = cap_page.table_of(p.capacity.table)
    noun, noun_plural = record_nouns(table, ctx.tr)
    need_title = "" if need_page.q.id == ctx.q.id else need_page.q.title

    def flt(block: ColumnValues | None) -> Filter | None:
        return None if block is None else Filter(block.column, tuple(block.values))

    released = ctx.page_item(p.released) if p.released is not None else None
    open_if = p.capacity.open_if
    return capacity_against_need(
        need_page.records(p.need.table),
        cap_page.records(p.capacity.table),
        tr=ctx.tr,
        areas=areas,
        need=NeedSide(p.need.area, p.need.count, p.need.by, by_opts, need_title),
        capacity=CapacitySide(
            places=p.capacity.places,
            amount=p.capacity.amount,
            area=p.capacity.area,
            by=p.capacity.by,
            by_options=cap_by,
            risk=p.capacity.risk,
            where=flt(p.capacity.where),
            open_if=flt(open_if),
            open_unknown=unknown,
            highlight=flt(p.capacity.highlight),
            noun=noun,
            noun_plural=noun_plural,
        ),
        levels=p.levels,
        released_per_year=released,
        wording=Wording(
            need_phrase=p.need_phrase or "",
            open_phrase=(open_if.phrase or "") if open_if else "",
            closed_phrase=(open_if.closed_phrase or "") if open_if else "",
            highlight_phrase=p.capacity.highlight.phrase if p.capacity.highlight else "",
            money=_money_format(ctx, p),
        ),
    )


def _messages(ctx: PageContext, p: CapacityAgainstNeed) -> Mapping[str, list[str]]:
    """Places that cannot be used, beside the capacity list (when it is on this page)."""
    table = p.capacity.table
    if isinstance(table, TableTarget):
        if table.page not in (None, ctx.q.id):
            return {}
        table = table.table
    found = [
        x.message
        for x in compute(ctx, p).problems
        if x.source == "capacity" and x.severity == "error"
    ]
    return {table: found} if found else {}


# ----- drawing ----------------------------------------------------------------------------------
class _Segment(TypedDict):
    """One stretch of a bar: a risk level, a type of place, or places set apart."""

    label: str
    n: str
    width: float  # percent of the bar's scale
    colour: NotRequired[str]
    cls: NotRequired[str]  # a CSS class in place of a colour


class _Bar(TypedDict):
    """One bar of the single-area drawing."""

    label: str
    total: str
    segments: list[_Segment]
    offset: NotRequired[float]  # the gap bar starts where the open places end
    gap: NotRequired[float]


def _segments(
    parts: tuple[Part, ...], scale: int, avoid: frozenset[str] = frozenset()
) -> list[_Segment]:
    """Bar segments; parts without a colour of their own take the palette's colours, skipping
    those of the other bar (so a type of housing never looks like a risk level)."""
    spare = [c for c in COLOURS if c.upper() not in avoid] or list(COLOURS)
    return [
        {
            "label": part.label,
            "n": number(part.amount),
            "width": 100 * part.amount / scale,
            "colour": part.colour or spare[i % len(spare)],
        }
        for i, part in enumerate(parts)
        if part.amount
    ]


def _single(ctx: PageContext, p: CapacityAgainstNeed, c: Comparison) -> dict[str, Any]:
    tr = ctx.tr
    row = c.rows[0]
    apart = row.closed + row.unknown
    scale = max(row.need or 0, row.open + apart, 1)
    need_phrase = p.need_phrase or tr(K + "need_phrase_default", area=lower_first(row.label))
    open_phrase = ""
    if p.capacity.open_if is not None:
        open_phrase = p.capacity.open_if.phrase or tr(K + "open_phrase")
    bars: list[_Bar] = []
    if row.need is not None:
        bars.append(
            {
                "label": tr(K + "need_bar", need=need_phrase),
                "total": number(row.need),
                "segments": _segments(row.need_parts, scale),
            }
        )
    bars.append(
        {
            "label": tr(K + "places_bar_open", open=open_phrase)
            if open_phrase
            else tr(K + "places_bar"),
            "total": number(row.open),
            "segments": _segments(
                row.open_parts, scale, frozenset((p.colour or "").upper() for p in row.need_parts)
            ),
        }
    )
    if row.need and row.gap:
        bars.append(
            {
                "label": tr(K + "gap_bar"),
                "total": number(row.gap),
                "offset": 100 * row.open / scale,
                "gap": 100 * row.gap / scale,
                "segments": [],
            }
        )
    if apart:
        segments: list[_Segment] = []
        if row.closed:
            segments.append(
                {
                    "label": tr(K + "closed_part"),
                    "n": number(row.closed),
                    "width": 100 * row.closed / scale,
                    "cls": "rw-can-closed",
                }
            )
        if row.unknown:
            segments.append(
                {
                    "label": tr(K + "unknown_part"),
                    "n": number(row.unknown),
                    "width": 100 * row.unknown / scale,
                    "cls": "rw-can-unknown",
                }
            )
        bars.append({"label": tr(K + "apart_bar"), "total": number(apart), "segments": segments})
    return {"bars": bars}


def _many(ctx: PageContext, c: Comparison, money: Any) -> dict[str, Any]:
    tr = ctx.tr
    scale = max([max(r.need or 0, r.open) for r in c.rows] + [1])
    rows = []
    for r in c.rows:
        if r.status == "short":
            text = tr(
                K + "short_text",
                places=number(r.open),
                people=number(r.need or 0),
                gap=number(r.gap or 0),
            )
        elif r.status == "covered":
            text = tr(K + "covered_text", places=number(r.open), people=number(r.need or 0))
        elif r.status == "none":
            text = tr(K + "none_text", people=number(r.need or 0))
        elif r.status == "no_need":
            text = tr(K + "no_need_text", places=number(r.open))
        elif r.status == "places_unknown":
            text = tr(K + "places_unknown_text")
        else:
            text = tr(K + "need_unknown_text", places=number(r.open))
        rows.append(
            {
                "label": r.label,
                "need": 100 * (r.need or 0) / scale,
                "places": 100 * r.open / scale,
                "text": text,
                "status": r.status,
                "money": money(r.amount) if r.amount else "",
            }
        )
    return {"rows": rows}


def _shares(ctx: PageContext, c: Comparison, money: Any) -> list[dict[str, Any]]:
    out = []
    for r in c.rows:
        if r.need_share is None and r.money_share is None:
            continue
        out.append(
            {
                "label": r.label,
                "need": 100 * (r.need_share or 0),
                "money": 100 * (r.money_share or 0),
                "need_pct": percent(r.need_share or 0),
                "money_pct": percent(r.money_share or 0),
                "amount": money(r.amount),
            }
        )
    return out


def _source(ctx: PageContext, p: CapacityAgainstNeed) -> str:
    page = ctx.for_table(p.need.table)
    return "" if page.q.id == ctx.q.id else ctx.tr(K + "source", page=page.q.title)


@view(
    "capacity_against_need",
    CapacityAgainstNeed,
    summary="Places (and money) a year against the people who need them, by need area.",
    check=_check,
    messages=_messages,
)
def capacity_against_need_view(ctx: PageContext, p: CapacityAgainstNeed) -> str:
    """Bars (one area) or rows (several areas), the sentences, and what could not be used."""
    c = compute(ctx, p)
    money = _money_format(ctx, p)
    pictures: list[dict[str, Any]] = []
    if c.computed:
        for what in p.show:
            if what == "places":
                pictures.append(
                    {"kind": "single", **_single(ctx, p, c)}
                    if c.single
                    else {"kind": "many", **_many(ctx, c, money)}
                )
            elif what == "money" and not c.single and c.total_amount:
                pictures.append({"kind": "shares", "rows": _shares(ctx, c, money)})
    return render(
        "capacity_against_need.html.j2",
        c=c,
        tr=ctx.tr,
        k=K,
        pictures=pictures,
        show_money="money" in p.show,
        source=_source(ctx, p) if c.computed else "",
        errors=[x.message for x in c.by("error")],
        warnings=[x.message for x in c.by("warning")],
        notes=[x.message for x in c.by("note")],
    )
