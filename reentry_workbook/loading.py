"""Later sections of a Voila page: built once the browser shows the first ones."""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from .page import kernel_loop, preheated, served_by_voila

log = logging.getLogger(__name__)

FALLBACK_SECONDS = 3.0  # start anyway when no browser has reported the page by then
BETWEEN_SECONDS = 0.01  # a pause between two sections so the kernel can answer the browser


def loading_note() -> W.HTML:
    """What a section shows until it is built."""
    return W.HTML("<p class='rw-loading' role='status'><i>Loading this part…</i></p>")


def problem_note(exc: Exception) -> W.HTML:
    """What a section shows when it cannot be built: the reason, in words."""
    return W.HTML(
        "<p class='rw-problem' role='alert'>⚠ This part could not be shown: "
        f"{html.escape(str(exc))}. Answers already saved are not affected.</p>"
    )


class LaterBuilds:
    """Builds queued sections one at a time after the browser has loaded the page.

    Voila sends a page only after every cell has run, and the browser then fetches every widget
    that exists before it draws any. So in a Voila page, sections queued here show a one-line
    note and are built after the browser reports that it has the first widgets (or after
    ``fallback`` seconds), in page order, one per turn of the kernel's event loop. Elsewhere
    (JupyterLab, scripts, tests) ``enabled`` is False and callers build at once.
    """

    def __init__(self, fallback: float = FALLBACK_SECONDS) -> None:
        self.fallback = fallback
        self.enabled = kernel_loop() is not None and (served_by_voila() or preheated())
        self.shown = False
        self._queue: list[tuple[W.Box, Callable[[], list[W.Widget]]]] = []
        self._handle: asyncio.TimerHandle | None = None
        if self.enabled:
            # A link the browser runs itself: when it creates the link, it copies the source's
            # value into the target and sends that back; that message says "page loaded".
            self._source = W.Checkbox(value=True)
            self._target = W.Checkbox(value=False)
            self._target.observe(self._on_shown, "value")
            self._link = W.jsdlink((self._source, "value"), (self._target, "value"))

    def add(self, box: W.Box, build: Callable[[], list[W.Widget]]) -> None:
        """Show a loading note in ``box`` now and fill it with ``build()`` later."""
        box.children = [loading_note()]
        self._queue.append((box, build))
        self._schedule(0.0 if self.shown else self.fallback)

    def clear(self) -> None:
        """Forget what is queued (the sections are about to be rebuilt)."""
        self._queue.clear()
        self._cancel()

    def pending(self) -> int:
        """How many sections still wait to be built."""
        return len(self._queue)

    def build_all(self) -> None:
        """Build everything queued now."""
        self._cancel()
        while self._queue:
            self._build_one()

    def _on_shown(self, change: dict[str, Any]) -> None:
        if change["new"] and not self.shown:
            self.shown = True
            if self._queue:
                self._schedule(0.0)

    def _schedule(self, delay: float) -> None:
        self._cancel()
        loop = kernel_loop()
        if loop is None:  # the kernel is shutting down, or this is not a kernel after all
            self.build_all()
            return
        self._handle = loop.call_later(delay, self._next)

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _next(self) -> None:
        self._handle = None
        if self._queue:
            self._build_one()
        if self._queue:
            self._schedule(BETWEEN_SECONDS)

    def _build_one(self) -> None:
        box, build = self._queue.pop(0)
        try:
            box.children = build()
        except Exception as exc:  # noqa: BLE001 - shown on the page instead of lost in a log
            log.exception("building a section failed")
            box.children = [problem_note(exc)]
