"""Influence analysis on a networkx graph: who reaches the decision makers, and whom to ask first.

Pure functions of plain data. Everything a template decides (which options mean support, how
close a relationship is, the words used in reasons) comes in through ``Vocabulary``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from .messages import Catalog, catalog

if TYPE_CHECKING:
    import networkx as nx

TWO_STEP_DISCOUNT = 0.5
DEFAULT_STRENGTH = 3.0
DEFAULT_POWER = 3.0


@dataclass(frozen=True)
class Person:
    """Someone who might carry the coalition's message: a network or a community member."""

    id: str
    name: str
    kind: str = ""
    groups: tuple[str, ...] = ()
    influence: float | None = None
    support: str | None = None
    relationship: str | None = None
    owner_name: str | None = None
    informal: bool = False


@dataclass(frozen=True)
class DecisionMaker:
    """A person whose yes the coalition needs."""

    id: str
    name: str
    power: float | None = None
    stance: str | None = None


@dataclass(frozen=True)
class Tie:
    """Source can influence target, with a strength from 1 to 5."""

    source: str
    target: str
    strength: float | None = None


@dataclass(frozen=True)
class Vocabulary:
    """What the template's options mean for the analysis (scores 0-1, and words)."""

    support_scores: Mapping[str, float] = field(default_factory=dict)
    support_phrases: Mapping[str, str] = field(default_factory=dict)
    access_scores: Mapping[str, float] = field(default_factory=dict)
    access_words: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Weights:
    """How much each part counts toward an outreach priority (they are normalised to sum 1)."""

    reach: float = 0.35
    support: float = 0.2
    access: float = 0.2
    voice: float = 0.1
    influence: float = 0.15


def build_graph(
    people: Iterable[Person], makers: Iterable[DecisionMaker], links: Iterable[Tie]
) -> nx.DiGraph:
    """Directed graph: people and decision makers as nodes (by record id), links as edges.

    Ties whose ends are not on the lists, and links of a record to itself, are left out.
    """
    import networkx as nx

    graph = nx.DiGraph()
    for p in people:
        graph.add_node(p.id, name=p.name, role="person", person=p)
    for d in makers:
        graph.add_node(d.id, name=d.name, role="target", dm=d)
    for t in links:
        if t.source != t.target and t.source in graph and t.target in graph:
            strength = t.strength if t.strength is not None else DEFAULT_STRENGTH
            graph.add_edge(t.source, t.target, strength=float(strength))
    return graph


def layers(graph: nx.DiGraph, makers: Iterable[str], cap: int = 3) -> dict[str, int]:
    """Steps from each node to the nearest decision maker along links (0 for decision makers).

    Nodes with no path to a decision maker are left out.
    """
    import networkx as nx

    sources = [d for d in makers if d in graph]
    if not sources:
        return {}
    distances = nx.multi_source_dijkstra_path_length(
        graph.reverse(copy=False), sources, weight=None
    )
    return {node: min(int(d), cap) for node, d in distances.items()}


