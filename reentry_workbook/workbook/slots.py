"""A view on the page: its title, its HTML, its buttons; a failing view says why in its place."""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..messages import Catalog
from ..model import Questionnaire, ViewSpec
from ..views import ActionResult, PageContext, View, parse

log = logging.getLogger(__name__)
PLAIN = "rw-view tex2jax_ignore mathjax_ignore"
"""Classes of every view's container: people's words are never typeset as math."""


def problem_html(tr: Catalog, exc: BaseException) -> str:
    """What a view shows when it cannot be drawn: one escaped line, the rest in the log."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return (
        "<p class='rw-problem' role='alert'>⚠ "
        + html.escape(tr("workbook.view_failed", reason=reason[:300]))
        + "</p>"
    )


class ViewSlot:
    """One declared view, painted into an HTML widget, with its action buttons."""

    def __init__(
        self,
        q: Questionnaire,
        spec: ViewSpec,
        tr: Catalog,
        on_action: Callable[[ActionResult], None],
    ) -> None:
        self.spec = spec
        self.view: View[Any]
        self.view, self.params = parse(spec)
        self.key = (spec.view, json.dumps(spec.params, sort_keys=True, default=str))
        """Slots with equal keys draw the same HTML from the same context (views are pure)."""
        self.reads = self.view.reads(q, self.params)
        self.group = self.view.group
        self.tr = tr
        self.body = W.HTML("")
        self.body.add_class("rw-view-body")
        parts: list[W.Widget] = []
        if spec.title:
            parts.append(W.HTML(f"<h4 class='rw-view-title'>{html.escape(spec.title)}</h4>"))
        parts.append(self.body)
        self.note = W.HTML("")
        self.buttons = []
        self._ctx: PageContext | None = None
        for action in self.view.actions:
            button = W.Button(description="…")
            button.add_class(f"rw-action-{action.name.replace('_', '-')}")
            button.on_click(lambda _b, action=action: self._run(action, on_action))
            self.buttons.append((action, button))
        if self.buttons:
            parts.append(W.HBox([b for _, b in self.buttons] + [self.note]))
        self.widget = W.VBox(parts)
        self.widget.add_class("rw-view")
        self.widget.add_class(f"rw-view-{spec.view.replace('_', '-')}")
        for cls in PLAIN.split():
            self.body.add_class(cls)

    def field_messages(self, ctx: PageContext) -> dict[str, list[str]]:
        """What the view has to say beside the questions it reads (never raises)."""
        if self.view.messages is None:
            return {}
        try:
            return {k: list(v) for k, v in self.view.messages(ctx, self.params).items()}
        except Exception:  # noqa: BLE001 - the view's own place says what went wrong
            log.exception("messages of view %s failed", self.spec.view)
            return {}

    def paint(self, ctx: PageContext, drawn: dict[Any, str] | None = None) -> None:
        """Draw the view from ``ctx``; a failure is shown in its place and logged.

        ``drawn``: HTML already drawn from this same ``ctx`` by slot key, e.g. a ranking shown
        in a step and again in the summary is drawn once per repaint."""
        self._ctx = ctx
        try:
            if drawn is not None and self.key in drawn:
                body = drawn[self.key]
            else:
                body = f"<div class='{PLAIN}'>{self.view.render(ctx, self.params)}</div>"
                if drawn is not None:
                    drawn[self.key] = body
            self.body.value = body
            for action, button in self.buttons:
                button.description = action.label(ctx, self.params)
        except Exception as exc:  # noqa: BLE001 - one view's failure must not stop the page
            log.exception("view %s failed", self.spec.view)
            self.body.value = problem_html(self.tr, exc)

    def _run(self, action: Any, on_action: Callable[[ActionResult], None]) -> None:
        if self._ctx is None:
            return
        try:
            result = action.run(self._ctx, self.params)
        except Exception as exc:  # noqa: BLE001
            log.exception("action %s failed", action.name)
            self.note.value = problem_html(self.tr, exc)
            return
        on_action(result)
        self.note.value = (
            f"<span class='rw-caption' role='status'>{html.escape(result.note)}</span>"
        )
