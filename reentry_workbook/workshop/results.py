"""Workshop results as pure data: answers per question, with no figures for small groups."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..answers import context
from ..kinds import Lookup, item_rules
from ..messages import t
from ..model import ItemBase, MatrixItem, Questionnaire, TableItem
from .room import asked_items

if TYPE_CHECKING:
    import pandas as pd

MIN_GROUP = 3
"""Fewer answers than this show no distribution: "waiting for more answers"."""


@dataclass(frozen=True)
class Bar:
    """One option: its words, how many chose it, and their share of those who answered (%)."""

    label: str
    count: int
    share: float


@dataclass(frozen=True)
class Slot:
    """The answers to one question (or one matrix statement)."""

    label: str
    n: int
    bars: tuple[Bar, ...]
    summary: str
    waiting: bool
    disagreement: bool


@dataclass(frozen=True)
class ItemResult:
    """One question: its answered slots (one, or one per matrix statement)."""

    item_id: str
    prompt: str
    kind: str
    n: int
    slots: tuple[Slot, ...]
    free_text: bool


@dataclass(frozen=True)
class Results:
    """A page's workshop results for one round."""

    page_id: str
    round: int
    people: int
    items: tuple[ItemResult, ...]
    threshold: int

    def item(self, item_id: str) -> ItemResult:
        """The result of one question (KeyError if the page does not ask it)."""
        for found in self.items:
            if found.item_id == item_id:
                return found
        raise KeyError(item_id)


def _options(q: Questionnaire, item: ItemBase, lookup: Lookup | None) -> list[tuple[str, str]]:
    """(answer as JSON, label) for the options of a choice-like item or a matrix's scale."""
    fields = item_rules(item).form_fields(context(q, lookup), item)
    return [(o.value_json, o.label) for o in fields.get("options", [])]


def _bars(counts: Counter[str], n: int, options: list[tuple[str, str]]) -> tuple[Bar, ...]:
    known = [
        Bar(label, counts.get(key, 0), 100.0 * counts.get(key, 0) / n) for key, label in options
    ]
    return tuple(known)


def _flags(q: Questionnaire, frame: pd.DataFrame, rnd: int) -> dict[tuple[str, str], bool]:
    """(item, row) -> whether the answers spread widely (the template's disagreement rule)."""
    from ..views.group import GroupFigures

    if not len(frame):
        return {}
    scored = GroupFigures.compute(q, frame.rename(columns={"person_id": "respondent"}), rnd)
    items = scored.items
    if not len(items):
        return {}
    return {
        (str(i), str(r)): bool(d)
        for i, r, d in zip(items["item_id"], items["row"], items["disagreement"], strict=True)
    }


def _numbers(values: list[Any]) -> str:
    nums = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not nums:
        return ""
    return t(
        "workshop.results.median",
        median=f"{statistics.median(nums):g}",
        low=f"{min(nums):g}",
        high=f"{max(nums):g}",
    )


def _slot(
    label: str,
    values: list[Any],
    options: list[tuple[str, str]],
    threshold: int,
    flag: bool,
    many: bool = False,
) -> Slot:
    n = len(values)
    waiting = n < threshold
    if waiting:
        return Slot(label, n, (), "", True, False)
    counts: Counter[str] = Counter()
    for value in values:
        for one in value if many and isinstance(value, list) else [value]:
            counts[json.dumps(one)] += 1
    bars = _bars(counts, n, options) if options else ()
    summary = "" if options else _numbers(values)
    return Slot(label, n, bars, summary, False, flag)


def aggregate(
    q: Questionnaire,
    frame: pd.DataFrame,
    rnd: int,
    *,
    threshold: int = MIN_GROUP,
    lookup: Lookup | None = None,
) -> Results:
    """Everyone's answers to the page's participant questions in round ``rnd``.

    ``frame`` is ``personal_frame`` (person_id, person, round, item_id, row, value). Groups
    smaller than ``threshold`` show no distribution and no disagreement flag.
    """
    mine = frame[frame["round"] == rnd] if len(frame) else frame
    flags = _flags(q, mine, rnd)
    by_item: dict[str, dict[str, dict[str, Any]]] = {}
    for person, item_id, row, value in zip(
        mine.get("person_id", []),
        mine.get("item_id", []),
        mine.get("row", []),
        mine.get("value", []),
        strict=True,
    ):
        by_item.setdefault(str(item_id), {}).setdefault(str(row), {})[str(person)] = value
    out = []
    for item in asked_items(q):
        if isinstance(item, TableItem):
            continue
        answers = by_item.get(item.id, {})
        rules = item_rules(item)
        free = rules.participant_template in ("text.html", "date.html")
        options = [] if free else _options(q, item, lookup)
        if isinstance(item, MatrixItem):
            labels = _row_labels(q, item, lookup)
            slots = tuple(
                _slot(
                    label,
                    list(answers.get(row, {}).values()),
                    options,
                    threshold,
                    flags.get((item.id, row), False),
                )
                for row, label in labels.items()
            )
            people = {p for rows in answers.values() for p in rows}
        else:
            values = list(answers.get("", {}).values())
            many = item.kind == "multiple_choice"
            slots = (
                _slot(
                    item.prompt, values, options, threshold, flags.get((item.id, ""), False), many
                ),
            )
            people = set(answers.get("", {}))
        out.append(ItemResult(item.id, item.prompt, item.kind, len(people), slots, free))
    people_total = int(mine["person_id"].nunique()) if len(mine) else 0
    return Results(q.id, rnd, people_total, tuple(out), threshold)


def finished(q: Questionnaire, frame: pd.DataFrame, rnd: int) -> set[str]:
    """Ids of the people who answered every participant question shown to them in ``rnd``."""
    from ..answers import unanswered

    mine = frame[frame["round"] == rnd] if len(frame) else frame
    asked = {i.id for i in asked_items(q) if not isinstance(i, TableItem)}
    answers: dict[str, dict[str, Any]] = {}
    for person, item_id, row, value in zip(
        mine.get("person_id", []),
        mine.get("item_id", []),
        mine.get("row", []),
        mine.get("value", []),
        strict=True,
    ):
        mine_ = answers.setdefault(str(person), {})
        if row:
            mine_.setdefault(str(item_id), {})[str(row)] = value
        else:
            mine_[str(item_id)] = value
    return {p for p, a in answers.items() if not unanswered(q, a, asked)}


def _row_labels(q: Questionnaire, item: MatrixItem, lookup: Lookup | None) -> Mapping[str, str]:
    from ..kinds.lists import MatrixRules

    return MatrixRules().row_labels(context(q, lookup), item)
