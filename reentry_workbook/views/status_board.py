"""status_board: a list as a board with one column per status, overdue cards first and listed
above the board, and what each owner carries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field

from ..kinds.columns import ref_options
from ..model import Questionnaire, RefColumn, TableItem
from .base import PageContext, render, view
from .lists import noun_plural
from .params import (
    AnyColumn,
    DateColumnName,
    Finding,
    NumberColumnName,
    Params,
    TableSource,
    column_ref,
)
from .plan_calc import nice_date, quoted
from .status_board_calc import StatusOption, compute


class StatusBoard(Params):
    """Parameters of status_board."""

    table: TableSource
    status: Annotated[str, column_ref("choice")]
    label_column: AnyColumn = Field(description="The column that names each record.")
    owner: AnyColumn | None = None
    due: DateColumnName | None = None
    done_values: tuple[Annotated[str, Field(max_length=200)], ...] = Field(
        description="Statuses that mean finished: their records are never overdue."
    )
    amount: NumberColumnName | None = Field(None, description="Summed per status, if given.")


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    if not isinstance(p.table, str):
        return  # another page's list: its columns are checked with the whole set of pages
    table = q.items.get(p.table)
    if not isinstance(table, TableItem) or p.status not in table.column_ids():
        return
    values = [c.value for c in q.column_options(table.column(p.status))]
    for i, v in enumerate(p.done_values):
        if v not in values:
            yield (
                ("done_values", i),
                f"{v!r} is not an option of {p.status!r}; options: {', '.join(values)}",
            )


@view(
    "status_board",
    StatusBoard,
    summary="A list as columns by status: overdue cards first, what each owner carries.",
    check=_check,
)
def status_board(ctx: PageContext, p: StatusBoard) -> str:
    """Headline, overdue sentences, the board and the owners' load."""
    tr = ctx.tr
    page = ctx.for_table(p.table)
    table = page.table_of(p.table)
    options = [
        StatusOption(o.value, o.short_label, o.colour)
        for o in page.q.column_options(table.column(p.status))
    ]
    owner_labels = None
    if p.owner:
        column = table.column(p.owner)
        if isinstance(column, RefColumn):
            owner_labels = {rid: name for name, rid in ref_options(page.kinds, column)}
    amount_col = table.column(p.amount) if p.amount else None
    board = compute(
        page.records(p.table),
        tr,
        status=p.status,
        label=p.label_column,
        options=options,
        today=ctx.today,
        owner=p.owner,
        owner_labels=owner_labels,
        due=p.due,
        done_values=p.done_values,
        amount=p.amount,
    )
    noun = noun_plural(table, ctx)
    counts = [f"{len(c.cards)} {c.label.lower()}" for c in board.columns if c.cards]
    headline = (
        tr("views.status_board.headline", n=board.total, noun=noun, counts=", ".join(counts))
        if board.total
        else ""
    )
    late = [
        tr(
            "views.status_board.late",
            what=quoted(c.label),
            who=", ".join(c.owners) or tr("views.status_board.no_owner"),
            due=nice_date(c.due),
            days=tr.plural("views.strategic_plan.days", c.days_late),
        )
        for c in board.overdue
    ]

    def money(v: float) -> str:
        return page.cell(amount_col, v) if amount_col is not None else f"{v:,.0f}"

    columns = [
        {
            "label": c.label,
            "colour": c.colour or "#BBBBBB",
            "count": len(c.cards),
            "amount": money(c.amount) if amount_col is not None else "",
            "cards": [
                {
                    "label": card.label,
                    "owner": ", ".join(card.owners),
                    "due": tr("views.status_board.due", date=nice_date(card.due))
                    if card.due
                    else "",
                    "late": tr.plural("views.status_board.days_late", card.days_late)
                    if card.days_late
                    else "",
                    "amount": money(card.amount)
                    if amount_col is not None and card.amount is not None
                    else "",
                }
                for card in c.cards
            ],
        }
        for c in board.columns
    ]
    return render(
        "status_board.html.j2",
        tr=tr,
        headline=headline,
        late=late,
        columns=columns,
        loads=[(x.owner, x.open, x.overdue, x.done) for x in board.loads],
        owner_label=table.column(p.owner).label if p.owner else "",
        problems=board.problems,
        empty=tr("views.list_table.empty", noun=noun),
        has_records=bool(board.total),
        today=tr("views.timeline.today", date=nice_date(ctx.today)) if p.due else "",
    )
