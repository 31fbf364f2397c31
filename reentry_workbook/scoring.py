"""Pure scoring on pandas: item scores, factor scores and bands, driven by template metadata."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .model import Band, Questionnaire

MIN_ANSWERED_SHARE = 0.5
"""A factor score needs at least this share of its items answered ('not sure' is not an answer)."""

ANSWER_COLUMNS = ["respondent", "round", "item_id", "row", "value"]


@dataclass(frozen=True)
class Unit:
    """One scored answer slot: an item, or one statement of a matrix."""

    item_id: str
    row: str
    factor: str | None
    weight: float
    reverse: bool
    low: float
    high: float
    scores: Mapping[Any, float | None]  # answer value -> score (None = knowledge gap)
    label: str


_UNITS: OrderedDict[int, tuple[Questionnaire, tuple[Unit, ...]]] = OrderedDict()
_UNITS_KEPT = 32


def scored_units(q: Questionnaire) -> list[Unit]:
    """Every answer slot that carries a score, in page order (each kind says how: its rules'
    ``slots``)."""
    # a frozen template's units never change, and one repaint asks for them a dozen times;
    # kept by identity (the entry holds the template, so its id cannot be reused meanwhile)
    hit = _UNITS.get(id(q))
    if hit is not None and hit[0] is q:
        _UNITS.move_to_end(id(q))
        return list(hit[1])
    units = _units(q)
    _UNITS[id(q)] = (q, tuple(units))
    while len(_UNITS) > _UNITS_KEPT:
        _UNITS.popitem(last=False)
    return units


def _units(q: Questionnaire) -> list[Unit]:
    from .answers import context
    from .kinds import item_rules

    ctx = context(q)
    units = []
    for _, item in q.iter_items():
        rule = item.scoring_rule
        weight = rule.weight if rule else 1.0
        for slot in item_rules(item).slots(ctx, item):
            numbers = [s for s in slot.scores.values() if s is not None]
            units.append(
                Unit(
                    item.id,
                    slot.row,
                    slot.factor,
                    weight,
                    slot.reverse,
                    min(numbers),
                    max(numbers),
                    slot.scores,
                    slot.label,
                )
            )
    return units


def band_for(score: float | None, bands: tuple[Band, ...]) -> Band | None:
    """The band whose minimum is the highest one at or below ``score``."""
    if score is None or pd.isna(score):
        return None
    fitting = [b for b in bands if b.min <= score]
    return max(fitting, key=lambda b: b.min) if fitting else None


def answers_to_frame(
    answers: Mapping[str, Any], respondent: str = "", round: int = 1
) -> pd.DataFrame:
    """One respondent's answer dict as the long frame the scoring functions take."""
    rows = []
    for item_id, value in answers.items():
        if isinstance(value, dict):
            rows += [(respondent, round, item_id, r, v) for r, v in value.items()]
        elif not (isinstance(value, list) and value and isinstance(value[0], dict)):
            rows.append((respondent, round, item_id, "", value))
    return pd.DataFrame(rows, columns=ANSWER_COLUMNS)


