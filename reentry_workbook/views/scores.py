"""Views of everyone's answers: where the coalition stands per factor, disagreements, votes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import pandas as pd

from ..model import Band, ChoiceItemBase, MatrixItem, Questionnaire
from .base import PageContext, render, view
from .params import Finding, Params, TableName, item_ref

if TYPE_CHECKING:
    from .group_votes import VoteRow

DEFAULT_BAND_COLOURS = ("#E69F00", "#56B4E9", "#009E73")
"""Lowest, middle and highest band when a band gives no colour (colour-blind-safe)."""


class Factors(Params):
    """Which factors to show (default: all)."""

    factors: tuple[str, ...] = ()


def _check_factors(q: Questionnaire, p: Any) -> Iterator[Finding]:
    ids = [f.id for f in q.factors]
    for i, f in enumerate(p.factors):
        if f not in ids:
            yield ("factors", i), f"unknown factor {f!r}; factors: {', '.join(ids) or 'none'}"


def band_colour(bands: tuple[Band, ...], label: str | None) -> str:
    """A band's own colour, else one by its rank (higher bands greener)."""
    ordered = sorted(bands, key=lambda b: b.min)
    for rank, band in enumerate(ordered):
        if band.label == label:
            if band.colour:
                return band.colour
            if len(ordered) == 1:
                return DEFAULT_BAND_COLOURS[-1]
            step = rank / (len(ordered) - 1)
            return DEFAULT_BAND_COLOURS[round(step * (len(DEFAULT_BAND_COLOURS) - 1))]
    return "#BBBBBB"


def _scale(q: Questionnaire, factor: str) -> tuple[float, float]:
    from ..scoring import scored_units

    units = [u for u in scored_units(q) if u.factor == factor]
    return (units[0].low, units[0].high) if units else (0.0, 1.0)


def factor_rows(ctx: PageContext, p: Factors) -> list[dict[str, Any]]:
    """One row per factor with everything the table and the bars show."""
    g = ctx.group
    wanted = p.factors or tuple(f.id for f in ctx.q.factors)
    # one row of results per factor id (the index is unique), as plain mappings
    found = g.factors.set_index("factor").to_dict("index") if len(g.factors) else {}
    rows = []
    for fid in wanted:
        factor = ctx.q.factor(fid)
        low, high = _scale(ctx.q, fid)
        row: dict[str, Any] = {
            "label": factor.label,
            "description": factor.description,
            "scale": ctx.tr("views.scores.scale", low=f"{low:g}", high=f"{high:g}"),
        }
        if fid in found and not pd.isna(found[fid]["mean"]):
            f = found[fid]
            n = int(f["n"])
            notes = []
            if bool(f.get("disagreement", False)):
                notes.append(ctx.tr("views.scores.views_differ"))
            if n <= 2:
                notes.append(ctx.tr("views.scores.rests_on", n=n))
            left = int(f.get("left_out", 0))
            if left:
                notes.append(ctx.tr("views.scores.left_out", n=left))
            pct = max(0.0, min(100.0, float(f["percent"])))
            row.update(
                score=f"{float(f['mean']):.1f}",
                percent=pct,
                band=f.get("band") or "",
                explanation=f.get("explanation") or "",
                colour=band_colour(ctx.q.bands_for(fid), f.get("band")),
                n=n,
                notes=notes,
                disagreement=bool(f.get("disagreement", False)),
            )
        else:
            row.update(
                score=None,
                percent=None,
                band="",
                explanation="",
                colour="#BBBBBB",
                n=0,
                notes=[ctx.tr("views.scores.no_answers")],
                disagreement=False,
            )
        rows.append(row)
    return rows


@view(
    "factor_table",
    Factors,
    summary="Each factor: score on its scale, band, people, notes.",
    group=True,
    check=_check_factors,
)
def factor_table(ctx: PageContext, p: Factors) -> str:
    """Where the coalition stands, with the scale written out and why numbers of people differ."""
    rows = factor_rows(ctx, p)
    people = ctx.group.people
    heading = ctx.tr("views.scores.heading", people=ctx.tr.plural("units.person_answered", people))
    return render(
        "scores.html.j2",
        kind="table",
        heading=heading,
        rows=rows,
        headers=[
            ctx.tr("views.scores.part"),
            ctx.tr("views.scores.where"),
            ctx.tr("views.scores.score"),
            ctx.tr("views.scores.people"),
            ctx.tr("views.scores.notes"),
        ],
        none=ctx.tr("views.scores.nothing_yet"),
    )


@view(
    "readiness_bars",
    Factors,
    summary="A bar per factor: share of its scale, coloured by band.",
    group=True,
    check=_check_factors,
)
def readiness_bars(ctx: PageContext, p: Factors) -> str:
    """How far along each part is, as bars with the band in words (not colour alone)."""
    rows = [
        {**r, "people": ctx.tr.plural("units.person", r["n"])}
        for r in factor_rows(ctx, p)
        if r["percent"] is not None
    ]
    return render(
        "scores.html.j2",
        kind="bars",
        rows=rows,
        headers=[
            ctx.tr("views.scores.part"),
            ctx.tr("views.scores.share"),
            ctx.tr("views.scores.where"),
        ],
        caption=ctx.tr("views.scores.bars_caption"),
        none=ctx.tr("views.scores.nothing_yet"),
    )


class Nothing(Params):
    """No parameters."""


