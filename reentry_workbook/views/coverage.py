"""Who the lists reach: coverage bars, sentences naming the gaps, and the share of one option."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ..kinds import record_nouns
from ..model import ChoiceColumn, CoverageDimension, Questionnaire, TableItem
from ..words import join_words
from .base import PageContext, render, view
from .params import ChoiceColumnName, Finding, Params, TableName, column_ref

if TYPE_CHECKING:
    from ..coverage import Coverage

NAMED_GAPS = 6
CROSS_SENTENCES = 3


class Dimension(Params):
    """A choice column of a table to count records by."""

    table: TableName
    column: ChoiceColumnName
    by: Annotated[str, column_ref("choice", "multi_choice")] | None = None
    targets: (
        dict[Annotated[str, Field(max_length=200)], Annotated[int, Field(ge=0, le=100_000)]] | None
    ) = None


class CoverageBars(Dimension):
    """Parameters of coverage_bars."""

    label: Annotated[str, Field(max_length=200)] | None = None


class GapSentences(Params):
    """Parameters of gap_sentences."""

    dimensions: Annotated[tuple[Dimension, ...], Field(min_length=1)]
    limit: Annotated[int, Field(ge=1, le=50)] = 12


def _check_targets(q: Questionnaire, dim: Any, path: tuple[str | int, ...]) -> Iterator[Finding]:
    table = q.items.get(dim.table)
    if not isinstance(table, TableItem) or dim.column not in table.column_ids():
        return
    values = {c.value for c in q.column_options(table.column(dim.column))}
    for key in dim.targets or {}:
        if key not in values:
            yield (*path, "targets", key), f"{key!r} is not an option of {dim.column!r}"


def _check_bars(q: Questionnaire, p: Any) -> Iterator[Finding]:
    yield from _check_targets(q, p, ())


def _check_gaps(q: Questionnaire, p: Any) -> Iterator[Finding]:
    for i, dim in enumerate(p.dimensions):
        yield from _check_targets(q, dim, ("dimensions", i))


def measure(ctx: PageContext, dim: Dimension, label: str | None = None) -> Coverage:
    """Counts per option against targets; 'we do not know' options are never targets."""
    from ..coverage import coverage

    table = ctx.table(dim.table)
    column = table.column(dim.column)
    assert isinstance(column, ChoiceColumn)
    unknown = {c.value for c in ctx.q.column_options(column) if c.knowledge_gap}
    targets = {c.value: 1 for c in ctx.q.column_options(column)}
    targets.update(dim.targets or {})
    targets.update({v: 0 for v in unknown})
    spec = CoverageDimension(
        table=dim.table, column=dim.column, by=dim.by, label=label, targets=targets
    )
    return coverage(ctx.q, spec, ctx.records(dim.table))


@view(
    "coverage_bars",
    CoverageBars,
    summary="Bars per option of a list's column; gaps marked.",
    check=_check_bars,
)
def coverage_bars(ctx: PageContext, p: CoverageBars) -> str:
    """One bar per option with its count written out; options short of target say so."""
    table = ctx.table(p.table)
    cov = measure(ctx, p, p.label)
    counts = cov.counts
    top = max([int(c) for c in counts["count"]] + [1])
    rows = []
    for label, n, target, gap in zip(
        counts["label"],
        counts["count"],
        counts["target"],
        counts["gap"],
        strict=True,
    ):
        if gap:
            text = (
                ctx.tr("views.coverage.missing", n=int(n))
                if n == 0
                else ctx.tr("views.coverage.short", n=int(n), target=int(target))
            )
        else:
            text = str(int(n))
        rows.append({"label": label, "width": 100 * int(n) / top, "gap": bool(gap), "text": text})
    caption = p.label or ctx.tr(
        "views.coverage.caption", noun=table.record_label or "", column=table.column(p.column).label
    )
    return render("coverage.html.j2", kind="bars", caption=caption, rows=rows)


def gap_lines(ctx: PageContext, dims: tuple[Dimension, ...]) -> list[str]:
    """Plain sentences: which options no record covers yet, which are short of target, and the
    thinnest spots of a crossed dimension."""
    from ..coverage import cell

    lines: list[str] = []
    for dim in dims:
        table = ctx.table(dim.table)
        noun, nouns = record_nouns(table, ctx.tr)
        cov = measure(ctx, dim)
        counts = cov.counts
        nobody = [
            str(lbl)
            for lbl, n, gap in zip(counts["label"], counts["count"], counts["gap"], strict=True)
            if gap and n == 0
        ]
        if nobody:
            named = "; ".join(nobody[:NAMED_GAPS])
            more = (
                ctx.tr("views.coverage.and_more", n=len(nobody) - NAMED_GAPS)
                if len(nobody) > NAMED_GAPS
                else ""
            )
            lines.append(
                ctx.tr(
                    "views.coverage.none_yet",
                    noun=noun,
                    column=table.column(dim.column).label.lower(),
                    named=named,
                    more=more,
                )
            )
        for lbl, n, target, gap in zip(
            counts["label"], counts["count"], counts["target"], counts["gap"], strict=True
        ):
            if gap and n > 0:
                lines.append(
                    ctx.tr.plural(
                        "views.coverage.only",
                        int(n),
                        target=int(target),
                        noun=noun,
                        nouns=nouns,
                        label=lbl,
                    )
                )
        if cov.cross is not None and dim.by:
            cross = cov.cross
            reached = [
                lbl for lbl, n in zip(counts["label"], counts["count"], strict=True) if n > 0
            ]
            thin = []
            for group in reached:
                if group not in cross.index:
                    continue
                empty = [area for area in cross.columns if cell(cross, group, area) == 0]
                if empty and len(empty) < len(cross.columns):
                    thin.append((group, empty))
            thin.sort(key=lambda kv: -len(kv[1]))
            for group, areas in thin[:CROSS_SENTENCES]:
                shown = join_words([str(a) for a in areas[:3]], ctx.tr("words.and"))
                if len(areas) > 3:
                    shown = ctx.tr(
                        "views.coverage.areas_more",
                        shown=", ".join(str(a) for a in areas[:3]),
                        n=len(areas) - 3,
                    )
                lines.append(
                    ctx.tr("views.coverage.not_in", noun=noun, group=str(group), areas=shown)
                )
    return lines


@view(
    "gap_sentences",
    GapSentences,
    summary="Sentences naming who or what the lists miss.",
    check=_check_gaps,
)
def gap_sentences(ctx: PageContext, p: GapSentences) -> str:
    """The gaps in words, at most ``limit`` sentences."""
    lines = gap_lines(ctx, p.dimensions)
    return render(
        "coverage.html.j2",
        kind="gaps",
        lines=lines[: p.limit],
        more=max(0, len(lines) - p.limit),
        more_text=ctx.tr("views.coverage.more_gaps", n=max(0, len(lines) - p.limit)),
        none=ctx.tr("views.coverage.no_gaps"),
    )


class Share(Params):
    """Parameters of share."""

    table: TableName
    column: ChoiceColumnName
    value: Annotated[str, Field(min_length=1, max_length=200)]
    text: Annotated[str, Field(min_length=1, max_length=300)]
    none_text: Annotated[str, Field(max_length=300)] | None = None
    heading: Annotated[str, Field(max_length=200)] | None = None


def _check_share(q: Questionnaire, p: Any) -> Iterator[Finding]:
    table = q.items.get(p.table)
    if not isinstance(table, TableItem) or p.column not in table.column_ids():
        return
    values = [c.value for c in q.column_options(table.column(p.column))]
    if p.value not in values:
        yield (
            ("value",),
            f"{p.value!r} is not an option of {p.column!r}; options: {', '.join(values)}",
        )
    for key in ("{n}", "{total}"):
        if key not in p.text:
            yield (
                ("text",),
                "the text needs the placeholders {n} and {total} (and may use {pct})",
            )
            break


@view(
    "share",
    Share,
    summary="How many records have one option, of those that say.",
    check=_check_share,
)
def share(ctx: PageContext, p: Share) -> str:
    """'3 of 5 (60%) are trusted without a formal title', and a warning when none are."""
    table = ctx.table(p.table)
    column = table.column(p.column)
    unknown = {c.value for c in ctx.q.column_options(column) if c.knowledge_gap}
    answered = [r for r in ctx.records(p.table) if r.get(p.column) not in (None, [], *unknown)]

    def has(r: dict[str, Any]) -> bool:
        value = r.get(p.column)
        return p.value in value if isinstance(value, list) else value == p.value

    n = sum(1 for r in answered if has(r))
    total = len(answered)
    pct = f"{100 * n / total:.0f}%" if total else "–"
    text = p.text.replace("{n}", str(n)).replace("{total}", str(total)).replace("{pct}", pct)
    warn = p.none_text if (p.none_text and n == 0) else None
    return render("coverage.html.j2", kind="share", heading=p.heading, text=text, warn=warn)
