"""The live pictures under each step of the planning workbook (step id -> widgets)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as W

if TYPE_CHECKING:
    from .workbook import PlanningWorkbook


def _caption(text: str) -> W.HTML:
    return W.HTML(f"<p class='rw-caption'>{html.escape(text)}</p>")


def _list_html(lines: list[str], empty: str) -> str:
    if not lines:
        return f"<p>{html.escape(empty)}</p>"
    return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"


def _networks_summary(wb: PlanningWorkbook) -> list[W.Widget]:
    out = W.HTML()
    out.add_class("rw-live")

    def paint() -> None:
        nets = wb.answers.get("networks") or []
        skeptics = sum(1 for n in nets if n.get("reaches_skeptics"))
        shares: dict[str, int] = {}
        for n in nets:
            for value in n.get("could_share") or []:
                shares[value] = shares.get(value, 0) + 1
        labels = {c.value: c.label for c in wb.q.choice_lists.get("shareables", ())}
        offered = ", ".join(
            f"{labels.get(k, k).lower()} ({v})"
            for k, v in sorted(shares.items(), key=lambda x: -x[1])
        )
        out.value = (
            f"<p><b>{len(nets)}</b> network(s) listed · <b>{skeptics}</b> reach people who doubt "
            f"the coalition"
            + (f" · they could share: {html.escape(offered)}" if offered else "")
            + "</p>"
        )

    wb.on_repaint(paint)
    return [out]


def _coverage_pictures(wb: PlanningWorkbook) -> list[W.Widget]:
    heading = W.HTML("<h4>Who is reached, and who is missing</h4>")
    prompts = W.HTML()
    prompts.add_class("rw-gaps")
    pictures = W.HTML()
    pictures.add_class("rw-coverage")

    def paint() -> None:
        from .pictures import coverage_html

        found = [c for c in wb.coverage() if c.dimension.column != "leadership"]
        lines = [p for c in found for p in c.prompts]
        prompts.value = _list_html(lines[:12], "Every group and area has someone on the lists.")
        shown = [c for c in found if c.dimension.column in ("groups_reached", "groups")]
        pictures.value = "".join(coverage_html(c) for c in shown)

    wb.on_repaint(paint)
    return [heading, prompts, pictures]


def _leadership_share(wb: PlanningWorkbook) -> list[W.Widget]:
    out = W.HTML()
    out.add_class("rw-live")

    def paint() -> None:
        from .coverage import share

        members = wb.answers.get("community_members") or []
        informal, answered = share(members, "leadership", "informal")
        formal, _ = share(members, "leadership", "formal")
        pct = f"{100 * informal / answered:.0f}%" if answered else "–"
        out.value = (
            "<h4>Leaders with and without titles</h4>"
            f"<p>Of {answered} community member(s) whose leadership is recorded, "
            f"<b>{informal}</b> ({pct}) are trusted without a formal title and "
            f"<b>{formal}</b> hold a formal role.</p>"
            + ("<p>⚠ No one without a formal title is on the list yet.</p>" if not informal else "")
        )

    wb.on_repaint(paint)
    return [out]


def _network_picture(wb: PlanningWorkbook) -> list[W.Widget]:
    holder = W.HTML()
    holder.add_class("rw-influence-map")

    def paint() -> None:
        from .pictures import network_svg

        holder.value = network_svg(wb.stakeholders(), wb.decision_makers(), wb.ties())

    wb.on_repaint(paint)
    return [W.HTML("<h4>Influence map</h4>"), holder]


def _ranking_table(wb: PlanningWorkbook) -> list[W.Widget]:
    table = W.HTML()
    table.add_class("rw-ranking")
    add = W.Button(description="Add the top 5 to the outreach plan")
    add.add_class("rw-add-top")
    note = W.Label("")

    def paint() -> None:
        ranked = wb.ranking().head(15)
        if ranked.empty:
            table.value = "<p>Add networks, community members and links to get suggestions.</p>"
            return
        rows = "".join(
            f"<tr><td>{r.rank}</td><td>{html.escape(str(r.name))}</td><td>{r.priority:.0f}</td>"
            f"<td>{html.escape(str(r.messenger))}</td><td>{html.escape(str(r.reason))}</td></tr>"
            for r in ranked.itertuples()
        )
        table.value = (
            "<h4>Suggested order of outreach</h4>"
            "<div class='rw-scroll'><table class='rw-table-view'>"
            "<tr><th>#</th><th>Who</th><th>Priority (0-100)</th><th>Messenger</th><th>Why</th></tr>"
            f"{rows}</table></div>"
        )

    def add_top(_b: W.Button) -> None:
        plan = list(wb.answers.get("outreach_plan") or [])
        planned = {str(p.get("target", "")).casefold() for p in plan}
        added = 0
        for r in wb.ranking().head(5).itertuples():
            if str(r.name).casefold() in planned:
                continue
            messenger = "" if r.messenger == "find an introduction" else r.messenger
            plan.append(
                {
                    "_id": uuid.uuid4().hex,
                    "target": r.name,
                    "status": "planned",
                    **({"messenger": messenger} if messenger else {}),
                }
            )
            added += 1
        wb.set_answer("outreach_plan", plan)
        note.value = f"Added {added} to the plan." if added else "The top 5 are already planned."

    add.on_click(add_top)
    wb.on_repaint(paint)
    return [table, W.HBox([add, note])]


STEP_PICTURES: dict[str, Callable[[PlanningWorkbook], list[W.Widget]]] = {
    "networks": _networks_summary,
    "representation": _coverage_pictures,
    "new_leaders": _leadership_share,
    "influence_map": _network_picture,
    "outreach": _ranking_table,
}
"""Step id -> the live pictures shown under its questions."""
