"""Trend per measure: the pure computation of the ``trend`` view.

Each measure is a percentage (numerator ÷ denominator) entered once per period in a list of
figures. For each measure this orders the usable entries by the date the period starts, works
out the percentages, the change from the first to the latest period, whether it goes the way
the coalition wants (read from the ``score`` of the measure's direction option: > 0 higher is
better, < 0 lower is better), and where the latest figure stands against the target. Entries
that cannot be right get a plain message tied to the column to fix and are left out of the
picture: nothing is computed from them.

Lists of dicts in, frozen dataclasses out; words from ``views.trend.*``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..messages import Catalog, catalog

Movement = Literal["better", "worse", "flat", "up", "down"]
TargetState = Literal["met", "not_met"]
FLAT_WITHIN = 1.0
"""Changes smaller than this many percentage points read as 'about the same'."""
K = "views.trend."


@dataclass(frozen=True)
class TrendPoint:
    """One usable period of a measure."""

    entry_id: str | None
    period: str
    start: str
    numerator: int
    denominator: int
    pct: float  # 0..100


@dataclass(frozen=True)
class EntryProblem:
    """A plain message for one entry (or one measure), tied to the column to fix."""

    entry_id: str | None
    column: str
    period: str
    message: str


@dataclass(frozen=True)
class MeasureTrend:
    """One measure's chart: its points, its problems and what to say about it."""

    measure_id: str
    label: str
    points: tuple[TrendPoint, ...]
    problems: tuple[EntryProblem, ...]
    direction: Literal["higher", "lower"] | None
    target: float | None
    change: float | None  # latest minus first, percentage points (None below 2 points)
    movement: Movement | None
    target_state: TargetState | None
    y_max: float
    sentence: str


@dataclass(frozen=True)
class TrendResult:
    """Every measure's trend, entries not attached to a measure, and one line over all."""

    measures: tuple[MeasureTrend, ...]
    unattached: tuple[EntryProblem, ...]
    sentence: str


def round_to_1(value: float) -> float:
    """Half up to one decimal (41.65 -> 41.7)."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def fmt_pct(value: float) -> str:
    """A percent with one decimal, rounded half up: 41.666 -> '41.7%'."""
    return f"{round_to_1(value):.1f}%"


def fmt_points(tr: Catalog, value: float) -> str:
    """'15.0 points', '1.0 point'."""
    rounded = round_to_1(abs(value))
    return tr(K + ("points_one" if rounded == 1 else "points_other"), n=f"{rounded:.1f}")


def _count(value: object) -> int | None | str:
    """A whole non-negative count, None when empty, or the key of a message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "enter_number"
    if value < 0:
        return "below_zero"
    if value != int(value):
        return "whole_people"
    return int(value)


def _percent(value: object) -> float | None | str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "target_number"
    if value < 0 or value > 100:
        return "target_range"
    return float(value)


def y_top(values: Sequence[float]) -> float:
    """Top of the y axis: the next multiple of 10 at or above the highest value + 5; 10..100."""
    if not values:
        return 100.0
    return float(min(100, max(10, math.ceil((max(values) + 5) / 10) * 10)))


def compute_trends(
    measures: Sequence[Mapping[str, Any]],
    entries: Sequence[Mapping[str, Any]],
    *,
    label: str,
    measure: str,
    start: str,
    period_label: str | None,
    numerator: str,
    denominator: str,
    direction: str | None,
    direction_scores: Mapping[str, float | None] | None = None,
    target: str | None,
    flat_within: float = FLAT_WITHIN,
    tr: Catalog | None = None,
) -> TrendResult:
    """One :class:`MeasureTrend` per measure, in the list's order.

    ``measure`` is the entries' column that picks a measure; ``start`` the date each period
    starts; ``period_label`` an optional text for the axis ("2026 Q1"). ``direction_scores``
    maps the options of the measures' ``direction`` column to their score.
    """
    tr = tr or catalog()
    scores = direction_scores or {}
    by_measure: dict[str, list[Mapping[str, Any]]] = {}
    unattached: list[EntryProblem] = []
    known_ids = {str(record.get("_id")) for record in measures}
    for entry in entries:
        ref = entry.get(measure)
        period = _period_name(tr, entry, start, period_label)
        if ref in (None, ""):
            unattached.append(EntryProblem(_id(entry), measure, period, tr(K + "pick_measure")))
        elif str(ref) not in known_ids:
            unattached.append(EntryProblem(_id(entry), measure, period, tr(K + "measure_gone")))
        else:
            by_measure.setdefault(str(ref), []).append(entry)
    trends = [
        _trend(
            tr,
            record,
            by_measure.get(str(record.get("_id")), []),
            label,
            start,
            period_label,
            numerator,
            denominator,
            direction,
            scores,
            target,
            flat_within,
        )  # fmt: skip
        for record in measures
    ]
    return TrendResult(tuple(trends), tuple(unattached), _overall(tr, trends))


def _id(record: Mapping[str, Any]) -> str | None:
    value = record.get("_id")
    return None if value is None else str(value)


def _period_name(
    tr: Catalog, entry: Mapping[str, Any], start: str, period_label: str | None
) -> str:
    text = entry.get(period_label) if period_label else None
    if isinstance(text, str) and text.strip():
        return text.strip()
    value = entry.get(start)
    return str(value) if value else tr(K + "no_date")


