"""The facilitator's dashboard (Voila page or JupyterLab): join link, live results, projector."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as w

from ..errors import ReentryWorkbookError
from ..messages import Catalog, catalog, catalog_for
from ..model import Questionnaire
from ..store import Store
from . import data, panels
from .export import exports_panel
from .link import join_url, qr_svg, workshop_info
from .results import MIN_GROUP, Results, aggregate, finished
from .room import PlanLookup, has_questions
from .rounds import current_round

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0


def _page(page_id: str | None) -> Questionnaire | None:
    from ..templates import find_shipped

    if not page_id:
        info = workshop_info()
        page_id = info.pages[0] if info and info.pages else None
    q = find_shipped(page_id) if page_id else None
    return q if q is not None and has_questions(q) else None


class Dashboard:
    """Live results of one page's workshop for a facilitator; ``refresh`` reads the store."""

    def __init__(
        self, store: Store, workspace_id: str, q: Questionnaire, *, threshold: int = MIN_GROUP
    ) -> None:
        self.store = store
        self.workspace_id = workspace_id
        self.q = q
        self.tr: Catalog = catalog_for(q)
        self.threshold = threshold
        self.round = current_round(store, workspace_id, q.id)
        self.seen: tuple[int, int] | None = None
        self.index = 0
        self.results: Results | None = None
        self.link = self._join_link()
        self.svg = qr_svg(self.link) if self.link.startswith("http") else ""
        tr = self.tr
        self.join = w.HTML()
        self.show_names = w.Checkbox(False, description=tr("workshop.dashboard.show_names"))
        self.show_answers = w.Checkbox(False, description=tr("workshop.dashboard.show_answers"))
        self.projector = w.ToggleButton(False, description=tr("workshop.dashboard.projector"))
        self.back = w.Button(description=tr("workshop.dashboard.back"))
        self.next = w.Button(description=tr("workshop.dashboard.next"))
        self.steps = w.HBox([self.back, self.next], layout=w.Layout(display="none"))
        self.results_html = w.HTML()
        self.people_html = w.HTML(layout=w.Layout(display="none"))
        self.answers_html = w.HTML(layout=w.Layout(display="none"))
        self.status = w.HTML()
        self.bands_html = w.HTML()
        self.round_label = w.HTML()
        self.new_round = w.Button(description=tr("workshop.dashboard.new_round"))
        self.new_round.on_click(lambda _b: self.next_round())
        self.compare = w.Dropdown(description=tr("workshop.dashboard.compare"), options=[])
        self.compare.observe(lambda _change: self.paint_change(), "value")
        self.change_html = w.HTML()
        self.export_html = w.HTML()
        for box in (self.show_names, self.show_answers, self.projector):
            box.observe(lambda _change: self.repaint(), "value")
        self.back.on_click(lambda _b: self.turn(-1))
        self.next.on_click(lambda _b: self.turn(1))
        self.bar = w.HBox(
            [self.projector, self.show_names, self.show_answers], layout=w.Layout(flex_flow="wrap")
        )
        self.widget = w.VBox(
            [
                w.HTML(panels.style()),
                w.HTML(_tag("div class='rw-ws'><h2", tr("workshop.dashboard.title", page=q.title))),
                self.join,
                self.bar,
                self.steps,
                self.people_html,
                self.answers_html,
                self.results_html,
                self.bands_html,
                w.HBox([self.round_label, self.new_round, self.compare]),
                self.change_html,
                self.export_html,
                self.status,
            ],
            layout=w.Layout(max_width="1200px"),
        )
        self.joined: list[data.Joined] = []
        self.done: set[str] = set()
        self.frame: Any = None
        self._task: asyncio.Task[None] | None = None

    def _join_link(self) -> str:
        info = workshop_info()
        if info is not None and info.workspace_id == self.workspace_id:
            return join_url(info.server_url, info.join_key)
        return self.tr("workshop.dashboard.no_server")

    # ----- reading --------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Read what changed (cheap when nothing did) and repaint; False when the store could
        not be read (the page says so and tries again)."""
        try:
            self.round = current_round(self.store, self.workspace_id, self.q.id)
            seq = self.store.latest_seq(self.workspace_id, self.q.id)
            joined = data.joined(self.store, self.workspace_id, self.q.id, self.round)
            if force or self.seen != (seq, self.round) or self.results is None:
                self.frame = data.answers(self.store, self.workspace_id, self.q.id, self.round)
                lookup = PlanLookup(self.store, self.workspace_id, self.q.id)
                self.results = aggregate(
                    self.q, self.frame, self.round, threshold=self.threshold, lookup=lookup
                )
                self.done = finished(self.q, self.frame, self.round)
                self.seen = (seq, self.round)
                earlier = [
                    r for r in self.store.rounds(self.workspace_id, self.q.id) if r < self.round
                ]
                wanted = [(self.tr("workshop.dashboard.no_compare"), 0)] + [
                    (self.tr("workshop.dashboard.round", n=r), r) for r in earlier
                ]
                if list(self.compare.options) != wanted:
                    self.compare.options = wanted
                self.paint_change()
            elif [j.person_id for j in joined] == [j.person_id for j in self.joined]:
                return True
            self.joined = joined
        except ReentryWorkbookError as exc:
            log.warning("the dashboard cannot read the store: %s", exc)
            self.status.value = (
                f"<p class='rw-ws-problem'>{_escape(self.tr('workshop.dashboard.store_down'))}</p>"
            )
            return False
        self.repaint()
        now = dt.datetime.now().strftime("%H:%M:%S")
        self.status.value = _tag(
            "p class='rw-ws-status'", self.tr("workshop.dashboard.updated", time=now)
        )
        return True

    # ----- painting -------------------------------------------------------------------------
    def repaint(self) -> None:
        """Show what was read, as the switches say."""
        if self.results is None:
            return
        tr = self.tr
        done = len([j for j in self.joined if j.person_id in self.done])
        projector = self.projector.value
        self.join.value = panels.join_panel(
            self.link, self.svg, len(self.joined), done, tr, compact=projector
        )
        self.steps.layout.display = "flex" if projector else "none"
        self.results_html.value = (
            panels.projector_panel(self.results, self.index, tr)
            if projector
            else panels.results_panel(self.results, tr)
        )
        show_people = self.show_names.value and not projector
        self.people_html.layout.display = "block" if show_people else "none"
        self.people_html.value = (
            panels.people_panel(self.joined, self.done, tr) if show_people else ""
        )
        self.bands_html.value = "" if projector else self.bands()
        self.round_label.value = _tag(
            "p class='rw-ws-count'", tr("workshop.dashboard.round", n=self.round)
        )
        self.export_html.value = (
            ""
            if projector
            else exports_panel(
                self.q,
                self.frame,
                self.round,
                tr,
                threshold=self.threshold,
                lookup=PlanLookup(self.store, self.workspace_id, self.q.id),
            )
        )
        show_answers = self.show_answers.value and not projector
        self.answers_html.layout.display = "block" if show_answers else "none"
        self.answers_html.value = (
            panels.answers_panel(self.q, self.frame, self.joined, tr) if show_answers else ""
        )

    def context(self, all_rounds: bool = False) -> Any:
        """A view context over everyone's answers (this round's, or every round's)."""
        from ..views import PageContext

        frame = (
            data.all_rounds(self.store, self.workspace_id, self.q.id) if all_rounds else self.frame
        )
        group = frame.rename(columns={"person_id": "respondent"})
        return PageContext(self.q, {}, group_frame=lambda: group, round=self.round)

    def bands(self) -> str:
        """Where the group stands per factor (the page's own bands), once enough answered."""
        if not self.q.factors or self.results is None or self.results.people < self.threshold:
            return ""
        from ..report import view_css
        from ..views import VIEWS

        view = VIEWS["readiness_bars"]
        html = view.render(self.context(), view.params())
        heading = _tag("h3", self.tr("workshop.dashboard.bands_heading"))
        return f"<style>{view_css()}</style><div class='rw-ws rw-ws-item'>{heading}{html}</div>"

    def next_round(self) -> None:
        """Start a new round: participants' answers go to it from now on."""
        from .rounds import start_round

        try:
            new = start_round(self.store, self.workspace_id, self.q.id, self.q.version)
        except ReentryWorkbookError as exc:
            self.status.value = _tag("p class='rw-ws-problem'", str(exc))
            return
        self.refresh(force=True)
        self.status.value = _tag(
            "p class='rw-ws-status'", self.tr("workshop.dashboard.new_round_done", n=new)
        )

    def paint_change(self) -> None:
        """The change picture between the chosen earlier round and this one."""
        earlier = self.compare.value
        if not earlier:
            self.change_html.value = ""
            return
        from ..views import VIEWS

        view = VIEWS["round_change"]
        html = view.render(self.context(all_rounds=True), view.params(against=earlier))
        self.change_html.value = f"<div class='rw-ws rw-ws-item'>{html}</div>"

    def turn(self, step: int) -> None:
        """The next or previous question in projector mode."""
        total = len(self.results.items) if self.results else 0
        self.index = max(0, min(self.index + step, total - 1))
        self.repaint()

    # ----- live -----------------------------------------------------------------------------
    def start(self, seconds: float = POLL_SECONDS) -> None:
        """Poll the store every ``seconds`` on the kernel's event loop (none outside a kernel)."""
        from ..page import kernel_loop

        loop = kernel_loop()
        if loop is None or self._task is not None:
            return

        async def poll() -> None:
            while True:
                await asyncio.sleep(seconds)
                try:
                    self.refresh()
                except Exception:  # noqa: BLE001 - one bad read must not stop the dashboard
                    log.exception("the dashboard could not refresh")

        self._task = loop.create_task(poll())


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _tag(open_tag: str, text: str) -> str:
    """``text`` escaped inside an element (``open_tag`` may open nested ones)."""
    closing = "".join(f"</{t.split()[0]}>" for t in reversed(open_tag.split("><")))
    return f"<{open_tag}>{_escape(text)}{closing}"


