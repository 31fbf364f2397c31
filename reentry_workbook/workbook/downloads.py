"""The summary's downloads: the printable report, the lists as a spreadsheet and CSV, JSON,
and (for facilitators) the coalition plan of the whole workspace with all its lists."""

from __future__ import annotations

import base64
import html
import logging
from typing import TYPE_CHECKING

import ipywidgets as W

from ..model import TableItem

if TYPE_CHECKING:
    from .core import Workbook

log = logging.getLogger(__name__)


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """A link that saves ``data`` under ``filename`` (the data travels inside the page)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f"<a class='rw-download' download='{html.escape(filename)}' "
        f"href='data:{mime};base64,{encoded}'>{html.escape(label)}</a>"
    )


def safe_name(text: str) -> str:
    """A file-name part made of letters, digits and dashes."""
    keep = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in keep.split("-") if part)[:60] or "workbook"


class Downloads:
    """A button that prepares every download the page declares, and the links it made."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        tr = wb.tr
        self.button = W.Button(description=tr("downloads.prepare"), button_style="primary")
        self.button.add_class("rw-make-report")
        self.button.on_click(lambda _b: self.prepare())
        self.links = W.HTML()
        self.links.add_class("rw-downloads")
        self.widget = W.VBox([self.button, self.links])
        self.widget.add_class("rw-downloads-box")

    def prepare(self) -> None:
        """Build the files from the current answers; say so plainly if that fails."""
        try:
            self.links.value = self._links()
        except Exception as exc:  # noqa: BLE001 - shown in words, detail in the log
            log.exception("preparing downloads failed")
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.links.value = (
                "<p class='rw-problem' role='alert'>⚠ "
                + html.escape(self.wb.tr("downloads.failed", reason=reason[:200]))
                + "</p>"
            )

    def _links(self) -> str:
        import pandas as pd

        from ..report import report_html
        from ..reports import (
            answers_json,
            csv_text,
            file_stem,
            list_frames,
            list_titles,
            xlsx_bytes,
        )

        wb, tr = self.wb, self.wb.tr
        assert wb.session is not None
        ctx = wb.context()
        base = safe_name(wb.session.workspace) + "-" + safe_name(wb.q.title)[:30]
        frames = list_frames(wb.q, ctx.answers, ctx.kinds)
        tables = {i.id: i for _, i in wb.q.iter_items() if isinstance(i, TableItem)}
        names = list_titles(
            wb.q, {k: t.record_label_plural for k, t in tables.items() if t.record_label_plural}
        )
        parts = []
        wanted = set(wb.q.downloads)
        if "report_html" in wanted:
            parts.append(
                download_link(
                    report_html(ctx, wb.session.workspace).encode("utf-8"),
                    f"{base}-report.html",
                    "text/html",
                    tr("downloads.report"),
                )
            )
        if "lists_xlsx" in wanted and frames:
            parts.append(
                download_link(
                    xlsx_bytes(frames, names),
                    f"{base}-lists.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    tr("downloads.xlsx"),
                )
            )
        if "answers_json" in wanted:
            parts.append(
                download_link(
                    answers_json(wb.q, wb.session.workspace, ctx.answers).encode("utf-8"),
                    f"{base}-answers.json",
                    "application/json",
                    tr("downloads.json"),
                )
            )
        if "history_csv" in wanted:
            from .history import HistoryPanel, describe

            lines, _ = describe(ctx, HistoryPanel(wb).entries())
            frame = pd.DataFrame(
                [[x.when, x.who, x.what, x.entry, x.change] for x in lines],
                columns=[tr(f"history.{h}") for h in ("when", "who", "what", "entry", "change")],
            )
            parts.append(
                download_link(
                    csv_text(frame).encode("utf-8"),
                    f"{base}-history.csv",
                    "text/csv",
                    tr("downloads.history"),
                )
            )
        if wb.session.role == "facilitator":
            parts += self._plan_links()
        if "lists_csv" in wanted:
            for key, frame in frames.items():
                if not frame.empty:
                    parts.append(
                        download_link(
                            csv_text(frame).encode("utf-8"),
                            f"{base}-{file_stem(names[key])}.csv",
                            "text/csv",
                            tr("downloads.csv", what=names[key]),
                        )
                    )
        return (
            f"<p>{html.escape(tr('downloads.heading'))}</p><ul>"
            + "".join(f"<li>{p}</li>" for p in parts)
            + "</ul>"
        )

    def _plan_links(self) -> list[str]:
        """The coalition plan of the whole workspace, and every list of it in one workbook."""
        from ..plan import build, from_store, plan_html, plan_xlsx

        wb = self.wb
        assert wb.session is not None
        source = from_store(wb.session.store, wb.session.workspace_id)
        base = safe_name(wb.session.workspace)
        return [
            download_link(
                plan_html(build(source)).encode("utf-8"),
                f"{base}-coalition-plan.html",
                "text/html",
                wb.tr("plan.download"),
            ),
            download_link(
                plan_xlsx(source),
                f"{base}-all-lists.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                wb.tr("plan.download_xlsx"),
            ),
        ]
