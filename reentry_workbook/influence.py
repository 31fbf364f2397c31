"""Influence map and outreach ranking: who reaches the decision makers, and whom to ask first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import networkx as nx

SUPPORT = {
    "active_ally": 1.0,
    "passive_ally": 0.75,
    "neutral": 0.5,
    "unknown": 0.5,
    "passive_opponent": 0.25,
    "active_opponent": 0.0,
}
SUPPORT_WORDS = {
    "active_ally": "a champion of our priorities",
    "passive_ally": "leaning our way",
    "passive_opponent": "leaning against us",
    "active_opponent": "opposed to our priorities",
}
ACCESS = {"close": 1.0, "loose": 0.5, "none": 0.0}
TWO_STEP_DISCOUNT = 0.5


@dataclass(frozen=True)
class Weights:
    """How much each part counts toward an outreach priority (they are normalised to sum 1)."""

    reach: float = 0.35
    support: float = 0.2
    access: float = 0.2
    representation: float = 0.1
    influence: float = 0.15


def key(name: object) -> str:
    """Names match across lists regardless of case and extra spaces."""
    return " ".join(str(name).split()).casefold()


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column, or all-missing when the list does not have it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def build_graph(
    stakeholders: pd.DataFrame, decision_makers: pd.DataFrame, ties: pd.DataFrame
) -> nx.DiGraph:
    """Directed graph: stakeholders and decision makers as nodes, ties as weighted edges."""
    import networkx as nx

    graph = nx.DiGraph()
    for row in stakeholders.itertuples(index=False):
        graph.add_node(key(row.name), name=row.name, role="stakeholder")
    for row in decision_makers.itertuples(index=False):
        graph.add_node(key(row.name), name=row.name, role="decision_maker", power=row.power)
    for row in ties.itertuples(index=False):
        s, t = key(row.source), key(row.target)
        for node, name in ((s, row.source), (t, row.target)):
            if node not in graph:
                graph.add_node(node, name=name, role="unlisted")
        graph.add_edge(s, t, strength=row.strength)
    return graph


def _clean_ties(ties: pd.DataFrame) -> pd.DataFrame:
    ties = ties.dropna(subset=["source", "target"]).copy()
    ties["strength"] = pd.to_numeric(_col(ties, "strength"), errors="coerce").fillna(3.0)
    ties["s"] = ties["source"].map(key)
    ties["t"] = ties["target"].map(key)
    return ties[ties["s"] != ties["t"]]


def outreach_ranking(
    stakeholders: pd.DataFrame,
    decision_makers: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    focus: Iterable[str] | None = None,
    gap_groups: Iterable[str] | Mapping[str, str] = (),
    weights: Weights = Weights(),
) -> pd.DataFrame:
    """Rank stakeholders for outreach, with the suggested messenger and the reason.

    ``stakeholders`` has name and optionally kind, influence (1-5), support (a position value),
    relationship (close/loose/none), contact_owner, groups (list), leadership. ``decision_makers``
    has name, power (1-5). ``ties`` has source, target, strength (1-5). ``focus`` limits the
    decision makers that count; ``gap_groups`` are groups the coverage check found missing
    (values, or a mapping of value -> words to use in the reason).
    """
    people = stakeholders.copy()
    people["k"] = people["name"].map(key)
    people = people.drop_duplicates("k")
    dms = decision_makers.copy()
    dms["k"] = dms["name"].map(key)
    dms["power"] = pd.to_numeric(_col(dms, "power"), errors="coerce").fillna(3.0)
    if focus is not None:
        wanted = {key(f) for f in focus}
        dms = dms[dms["k"].isin(wanted)]
    ties = _clean_ties(ties)
    dm_power = dict(zip(dms["k"], dms["power"], strict=True))
    dm_name = dict(zip(dms["k"], dms["name"], strict=True))

    direct_ties = ties[ties["t"].isin(dm_power)].copy()
    direct_ties["value"] = direct_ties["strength"] / 5 * direct_ties["t"].map(dm_power) / 5
    direct = direct_ties.groupby("s")["value"].sum()
    relay = ties[~ties["t"].isin(dm_power) & ties["t"].isin(direct.index)].copy()
    relay["value"] = relay["strength"] / 5 * relay["t"].map(direct) * TWO_STEP_DISCOUNT
    two_step = relay.groupby("s")["value"].sum()

    reach = people["k"].map(direct).fillna(0) + people["k"].map(two_step).fillna(0)
    top = reach.max()
    people["reach"] = reach / top if top > 0 else 0.0
    people["support_value"] = _col(people, "support").map(SUPPORT).fillna(0.5)
    people["access_value"] = _col(people, "relationship").map(ACCESS).fillna(0.0)
    gap_words = dict(gap_groups) if isinstance(gap_groups, Mapping) else {}
    gaps = set(gap_groups)
    groups = _col(people, "groups")
    gap_hits = groups.map(lambda g: sorted(gaps.intersection(g)) if isinstance(g, list) else [])
    informal = _col(people, "leadership").eq("informal")
    people["representation"] = np.minimum(1.0, 0.5 * gap_hits.map(len) + 0.5 * informal)
    own = pd.to_numeric(_col(people, "influence"), errors="coerce")
    people["own_influence"] = ((own - 1) / 4).fillna(0.25)

    w = weights
    total = w.reach + w.support + w.access + w.representation + w.influence
    people["priority"] = (
        100
        / total
        * (
            w.reach * people["reach"]
            + w.support * people["support_value"]
            + w.access * people["access_value"]
            + w.representation * people["representation"]
            + w.influence * people["own_influence"]
        )
    ).round(1)

    import networkx as nx  # loaded here: importing the package stays light

    undirected = nx.Graph()
    undirected.add_edges_from(zip(ties["s"], ties["t"], strict=True))
    brokers = set(nx.articulation_points(undirected)) if len(undirected) else set()
    people["broker"] = people["k"].isin(brokers)

    direct_names = direct_ties.sort_values("value", ascending=False).groupby("s")["t"].agg(list)
    relay_via = relay.sort_values("value", ascending=False).groupby("s")["t"].agg(list)
    names = dict(zip(people["k"], people["name"], strict=True))
    reasons, messengers = [], []
    for row, hits in zip(people.itertuples(index=False), gap_hits, strict=True):
        parts = []
        reached = direct_names.get(row.k, [])
        if reached:
            listed = ", ".join(dm_name[d] for d in reached[:2])
            parts.append(f"reaches {listed}{' and others' if len(reached) > 2 else ''} directly")
        elif row.k in relay_via:
            via = relay_via[row.k][0]
            parts.append(f"reaches decision makers through {names.get(via, via)}")
        support = getattr(row, "support", None)
        if support in SUPPORT_WORDS:
            parts.append(SUPPORT_WORDS[support])
        owner = getattr(row, "contact_owner", None)
        owner = owner.strip() if isinstance(owner, str) and owner.strip() else None
        relationship = getattr(row, "relationship", None)
        if relationship in ("close", "loose"):
            parts.append(f"{relationship} relationship" + (f" via {owner}" if owner else ""))
        if hits:
            words = [gap_words.get(h, h.replace("_", " ")) for h in hits[:2]]
            parts.append("speaks for " + ", ".join(words) + " (missing so far)")
        if row.broker:
            parts.append("connects groups that are otherwise apart")
        reasons.append("; ".join(parts) or "no known link to a decision maker yet")
        messengers.append(
            owner if (owner and relationship in ("close", "loose")) else "find an introduction"
        )
    people["reason"] = reasons
    people["messenger"] = messengers
    people["reaches"] = (
        people["k"]
        .map(direct_names)
        .map(lambda ks: [dm_name[k] for k in ks] if isinstance(ks, list) else [])
    )
    ranked = people.sort_values(["priority", "name"], ascending=[False, True]).reset_index(
        drop=True
    )
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    keep = ["rank", "name", "priority", "messenger", "reason", "reaches", "broker"]
    keep += [c for c in ("kind", "support", "relationship") if c in ranked.columns]
    keep += ["reach", "support_value", "access_value", "representation", "own_influence"]
    return ranked[keep]