@view(
    "disagreements", Nothing, summary="Questions where people's answers spread widely.", group=True
)
def disagreements(ctx: PageContext, p: Nothing) -> str:
    """Each flagged question with the range of answers and how many answered."""
    items = ctx.group.items
    flagged = items[items["disagreement"]] if len(items) else items
    lines = [
        ctx.tr(
            "views.scores.differ_line",
            label=str(r["label"]),
            low=f"{r['min']:g}",
            high=f"{r['max']:g}",
            n=int(r["n"]),
        )
        for _, r in flagged.iterrows()
    ]
    lines += _differing_records(ctx)
    return render(
        "scores.html.j2",
        kind="list",
        heading=ctx.tr("views.scores.differ_heading"),
        lines=lines,
        none=ctx.tr("views.scores.no_differ"),
    )


def _differing_records(ctx: PageContext) -> list[str]:
    """The entries of a list that people rated far apart, as the vote tables flag them: the
    summary names them rather than saying nothing splits the group."""
    from .group_votes import record_votes

    lines = []
    for item in ctx.q.items.values():
        if not (isinstance(item, MatrixItem) and isinstance(item.rows_from, str)):
            continue
        for row in record_votes(ctx, item.rows_from, item.id):
            if row["flag"]:
                lines.append(
                    ctx.tr(
                        "views.scores.differ_record",
                        name=row["name"],
                        question=item.prompt,
                        spread=row["spread"],
                        n=ctx.tr.plural("units.person", row["n"]),
                    )
                )
    return lines


class Overview(Params):
    """Parameters of status_overview."""

    items: tuple[str, ...] = ()


def _check_overview(q: Questionnaire, p: Any) -> Iterator[Finding]:
    for i, item_id in enumerate(p.items):
        if item_id not in q.items:
            yield ("items", i), f"unknown item {item_id!r}; items: {', '.join(q.items)}"


@view(
    "status_overview",
    Overview,
    summary="Questions × people: who answered what (facilitators only).",
    group=True,
    check=_check_overview,
)
def status_overview(ctx: PageContext, p: Overview) -> str:
    """A grid of each person's answers to the scored questions; never shown to participants."""
    if ctx.role != "facilitator":
        return render(
            "scores.html.j2",
            kind="list",
            heading=None,
            lines=[],
            none=ctx.tr("views.scores.private"),
        )
    from ..scoring import scored_units

    frame = ctx.group.frame
    units = [u for u in scored_units(ctx.q) if not p.items or u.item_id in p.items]
    people = sorted(frame["respondent"].unique()) if len(frame) else []
    cells = {(r.respondent, r.item_id, r.row): r.value for r in frame.itertuples()}
    rows = []
    for u in units:
        item = ctx.q.item(u.item_id)
        options = {c.value: c.short_label for c in ctx.q.options(item)}
        row = [u.label]
        for person in people:
            value = cells.get((person, u.item_id, u.row))
            row.append("" if value is None else options.get(str(value), str(value)))
        rows.append(row)
    return render(
        "scores.html.j2",
        kind="grid",
        headers=[ctx.tr("views.scores.question"), *people],
        rows=rows,
        none=ctx.tr("views.scores.nothing_yet"),
        has_people=bool(people),
    )


class VoteResult(Params):
    """Parameters of vote_result."""

    table: TableName
    item: Annotated[str, item_ref("matrix", "single_choice", "multiple_choice")]


def _check_vote(q: Questionnaire, p: Any) -> Iterator[Finding]:
    item = q.items.get(p.item)
    if item is None:
        yield ("item",), f"unknown item {p.item!r}; items: {', '.join(q.items)}"
    elif isinstance(item, MatrixItem) and item.rows_from == p.table:
        return
    elif isinstance(item, ChoiceItemBase) and item.choices_from == p.table:
        return
    else:
        yield (
            ("item",),
            (
                f"item {p.item!r} must rate or pick the records of {p.table!r} "
                "(a matrix with rows_from, or a choice with choices_from)"
            ),
        )


def vote_rows(ctx: PageContext, table: str, item_id: str) -> list[VoteRow]:
    """Per record: mean rating or number of votes, n, spread and a disagreement flag."""
    from .group_votes import record_votes

    return record_votes(ctx, table, item_id)


@view(
    "vote_result",
    VoteResult,
    summary="Everyone's ratings or votes per record, ranked.",
    group=True,
    check=_check_vote,
)
def vote_result(ctx: PageContext, p: VoteResult) -> str:
    """Ranked records with the group's result; small groups are marked, spread is flagged."""
    rows = vote_rows(ctx, p.table, p.item)
    item = ctx.q.item(p.item)
    # a mean only where the answers are scores; words chosen and votes are counted
    rating = isinstance(item, MatrixItem) and any(c.score is not None for c in ctx.q.options(item))
    words = isinstance(item, MatrixItem) and not rating
    if rating:
        points = [float(c.score) for c in ctx.q.options(item) if c.score is not None]
        scale = ctx.tr("views.scores.scale", low=f"{min(points):g}", high=f"{max(points):g}")
        result = ctx.tr("views.votes.mean_on", scale=scale)
    else:
        result = ctx.tr("views.votes.answers" if words else "views.votes.votes")
    return render(
        "scores.html.j2",
        kind="votes",
        rows=rows,
        rating=rating,
        headers=[
            ctx.tr("views.votes.rank"),
            ctx.tr("views.votes.what"),
            result,
            ctx.tr("views.scores.people"),
            ctx.tr("views.scores.notes"),
        ],
        none=ctx.tr("views.votes.none"),
    )