def outreach_ranking(
    people: list[Person],
    makers: list[DecisionMaker],
    links: list[Tie],
    vocabulary: Vocabulary,
    *,
    gap_groups: Mapping[str, str] | None = None,
    weights: Weights = Weights(),
    tr: Catalog | None = None,
) -> pd.DataFrame:
    """Rank people for outreach, with the suggested messenger and the reasons in words.

    Columns: rank, id, name, kind, score (0-100), via (the suggested messenger), reason,
    reaches (names of the
    decision makers reached directly), broker, reach, support_value, access_value,
    missing_voice, own_influence. ``gap_groups``: group value -> words, for groups no list
    covers yet.
    """
    import networkx as nx

    tr = tr or catalog()
    gap_groups = gap_groups or {}
    graph = build_graph(people, makers, links)
    power = {d.id: float(d.power) if d.power is not None else DEFAULT_POWER for d in makers}
    dm_name = {d.id: d.name for d in makers}
    direct: dict[str, float] = {}
    direct_to: dict[str, list[tuple[float, str]]] = {}
    for s, t, data in graph.edges(data=True):
        if t in power and s not in power:
            value = data["strength"] / 5 * power[t] / 5
            direct[s] = direct.get(s, 0.0) + value
            direct_to.setdefault(s, []).append((value, t))
    two_step: dict[str, float] = {}
    relay_via: dict[str, list[tuple[float, str]]] = {}
    for s, t, data in graph.edges(data=True):
        if t not in power and t in direct and s not in power:
            value = data["strength"] / 5 * direct[t] * TWO_STEP_DISCOUNT
            two_step[s] = two_step.get(s, 0.0) + value
            relay_via.setdefault(s, []).append((value, t))
    brokers = set(nx.articulation_points(graph.to_undirected())) if len(graph) > 2 else set()
    seen: set[str] = set()
    rows = []
    for p in people:
        if p.id in seen or p.id in power:
            continue
        seen.add(p.id)
        reach = direct.get(p.id, 0.0) + two_step.get(p.id, 0.0)
        hits = [g for g in p.groups if g in gap_groups]
        own = (float(p.influence) - 1) / 4 if p.influence is not None else 0.25
        owner = p.owner_name.strip() if p.owner_name and p.owner_name.strip() else None
        access = vocabulary.access_scores.get(p.relationship or "", 0.0)
        parts = []
        reached = [t for _, t in sorted(direct_to.get(p.id, []), reverse=True)]
        if reached:
            listed = ", ".join(dm_name[d] for d in reached[:2])
            key = "influence.reaches_more" if len(reached) > 2 else "influence.reaches"
            parts.append(tr(key, names=listed))
        elif p.id in relay_via:
            via = sorted(relay_via[p.id], reverse=True)[0][1]
            parts.append(tr("influence.reaches_through", name=graph.nodes[via]["name"]))
        if p.support is not None and p.support in vocabulary.support_phrases:
            parts.append(vocabulary.support_phrases[p.support])
        if access > 0 and p.relationship is not None and p.relationship in vocabulary.access_words:
            word = vocabulary.access_words[p.relationship]
            parts.append(
                tr("influence.relationship_via", word=word, owner=owner)
                if owner
                else tr("influence.relationship", word=word)
            )
        if hits:
            parts.append(
                tr("influence.speaks_for", groups=", ".join(gap_groups[h] for h in hits[:2]))
            )
        if p.id in brokers:
            parts.append(tr("influence.broker"))
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "reach_raw": reach,
                "support_value": vocabulary.support_scores.get(p.support or "", 0.5),
                "access_value": access,
                "missing_voice": min(1.0, 0.5 * len(hits) + 0.5 * p.informal),
                "own_influence": own,
                "via": owner if (owner and access > 0) else tr("influence.find_introduction"),
                "reason": "; ".join(parts) or tr("influence.no_link"),
                "reaches": [dm_name[d] for d in reached],
                "broker": p.id in brokers,
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "name",
            "kind",
            "reach_raw",
            "support_value",
            "access_value",
            "missing_voice",
            "own_influence",
            "via",
            "reason",
            "reaches",
            "broker",
        ],
    )
    top = frame["reach_raw"].max() if len(frame) else 0.0
    frame["reach"] = frame["reach_raw"] / top if top and top > 0 else 0.0
    w = weights
    total = w.reach + w.support + w.access + w.voice + w.influence
    frame["score"] = (
        (
            100
            / total
            * (
                w.reach * frame["reach"]
                + w.support * frame["support_value"]
                + w.access * frame["access_value"]
                + w.voice * frame["missing_voice"]
                + w.influence * frame["own_influence"]
            )
        ).round(1)
        if len(frame)
        else pd.Series(dtype=float)
    )
    ranked = frame.sort_values(["score", "name"], ascending=[False, True]).reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked.drop(columns=["reach_raw"])
