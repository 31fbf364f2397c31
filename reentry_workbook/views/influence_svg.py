"""Drawing the influence map: columns by distance to a decision maker, labels under the nodes."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from ..model import Choice
from .base import PageContext, render

if TYPE_CHECKING:
    import networkx as nx

WIDTH = 800
MARGIN = 118
ROW = 92
TOP = 70  # below the two-line column headings
LANE = TOP - 10  # where an arrow back to a column two or more to the left crosses the columns
# Names are drawn under their circles, at most 18 characters wide (about 150 units at 15 px),
# so arrows run horizontally at a circle's height within ``LEAD`` of a column and turn only in
# the space between columns: there they cannot pass through a name.
LEAD = 86
FALLBACK = ("#009E73", "#56B4E9", "#BBBBBB", "#E69F00", "#D55E00", "#CC79A7", "#0072B2")
DM_COLOUR = "#F0E442"


class _Node(TypedDict):
    """One circle of the map as the template draws it."""

    dm: bool  # a decision maker (else a person who can reach one)
    x: float
    y: float
    r: float
    colour: str
    lines: list[str]
    note: str  # words under the name (a decision maker's stance), or ""
    title: str


def wrap(text: str, width: int = 18, lines: int = 2) -> list[str]:
    """A name broken into at most ``lines`` short lines (the last one cut with …)."""
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out


def _route(
    source: tuple[float, float],
    target: tuple[float, float],
    r_source: float,
    r_target: float,
    columns_left: int,
) -> str:
    """An arrow's SVG path that turns only between columns (see ``LEAD``).

    ``columns_left`` is how many columns the target lies left of the source (-1: the column on
    the right, nearer the decision makers). Forward arrows leave a circle's right side and enter
    the target's left side. Arrows to the same column or further left enter the target's right
    side; across two or more columns they run along the lane above the circles.
    """
    (x1, y1), (x2, y2) = source, target
    if columns_left < 0:
        a, b = x1 + LEAD, x2 - LEAD
        mid = (a + b) / 2
        return (
            f"M{x1 + r_source + 2:.0f},{y1:.0f} H{a:.0f} "
            f"C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {b:.0f},{y2:.0f} H{x2 - r_target - 6:.0f}"
        )
    end = (x2 + r_target + 6, y2)
    if columns_left == 0:
        points = [(x1 + r_source + 2, y1), (x1 + LEAD, y1), (x1 + LEAD, y2), end]
    elif columns_left == 1:
        points = [(x1 - r_source - 2, y1), (x1 - LEAD, y1), (x1 - LEAD, y2), end]
    else:
        c1, c2 = x1 - LEAD, x2 + LEAD
        points = [(x1 - r_source - 2, y1), (c1, y1), (c1, LANE), (c2, LANE), (c2, y2), end]
    return _rounded(points)


def _rounded(points: list[tuple[float, float]], bend: float = 10) -> str:
    """A path through ``points`` (horizontal and vertical runs) with its corners rounded."""
    out = [f"M{points[0][0]:.0f},{points[0][1]:.0f}"]
    for prev, here, after in zip(points, points[1:], points[2:], strict=False):
        into = _toward(here, prev, bend)
        away = _toward(here, after, bend)
        out.append(
            f"L{into[0]:.0f},{into[1]:.0f} Q{here[0]:.0f},{here[1]:.0f} {away[0]:.0f},{away[1]:.0f}"
        )
    out.append(f"L{points[-1][0]:.0f},{points[-1][1]:.0f}")
    return " ".join(out)


def _toward(
    corner: tuple[float, float], other: tuple[float, float], bend: float
) -> tuple[float, float]:
    """The point ``bend`` units from ``corner`` toward ``other`` (at most half way)."""
    dx, dy = other[0] - corner[0], other[1] - corner[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return corner
    k = min(bend, length / 2) / length
    return corner[0] + dx * k, corner[1] + dy * k


def colours(options: tuple[Choice, ...]) -> dict[str, str]:
    """Option value -> colour (the option's own, else a fixed colour-blind-safe palette)."""
    return {o.value: o.colour or FALLBACK[i % len(FALLBACK)] for i, o in enumerate(options)}


def map_svg(
    ctx: PageContext,
    graph: nx.DiGraph,
    depth: dict[str, int],
    support: tuple[Choice, ...],
    stance: tuple[Choice, ...],
) -> str:
    """The map as SVG plus a legend and the names not drawn, all escaped by the template."""
    drawn = {n: d for n, d in depth.items() if n in graph}
    unlinked = sorted((graph.nodes[n]["name"] for n in graph if n not in drawn), key=str.casefold)
    if len(drawn) <= sum(1 for n in drawn if drawn[n] == 0):
        return render(
            "influence.html.j2",
            kind="map_empty",
            text=ctx.tr("views.map.empty"),
            unlinked=unlinked,
            unlinked_text=ctx.tr("views.map.unlinked", names="; ".join(unlinked)),
        )
    columns: dict[int, list[str]] = {}
    for node, d in drawn.items():
        columns.setdefault(d, []).append(node)
    levels = max(columns) + 1
    step_x = (WIDTH - 2 * MARGIN) / max(levels - 1, 1)
    height = TOP + max(len(c) for c in columns.values()) * ROW + 10
    pos: dict[str, tuple[float, float]] = {}
    for d in sorted(columns):
        in_column = columns[d]
        if d == 0:
            in_column.sort(key=lambda n: graph.nodes[n]["name"].casefold())
        else:

            def centre(n: str) -> float:
                ys = [pos[t][1] for t in graph.successors(n) if t in pos]
                return sum(ys) / len(ys) if ys else height / 2

            in_column.sort(key=centre)
        gap = (height - TOP - 10) / len(in_column)
        x = WIDTH - MARGIN - d * step_x
        for i, node in enumerate(in_column):
            pos[node] = (x, TOP + gap * (i + 0.3))
    support_colour = colours(support)
    stance_colour = colours(stance)
    support_label = {o.value: o.short_label for o in support}
    stance_label = {o.value: o.short_label for o in stance}
    nodes: list[_Node] = []
    for node, (x, y) in pos.items():
        data = graph.nodes[node]
        if data["role"] == "target":
            dm = data["dm"]
            size = 14 + 2.5 * (dm.power or 3)
            colour = stance_colour.get(dm.stance or "", DM_COLOUR)
            stance_words = stance_label.get(dm.stance or "", ctx.tr("views.map.not_known"))
            title = ctx.tr("views.map.dm_title", name=data["name"], stance=stance_words)
            nodes.append(
                {
                    "dm": True,
                    "x": x,
                    "y": y,
                    "r": size / 2,
                    "colour": colour,
                    "lines": wrap(data["name"]),
                    "note": ctx.tr("views.map.dm_stance", stance=stance_words) if stance else "",
                    "title": title,
                }
            )
        else:
            person = data["person"]
            r = 8 + 3 * (person.influence or 2)
            colour = support_colour.get(person.support or "", "#E8E8E8")
            known = support_label.get(person.support or "", ctx.tr("views.map.not_known"))
            title = f"{data['name']}: {known}"
            nodes.append(
                {
                    "dm": False,
                    "x": x,
                    "y": y,
                    "r": r,
                    "colour": colour,
                    "lines": wrap(data["name"]),
                    "note": "",
                    "title": title,
                }
            )
    radius = {n: (nd["r"]) for n, nd in zip(pos, nodes, strict=True)}
    edges = [
        {
            "d": _route(pos[s], pos[t], radius[s], radius[t], drawn[t] - drawn[s]),
            "w": 0.8 + 0.9 * data["strength"],
        }
        for s, t, data in graph.edges(data=True)
        if s in pos and t in pos
    ]
    titles = [ctx.tr(f"views.map.column_{min(d, 3)}") for d in range(levels)]
    heads = [
        {"x": WIDTH - MARGIN - d * step_x, "lines": wrap(titles[d], width=18, lines=2)}
        for d in range(levels)
    ]
    legend_support = [{"colour": support_colour[o.value], "label": o.short_label} for o in support]
    legend_stance = [{"colour": stance_colour[o.value], "label": o.short_label} for o in stance]
    return render(
        "influence.html.j2",
        kind="map",
        width=WIDTH,
        height=height,
        nodes=nodes,
        edges=edges,
        heads=heads,
        legend_support=legend_support,
        legend_stance=legend_stance,
        support_heading=ctx.tr("views.map.support_legend"),
        stance_heading=ctx.tr("views.map.stance_legend"),
        how=ctx.tr("views.map.how"),
        swipe=ctx.tr("views.map.swipe"),
        region=ctx.tr("views.map.region"),
        unlinked=unlinked,
        unlinked_text=ctx.tr("views.map.unlinked", names="; ".join(unlinked)),
        label=ctx.tr("views.map.label"),
    )
