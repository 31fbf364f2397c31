"""Scores across respondents: n, mean, median, spread, answer counts, disagreement, change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import numpy as np
import pandas as pd

from .model import Questionnaire
from .scoring import _add_bands, scored_units

SMALL_GROUP = 2
"""Figures resting on this many people or fewer are marked as such, never hidden."""


def _spread(frame: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    grouped = frame.dropna(subset=[value]).groupby(keys, sort=False)[value]
    # one reduction at a time: a list of named aggregations takes a slower generic path
    stats = pd.DataFrame(
        {
            "n": grouped.count(),
            "mean": grouped.mean(),
            "median": grouped.median(),
            "sd": grouped.std(),
            "min": grouped.min(),
            "max": grouped.max(),
        }
    )
    stats["sd"] = stats["sd"].fillna(0.0)
    stats["range"] = stats["max"] - stats["min"]
    return stats.reset_index()


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _flag(q: Questionnaire, stats: pd.DataFrame, width: pd.Series) -> pd.DataFrame:
    rule = q.disagreement
    wide = (stats["sd"] >= rule.sd) | (stats["range"] >= rule.range_share * width)
    stats["disagreement"] = wide & (stats["n"] >= rule.min_respondents)
    stats["small_group"] = (stats["n"] > 0) & (stats["n"] <= SMALL_GROUP)
    stats["note"] = [
        f"rests on {_people(n)}" if small else "no scored answers yet" if n == 0 else ""
        for n, small in zip(stats["n"], stats["small_group"], strict=True)
    ]
    return stats


def aggregate_items(q: Questionnaire, items: pd.DataFrame) -> pd.DataFrame:
    """Per answer slot and round: n, mean, median, sd, min, max, range, answer counts,
    ``knowledge_gaps`` (how many chose an option marked ``knowledge_gap``, such as 'not sure')
    and a disagreement flag (rule in the template's ``disagreement``)."""
    keys = ["round", "item_id", "row"]
    # one factorisation of the text keys; every grouping below is on this integer
    slot = items.groupby(keys, sort=False).ngroup().to_numpy()
    _, first = np.unique(slot, return_index=True)  # each slot's first row, slots in order
    stats = items[keys].iloc[first].reset_index(drop=True)
    frame = pd.DataFrame(
        {"slot": slot, "score": items["score"].to_numpy(), "gap": items["gap"].to_numpy()}
    )
    spread = _spread(frame, ["slot"], "score").set_index("slot")
    stats = stats.join(spread)
    stats["n"] = stats["n"].fillna(0).astype(int)
    stats["knowledge_gaps"] = frame.groupby("slot", sort=True)["gap"].sum().astype(int).to_numpy()
    answered = items["value"].notna().to_numpy()
    counts = (
        pd.DataFrame({"slot": slot[answered], "value": items["value"].to_numpy()[answered]})
        .groupby(["slot", "value"], sort=False)
        .size()
    )
    dist: list[dict[str, int]] = [{} for _ in range(len(stats))]
    for key, count in counts.items():  # one pass over distinct answers, not rows
        i, value = cast(tuple[int, Any], key)
        dist[i][str(value)] = int(count)
    stats["answers"] = pd.Series(dist, index=stats.index, dtype=object)
    units = {(u.item_id, u.row): u for u in scored_units(q)}
    found = [units[(i, r)] for i, r in zip(stats["item_id"], stats["row"], strict=True)]
    stats["factor"] = [u.factor for u in found]
    stats["label"] = [u.label for u in found]
    width = pd.Series([u.high - u.low for u in found], index=stats.index, dtype="float64")
    stats = _flag(q, stats, width)
    stats["note"] = [  # 'not sure' answers explain an empty slot
        f"{note} ({k} said not sure)" if n == 0 and k else note
        for note, n, k in zip(stats["note"], stats["n"], stats["knowledge_gaps"], strict=True)
    ]
    return stats


def _why(
    factors: pd.DataFrame, stats: pd.DataFrame, respondents: Iterable[str] | None
) -> list[str]:
    """Per row of ``stats``: why fewer people count than answered, in words ('' if all count)."""
    everyone = None if respondents is None else set(respondents)
    # one pass over the scores, not a filtered copy of them per factor
    in_round: dict[Any, set[Any]] = {}
    scored: dict[tuple[Any, Any], set[Any]] = {}
    unscored: dict[tuple[Any, Any], int] = {}
    for round_, factor, who, score in zip(
        factors["round"], factors["factor"], factors["respondent"], factors["score"], strict=True
    ):
        in_round.setdefault(round_, set()).add(who)
        scored.setdefault((round_, factor), set()).add(who)
        unscored[(round_, factor)] = unscored.get((round_, factor), 0) + bool(pd.isna(score))
    out = []
    for round_, factor in zip(stats["round"], stats["factor"], strict=True):
        too_few = unscored.get((round_, factor), 0)
        expected = everyone if everyone is not None else in_round.get(round_, set())
        none = len(expected - scored.get((round_, factor), set()))
        parts = [f"{_people(too_few)} answered too few of these questions"] if too_few else []
        parts += [f"{_people(none)} answered none of them"] if none else []
        out.append("; ".join(parts))
    return out


def aggregate_factors(
    q: Questionnaire, factors: pd.DataFrame, respondents: Iterable[str] | None = None
) -> pd.DataFrame:
    """Per factor and round: respondents' factor scores summarised, with the band of the mean.

    ``why`` says in words why ``n`` is smaller than the number of people who answered: some
    answered too few of the factor's questions (see ``scoring.MIN_ANSWERED_SHARE``), some none.
    ``respondents`` are the people the page counts; by default, those with a factor score row
    in the round.
    """
    stats = _spread(factors, ["round", "factor"], "score")
    widths = {u.factor: u.high - u.low for u in scored_units(q) if u.factor}
    scale = {u.factor: (u.low, u.high) for u in scored_units(q) if u.factor}
    stats = _flag(q, stats, stats["factor"].map(widths))
    low = stats["factor"].map(lambda f: scale[f][0])
    high = stats["factor"].map(lambda f: scale[f][1])
    stats["percent"] = (stats["mean"] - low) / (high - low) * 100
    labels = {f.id: f.label for f in q.factors}
    stats["label"] = stats["factor"].map(labels)
    _add_bands(q, stats, score_column="mean")
    stats["why"] = _why(factors, stats, respondents)
    return stats


def compare_rounds(stats: pd.DataFrame, first: int, second: int, keys: list[str]) -> pd.DataFrame:
    """Side by side means of two rounds (e.g. first and third workshop) with the change."""
    a = stats[stats["round"] == first].set_index(keys)
    b = stats[stats["round"] == second].set_index(keys)
    out = pd.DataFrame(
        {
            f"mean_{first}": a["mean"],
            f"n_{first}": a["n"],
            f"mean_{second}": b["mean"],
            f"n_{second}": b["n"],
        }
    )
    out["change"] = out[f"mean_{second}"] - out[f"mean_{first}"]
    return out.reset_index()
