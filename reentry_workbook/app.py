"""Wiring for workbooks: a start panel, the questionnaire page, and autosave to the store."""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import html
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from .answers import known_answers
from .errors import ReentryWorkbookError, StoreError
from .messages import catalog_for
from .model import Questionnaire
from .page import kernel_loop, preheated, served_by_voila, when_requested
from .store import Access, Person, Session, Store
from .templates import load_shipped
from .widgets import QuestionnaireForm
from .widgets.guard import SaveGuard, field_values, restored_answers
from .widgets.styles import style_widget


def after_typing(action: Callable[[], None], delay: float = 0.4) -> None:
    """Run ``action`` a moment later when a kernel event loop runs.

    The browser holds back text updates while the kernel is busy but sends button clicks at
    once, so a click can overtake the last letters typed; waiting lets them arrive first.
    """
    loop = kernel_loop()
    if loop is None:
        action()
    else:
        loop.call_later(delay, action)


class Autosaver:
    """Saves each change within a second: typing is debounced, step changes flush at once."""

    def __init__(
        self,
        store: Store,
        session: Session,
        form: QuestionnaireForm | None = None,
        delay: float = 0.4,
        max_wait: float = 0.9,
        *,
        save: Callable[[dict[str, Any]], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self._save = save or (
            lambda changes: store.save_answers(
                session.response_id, changes, author=session.respondent
            )
        )
        self.delay = delay
        self.max_wait = max_wait
        self.pending: dict[str, Any] = {}
        self._first_pending: float | None = None
        self._handle: asyncio.TimerHandle | None = None
        self.last_saved: float | None = None
        # the save status; in the browser it also guards against silent loss
        self.status = SaveGuard(
            session.questionnaire_id, workspace=session.workspace_id, person=session.respondent_id
        )
        self.status.add_class("rw-save-status")
        self._forms: list[QuestionnaireForm] = []
        self._saved: dict[str, Any] = {}
        self.status.on_lookup(lambda keys: field_values(self._saved, keys))
        self.status.on_restore(self._put_back)
        self.retry = W.Button(description="Try saving again", layout=W.Layout(display="none"))
        self.retry.add_class("rw-retry")
        self.retry.on_click(lambda _b: self.flush())
        self.widget = W.HBox([self.status, self.retry])
        self.widget.add_class("rw-save-bar")
        if form is not None:
            self.attach(form)
        atexit.register(self.flush)
        self._show("Answers are saved as you go.")

    def attach(self, form: QuestionnaireForm) -> None:
        """Save every change of ``form``; flush when it moves to another step."""
        form.on_answer(self.note)
        form.on_step(lambda _i: self.flush())
        self._forms.append(form)
        for item_id, value in form.value.items():
            self._saved.setdefault(item_id, value)

    def note(self, item_id: str, value: Any) -> None:
        """Queue one change and make sure it is written within ``max_wait`` seconds."""
        self.pending[item_id] = value
        now = time.monotonic()
        if self._first_pending is None:
            self._first_pending = now
        loop = kernel_loop()
        if loop is None:
            self.flush()  # not in a kernel (scripts, tests): save right away
            return
        if self._handle is not None:
            self._handle.cancel()
        wait = min(self.delay, max(0.0, self._first_pending + self.max_wait - now))
        self._handle = loop.call_later(wait, self.flush)

    def flush(self) -> bool:
        """Write every queued change now; True when nothing is left unsaved."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if not self.pending:
            return True
        changes = dict(self.pending)
        try:
            saved_at = self._save(changes)
        except (StoreError, OSError) as exc:
            self._show(f"⚠ Not saved: {exc}. Your answers are still on this page.", error=True)
            return False
        for key, value in changes.items():
            if self.pending.get(key, object()) is value:
                del self.pending[key]
        self._saved.update(changes)
        self.status.confirm(field_values(changes))
        self._first_pending = time.monotonic() if self.pending else None
        self.last_saved = time.monotonic()
        local = saved_at.astimezone().strftime("%H:%M:%S")
        self._show(f"✓ Saved {local}")
        return not self.pending

    def _show(self, text: str, error: bool = False) -> None:
        self.status.show(text, "error" if error else "saved" if text.startswith("✓") else "idle")
        self.retry.layout.display = None if error else "none"

    def _put_back(self, values: dict[str, str]) -> None:
        """Apply text the browser kept while the connection was lost, as if typed again."""
        for item_id, value in restored_answers(values, self._current()).items():
            form = next((f for f in self._forms if _shows(f, item_id)), None)
            widget = getattr(form.field(item_id).input, "widget", None) if form else None
            if isinstance(value, str) and isinstance(widget, W.Text | W.Textarea):
                widget.value = value  # the form validates it and saves it like typing
            else:
                if form is not None:
                    form.value = {**form.value, item_id: value}
                self.note(item_id, value)

    def _current(self) -> dict[str, Any]:
        current = dict(self._saved)
        for form in self._forms:
            current.update(form.value)
        return current


def _shows(form: QuestionnaireForm, item_id: str) -> bool:
    """Whether ``form`` has the item on one of the steps it shows."""
    steps = list(form.questionnaire.steps)
    if form.only_step is not None:
        steps = [s for s in steps if s.id == form.only_step]
    return any(item.id == item_id for step in steps for item in step.items)


class StartPanel(W.VBox):  # type: ignore[misc]  # ipywidgets has no types
    """Asks which coalition and who is answering; calls ``on_start(workspace, respondent)``."""

    def __init__(
        self,
        intro_html: str,
        on_start: Callable[[str, str], None],
        workspace: str | None = None,
        respondent: str | None = None,
        on_demo: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.add_class("rw-form")
        self.add_class("rw-start-panel")
        self.workspace_input = W.Text(
            value=workspace or "", description="Coalition or workspace name"
        )
        self.workspace_input.add_class("rw-workspace")
        self.respondent_input = W.Text(value=respondent or "", description="Your name or initials")
        self.respondent_input.add_class("rw-respondent")
        for box in (self.workspace_input, self.respondent_input):
            box.style.description_width = "initial"
            box.layout.width = "100%"
        self.start_button = W.Button(description="Start", button_style="primary")
        self.start_button.add_class("rw-start")
        self.start_button.on_click(
            lambda _b: after_typing(
                lambda: on_start(self.workspace_input.value, self.respondent_input.value)
            )
        )
        buttons = [self.start_button]
        if on_demo is not None:
            demo = W.Button(description="Explore with fictional demo data")
            demo.add_class("rw-demo")
            demo.on_click(lambda _b: on_demo())
            buttons.append(demo)
        self.notice = W.HTML("")
        self.notice.add_class("rw-notice")
        self.children = [
            W.HTML(intro_html),
            self.workspace_input,
            self.respondent_input,
            W.HBox(buttons),
            self.notice,
        ]

    def prefill(self, workspace: str | None, respondent: str | None) -> None:
        """Put known names into the inputs (e.g. from the page address)."""
        if workspace:
            self.workspace_input.value = workspace
        if respondent:
            self.respondent_input.value = respondent

    def show_problem(self, exc: Exception) -> None:
        """Say what went wrong, in words, under the buttons."""
        self.notice.value = f"<p class='rw-problem' role='alert'>⚠ {html.escape(str(exc))}</p>"


class QuestionnaireApp(W.VBox):  # type: ignore[misc]  # ipywidgets has no types
    """A participant's page: who is answering, the questions meant for participants, and the
    save status. Served, it opens only with a key and writes only the person's own answers."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        store: Store,
        workspace: str | None = None,
        respondent: str | None = None,
        *,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.add_class("rw-app")
        self.add_class("rw-questions")
        self.questionnaire = questionnaire
        self.store = store
        self.demo = demo
        self.form: QuestionnaireForm | None = None
        self.autosaver: Autosaver | None = None
        self.session: Session | None = None
        self.page_session: Any = None
        self.identity: Any = None
        self.refused: str | None = None
        self.panel = StartPanel(
            f"<h2 class='rw-title'>{html.escape(questionnaire.title)}</h2>"
            "<p>Before you start, say which coalition this is for and who is answering. "
            "Use the same two names next time to pick up where you left off.</p>",
            self.start,
            workspace,
            respondent,
        )
        tr = catalog_for(questionnaire)
        opening = W.HTML(f"<p class='rw-opening'>{html.escape(tr('opening.opening'))}</p>")
        first = opening if served_by_voila() or preheated() else self.panel
        self.children = [style_widget(), first]
        when_requested(self._open, workspace=workspace, respondent=respondent, demo=demo)

    def _open(self, **params: Any) -> None:
        """Open what the address asks for: a key's workspace (or the demo) and a page; on this
        computer only, also a workspace by its name."""
        from .workbook.identity import PageRefused, access_for, address_from

        served = served_by_voila()
        address = address_from(params, served=served)
        try:
            if address.page:
                self._use_page(address.page)
            tr = catalog_for(self.questionnaire)
            if address.key:
                self._ask_who(access_for(self.store, address.key, tr))
            elif address.demo:
                self.demo = True
                demo = self.store.demo_workspace()
                self._ask_who(Access(demo.workspace, "participant", None))
            elif served:
                raise PageRefused(tr("opening.no_key"))
            else:
                self.panel.prefill(address.workspace, address.respondent)
                if address.workspace and address.respondent:
                    self.start(address.workspace, address.respondent)
        except ReentryWorkbookError as exc:
            self.refuse(str(exc))

    def _use_page(self, page: str) -> None:
        """Show the page the address names (a page file stem or id from the catalog)."""
        from .templates import find_shipped
        from .workbook.identity import PageRefused

        tr = catalog_for(self.questionnaire)
        q = find_shipped(page)
        if q is None:
            raise PageRefused(tr("opening.no_page"))
        if not _participant_items(q):
            raise PageRefused(catalog_for(q)("opening.no_questions"))
        self.questionnaire = q

    def _ask_who(self, access: Access) -> None:
        from .workbook.identity import IdentityPanel

        q = self.questionnaire
        if self.autosaver is not None:
            self.autosaver.flush()
        if access.person_id is not None:
            self._begin_as(access, self.store.person(access.person_id))
            return
        role = "facilitator" if access.role == "facilitator" else "participant"
        self.identity = IdentityPanel(
            self.store,
            access,
            catalog_for(q),
            lambda person: self._begin_as(access, person),
            role=role,
            subtitle=q.title,
        )
        self.children = [style_widget(), self.identity]

    def _begin_as(self, access: Access, person: Person) -> None:
        from .workbook.session import PageSession

        self.demo = access.workspace.is_demo
        self.begin(
            PageSession(
                self.store, self.questionnaire, access.workspace, person, role="participant"
            )
        )

    def refuse(self, text: str) -> None:
        """One plain line instead of the page: no data, no start panel."""
        from .workbook.identity import refusal

        self.refused = text
        self.children = [style_widget(), refusal(text)]

    def start(self, workspace: str, respondent: str) -> None:
        """Open (or resume) this person's answers by names (JupyterLab and scripts on this
        computer only; a served page opens by its key)."""
        from .workbook.session import PageSession

        try:
            session = PageSession.by_names(
                self.store,
                self.questionnaire,
                workspace,
                respondent,
                role="participant",
                is_demo=self.demo,
            )
        except ReentryWorkbookError as exc:
            self.panel.show_problem(exc)
            return
        self.begin(session)

    def begin(self, session: Any) -> None:
        """Show the questions meant for participants, with this person's own answers only."""
        from .workbook.core import legacy_session

        q = self.questionnaire
        tr = catalog_for(q)
        self.page_session = session
        self.session = legacy_session(session)
        mine = _participant_items(q)
        saved = session.load()
        self.form = QuestionnaireForm(
            q,
            {k: v for k, v in known_answers(q, saved).items() if k in mine},
            items=mine,
            finish_text=tr("form.finished"),
        )
        self.autosaver = Autosaver(
            self.store, self.session, self.form, save=lambda changes: _own(session, mine, changes)
        )
        who = W.HTML(
            "<p class='rw-who'>"
            + html.escape(
                tr(
                    "app.who_demo" if self.demo else "app.who",
                    workspace=session.workspace,
                    person=session.person,
                )
            )
            + "</p>"
        )
        extra: list[W.Widget] = []
        if self.identity is not None:
            from .workbook.identity import not_you

            panel = self.identity
            extra = [panel.device, not_you(tr, panel, lambda: self._ask_who(panel.access))]
        self.children = [style_widget(), who, *extra, self.autosaver.widget, self.form]
        if self.identity is not None and self.identity.asked:  # the Start button has gone
            self.form.focus_here()


def _participant_items(q: Questionnaire) -> set[str]:
    """The items a participant answers: asked of participants and kept per person."""
    return {
        i.id for _, i in q.iter_items() if q.for_participants(i) and q.scope_of(i) == "personal"
    }


def _own(session: Any, mine: set[str], changes: dict[str, Any]) -> dt.datetime:
    """Save only the person's own answers (never the shared plan) from a participant page."""
    saved: dt.datetime = session.save({k: v for k, v in changes.items() if k in mine})
    return saved


def questionnaire_app(
    template: str | Questionnaire,
    store: Store,
    workspace: str | None = None,
    respondent: str | None = None,
    demo: bool = False,
) -> QuestionnaireApp:
    """A ready-to-display questionnaire page bound to ``store``.

    In a Voila page, ``?workspace=…&respondent=…&demo=1`` in the address take precedence over
    the arguments.
    """
    q = load_shipped(template) if isinstance(template, str) else template
    return QuestionnaireApp(q, store, workspace, respondent, demo=demo)