def item_scores(q: Questionnaire, answers: pd.DataFrame) -> pd.DataFrame:
    """Score every scored answer: one row per respondent, round and answer slot.

    Columns: respondent, round, item_id, row, factor, weight, low, high, value, score, gap.
    ``score`` is NaN for 'not sure' (``gap`` is True) and for slots left unanswered.
    Reverse-coded slots score ``low + high - raw``.
    """
    units = scored_units(q)
    spec = pd.DataFrame(
        {
            "item_id": [u.item_id for u in units],
            "row": [u.row for u in units],
            "factor": [u.factor for u in units],
            "weight": [u.weight for u in units],
            "reverse": [u.reverse for u in units],
            "low": [u.low for u in units],
            "high": [u.high for u in units],
        }
    )
    # each answer's slot, looked up in a dict (two multi-indexes cost more than the scoring)
    at: dict[tuple[Any, Any], int] = {}
    for i, u in enumerate(units):
        at.setdefault((u.item_id, u.row), i)
    where = np.fromiter(
        (at.get(key, -1) for key in zip(answers["item_id"], answers["row"], strict=True)),
        dtype=np.intp,
        count=len(answers),
    )
    keep = where >= 0  # answers to unscored items are left out
    where = where[keep]
    frame = answers.loc[keep, ANSWER_COLUMNS].reset_index(drop=True)
    for column in ["factor", "weight", "reverse", "low", "high"]:
        frame[column] = spec[column].to_numpy()[where]
    # answer -> score through a table (slot x distinct answer), not a Python loop over rows;
    # answers are matched as text, so 4, "4" and True/"True" meet their option whatever
    # dtype the frame gave them
    codes, keys = _answer_codes(frame["value"])
    raw_table = np.full((len(units), len(keys) + 1), np.nan)  # last column: no answer
    gap_table = np.zeros((len(units), len(keys) + 1), dtype=bool)
    for i, unit in enumerate(units):
        by_text = {str(k): v for k, v in unit.scores.items()}
        for j, key in enumerate(keys):
            if key in by_text:
                if by_text[key] is None:
                    gap_table[i, j] = True
                else:
                    raw_table[i, j] = by_text[key]
    raw = pd.Series(raw_table[where, codes], index=frame.index)
    frame["gap"] = gap_table[where, codes]
    frame["score"] = raw.where(~frame["reverse"], frame["low"] + frame["high"] - raw)
    # an answer that is no option of its slot (left from an older template) is not counted
    stale: npt.NDArray[np.bool_] = (
        frame["value"].notna().to_numpy() & raw.isna().to_numpy() & ~frame["gap"].to_numpy()
    )
    return frame.loc[~stale].drop(columns=["reverse"]).reset_index(drop=True)


def _answer_codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each answer's position among the distinct answers (-1: none), and their text."""
    # one type throughout: distinct values have distinct text. Mixed columns go through text
    # first, since True == 1 == 1.0 would otherwise share one code.
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) in (
        "string",
        "boolean",
        "integer",
        "floating",
        "empty",
    ):
        codes, distinct = pd.factorize(values)
        return codes, [str(v) for v in distinct]
    text = values.map(lambda v: None if v is None or v is pd.NA else str(v), na_action="ignore")
    codes, distinct = pd.factorize(text)
    return codes, list(distinct)


