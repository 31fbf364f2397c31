"""The summary section of a planning workbook: where the coalition stands, and downloads."""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING

import ipywidgets as W

from .reports import ReportData, answers_json, csv_text, list_frames, report_html, xlsx_bytes

if TYPE_CHECKING:
    from .workbook import PlanningWorkbook


def _download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f"<a class='rw-download' download='{html.escape(filename)}' "
        f"href='data:{mime};base64,{encoded}'>{html.escape(label)}</a>"
    )


def _safe_name(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in keep.split("-") if part)[:60] or "workbook"


def summary_widgets(wb: PlanningWorkbook) -> list[W.Widget]:
    """Readiness chart and table, disagreements, gaps, top targets, next steps, downloads."""
    chart = W.HTML()
    chart.add_class("rw-readiness")
    facts = W.HTML()
    facts.add_class("rw-summary")
    refresh = W.Button(description="Refresh the summary")
    refresh.add_class("rw-refresh")
    make = W.Button(description="Prepare the report and downloads", button_style="primary")
    make.add_class("rw-make-report")
    links = W.HTML()
    links.add_class("rw-downloads")

    def paint() -> None:
        from .pictures import readiness_html

        factors, items, people = wb.group_scores()
        chart.value = (
            readiness_html(factors)
            + "<p class='rw-caption'>How far along the coalition is on each part of this page, "
            "from everyone's answers, with the band and the number of people.</p>"
            if not factors.empty
            else ""
        )
        rows = "".join(
            f"<tr><td>{html.escape(str(f.label))}</td><td>{f.mean:.2f}</td>"
            f"<td>{html.escape(str(f.band or ''))}</td><td>{f.n}</td>"
            f"<td>{'Views differ: worth discussing. ' if f.disagreement else ''}"
            f"{html.escape(str(f.note))}</td></tr>"
            for f in factors.itertuples()
        )
        differ = items[items["disagreement"]]
        gaps = [p for c in wb.coverage() for p in c.prompts][:8]
        top = wb.ranking().head(5)
        steps = wb.answers.get("next_steps")
        facts.value = (
            f"<h4>Where the coalition stands ({people} respondent(s))</h4>"
            "<div class='rw-scroll'><table class='rw-table-view'><tr><th>Part</th><th>Score</th>"
            f"<th>Band</th><th>People</th><th>Notes</th></tr>{rows}</table></div>"
            + (
                "<h4>Where members disagree</h4><ul>"
                + "".join(f"<li>{html.escape(str(d.label))}</li>" for d in differ.itertuples())
                + "</ul>"
                if not differ.empty
                else ""
            )
            + "<h4>Who is missing</h4>"
            + (
                "<ul>" + "".join(f"<li>{html.escape(g)}</li>" for g in gaps) + "</ul>"
                if gaps
                else "<p>No gaps found.</p>"
            )
            + "<h4>Approach first</h4><ol>"
            + "".join(
                f"<li>{html.escape(str(r.name))}: {html.escape(str(r.reason))} "
                f"(messenger: {html.escape(str(r.messenger))})</li>"
                for r in top.itertuples()
            )
            + "</ol><h4>Next steps</h4>"
            + (
                f"<p class='rw-pre'>{html.escape(steps)}</p>"
                if steps
                else "<p>Write them in the last step.</p>"
            )
        )

    def prepare(_b: W.Button) -> None:
        from .pictures import coverage_html, network_svg, readiness_html

        assert wb.session is not None
        factors, items, people = wb.group_scores()
        coverage = wb.coverage()
        reached = [c for c in coverage if c.dimension.column == "groups_reached"]
        charts = {"network": network_svg(wb.stakeholders(), wb.decision_makers(), wb.ties())}
        if not factors.empty:
            charts["readiness"] = readiness_html(factors)
        if reached:
            charts["coverage"] = coverage_html(reached[0])
        data = ReportData(
            wb.q,
            wb.session.workspace,
            wb.answers,
            factors,
            items[items["disagreement"]],
            [p for c in coverage for p in c.prompts],
            wb.ranking(),
            charts,
            people,
        )
        base = _safe_name(wb.session.workspace)
        frames = list_frames(wb.q, wb.answers)
        titles = {i.id: i.record_label or i.id for _, i in wb.q.iter_items()}
        parts = [
            _download_link(
                report_html(data).encode("utf-8"),
                f"{base}-report.html",
                "text/html",
                "Report (HTML, prints well)",
            ),
            _download_link(
                xlsx_bytes(frames, {k: t + "s" for k, t in titles.items()}),
                f"{base}-lists.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "All lists (Excel)",
            ),
            _download_link(
                answers_json(wb.q, wb.session.workspace, wb.answers).encode("utf-8"),
                f"{base}-answers.json",
                "application/json",
                "Answers (JSON)",
            ),
            *(
                _download_link(
                    csv_text(frame).encode("utf-8"),
                    f"{base}-{name}.csv",
                    "text/csv",
                    f"{titles[name].capitalize()} list (CSV)",
                )
                for name, frame in frames.items()
                if not frame.empty
            ),
        ]
        links.value = (
            "<p>Downloads (they contain information about real people: keep them within the "
            "coalition):</p><ul>" + "".join(f"<li>{p}</li>" for p in parts) + "</ul>"
        )

    refresh.on_click(lambda _b: paint())
    make.on_click(prepare)
    wb.on_repaint(paint)
    return [chart, facts, W.HBox([refresh, make]), links]
