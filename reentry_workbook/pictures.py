"""Pictures as HTML and SVG text: light to draw, readable by screen readers, sharp on projectors.

Every label passes through ``html.escape``; colours always come with words (legend or text).
"""

from __future__ import annotations

import html
from collections import deque
from typing import TYPE_CHECKING

import pandas as pd

from .influence import SUPPORT, key

if TYPE_CHECKING:
    from .coverage import Coverage

# Colour-blind-safe palette (Okabe-Ito); every colour is also named in a legend.
SUPPORT_COLOURS = {
    "active_ally": "#009E73",
    "passive_ally": "#56B4E9",
    "neutral": "#BBBBBB",
    "unknown": "#E8E8E8",
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
DECISION_MAKER_COLOUR = "#F0E442"
BAR_STYLE = (
    "<style>.rw-bars{width:100%;border-collapse:collapse;font-size:14px}"
    ".rw-bars td{padding:2px 4px;vertical-align:middle}"
    ".rw-bars .rw-bar-label{width:42%;text-align:right}"
    ".rw-bars .rw-bar{height:18px;background:#56B4E9;border:1px solid #1a4d8f;min-width:2px}"
    ".rw-bars .rw-bar-gap{background:repeating-linear-gradient(45deg,#fff3e0,#fff3e0 4px,"
    "#e6a23c 4px,#e6a23c 6px);border-color:#8a1c1c;width:18px}"
    ".rw-bars .rw-bar-ready{background:#009E73;border-color:#00573f}"
    ".rw-bars .rw-missing{color:#8a1c1c;font-weight:600}</style>"
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def coverage_html(cov: Coverage) -> str:
    """Bars per category with the count written out; categories below target say 'missing'."""
    counts = cov.counts
    top = max(int(counts["count"].max()) if len(counts) else 0, 1)
    rows = []
    for row in counts.itertuples():
        if row.gap:
            bar = "<div class='rw-bar rw-bar-gap'></div>"
            text = (
                f"<span class='rw-missing'>{row.count} · missing</span>"
                if row.count == 0
                else f"<span class='rw-missing'>{row.count} of {row.target} · short</span>"
            )
        else:
            bar = f"<div class='rw-bar' style='width:{100 * row.count / top:.0f}%'></div>"
            text = str(row.count)
        rows.append(
            f"<tr><td class='rw-bar-label'>{_e(row.label)}</td>"
            f"<td style='width:45%'>{bar}</td><td>{text}</td></tr>"
        )
    return (
        f"{BAR_STYLE}<table class='rw-bars' aria-label='{_e(cov.label)}'>"
        f"<caption style='text-align:left;font-weight:600'>{_e(cov.label)}</caption>"
        + "".join(rows)
        + "</table>"
    )


def readiness_html(group: pd.DataFrame) -> str:
    """How far along each factor is (percent of its scale), with band, n and disagreement."""
    rows = []
    for row in group.itertuples():
        pct = 0.0 if pd.isna(row.percent) else max(0.0, min(100.0, float(row.percent)))
        note = f"{_e(row.band or 'no score')} (n={row.n})"
        if getattr(row, "disagreement", False):
            note += " · views differ"
        rows.append(
            f"<tr><td class='rw-bar-label'>{_e(row.label)}</td><td style='width:40%'>"
            f"<div class='rw-bar rw-bar-ready' style='width:{pct:.0f}%'></div></td>"
            f"<td>{pct:.0f}% · {note}</td></tr>"
        )
    return (
        f"{BAR_STYLE}<table class='rw-bars' aria-label='How far along the coalition is'>"
        + "".join(rows)
        + "</table>"
    )


def _layers(edges: list[tuple[str, str]], dms: list[str]) -> dict[str, int]:
    """Steps from each node to the nearest decision maker (0 for decision makers, at most 3)."""
    pointing: dict[str, list[str]] = {}
    for source, target in edges:
        pointing.setdefault(target, []).append(source)
    layer = {d: 0 for d in dms}
    queue = deque(dms)
    while queue:
        node = queue.popleft()
        for source in pointing.get(node, []):
            if source not in layer:
                layer[source] = layer[node] + 1
                queue.append(source)
    return {n: min(d, 3) for n, d in layer.items()}


def _wrap(text: str, width: int = 24) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:3] if line or lines else [""]


def network_svg(
    stakeholders: pd.DataFrame, decision_makers: pd.DataFrame, ties: pd.DataFrame
) -> str:
    """Who influences whom, in columns: decision makers on the right, then the people who reach
    them directly, then those who reach them through one other person.

    Circles are sized by influence and coloured by support; links are thicker when stronger.
    Names with no path to a decision maker are counted under the picture, not drawn.
    """
    names: dict[str, str] = {}
    for name in list(stakeholders.get("name", [])) + list(decision_makers.get("name", [])):
        if isinstance(name, str) and name.strip():
            names.setdefault(key(name), name)
    dms = [key(n) for n in decision_makers.get("name", []) if isinstance(n, str) and n.strip()]
    edges: dict[tuple[str, str], float] = {}
    for row in ties.itertuples(index=False):
        source, target = getattr(row, "source", None), getattr(row, "target", None)
        if not (isinstance(source, str) and isinstance(target, str)):
            continue
        s, t = key(source), key(target)
        if s != t:
            names.setdefault(s, source)
            names.setdefault(t, target)
            strength = getattr(row, "strength", None)
            edges[(s, t)] = float(strength) if pd.notna(strength) else 3.0
    layer = _layers(list(edges), dms)
    if len(layer) <= len(dms):
        return "<p class='rw-caption'>Add decision makers and links to see who reaches them.</p>"
    info = {
        key(r.name): r
        for r in stakeholders.itertuples(index=False)
        if isinstance(getattr(r, "name", None), str)
    }
    columns: dict[int, list[str]] = {}
    for node, d in layer.items():
        columns.setdefault(d, []).append(node)
    depth = max(columns)
    row_height, col_width, margin = 64, 300, 40
    height = max(len(c) for c in columns.values()) * row_height + 2 * margin + 30
    label_room = 210  # decision makers' names are written to the right of their squares
    width = (depth + 1) * col_width + label_room
    pos: dict[str, tuple[float, float]] = {}
    for d in sorted(columns):
        nodes = columns[d]
        if d == 0:
            nodes.sort()
        else:

            def centre(node: str) -> float:
                ys = [pos[t][1] for (s, t) in edges if s == node and t in pos]
                return sum(ys) / len(ys) if ys else height / 2

            nodes.sort(key=centre)
        step = (height - 2 * margin - 30) / len(nodes)
        x = width - label_room - d * col_width
        for i, node in enumerate(nodes):
            pos[node] = (x, margin + 30 + step * (i + 0.5))

    def radius(node: str) -> float:
        value = getattr(info.get(node), "influence", None)
        return 8 + 3.5 * (float(value) if value is not None and pd.notna(value) else 2.0)

    def support(node: str) -> str:
        value = getattr(info.get(node), "support", None)
        return value if value in SUPPORT else "unknown"

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
        f"width='100%' role='img' aria-label='Influence map' style='max-width:{width}px;"
        "font-family:system-ui,sans-serif'>",
        "<defs><marker id='rw-arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='5' "
        "markerHeight='5' orient='auto-start-reverse'><path d='M0,0L10,5L0,10z' "
        "fill='#5a6470'/></marker></defs>",
    ]
    titles = [
        "Decision makers",
        "Reach them directly",
        "Reach them through one person",
        "Further away",
    ]
    for d in range(depth + 1):
        x = width - label_room - d * col_width
        parts.append(
            f"<text x='{x:.0f}' y='24' text-anchor='middle' font-size='15' "
            f"font-weight='bold'>{titles[d]}</text>"
        )
    for (s, t), strength in edges.items():
        if s in pos and t in pos:
            (x1, y1), (x2, y2) = pos[s], pos[t]
            end = x2 - (16 if layer[t] == 0 else radius(t)) - 2
            parts.append(
                f"<path d='M{x1 + radius(s):.0f},{y1:.0f} C{(x1 + end) / 2:.0f},{y1:.0f} "
                f"{(x1 + end) / 2:.0f},{y2:.0f} {end:.0f},{y2:.0f}' fill='none' "
                f"stroke='#5a6470' stroke-opacity='0.6' stroke-width='{0.6 + 0.9 * strength:.1f}'"
                " marker-end='url(#rw-arrow)'/>"
            )
    for node, (x, y) in pos.items():
        label = names.get(node, node)
        if layer[node] == 0:
            parts.append(
                f"<rect x='{x - 16:.0f}' y='{y - 16:.0f}' width='32' height='32' "
                f"fill='{DECISION_MAKER_COLOUR}' stroke='#222'><title>{_e(label)}: "
                "decision maker</title></rect>"
            )
            anchor, tx = "start", x + 22
        else:
            sup = support(node)
            parts.append(
                f"<circle cx='{x:.0f}' cy='{y:.0f}' r='{radius(node):.0f}' "
                f"fill='{SUPPORT_COLOURS[sup]}' stroke='#222'><title>{_e(label)}: "
                f"{SUPPORT_LABELS[sup]}</title></circle>"
            )
            anchor, tx = "end", x - radius(node) - 6
        lines = _wrap(label)
        for i, line in enumerate(lines):
            dy = (i - (len(lines) - 1) / 2) * 15 + 5
            parts.append(
                f"<text x='{tx:.0f}' y='{y + dy:.0f}' text-anchor='{anchor}' "
                f"font-size='13' paint-order='stroke' stroke='white' stroke-width='3'>"
                f"{_e(line)}</text>"
            )
    parts.append("</svg>")
    legend = " ".join(
        f"<span style='white-space:nowrap;margin-right:.8em'><span style='display:inline-block;"
        f"width:.9em;height:.9em;border-radius:50%;background:{c};border:1px solid #222;"
        f"vertical-align:middle'></span> {SUPPORT_LABELS[k]}</span>"
        for k, c in SUPPORT_COLOURS.items()
    )
    unlinked = len({k for k in names} - set(layer))
    note = (
        f" {unlinked} name(s) on your lists have no link to a decision maker yet and are not drawn."
        if unlinked
        else ""
    )
    return (
        "<div class='rw-network'>"
        + "".join(parts)
        + "<p class='rw-caption'><span style='display:inline-block;width:.9em;height:.9em;"
        f"background:{DECISION_MAKER_COLOUR};border:1px solid #222;vertical-align:middle'>"
        "</span> Decision maker &nbsp; "
        + legend
        + "<br>Circle size shows influence; thicker arrows are stronger links."
        + note
        + "</p></div>"
    )
