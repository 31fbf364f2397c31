"""The planning workbook: one saved response, shown step by step in notebook sections."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from .answers import known_answers
from .app import Autosaver, StartPanel
from .demo import DEMO_FACILITATOR, DEMO_WORKSPACE, load_demo
from .errors import ReentryWorkbookError
from .loading import LaterBuilds
from .model import Questionnaire
from .page import kernel_loop, when_requested
from .store import Session, Store
from .templates import load_shipped
from .widgets import QuestionnaireForm
from .widgets.styles import style_widget

if TYPE_CHECKING:  # pandas and the analysis modules load with the first picture, not before
    import pandas as pd

    from .coverage import Coverage

PICTURE_DELAY = 0.6


class PlanningWorkbook:
    """Holds the session and the answers; each notebook section asks it for one widget.

    Sections are created empty and filled once a workspace and respondent are known (from the
    URL, the parameters cell, or the start panel), so a notebook can display them in order.
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
        self.session: Session | None = None
        self.answers: dict[str, Any] = {}
        self.forms: dict[str, QuestionnaireForm] = {}
        self.autosaver: Autosaver | None = None
        self._sections: dict[str, W.VBox] = {}
        self._painters: list[Callable[[], None]] = []
        self._pending: asyncio.TimerHandle | None = None
        self.later = LaterBuilds()
        self._header = W.VBox()
        self._header.add_class("rw-app")
        self.demo = demo
        self.panel = StartPanel(
            "<h3>Who is working on this plan?</h3><p>Give your coalition's name and yours. "
            "Use the same names next time and everything you entered comes back.</p>",
            self.start,
            workspace,
            respondent,
            on_demo=self._start_demo,
        )
        self._header.children = [style_widget(), self.panel]
        when_requested(self._open, workspace=workspace, respondent=respondent, demo=demo)

    # ----- starting ---------------------------------------------------------------------------
    def _open(self, workspace: str | None, respondent: str | None, demo: bool) -> None:
        """Take who and where from the page address (over the arguments) and start if known."""
        self.panel.prefill(workspace, respondent)
        if demo:
            self._start_demo()
        elif workspace and respondent:
            self.start(workspace, respondent)

    def _start_demo(self) -> None:
        self.demo = True
        try:
            load_demo(self.store, self.q)
        except ReentryWorkbookError as exc:
            self.panel.show_problem(exc)
            return
        self.start(DEMO_WORKSPACE, DEMO_FACILITATOR)

    def start(self, workspace: str, respondent: str) -> None:
        """Open or resume the response, then fill every section."""
        try:
            self.session = self.store.open_session(
                workspace,
                respondent,
                self.q.id,
                self.q.version,
                role="facilitator",
                is_demo=self.demo,
            )
            self.answers = known_answers(self.q, self.store.load_answers(self.session.response_id))
        except ReentryWorkbookError as exc:
            self.panel.show_problem(exc)
            return
        self.autosaver = Autosaver(self.store, self.session)
        self.forms = {}
        banner = (
            f"<p class='rw-who'>Coalition <b>{html.escape(self.session.workspace)}</b> · "
            f"working as <b>{html.escape(self.session.respondent)}</b>"
            + (" · <b>fictional demo data</b>" if self.demo else "")
            + f"<br><small>Everything is saved as you type, in "
            f"{html.escape(self.store.location)}</small></p>"
        )
        self._header.children = [style_widget(), W.HTML(banner), self.autosaver.widget]
        self._header.add_class("rw-form")
        self.later.clear()
        for name in self._sections:
            self._fill(name)
        self.repaint(now=True)

    # ----- sections -------------------------------------------------------------------------
    def header(self) -> W.VBox:
        """Who and where, the save status, or the start panel."""
        return self._header

    def step(self, step_id: str) -> W.VBox:
        """The questions of one step, with the pictures that belong to it."""
        return self._section(f"step:{step_id}")

    def summary(self) -> W.VBox:
        """Readiness, coverage gaps, top outreach targets, and downloads."""
        return self._section("summary")

    def _section(self, name: str) -> W.VBox:
        if name not in self._sections:
            box = W.VBox()
            box.add_class("rw-form")
            box.add_class("rw-section")
            box.add_class("rw-section-" + name.replace(":", "-"))
            self._sections[name] = box
            if self.session is None:
                box.children = [W.HTML("<p><i>Start above.</i></p>")]
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
        if name == "summary":
            from .workbook_summary import summary_widgets

            return summary_widgets(self)
        step_id = name.split(":", 1)[1]
        form = QuestionnaireForm(self.q, self.answers, show_title=False, only_step=step_id)
        form.on_answer(self._answered)
        assert self.autosaver is not None
        self.autosaver.attach(form)
        self.forms[step_id] = form
        from .workbook_steps import STEP_PICTURES

        extra = STEP_PICTURES.get(step_id)
        return [form, *(extra(self) if extra else [])]

    def _answered(self, item_id: str, value: Any) -> None:
        if value is None:
            self.answers.pop(item_id, None)
        else:
            self.answers[item_id] = value
        self.repaint()

    def set_answer(self, item_id: str, value: Any) -> None:
        """Change an answer from code (e.g. 'add to plan'): update its form and save it."""
        step_of = {item.id: step.id for step, item in self.q.iter_items()}
        form = self.forms.get(step_of[item_id])
        if form is not None:
            form.value = {**form.value, item_id: value}
        self._answered(item_id, value)
        if self.autosaver is not None:
            self.autosaver.note(item_id, value)

    # ----- pictures -------------------------------------------------------------------------
    def on_repaint(self, painter: Callable[[], None]) -> None:
        """Run ``painter`` whenever the answers change (debounced while typing)."""
        self._painters.append(painter)
        painter()

    def repaint(self, now: bool = False) -> None:
        """Redraw the pictures soon (or now)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        loop = kernel_loop()
        if now or loop is None:
            for painter in self._painters:
                painter()
        else:
            self._pending = loop.call_later(PICTURE_DELAY, self.repaint, True)

    # ----- data for pictures ------------------------------------------------------------------
    def coverage(self) -> list[Coverage]:
        """Coverage of every dimension the template names, from the current answers."""
        from .coverage import all_coverage

        return all_coverage(self.q, self.answers)

    def stakeholders(self) -> pd.DataFrame:
        """Networks and community members as one list, with the fields the ranking reads."""
        rows = [
            {**r, "kind": "network", "groups": r.get("groups_reached")}
            for r in self.answers.get("networks") or []
        ]
        rows += [
            {**r, "kind": "community member"} for r in self.answers.get("community_members") or []
        ]
        return _frame(rows, ["name"])

    def decision_makers(self) -> pd.DataFrame:
        """The decision makers entered in the first step."""
        return _frame(self.answers.get("decision_makers") or [], ["name", "power"])

    def ties(self) -> pd.DataFrame:
        """The links of the influence map."""
        return _frame(self.answers.get("ties") or [], ["source", "target", "strength"])

    def gap_groups(self) -> dict[str, str]:
        """Groups that no network or member reaches yet: value -> label in lower case."""
        gaps: dict[str, str] = {}
        for cov in self.coverage():
            if cov.dimension.column in ("groups", "groups_reached"):
                missing = cov.counts[cov.counts["gap"]]
                gaps.update(zip(missing["value"], missing["label"].str.lower(), strict=True))
        return gaps

    def ranking(self) -> pd.DataFrame:
        """The ranked outreach list."""
        from .influence import outreach_ranking

        return outreach_ranking(
            self.stakeholders(), self.decision_makers(), self.ties(), gap_groups=self.gap_groups()
        )

    def group_scores(self) -> tuple[pd.DataFrame, pd.DataFrame, int]:
        """Factor and item figures across everyone in the workspace who answered."""
        from .aggregate import aggregate_factors, aggregate_items
        from .frames import answers_frame
        from .scoring import score

        assert self.session is not None
        frame = answers_frame(self.store, self.session.workspace, self.q.id)
        scores = score(self.q, frame)
        return (
            aggregate_factors(self.q, scores.factors),
            aggregate_items(self.q, scores.items),
            frame["respondent"].nunique(),
        )


def _frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Records as a frame that always has ``columns``; records without the first are dropped
    (a row being typed has no name yet)."""
    import pandas as pd

    frame = pd.DataFrame(records)
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series(dtype="object")
    return frame[frame[columns[0]].notna()].reset_index(drop=True)


def planning_workbook(
    template: str | Questionnaire,
    store: Store,
    workspace: str | None = None,
    respondent: str | None = None,
    demo: bool = False,
) -> PlanningWorkbook:
    """A planning workbook bound to ``store``; display its header, steps and summary.

    In a Voila page, ``?workspace=…&respondent=…&demo=1`` in the address take precedence over
    the arguments.
    """
    q = load_shipped(template) if isinstance(template, str) else template
    return PlanningWorkbook(q, store, workspace, respondent, demo=demo)