def _message(text: str) -> w.HTML:
    return w.HTML(f"<p class='rw-ws-problem'>{_escape(text)}</p>")


def open_dashboard(
    page: str | None, store: Store, key: str | None = None, *, threshold: int = MIN_GROUP
) -> Dashboard | w.HTML:
    """The live dashboard of ``page`` for the workspace a facilitator ``key`` opens, or a
    one-line message when the key or page does not fit (no hint whether a workspace exists)."""
    tr = catalog()
    try:
        access = store.open_by_key(key or "")
    except ReentryWorkbookError:
        return _message(tr("workshop.dashboard.no_access"))
    if access.role != "facilitator":
        return _message(tr("workshop.dashboard.no_access"))
    q = _page(page)
    if q is None:
        return _message(tr("workshop.dashboard.no_page"))
    board = Dashboard(store, access.workspace.id, q, threshold=threshold)
    board.refresh(force=True)
    board.start()
    return board


def served_dashboard(page: str | None = None, key: str | None = None) -> w.VBox:
    """The dashboard for the notebook: its page and key from the page's address when served
    (also in a kernel started ahead of the request), else from the arguments."""
    from ..page import when_requested
    from ..store import open_store

    holder = w.VBox()

    def show(**_ignored: Any) -> None:
        query = parse_qs(os.environ.get("QUERY_STRING", ""))
        wanted_page = (query.get("page") or [page or ""])[0][:200] or None
        wanted_key = (query.get("key") or [key or ""])[0][:200] or None
        found = open_dashboard(wanted_page, open_store(), wanted_key)
        holder.children = [found.widget if isinstance(found, Dashboard) else found]

    when_requested(show)
    return holder
