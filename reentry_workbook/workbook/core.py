"""One generic workbook for every page: sections from the template, one answer state, views."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from ..app import Autosaver, StartPanel
from ..errors import ReentryWorkbookError
from ..loading import LaterBuilds
from ..messages import catalog_for
from ..model import Questionnaire, TableTarget
from ..page import kernel_loop, preheated, served_by_voila, when_requested
from ..report import view_css
from ..store import Access, Session, Store
from ..templates import find_shipped
from ..views import ActionResult, PageContext
from ..widgets import QuestionnaireForm
from ..widgets.focus import bring_into_view
from ..widgets.state import AnswerState
from ..widgets.styles import style_widget
from .conflicts import ConflictBox
from .history import HistoryPanel
from .identity import IdentityPanel, PageRefused, access_for, address_from, not_you, refusal
from .people import PeoplePanel, count_switch
from .session import PageSession
from .slots import ViewSlot

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)
PAINT_DELAY = 0.3
LIVE_SECONDS = 2.0


class _OtherPages:
    """Records of other pages' lists, for pick lists that reach across pages."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb

    def records(self, target: TableTarget) -> list[dict[str, Any]]:
        if self.wb.session is None or target.page is None:
            return []
        value = self.wb.other_page(target.page).get(target.table) or []
        return [dict(r) for r in value if isinstance(r, dict)]


