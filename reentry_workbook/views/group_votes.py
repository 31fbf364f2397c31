"""Ratings and votes that people gave to the records of a list, summed up per record."""

from __future__ import annotations

import statistics
from typing import NotRequired, TypedDict

from ..kinds import RECORD_ID
from ..model import MatrixItem
from .base import PageContext


class VoteRow(TypedDict):
    """One record's line of a vote result."""

    name: str
    value: float | None  # mean rating or number of votes; None when nobody rated it
    shown: str
    spread: str  # the lowest and highest answer, in words; '' when there is none
    n: int
    notes: list[str]
    flag: bool
    rank: NotRequired[int | str]  # '' when there is no value


def _flag(ctx: PageContext, values: list[float], width: float) -> bool:
    rule = ctx.q.disagreement
    if len(values) < rule.min_respondents or len(values) < 2:
        return False
    sd = statistics.stdev(values)
    return sd >= rule.sd or (max(values) - min(values)) >= rule.range_share * width


def ratings(ctx: PageContext, item_id: str) -> dict[str, list[float]]:
    """Record id -> everyone's ratings (as scores) of that record, from a matrix item."""
    item = ctx.q.item(item_id)
    assert isinstance(item, MatrixItem)
    scores = {str(c.value): c.score for c in ctx.q.options(item)}
    frame = ctx.group.frame
    out: dict[str, list[float]] = {}
    if not len(frame):
        return out
    mine = frame[frame["item_id"] == item_id]
    for row, value in zip(mine["row"], mine["value"], strict=True):
        score = scores.get(str(value))
        if score is not None and row:
            out.setdefault(str(row), []).append(float(score))
    return out


def record_votes(ctx: PageContext, table: str, item_id: str) -> list[VoteRow]:
    """Per record of ``table``: the group's mean rating (or number of votes), n, spread, flags."""
    item = ctx.q.item(item_id)
    names = {
        str(r[RECORD_ID]): str(r.get("name") or "") for r in ctx.records(table) if r.get(RECORD_ID)
    }
    rows: list[VoteRow] = []
    if (
        isinstance(item, MatrixItem)
        and item.choices
        and not any(c.score is not None for c in ctx.q.options(item))
    ):
        return _word_votes(ctx, item, names)
    if isinstance(item, MatrixItem):
        width = float(item.points - 1)
        given = ratings(ctx, item_id)
        for rid, name in names.items():
            values = given.get(rid, [])
            n = len(values)
            notes = []
            flag = _flag(ctx, values, width)
            if flag:
                notes.append(ctx.tr("views.scores.views_differ"))
            if 0 < n <= 2:
                notes.append(ctx.tr("views.scores.rests_on", n=n))
            rows.append(
                {
                    "name": name,
                    "value": statistics.fmean(values) if values else None,
                    "shown": f"{statistics.fmean(values):.1f}" if values else "–",
                    "spread": (
                        ctx.tr(
                            "views.votes.spread", low=f"{min(values):g}", high=f"{max(values):g}"
                        )
                        if values
                        else ""
                    ),
                    "n": n,
                    "notes": notes,
                    "flag": flag,
                }
            )
    else:
        frame = ctx.group.frame
        counts: dict[str, int] = {}
        voters: dict[str, set[str]] = {}
        if len(frame):
            mine = frame[frame["item_id"] == item_id]
            for who, value in zip(mine["respondent"], mine["value"], strict=True):
                for v in value if isinstance(value, list) else [value]:
                    counts[str(v)] = counts.get(str(v), 0) + 1
                    voters.setdefault(str(v), set()).add(str(who))
        for rid, name in names.items():
            n = counts.get(rid, 0)
            rows.append(
                {
                    "name": name,
                    "value": float(n),
                    "shown": str(n),
                    "spread": "",
                    "n": len(voters.get(rid, ())),
                    "notes": [],
                    "flag": False,
                }
            )
    rows.sort(key=lambda r: (r["value"] is None, -(r["value"] or 0), r["name"].casefold()))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank if row["value"] is not None else ""
    return rows


def _word_votes(ctx: PageContext, item: MatrixItem, names: dict[str, str]) -> list[VoteRow]:
    """Answers given as words: how many chose each option, per record; ranked by the first
    option (the template lists the strongest first)."""
    options = ctx.q.options(item)
    frame = ctx.group.frame
    counts: dict[str, dict[str, int]] = {}
    if len(frame):
        mine = frame[frame["item_id"] == item.id]
        for row, value in zip(mine["row"], mine["value"], strict=True):
            counts.setdefault(str(row), {}).setdefault(str(value), 0)
            counts[str(row)][str(value)] += 1
    rows: list[VoteRow] = []
    for rid, name in names.items():
        given = counts.get(rid, {})
        n = sum(given.values())
        shown = " · ".join(
            f"{o.short_label} {given[o.value]}" for o in options if given.get(o.value)
        )
        notes = [ctx.tr("views.scores.rests_on", n=n)] if 0 < n <= 2 else []
        first = given.get(options[0].value, 0) if options else 0
        rows.append(
            {
                "name": name,
                "value": float(first) if n else None,
                "shown": shown or "–",
                "spread": "",
                "n": n,
                "notes": notes,
                "flag": False,
            }
        )
    rows.sort(key=lambda r: (r["value"] is None, -(r["value"] or 0), r["name"].casefold()))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank if row["value"] is not None else ""
    return rows