def factor_scores(
    q: Questionnaire, items: pd.DataFrame, shown: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each respondent's factor scores: the weighted mean of the factor's answered items.

    A factor with fewer than half its items answered gets no score (``score`` NaN) and
    ``enough`` False. Columns: respondent, round, factor, score, answered, items, gaps,
    percent (0-100 on the factor's scale), band, explanation.
    """
    units = scored_units(q)
    per_factor = pd.Series([u.factor for u in units if u.factor]).value_counts()
    scored = items[items["factor"].notna()].copy()
    scored["weighted"] = scored["score"] * scored["weight"]
    scored["w_answered"] = scored["weight"].where(scored["score"].notna(), 0.0)
    # one reduction per column: named aggregations go through a slower generic path
    by = scored.groupby(["respondent", "round", "factor"], sort=False)
    grouped = pd.DataFrame(
        {
            "weighted": by["weighted"].sum(),
            "weights": by["w_answered"].sum(),
            "answered": by["score"].count(),
            "gaps": by["gap"].sum(),
            "low": by["low"].first(),
            "high": by["high"].first(),
        }
    )
    out = grouped.reset_index()
    out["items"] = out["factor"].map(per_factor).astype(int)
    if shown is not None and not out.empty:
        # items a respondent never saw (hidden by a condition) do not count against them;
        # looked up in a dict, as building two multi-indexes cost more than the scoring
        seen = dict(
            zip(
                zip(shown["respondent"], shown["round"], shown["factor"], strict=True),
                shown["items"],
                strict=True,
            )
        )
        keys = zip(out["respondent"], out["round"], out["factor"], strict=True)
        out["items"] = np.array(
            [seen.get(key, n) for key, n in zip(keys, out["items"], strict=True)]
        ).astype(int)
    out["enough"] = out["answered"] >= np.ceil(out["items"] * MIN_ANSWERED_SHARE)
    mean = out["weighted"] / out["weights"].replace(0, np.nan)
    out["score"] = mean.where(out["enough"])
    out["percent"] = (out["score"] - out["low"]) / (out["high"] - out["low"]) * 100
    out["gaps"] = out["gaps"].astype(int)
    _add_bands(q, out)
    return out[
        ["respondent", "round", "factor", "score", "percent", "answered", "items", "gaps", "enough"]
        + ["band", "explanation"]
    ]


def _add_bands(q: Questionnaire, frame: pd.DataFrame, score_column: str = "score") -> None:
    """Band label and explanation for every row, looked up per factor (not per row)."""
    labels = np.full(len(frame), None, dtype=object)
    explanations = np.full(len(frame), None, dtype=object)
    scores = frame[score_column].to_numpy(dtype="float64")
    factors = frame["factor"].to_numpy(dtype=object)
    for factor in pd.unique(factors):
        bands = sorted(q.bands_for(factor), key=lambda b: b.min)
        if not bands:
            continue
        rows = np.flatnonzero(factors == factor)
        # the band whose minimum is the highest at or below the score (see band_for)
        at = np.searchsorted([b.min for b in bands], scores[rows], side="right") - 1
        hit = (at >= 0) & ~np.isnan(scores[rows])
        labels[rows[hit]] = [bands[k].label for k in at[hit]]
        explanations[rows[hit]] = [bands[k].explanation for k in at[hit]]
    frame["band"] = labels
    frame["explanation"] = explanations


@dataclass(frozen=True)
class Scores:
    """Everything :func:`score` computes for a set of answers."""

    items: pd.DataFrame
    factors: pd.DataFrame


def empty_answer_frame() -> pd.DataFrame:
    """A long answer frame with no rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ANSWER_COLUMNS})


def _visible_only(
    q: Questionnaire, frame: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Drop answers to items hidden by a condition, per respondent and round; also count, for
    each of them, the scored slots of every factor they were shown."""
    if frame.empty or not any(item.visible_if for _, item in q.iter_items()):
        return frame, None
    from .answers import visible_items

    units = scored_units(q)
    keep = np.ones(len(frame), dtype=bool)
    counts = []
    # rows by (respondent, round) in order of first appearance, as groupby(sort=False) gives
    # them (rows missing either are in no group); one pass instead of a frame per person
    people: dict[tuple[Any, Any], list[int]] = {}
    columns = zip(frame["respondent"], frame["round"], strict=True)
    for i, (who, rnd) in enumerate(columns):
        if not (pd.isna(who) or pd.isna(rnd)):
            people.setdefault((who, rnd), []).append(i)
    item_ids, slot_rows, values = (frame[c].tolist() for c in ("item_id", "row", "value"))
    for (who, rnd), at in people.items():
        answers: dict[str, Any] = {}
        for i in at:
            if slot_rows[i]:
                answers.setdefault(item_ids[i], {})[slot_rows[i]] = values[i]
            else:
                answers[item_ids[i]] = values[i]
        shown = visible_items(q, answers)
        keep[at] = [item_ids[i] in shown for i in at]
        per: dict[str, int] = {}
        for u in units:
            if u.factor and u.item_id in shown:
                per[u.factor] = per.get(u.factor, 0) + 1
        counts += [(who, rnd, f, n) for f, n in per.items()]
    shown_items = pd.DataFrame(counts, columns=["respondent", "round", "factor", "items"])
    return frame.loc[keep].reset_index(drop=True), shown_items


def score(q: Questionnaire, answers: pd.DataFrame | Mapping[str, Any]) -> Scores:
    """Item and factor scores for a long answer frame (or one respondent's answer dict).

    Answers to items hidden by a condition, and answers that fit no option any more, are left
    out: they stay in the store's history but do not count.
    """
    frame = answers if isinstance(answers, pd.DataFrame) else answers_to_frame(answers)
    frame, shown = _visible_only(q, frame.reset_index(drop=True))
    items = item_scores(q, frame)
    return Scores(items, factor_scores(q, items, shown))