class Workbook:
    """A page as notebook sections (header, one per step, summary) over one shared state.

    Answers are saved before anything is painted; views repaint only when an item they read
    changes (debounced), and each view that fails says so in its own place.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        store: Store,
        workspace: str | None = None,
        respondent: str | None = None,
        *,
        demo: bool = False,
    ) -> None:
        self.q = questionnaire
        self.store = store
        self.tr = catalog_for(questionnaire)
        self.session: PageSession | None = None
        self.state: AnswerState | None = None
        self.autosaver: Autosaver | None = None
        self.forms: dict[str, QuestionnaireForm] = {}
        self.slots: list[ViewSlot] = []
        self._sections: dict[str, W.VBox] = {}
        self._dirty: set[int] = set()
        self._pending: asyncio.TimerHandle | None = None
        self._live: asyncio.TimerHandle | None = None
        self._pages: dict[str, dict[str, Any]] = {}
        self.later = LaterBuilds()
        self._header = W.VBox()
        self._header.add_class("rw-app")
        self.demo = demo
        self.refused: str | None = None
        self.identity: IdentityPanel | None = None
        self.panel = StartPanel(
            f"<h3>{html.escape(self.tr('start.heading'))}</h3><p>{html.escape(self.tr('start.text'))}</p>",
            self.start,
            workspace,
            respondent,
            on_demo=self._start_demo,
        )
        opening = W.HTML(f"<p class='rw-opening'>{html.escape(self.tr('opening.opening'))}</p>")
        # a served page never shows the names panel: its key says where, the people say who
        first = opening if served_by_voila() or preheated() else self.panel
        self._header.children = [style_widget(), first]
        when_requested(
            self._open, ahead=self._ahead, workspace=workspace, respondent=respondent, demo=demo
        )

    # ----- starting ---------------------------------------------------------------------------
    def _ahead(self) -> None:
        from ..views.warm import warm_up

        warm_up(self.q)

    def _open(self, **params: Any) -> None:
        """Open what the page's address asks for: a key's workspace, the demo, or (on this
        computer only) a workspace by its name."""
        served = served_by_voila()
        address = address_from(params, served=served)
        if address.key:
            self.open_key(address.key)
        elif address.demo:
            self._start_demo()
        elif served:
            self.refuse(self.tr("opening.no_key"))
        else:
            self.panel.prefill(address.workspace, address.respondent)
            if address.workspace and address.respondent:
                self.start(address.workspace, address.respondent)

    def open_key(self, key: str) -> None:
        """Open the workspace ``key`` opens and ask who is working (a facilitator key only)."""
        try:
            access = access_for(self.store, key, self.tr)
            if access.role != "facilitator":
                raise PageRefused(self.tr("opening.participants_only"))
            if access.person_id is not None:
                self._begin_as(access.workspace, self.store.person(access.person_id))
                return
        except ReentryWorkbookError as exc:
            self.refuse(str(exc))
            return
        self._ask_who(access)

    def _ask_who(self, access: Access) -> None:
        if self.autosaver is not None:
            self.autosaver.flush()
        self.identity = IdentityPanel(
            self.store,
            access,
            self.tr,
            lambda person: self._begin_as(access.workspace, person),
            role="facilitator",
        )
        self._header.children = [style_widget(), self.identity]

    def _begin_as(self, workspace: Any, person: Any) -> None:
        self.demo = workspace.is_demo
        self.begin(PageSession(self.store, self.q, workspace, person, role="facilitator"))

    def refuse(self, text: str) -> None:
        """Show one plain line instead of the page (no data, no start panel)."""
        self.refused = text
        self._header.children = [style_widget(), refusal(text)]
        for box in self._sections.values():
            box.children = []

    def _start_demo(self) -> None:
        from ..demo import DEMO_FACILITATOR, load_demo

        self.demo = True
        try:
            workspace = load_demo(self.store)
            person = self.store.join(workspace.id, DEMO_FACILITATOR, "facilitator")
            session = PageSession(self.store, self.q, workspace, person, role="facilitator")
        except ReentryWorkbookError as exc:
            if served_by_voila():
                self.refuse(self.tr("opening.failed", reason=exc))
            else:
                self.panel.show_problem(exc)
            return
        self.begin(session)

    def start(self, workspace: str, respondent: str) -> None:
        """Open or resume the page by names (JupyterLab and scripts on this computer)."""
        try:
            session = PageSession.by_names(
                self.store, self.q, workspace, respondent, role="facilitator", is_demo=self.demo
            )
        except ReentryWorkbookError as exc:
            self.panel.show_problem(exc)
            return
        self.begin(session)

    def begin(self, session: PageSession) -> None:
        """Show the page for an opened session and fill every section."""
        from ..answers import known_answers, stale_answers

        self.session = session
        self._pages = {}
        self.state = AnswerState(self.q, known_answers(self.q, session.load()), _OtherPages(self))
        self.state.on_change(self._changed)
        self.conflicts = ConflictBox(self)
        self.autosaver = Autosaver(self.store, legacy_session(session), save=self._save)
        self.forms = {}
        self.slots = []
        banner = self.tr(
            "workbook.banner_demo" if self.demo else "workbook.banner",
            workspace=self.session.workspace,
            person=self.session.person,
        )
        stale = stale_answers(self.q, session.load())
        if stale:
            banner += " " + self.tr("workbook.stale", n=len(stale))
        who = W.HTML(f"<p class='rw-who'>{html.escape(banner)}</p>")
        who.add_class("rw-who-box")
        extra: list[W.Widget] = []
        if session.person_record.role == "facilitator" and not self.demo:
            extra.append(count_switch(self))
        if self.identity is not None:
            panel = self.identity
            extra.append(panel.device)  # stays shown: it keeps this browser's secret
            extra.append(not_you(self.tr, panel, lambda: self._ask_who(panel.access)))
        self._header.children = [
            style_widget(),
            W.HTML(f"<style>{view_css()}</style>", layout=W.Layout(display="none")),
            who,
            *extra,
            self.autosaver.widget,
            self.conflicts.widget,
        ]
        self._header.add_class("rw-form")
        if self.identity is not None and self.identity.asked:  # the button pressed has gone
            bring_into_view(self._header, banner, focus=True)
        self.later.clear()
        for name in self._sections:
            self._fill(name)  # each built view is painted as it is built
        self._show_messages(self.context())
        self._schedule_live()

    # ----- sections -------------------------------------------------------------------------
    def header(self) -> W.VBox:
        """Who and where, the save status, or the start panel."""
        return self._header

    def step(self, step_id: str) -> W.VBox:
        """The questions of one step, with the views the template shows under them."""
        if step_id not in {s.id for s in self.q.steps}:
            raise KeyError(f"no step {step_id!r}; steps: {', '.join(s.id for s in self.q.steps)}")
        return self._section(f"step:{step_id}")

    def summary(self) -> W.VBox:
        """The page's summary views and the downloads."""
        return self._section("summary")

    def _section(self, name: str) -> W.VBox:
        if name not in self._sections:
            box = W.VBox()
            box.add_class("rw-form")
            box.add_class("rw-section")
            box.add_class("rw-section-" + name.replace(":", "-"))
            self._sections[name] = box
            if self.refused is not None:
                box.children = []
            elif self.session is None:
                box.children = [
                    W.HTML(f"<p><i>{html.escape(self.tr('workbook.start_above'))}</i></p>")
                ]
            else:
                self._fill(name)
        return self._sections[name]

    def _fill(self, name: str) -> None:
        """Build the first section now; in a Voila page, the others once the page is shown."""
        box = self._sections[name]
        if self.later.enabled and name != next(iter(self._sections)):
            self.later.add(box, lambda: self._build(name))
        else:
            box.children = self._build(name)

    def _build(self, name: str) -> list[W.Widget]:
        assert self.state is not None and self.autosaver is not None
        if name == "summary":
            from .downloads import Downloads

            slots = self._slots(self.q.summary)
            downloads = Downloads(self)
            self.history = HistoryPanel(self)
            tail = [downloads.widget, self.history.widget]
            if not self.demo:
                self.people = PeoplePanel(self)
                tail.append(self.people.widget)
            return [*(s.widget for s in slots), *tail]
        step_id = name.split(":", 1)[1]
        form = QuestionnaireForm(self.q, state=self.state, show_title=False, only_step=step_id)
        form.on_answer(self._answered)
        self.autosaver.attach(form)
        self.forms[step_id] = form
        step = next(s for s in self.q.steps if s.id == step_id)
        slots = self._slots(step.show)
        return [form, *(s.widget for s in slots)]

    def _slots(self, specs: Iterable[Any]) -> list[ViewSlot]:
        made = []
        for spec in specs:
            slot = ViewSlot(self.q, spec, self.tr, self.apply)
            self.slots.append(slot)
            made.append(slot)
            slot.paint(self.context())
        return made

    # ----- answers ----------------------------------------------------------------------------
    def _answered(self, item_id: str, value: Any) -> None:
        """A person changed an answer in a form: it is queued for saving by the autosaver
        (attached to the form); hidden personal answers are cleared (history keeps them)."""
        self._clear_hidden()

    def _clear_hidden(self) -> None:
        assert self.state is not None and self.autosaver is not None
        for item_id in list(self.state.answers):
            if (
                item_id not in self.state.visible
                and self.q.scope_of(self.q.item(item_id)) == "personal"
            ):
                self.state.set(item_id, None, source="hidden")
                self.autosaver.note(item_id, None)

    def _changed(self, item_id: str, value: Any, source: object) -> None:
        for i, slot in enumerate(self.slots):
            if item_id in slot.reads or (
                slot.group and self.q.scope_of(self.q.item(item_id)) == "personal"
            ):
                self._dirty.add(i)
        self.repaint()

    def _save(self, changes: dict[str, Any]) -> dt.datetime:
        """Save through the session, then show any conflict the save met."""
        assert self.session is not None
        saved = self.session.save(changes)
        self.conflicts.refresh()
        return saved

    def set_answer(self, item_id: str, value: Any) -> None:
        """Change an answer from code (e.g. 'add to plan'): show it everywhere and save it."""
        if self.state is None or self.autosaver is None:
            return
        self.state.set(item_id, value, source="code")
        self.autosaver.note(item_id, value)

    def apply(self, result: ActionResult) -> None:
        """Carry out what a view's button decided."""
        for item_id, value in result.changes.items():
            self.set_answer(item_id, value)

    @property
    def answers(self) -> dict[str, Any]:
        """The page's current answers (the plan and this person's own)."""
        return dict(self.state.answers) if self.state else {}

    # ----- painting ---------------------------------------------------------------------------
    def other_page(self, page_id: str) -> dict[str, Any]:
        """Another page's shared plan (read once per change seen in the workspace)."""
        if self.session is None:
            return {}
        if page_id not in self._pages:
            self._pages[page_id] = self.session.other_page(page_id)
        return self._pages[page_id]

    def context(self) -> PageContext:
        """What views render from, as of now."""
        state, session = self.state, self.session
        assert state is not None and session is not None
        cache: dict[str, pd.DataFrame] = {}

        def group() -> pd.DataFrame:
            if "frame" not in cache:
                cache["frame"] = session.group_frame(state.answers)
            return cache["frame"]

        return PageContext(
            self.q,
            dict(state.answers),
            group_frame=group,
            pages=self.other_page,
            templates=find_shipped,
            round=session.round,
            role=session.role,
        )

    def repaint(self, now: bool = False) -> None:
        """Redraw the views whose answers changed, soon (or now); no other view."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        loop = kernel_loop()
        if not now and loop is not None:
            self._pending = loop.call_later(PAINT_DELAY, self.repaint, True)
            return
        if self.state is None:
            return
        dirty = sorted(self._dirty)
        self._dirty.clear()
        if not dirty:
            return
        ctx = self.context()
        drawn: dict[Any, str] = {}
        for i in dirty:
            self.slots[i].paint(ctx, drawn)
        self._show_messages(ctx)

    def _show_messages(self, ctx: PageContext) -> None:
        """What the views say beside the questions they read, under those questions."""
        extra: dict[str, list[str]] = {}
        for slot in self.slots:
            for item_id, messages in slot.field_messages(ctx).items():
                extra.setdefault(item_id, []).extend(messages)
        for form in self.forms.values():
            form.set_extra_messages(extra)

    def paint_all(self) -> None:
        """Redraw every view now (after changes made elsewhere)."""
        self._dirty = set(range(len(self.slots)))
        self.repaint(now=True)

    # ----- other people's changes ---------------------------------------------------------------
    def _schedule_live(self) -> None:
        loop = kernel_loop()
        if loop is None:
            return
        if self._live is not None:
            self._live.cancel()
        self._live = loop.call_later(LIVE_SECONDS, self.check_live)

    def check_live(self) -> None:
        """Take in what others saved since the last look, without touching what is being typed."""
        try:
            self.take_in()
        except ReentryWorkbookError:
            log.exception("reading others' changes failed")
        finally:
            self._schedule_live()

    def take_in(self) -> None:
        """Merge what others saved into the page (lists record by record; an answer being
        edited here keeps its edit), then repaint."""
        from ..answers import known_answers

        if self.session is None or self.state is None or self.autosaver is None:
            return
        taken = self.session.poll(self.state.answers, set(self.autosaver.pending))
        if not taken.items and not taken.group:
            return
        self._pages = {}
        fresh = known_answers(self.q, {k: v for k, v in taken.items.items() if v is not None})
        for item_id in taken.items:
            if fresh.get(item_id) != self.state.answers.get(item_id):
                self.state.set(item_id, fresh.get(item_id), source="live")
                if item_id in self.autosaver.pending:
                    self.autosaver.note(item_id, fresh.get(item_id))
        for form in self.forms.values():
            form.refresh_picks()
        self.paint_all()


def legacy_session(session: PageSession) -> Session:
    """The ids the save status and its browser journal are keyed by."""
    return Session(
        session.workspace_id,
        session.workspace,
        session.person_record.id,
        session.person,
        session.mine_id,
        session.q.id,
    )


def open_workbook(
    template: str | Questionnaire,
    store: Store,
    workspace: str | None = None,
    respondent: str | None = None,
    demo: bool = False,
) -> Workbook:
    """A page's workbook bound to ``store``; display its header, steps and summary.

    In a Voila page the address's parameters take precedence over the arguments.
    """
    from ..templates import load_shipped

    q = load_shipped(template) if isinstance(template, str) else template
    return Workbook(q, store, workspace, respondent, demo=demo)