def _trend(
    tr: Catalog,
    record: Mapping[str, Any],
    entries: Sequence[Mapping[str, Any]],
    label: str,
    start: str,
    period_label: str | None,
    numerator: str,
    denominator: str,
    direction: str | None,
    scores: Mapping[str, float | None],
    target: str | None,
    flat_within: float,
) -> MeasureTrend:
    problems: list[EntryProblem] = []
    points: list[TrendPoint] = []
    seen: dict[str, str] = {}
    name = str(record.get(label) or "").strip() or tr(K + "unnamed")

    target_value: float | None = None
    if target:
        parsed = _percent(record.get(target))
        if isinstance(parsed, str):
            problems.append(EntryProblem(_id(record), target, "", tr(K + parsed)))
        else:
            target_value = parsed

    way: Literal["higher", "lower"] | None = None
    if direction:
        score = scores.get(str(record.get(direction))) or 0
        way = "higher" if score > 0 else "lower" if score < 0 else None

    def problem(
        entry: Mapping[str, Any], column: str, period: str, key: str, **values: Any
    ) -> None:
        problems.append(EntryProblem(_id(entry), column, period, tr(K + key, **values)))

    for entry in entries:
        period = _period_name(tr, entry, start, period_label)
        raw_start = entry.get(start)
        if raw_start in (None, ""):
            problem(entry, start, period, "no_start")
            continue
        try:
            day = date.fromisoformat(str(raw_start))
        except ValueError:
            problem(entry, start, period, "bad_start")
            continue
        top, bottom = _count(entry.get(numerator)), _count(entry.get(denominator))
        bad = [(c, v) for c, v in ((numerator, top), (denominator, bottom)) if isinstance(v, str)]
        for column, key in bad:
            problem(entry, column, period, str(key))
        if bad:
            continue
        if top is None or bottom is None:
            problem(entry, numerator if top is None else denominator, period, "count_missing")
            continue
        assert isinstance(top, int) and isinstance(bottom, int)
        if bottom == 0:
            problem(entry, denominator, period, "denominator_zero")
            continue
        if top > bottom:
            problem(entry, numerator, period, "over", top=f"{top:,}", bottom=f"{bottom:,}")
            continue
        key = day.isoformat()
        if key in seen:
            problem(entry, start, period, "duplicate", other=seen[key], date=key)
            continue
        seen[key] = period
        points.append(TrendPoint(_id(entry), period, key, top, bottom, 100 * top / bottom))

    points.sort(key=lambda point: point.start)
    change: float | None = None
    movement: Movement | None = None
    if len(points) >= 2:
        change = points[-1].pct - points[0].pct
        if abs(change) < flat_within:
            movement = "flat"
        elif way is None:
            movement = "up" if change > 0 else "down"
        else:
            movement = "better" if (change > 0) == (way == "higher") else "worse"

    target_state: TargetState | None = None
    if points and target_value is not None and way is not None:
        latest = points[-1].pct
        met = latest >= target_value if way == "higher" else latest <= target_value
        target_state = "met" if met else "not_met"

    values = [p.pct for p in points] + ([target_value] if target_value is not None else [])
    return MeasureTrend(
        measure_id=str(record.get("_id")),
        label=name,
        points=tuple(points),
        problems=tuple(problems),
        direction=way,
        target=target_value,
        change=change,
        movement=movement,
        target_state=target_state,
        y_max=y_top(values),
        sentence=_sentence(tr, points, change, movement, target_value, target_state),
    )


def _sentence(
    tr: Catalog,
    points: Sequence[TrendPoint],
    change: float | None,
    movement: Movement | None,
    target: float | None,
    target_state: TargetState | None,
) -> str:
    if not points:
        return tr(K + "no_figures")
    if len(points) == 1:
        text = tr(K + "one_period", pct=fmt_pct(points[0].pct), period=points[0].period)
    else:
        first, last = points[0], points[-1]
        assert change is not None
        text = tr(
            K + "from_to",
            first=fmt_pct(first.pct),
            first_period=first.period,
            last=fmt_pct(last.pct),
            last_period=last.period,
        )
        if movement == "flat":
            text += tr(K + "flat")
        else:
            way = tr(K + ("up" if change > 0 else "down"), points=fmt_points(tr, change))
            ending = {"better": "better", "worse": "worse"}.get(movement or "", "plain")
            text += tr(K + ending, move=way)
    if target is not None:
        key = {"met": "target_met", "not_met": "target_not_met"}.get(
            target_state or "", "target_unsaid"
        )
        text += tr(K + key, pct=fmt_pct(target))
    return text


def _overall(tr: Catalog, trends: Sequence[MeasureTrend]) -> str:
    if not trends:
        return tr(K + "no_measures")
    with_trend = [t for t in trends if len(t.points) >= 2]
    better = sum(1 for t in with_trend if t.movement == "better")
    worse = sum(1 for t in with_trend if t.movement == "worse")
    no_figures = sum(1 for t in trends if not t.points)
    parts = [tr(K + "overall_periods", n=len(with_trend), total=len(trends))]
    if with_trend:
        parts.append(tr(K + "overall_moves", better=better, worse=worse))
    if no_figures:
        parts.append(tr(K + "overall_none", n=no_figures))
    return tr(K + "overall_join").join(parts) + tr(K + "full_stop")
