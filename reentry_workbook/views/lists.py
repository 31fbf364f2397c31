"""Views of a page's lists: a one-line summary, the list as a table, totals, a dated timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field

from ..kinds import column_rules, record_nouns
from ..model import Questionnaire, RefColumn, TableItem, TableTarget
from .base import PageContext, render, view
from .params import (
    AnyColumn,
    ChoiceColumnName,
    DateColumnName,
    Finding,
    NumberColumnName,
    Params,
    TableName,
    TableSource,
    column_ref,
    no_column,
)


def noun_plural(table: TableItem, ctx: PageContext) -> str:
    """What several records of a table are called."""
    return record_nouns(table, ctx.tr)[1]


# ----- list_summary ----------------------------------------------------------------------------
class YesCount(Params):
    """Count the records where a yes/no column says yes."""

    column: Annotated[str, column_ref("yes_no")]
    phrase: Annotated[str, Field(min_length=1, max_length=200)]


class Tally(Params):
    """Count the options chosen in a choice column across the records."""

    column: ChoiceColumnName
    phrase: Annotated[str, Field(min_length=1, max_length=200)]


class ListSummary(Params):
    """Parameters of list_summary."""

    table: TableName
    yes_counts: tuple[YesCount, ...] = ()
    tallies: tuple[Tally, ...] = ()


def _tables_of(q: Questionnaire, p: Any) -> Iterator[Finding]:
    """Columns in nested entries belong to the view's table: checked here."""
    table = q.items.get(p.table)
    if not isinstance(table, TableItem):
        return
    for key in ("yes_counts", "tallies"):
        for i, entry in enumerate(getattr(p, key)):
            if entry.column not in table.column_ids():
                yield (
                    (key, i, "column"),
                    no_column(table.id, entry.column, table.column_ids()),
                )


@view(
    "list_summary",
    ListSummary,
    summary="One line: how many records, with counts that matter.",
    check=_tables_of,
)
def list_summary(ctx: PageContext, p: ListSummary) -> str:
    """'14 networks listed · 3 reach people who doubt the coalition · they could share …'."""
    table = ctx.table(p.table)
    records = ctx.records(p.table)
    one, other = record_nouns(table, ctx.tr)
    parts = [ctx.tr.plural("views.list_summary.listed", len(records), noun=one, nouns=other)]
    for entry in p.yes_counts:
        n = sum(1 for r in records if r.get(entry.column) is True)
        parts.append(f"{n} {entry.phrase}")
    for tally in p.tallies:
        column = table.column(tally.column)
        counts: dict[str, int] = {}
        for r in records:
            value = r.get(tally.column)
            for v in value if isinstance(value, list) else ([value] if value else []):
                counts[v] = counts.get(v, 0) + 1
        if counts:
            labels = {c.value: c.short_label for c in ctx.q.column_options(column)}
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            listed = ", ".join(f"{labels.get(k, k).lower()} ({n})" for k, n in ranked)
            parts.append(f"{tally.phrase}: {listed}")
    return render("lists.html.j2", kind="summary", parts=parts)


# ----- list_table ------------------------------------------------------------------------------
class ListTable(Params):
    """Parameters of list_table."""

    table: TableSource
    columns: tuple[AnyColumn, ...] = ()
    sort_by: AnyColumn | None = None
    descending: bool = False
    empty: Annotated[str, Field(max_length=300)] | None = None
    include_sensitive: bool = Field(
        False, description="Also show columns marked sensitive (on the page only, never printed)."
    )


def _whole_list(p: ListTable) -> list[str]:
    """A list table without chosen columns shows every column of its records."""
    if p.columns:
        return []
    return [p.table.table if isinstance(p.table, TableTarget) else p.table]


