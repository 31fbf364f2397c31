"""Pure scoring on pandas: item scores, factor scores and bands, driven by template metadata."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .model import Band, Item, Questionnaire

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


def _choice_scores(q: Questionnaire, item: Item) -> dict[Any, float | None]:
    return {c.value: (None if c.knowledge_gap else c.score) for c in q.options(item)}


def _numeric_scores(q: Questionnaire, item: Item) -> dict[Any, float | None]:
    return {int(c.value): c.score for c in q.options(item)}


def _yes_no_scores(q: Questionnaire, item: Item) -> dict[Any, float | None]:
    return {True: 1.0, False: 0.0}


ScoreMap = Callable[[Questionnaire, Item], dict[Any, float | None]]
SCORE_RULES: dict[str, ScoreMap] = {
    "status": _choice_scores,
    "single_choice": _choice_scores,
    "yes_no": _yes_no_scores,
    "likert": _numeric_scores,
    "rating": _numeric_scores,
    "matrix": lambda q, item: (_choice_scores if item.choices else _numeric_scores)(q, item),
}
"""Item kind -> how an answer becomes a score: one entry per scored kind."""


def scored_units(q: Questionnaire) -> list[Unit]:
    """Every answer slot that carries a score, in questionnaire order."""
    units = []
    for _, item in q.iter_items():
        rule = SCORE_RULES.get(item.kind)
        if rule is None:
            continue
        scores = rule(q, item)
        numbers = [s for s in scores.values() if s is not None]
        if not numbers:
            continue  # options without scores (a plain single choice)
        low, high = min(numbers), max(numbers)
        scoring = item.scoring
        factor = scoring.factor if scoring else None
        weight = scoring.weight if scoring else 1.0
        reverse = scoring.reverse if scoring else False
        if item.kind == "matrix":
            for row in item.rows or ():
                units.append(
                    Unit(
                        item.id,
                        row.id,
                        row.factor or factor,
                        weight,
                        reverse != row.reverse,
                        low,
                        high,
                        scores,
                        row.label,
                    )
                )
        else:
            units.append(Unit(item.id, "", factor, weight, reverse, low, high, scores, item.prompt))
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
    frame = answers.loc[:, ANSWER_COLUMNS].merge(spec, on=["item_id", "row"], how="inner")
    # answer -> score through a join, not a Python loop: answers are matched as text, so that
    # 4, "4" and True/"True" meet their option whatever dtype the frame gave them
    scale = (
        pd.DataFrame(
            {
                (u.item_id, str(k)): (np.nan if v is None else v, v is None)
                for u in units
                for k, v in u.scores.items()
            },
            index=["raw", "gap"],
        )
        .T.rename_axis(["item_id", "key"])
        .reset_index()
    )
    frame["key"] = frame["value"].astype(str)
    frame = frame.merge(scale, on=["item_id", "key"], how="left")
    raw = frame["raw"].astype("float64")
    frame["score"] = raw.where(~frame["reverse"], frame["low"] + frame["high"] - raw)
    frame["gap"] = frame["gap"].fillna(False).astype(bool)
    return frame.drop(columns=["reverse", "key", "raw"])


def factor_scores(q: Questionnaire, items: pd.DataFrame) -> pd.DataFrame:
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
    grouped = scored.groupby(["respondent", "round", "factor"], sort=False).agg(
        weighted=("weighted", "sum"),
        weights=("w_answered", "sum"),
        answered=("score", "count"),
        gaps=("gap", "sum"),
        low=("low", "first"),
        high=("high", "first"),
    )
    out = grouped.reset_index()
    out["items"] = out["factor"].map(per_factor).astype(int)
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
    bands = [
        band_for(s, q.bands_for(f))
        for f, s in zip(frame["factor"], frame[score_column], strict=True)
    ]
    frame["band"] = [b.label if b else None for b in bands]
    frame["explanation"] = [b.explanation if b else None for b in bands]


@dataclass(frozen=True)
class Scores:
    """Everything :func:`score` computes for a set of answers."""

    items: pd.DataFrame
    factors: pd.DataFrame


def score(q: Questionnaire, answers: pd.DataFrame | Mapping[str, Any]) -> Scores:
    """Item and factor scores for a long answer frame (or one respondent's answer dict)."""
    frame = answers if isinstance(answers, pd.DataFrame) else answers_to_frame(answers)
    items = item_scores(q, frame)
    return Scores(items, factor_scores(q, items))
