"""The page request a kernel serves: URL parameters, Voila, and kernels started ahead of time."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

log = logging.getLogger(__name__)

# What a page's address may say. A served page acts on ``key``, ``page`` and ``demo`` only;
# ``workspace`` and ``respondent`` open data by name on this computer (JupyterLab) alone.
PARAMETERS = ("key", "page", "workspace", "respondent", "demo")


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the Jupyter kernel we run in, or None outside a kernel.

    Outside a kernel (scripts, tests) work is done at once instead of being scheduled, even if
    some other library keeps an event loop open in this thread.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or type(shell).__name__ != "ZMQInteractiveShell":
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def served_by_voila() -> bool:
    """True inside a kernel that Voila runs for a page request."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")


def preheated() -> bool:
    """True inside a kernel Voila started ahead of time, before anyone asked for the page."""
    return os.environ.get("VOILA_PREHEAT") == "True"


def url_parameters(query: str | None = None, **defaults: Any) -> dict[str, Any]:
    """Workbook parameters from the page's query string (Voila) over the given defaults."""
    if query is None:
        query = os.environ.get("QUERY_STRING", "")
    params = dict(defaults)
    for key, values in parse_qs(query, keep_blank_values=False).items():
        if key in PARAMETERS and values:
            params[key] = values[0][:200]
    params["demo"] = str(params.get("demo", "")).lower() in ("1", "true", "yes")
    return params


def when_requested(
    action: Callable[..., None], ahead: Callable[[], object] | None = None, **defaults: Any
) -> None:
    """Call ``action(**url_parameters(**defaults))`` once the page request is known: now, or
    when it arrives.

    Voila can run a notebook in a spare kernel before anyone opens the page (its preheated
    kernels), so the page is ready the moment it is asked for. The URL of that request is only
    known later; there ``action`` runs on the kernel's event loop when it arrives, while the
    page is already on its way to the browser, and ``ahead()`` (work that needs no request)
    runs first, while nobody waits.
    """

    def act() -> None:
        action(**url_parameters(**defaults))

    loop = kernel_loop()
    if not preheated() or loop is None:
        act()
        return

    if ahead is not None:
        ahead()

    def wait() -> None:
        wait_for_page_request()
        loop.call_soon_threadsafe(act)

    threading.Thread(target=wait, name="reentry-workbook-request", daemon=True).start()


def wait_for_page_request(
    wait: Callable[[], object] | None = None, tries: int = 60, pause: float = 1.0
) -> bool:
    """Block until Voila has told this kernel which request it serves; True once it has.

    Voila's ``wait_for_request`` gives up silently when the server does not accept its
    websocket within five seconds (a busy server, two cores) and the page would then open
    without its key. Voila keeps the request for the kernel until it connects, so asking again
    is safe; only an answer that says which server sent it counts.
    """
    if wait is None:
        from voila.utils import wait_for_request

        wait = wait_for_request
    for attempt in range(tries):
        try:
            wait()  # blocks this thread; sets QUERY_STRING and friends
        except Exception:  # noqa: BLE001 - a refused or closed socket: ask again
            log.warning("waiting for the page request failed (try %d)", attempt + 1, exc_info=True)
        if served_by_voila():
            return True
        time.sleep(pause)
    log.error("the page request never arrived; the page opens without its address")
    return False