@view(
    "list_table",
    ListTable,
    summary="The records of a list as a readable table.",
    whole_records=_whole_list,
)
def list_table(ctx: PageContext, p: ListTable) -> str:
    """Every record with readable cells (option labels, names of picked records, dates)."""
    page = ctx.for_table(p.table)
    table = page.table_of(p.table)
    columns = [table.column(c) for c in p.columns] if p.columns else list(table.columns)
    if not (p.include_sensitive and ctx.role == "facilitator" and not ctx.printing):
        columns = [c for c in columns if not c.sensitive]
    records = page.records(p.table)
    if p.sort_by:
        sort_by = p.sort_by
        col = table.column(sort_by)
        rules = column_rules(col)
        filled = [r for r in records if r.get(sort_by) is not None]
        blank = [r for r in records if r.get(sort_by) is None]
        filled.sort(key=lambda r: rules.sort_key(page.kinds, col, r[sort_by]), reverse=p.descending)
        records = filled + blank
    rows = [[page.cell(c, r.get(c.id)) for c in columns] for r in records]
    empty = p.empty or ctx.tr("views.list_table.empty", noun=noun_plural(table, ctx))
    return render(
        "lists.html.j2",
        kind="table",
        headers=[c.label for c in columns],
        rows=rows,
        empty=empty,
        numeric={i for i, c in enumerate(columns) if column_rules(c).numeric},
    )


# ----- totals ----------------------------------------------------------------------------------
class Totals(Params):
    """Parameters of totals."""

    table: TableName
    by: Annotated[str, column_ref("choice", "multi_choice", "ref")]
    amount: NumberColumnName | None = None
    by2: ChoiceColumnName | None = None
    label: Annotated[str, Field(max_length=200)] | None = None


def groups_of(ctx: PageContext, column: Any) -> list[tuple[str, str, str]]:
    """(value, label, short label) of every group a choice or ref column sorts records into."""
    if isinstance(column, RefColumn):
        from ..kinds.columns import ref_options

        return [(rid, name, name) for name, rid in ref_options(ctx.kinds, column)]
    return [(o.value, o.label, o.short_label) for o in ctx.q.column_options(column)]


def _values(record: dict[str, Any], column: str) -> list[str]:
    value = record.get(column)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


@view("totals", Totals, summary="Counts and sums of a list by a choice column.")
def totals(ctx: PageContext, p: Totals) -> str:
    """A table of count (and sum) per option, with a total; bad amounts are left out and said."""
    table = ctx.table(p.table)
    by = table.column(p.by)
    options = groups_of(ctx, by)
    records = ctx.records(p.table)
    negative = [
        r
        for r in records
        if p.amount and isinstance(r.get(p.amount), int | float) and r[p.amount] < 0
    ]
    usable = [r for r in records if r not in negative]
    second = groups_of(ctx, table.column(p.by2)) if p.by2 else []
    amount_col = table.column(p.amount) if p.amount else None

    def money(v: float) -> str:
        return ctx.cell(amount_col, v) if amount_col is not None else f"{v:,.0f}"

    rows, total_n, total_sum = [], 0, 0.0
    for value, label, _short in options:
        mine = [r for r in usable if value in _values(r, p.by)]
        n = len(mine)
        s = sum(float(r.get(p.amount) or 0) for r in mine) if p.amount else 0.0
        total_n += n
        total_sum += s
        row = [label, str(n)]
        if p.amount:
            row.append(money(s))
        for other, _label, _short in second:
            sub = [r for r in mine if other in _values(r, p.by2 or "")]
            row.append(
                money(sum(float(r.get(p.amount) or 0) for r in sub)) if p.amount else str(len(sub))
            )
        rows.append(row)
    headers = [by.label, ctx.tr("views.totals.count")]
    if p.amount and amount_col is not None:
        headers.append(ctx.tr("views.totals.sum", what=amount_col.label))
    headers += [short for _v, _l, short in second]
    footer = [ctx.tr("views.totals.total"), str(total_n)] + ([money(total_sum)] if p.amount else [])
    footer += [""] * len(second)
    unassigned = sum(1 for r in usable if not _values(r, p.by))
    notes = []
    if unassigned:
        notes.append(ctx.tr("views.totals.unassigned", n=unassigned, column=by.label))
    if negative:
        notes.append(ctx.tr("views.totals.negative", n=len(negative)))
    if any(len(_values(r, p.by)) > 1 for r in usable):
        notes.append(ctx.tr("views.totals.counted_twice"))
    return render(
        "lists.html.j2",
        kind="totals",
        caption=p.label,
        headers=headers,
        rows=rows,
        footer=footer,
        notes=notes,
        empty=ctx.tr("views.list_table.empty", noun=noun_plural(table, ctx)),
        has_records=bool(records),
    )


