"""Synthetic data with fixed seeds; no benchmark reads real data."""

from __future__ import annotations

import random
from typing import get_args

import pandas as pd

from reentry_workbook.model import ItemKind

KINDS = list(get_args(ItemKind))  # every kind the template format knows


def big_template(questions: int = 200) -> str:
    """A valid template with ``questions`` items cycling through every kind, 10 per step."""
    lines = [
        "schema_version: 1",
        "id: benchmark",
        "title: Benchmark questionnaire",
        'source: {part: 2, section: Bench, page: Bench, url: "https://example.org/bench"}',
        "choice_lists:",
        "  colours: [red, green, blue, amber, violet]",
        "factors: [{id: f, label: F}]",
        "steps:",
    ]
    for i in range(questions):
        if i % 10 == 0:
            lines += [f"  - id: s{i // 10}", f"    title: Step {i // 10 + 1}", "    items:"]
        kind = KINDS[i % len(KINDS)]
        extra = ""
        if kind in ("single_choice", "multiple_choice"):
            extra = ", choices: colours"
        elif kind == "likert":
            extra = ", scoring: {factor: f}"
        elif kind == "matrix":
            extra = (
                ", scoring: {factor: f}, "
                "rows: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]"
            )
        elif kind == "table":
            extra = (
                ", columns: [{id: name, label: Name, kind: text}, {id: c, label: C, kind: choice,"
                " choices: colours}, {id: s, label: S, kind: scale}]"
            )
        lines.append(f"      - {{id: q{i:03d}, kind: {kind}, prompt: Question {i}{extra}}}")
    return "\n".join(lines) + "\n"


def scoring_template(items: int = 100) -> str:
    """Status and Likert items in 10 factors, for the scoring benchmark."""
    lines = [
        "schema_version: 1",
        "id: scoring_bench",
        "title: Scoring benchmark",
        'source: {part: 2, section: Bench, page: Bench, url: "https://example.org/bench"}',
        "factors:",
        *(f"  - {{id: f{k}, label: Factor {k}}}" for k in range(10)),
        "steps:",
        "  - id: s",
        "    title: S",
        "    items:",
    ]
    for i in range(items):
        rev = ", reverse: true" if i % 7 == 0 else ""
        scoring = f"{{factor: f{i % 10}{rev}}}"
        lines.append(f"      - {{id: q{i:03d}, kind: likert, prompt: Q{i}, scoring: {scoring}}}")
    return "\n".join(lines) + "\n"


def answers(respondents: int = 1000, items: int = 100, seed: int = 1) -> pd.DataFrame:
    """Long answer frame: respondent, round, item_id, row, value (about 5 % skipped)."""
    rng = random.Random(seed)
    rows = [
        (f"r{r:04d}", 1, f"q{i:03d}", "", rng.randint(1, 5))
        for r in range(respondents)
        for i in range(items)
        if rng.random() > 0.05
    ]
    return pd.DataFrame(rows, columns=["respondent", "round", "item_id", "row", "value"])


def network(stakeholders: int = 5000, ties: int = 20000, decision_makers: int = 50, seed: int = 2):
    """People, decision makers and ties as the ranking takes them (record ids as keys)."""
    from reentry_workbook.influence import DecisionMaker, Person, Tie

    rng = random.Random(seed)
    positions = ["active_ally", "passive_ally", "neutral", "unknown", "passive_opponent"]
    groups = ["young_people", "older_adults", "families", "veterans", "lived_experience"]
    people = [
        Person(
            id=f"p{i}",
            name=f"Stakeholder {i}",
            influence=rng.randint(1, 5),
            support=rng.choice(positions),
            relationship=rng.choice(["close", "loose", "none"]),
            owner_name=rng.choice(["A. Member", "B. Member", None]),
            groups=(rng.choice(groups),),
            informal=rng.random() < 0.5,
        )
        for i in range(stakeholders)
    ]
    dms = [
        DecisionMaker(f"d{i}", f"Decision maker {i}", rng.randint(1, 5))
        for i in range(decision_makers)
    ]
    ids = [p.id for p in people] + [d.id for d in dms]
    links = [
        Tie(rng.choice(ids[:stakeholders]), rng.choice(ids), rng.randint(1, 5)) for _ in range(ties)
    ]
    return people, dms, links
