"""Views of single answers: a text answer as written, with its line breaks."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import PageContext, render, view
from .params import Params, item_ref


class TextAnswer(Params):
    """Parameters of text_answer."""

    item: Annotated[
        str,
        item_ref("short_text", "long_text", "date", "integer", "number", "single_choice", "status"),
    ]
    empty: Annotated[str, Field(max_length=300)] | None = None


@view("text_answer", TextAnswer, summary="One answer as written (line breaks kept).")
def text_answer(ctx: PageContext, p: TextAnswer) -> str:
    """The answer, or a plain note that it is still empty."""
    item = ctx.q.item(p.item)
    value = ctx.answers.get(p.item)
    text = ctx.answer_text(item, value) if value is not None else None
    return render("text.html.j2", text=text, empty=p.empty or ctx.tr("views.text.empty"))


class AnswersTable(Params):
    """Parameters of answers_table."""

    items: tuple[Annotated[str, item_ref()], ...] = ()


@view("answers_table", AnswersTable, summary="Every answered question (not the lists) as a table.")
def answers_table(ctx: PageContext, p: AnswersTable) -> str:
    """Step, question and answer, statements of a matrix one per row."""
    from ..model import MatrixItem, TableItem

    rows = []
    for step, item in ctx.q.iter_items():
        if isinstance(item, TableItem) or (p.items and item.id not in p.items):
            continue
        value = ctx.answers.get(item.id)
        if value is None:
            continue
        if isinstance(item, MatrixItem):
            labels = ctx.row_labels(item)
            options = {str(c.value): c.label for c in ctx.q.options(item)}
            for row, answer in value.items():
                rows.append(
                    [step.title, labels.get(row, row), options.get(str(answer), str(answer))]
                )
        else:
            rows.append([step.title, item.prompt, ctx.answer_text(item, value)])
    return render(
        "text.html.j2",
        table=True,
        rows=rows,
        headers=[
            ctx.tr("views.answers.step"),
            ctx.tr("views.answers.question"),
            ctx.tr("views.answers.answer"),
        ],
        empty=ctx.tr("views.answers.empty"),
    )