# ----- timeline --------------------------------------------------------------------------------
class Timeline(Params):
    """Parameters of timeline."""

    table: TableName
    date: DateColumnName
    label_column: AnyColumn
    owner: AnyColumn | None = None
    status: ChoiceColumnName | None = None
    done_values: tuple[Annotated[str, Field(max_length=200)], ...] = ()
    start: DateColumnName | None = None
    overdue_text: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        None, description="What a passed date means here (default: overdue), e.g. 'ended'."
    )
    skip_undated: bool = Field(
        False, description="Leave out records with no date (e.g. follow-ups not planned yet)."
    )


def _check_timeline(q: Questionnaire, p: Any) -> Iterator[Finding]:
    table = q.items.get(p.table)
    if not isinstance(table, TableItem) or not p.status or p.status not in table.column_ids():
        return
    values = [c.value for c in q.column_options(table.column(p.status))]
    for i, v in enumerate(p.done_values):
        if v not in values:
            yield (
                ("done_values", i),
                f"{v!r} is not an option of {p.status!r}; options: {', '.join(values)}",
            )


@view(
    "timeline",
    Timeline,
    summary="Dated records in order, with what is overdue or unowned.",
    check=_check_timeline,
)
def timeline(ctx: PageContext, p: Timeline) -> str:
    """Records by date with owner and status; overdue, unowned and out-of-order dates flagged."""
    table = ctx.table(p.table)
    records = ctx.records(p.table)
    today = ctx.today.isoformat()
    dated = sorted((r for r in records if r.get(p.date)), key=lambda r: r[p.date])
    undated = [] if p.skip_undated else [r for r in records if not r.get(p.date)]
    rows, overdue, unowned, misordered = [], 0, 0, 0
    for r in dated + undated:
        flags = []
        done = p.status is not None and r.get(p.status) in p.done_values
        when = r.get(p.date)
        if when and when < today and not done:
            flags.append(p.overdue_text or ctx.tr("views.timeline.overdue"))
            overdue += 1
        if p.owner and not r.get(p.owner):
            flags.append(ctx.tr("views.timeline.no_owner"))
            unowned += 1
        elif p.owner and ctx.cell(table.column(p.owner), r.get(p.owner)) == ctx.tr(
            "answers.removed_record"
        ):
            flags.append(ctx.tr("views.timeline.owner_removed"))
            unowned += 1
        if p.start and r.get(p.start) and when and r[p.start] > when:
            flags.append(ctx.tr("views.timeline.due_before_start"))
            misordered += 1
        rows.append(
            {
                "date": _nice_date(when) if when else ctx.tr("views.timeline.no_date"),
                "label": ctx.cell(table.column(p.label_column), r.get(p.label_column)),
                "owner": ctx.cell(table.column(p.owner), r.get(p.owner)) if p.owner else "",
                "status": ctx.cell(table.column(p.status), r.get(p.status)) if p.status else "",
                "flags": flags,
                "done": done,
            }
        )
    counts = []
    if overdue:
        counts.append(ctx.tr("views.timeline.n_overdue", n=overdue))
    if unowned:
        counts.append(ctx.tr("views.timeline.n_unowned", n=unowned))
    if misordered:
        counts.append(ctx.tr("views.timeline.n_misordered", n=misordered))
    headers = [
        table.column(p.date).label,
        table.column(p.label_column).label,
        *([table.column(p.owner).label] if p.owner else []),
        *([table.column(p.status).label] if p.status else []),
        ctx.tr("views.timeline.attention"),
    ]
    return render(
        "lists.html.j2",
        kind="timeline",
        rows=rows,
        headers=headers,
        counts=counts,
        has_owner=bool(p.owner),
        has_status=bool(p.status),
        empty=ctx.tr("views.list_table.empty", noun=noun_plural(table, ctx)),
        today=ctx.tr("views.timeline.today", date=_nice_date(today)),
    )


def _nice_date(iso: str) -> str:
    """'2026-12-15' -> '15 Dec 2026'."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%b %Y}"
