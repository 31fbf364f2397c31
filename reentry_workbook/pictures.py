"""Charts as PNG bytes (matplotlib, no global pyplot state): coverage, readiness, influence map."""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

import pandas as pd

from .influence import SUPPORT, key

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .coverage import Coverage

# Colour-blind-safe palette (Okabe-Ito); every colour is also named in a legend or label.
SUPPORT_COLOURS = {
    "active_ally": "#009E73",
    "passive_ally": "#56B4E9",
    "neutral": "#BBBBBB",
    "unknown": "#DDDDDD",
    "passive_opponent": "#E69F00",
    "active_opponent": "#D55E00",
}
SUPPORT_LABELS = {
    "active_ally": "Champion",
    "passive_ally": "Leaning our way",
    "neutral": "Undecided",
    "unknown": "Not known",
    "passive_opponent": "Leaning against",
    "active_opponent": "Opposed",
}


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig


def _png(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _wrap(label: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def coverage_chart(cov: Coverage) -> bytes:
    """Bars per category; categories below target are hatched and marked 'missing'."""
    counts = cov.counts
    fig = _figure(7.5, 0.45 * len(counts) + 1.2)
    ax = fig.add_subplot()
    y = range(len(counts))
    bars = ax.barh(list(y), counts["count"], color="#56B4E9", edgecolor="#1a4d8f")
    for bar, gap, count in zip(bars, counts["gap"], counts["count"], strict=True):
        if gap:
            bar.set_hatch("//")
            bar.set_facecolor("#fff3e0")
            ax.text(
                count + 0.05,
                bar.get_y() + bar.get_height() / 2,
                " missing",
                va="center",
                color="#8a1c1c",
                fontsize=10,
                fontweight="bold",
            )
    ax.set_yticks(list(y), [_wrap(label) for label in counts["label"]], fontsize=10)
    ax.invert_yaxis()
    ax.set_xlabel("Number on the list")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(cov.label, fontsize=12, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def readiness_chart(group: pd.DataFrame) -> bytes:
    """Percent of the way for each factor, with band and n written beside each bar."""
    fig = _figure(7.5, 0.7 * max(len(group), 1) + 1.2)
    ax = fig.add_subplot()
    rows = group.reset_index(drop=True)
    y = range(len(rows))
    ax.barh(list(y), rows["percent"].fillna(0), color="#009E73", edgecolor="#00573f")
    for i, row in rows.iterrows():
        note = f" {row['band'] or 'no score'} (n={row['n']})"
        if row.get("disagreement"):
            note += " · views differ"
        ax.text(
            min(row["percent"] if pd.notna(row["percent"]) else 0, 100) + 1,
            i,
            note,
            va="center",
            fontsize=10,
        )
    ax.set_yticks(list(y), [_wrap(str(label), 30) for label in rows["label"]], fontsize=10)
    ax.invert_yaxis()
    ax.set_xlim(0, 160)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("How far along (% of the scale)")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def _layers(graph: object, dms: list[str]) -> dict[str, int]:
    """Steps from each node to the nearest decision maker (decision makers are 0)."""
    import networkx as nx

    reverse = graph.reverse(copy=False)  # type: ignore[attr-defined]
    lengths = nx.multi_source_dijkstra_path_length(reverse, dms, weight=None) if dms else {}
    return {node: min(int(d), 3) for node, d in lengths.items()}


def _layered_positions(graph: object, layer: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Decision makers in the right column, their direct influencers left of them, and so on;
    within a column, nodes sit near the middle of the nodes they point at."""
    columns: dict[int, list[str]] = {}
    for node, d in layer.items():
        columns.setdefault(d, []).append(node)
    pos: dict[str, tuple[float, float]] = {}
    for d in sorted(columns):
        nodes = columns[d]
        if d > 0:

            def centre(node: str) -> float:
                ys = [pos[t][1] for t in graph.successors(node) if t in pos]  # type: ignore[attr-defined]
                return sum(ys) / len(ys) if ys else 0.0

            nodes.sort(key=centre, reverse=True)
        else:
            nodes.sort()
        count = len(nodes)
        for i, node in enumerate(nodes):
            pos[node] = (-1.0 * d, 1 - 2 * (i + 0.5) / count)
    return pos


def network_picture(
    stakeholders: pd.DataFrame, decision_makers: pd.DataFrame, ties: pd.DataFrame
) -> bytes:
    """Who influences whom, drawn in columns: decision makers on the right, then the people who
    reach them directly, then those who reach them through someone else.

    Circles are sized by influence and coloured by support; arrows are thicker for stronger
    links; the legend names every colour.
    """
    import networkx as nx
    from matplotlib.lines import Line2D

    from .influence import build_graph

    graph = build_graph(stakeholders, decision_makers, ties)
    dms = [n for n, d in graph.nodes(data=True) if d["role"] == "decision_maker"]
    layer = _layers(graph, dms)
    tallest = max([list(layer.values()).count(d) for d in set(layer.values())] or [1])
    fig = _figure(13, max(6.0, 0.62 * tallest + 1.5))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if not layer or len(layer) == len(dms):
        ax.text(
            0.5,
            0.5,
            "Add decision makers and links to see who reaches them",
            ha="center",
            fontsize=16,
            transform=ax.transAxes,
        )
        return _png(fig)
    shown = graph.subgraph(layer)
    pos = _layered_positions(shown, layer)
    info = {key(r.name): r for r in stakeholders.itertuples(index=False)}

    def support_of(node: str) -> str:
        row = info.get(node)
        value = getattr(row, "support", None) if row is not None else None
        return value if value in SUPPORT else "unknown"

    def size_of(node: str) -> float:
        row = info.get(node)
        value = getattr(row, "influence", None) if row is not None else None
        return 200 + 200 * (float(value) if pd.notna(value) else 2.0)

    others = [n for n in shown.nodes if layer[n] > 0]
    widths = [0.5 + 0.9 * float(d.get("strength", 3)) for _, _, d in shown.edges(data=True)]
    nx.draw_networkx_edges(
        shown,
        pos,
        ax=ax,
        width=widths,
        edge_color="#5a6470",
        alpha=0.55,
        arrows=True,
        arrowsize=14,
        node_size=700,
        connectionstyle="arc3,rad=0.06",
    )
    nx.draw_networkx_nodes(
        shown,
        pos,
        nodelist=others,
        ax=ax,
        node_size=[size_of(n) for n in others],
        node_color=[SUPPORT_COLOURS[support_of(n)] for n in others],
        edgecolors="#222222",
        linewidths=1.0,
    )
    nx.draw_networkx_nodes(
        shown,
        pos,
        nodelist=dms,
        ax=ax,
        node_shape="s",
        node_size=900,
        node_color="#F0E442",
        edgecolors="#222222",
        linewidths=1.5,
    )
    for node, (x, y) in pos.items():
        right = layer[node] == 0
        ax.text(
            x + (0.07 if right else -0.07),
            y,
            _wrap(graph.nodes[node]["name"], 22),
            ha="left" if right else "right",
            va="center",
            fontsize=10,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    depth = max(layer.values())
    ax.set_xlim(-depth - 0.9, 0.9)
    for d, title in (
        (0, "Decision makers"),
        (1, "Reach them directly"),
        (2, "Reach them through one person"),
        (3, "Further away"),
    ):
        if d <= depth:
            ax.text(-d, 1.04, title, ha="center", fontsize=11, fontweight="bold")
    handles = [
        Line2D(
            [],
            [],
            marker="s",
            linestyle="",
            markersize=12,
            markerfacecolor="#F0E442",
            markeredgecolor="#222222",
            label="Decision maker",
        ),
        *(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=11,
                markerfacecolor=colour,
                markeredgecolor="#222222",
                label=SUPPORT_LABELS[name],
            )
            for name, colour in SUPPORT_COLOURS.items()
        ),
        Line2D([], [], color="#5a6470", linewidth=5, label="Strong link (5)"),
        Line2D([], [], color="#5a6470", linewidth=1.4, label="Weak link (1)"),
    ]
    unlinked = graph.number_of_nodes() - len(layer)
    title = "Circle size = influence"
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=10,
        frameon=True,
        title=title,
        title_fontsize=10,
    )
    if unlinked:
        ax.text(
            0.0,
            -0.02,
            f"{unlinked} name(s) on your lists have no link to a decision maker "
            "yet and are not drawn.",
            transform=ax.transAxes,
            fontsize=10,
        )
    return _png(fig)
