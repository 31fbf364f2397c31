"""Notebook pages behind the gate: a valid key (or the demo) and a free place, or no kernel."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tornado import web
from voila.tornado.handler import TornadoVoilaHandler

from .access import LinkDenied, WorkspaceKeys
from .catalog import Catalog
from .kernels import page_kernel_count

log = logging.getLogger(__name__)

TRUE = ("1", "true", "yes")


@dataclass
class Places:
    """The cap on page kernels and the pages admitted whose kernel is still starting."""

    limit: int
    starting: int = 0


def kernel_ready_ahead(kernel_manager: Any, path: str | None) -> bool:
    """Whether Voila's pool for ``path`` holds, at its front, a kernel that has run its notebook."""
    pools = getattr(kernel_manager, "_pools", None)  # Voila keeps them private
    pool = pools.get(path) if isinstance(pools, dict) and path is not None else None
    if not pool:
        return False
    first = pool[0]
    if not first.done() or first.cancelled() or first.exception() is not None:
        return False
    task = first.result().get("task")
    return task is not None and task.done() and not task.cancelled()


class GatedVoilaHandler(TornadoVoilaHandler):  # type: ignore[misc]  # voila has no types
    """Voila's notebook handler, started only for a key that may open the page, or the demo,
    and only while fewer than ``limit`` page kernels run."""

    def initialize(self, **kwargs: Any) -> None:
        """Take our own arguments; the rest are Voila's."""
        self.catalog: Catalog = kwargs.pop("catalog")
        self.keys: WorkspaceKeys = kwargs.pop("keys")
        self.places: Places = kwargs.pop("places")
        self.store_calls = kwargs.pop("store_calls")
        self._holding = False
        self._path: str | None = None
        super().initialize(**kwargs)

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        """Check the key and the cap, then let Voila render the notebook."""
        notebook = self.catalog.notebook(path or "")
        if notebook is None:
            self.set_status(404)
            self.finish_page("message.html", title="No such page", text="There is no such page.")
            return
        key = self.get_query_argument("key", "").strip()
        demo = self.get_query_argument("demo", "").strip().lower() in TRUE
        grant = None
        if key:
            loop = asyncio.get_running_loop()
            try:
                grant = await loop.run_in_executor(self.store_calls, self.keys.check, key)
            except LinkDenied:
                self.redirect(self.base_url + "?" + urlencode({"link": "unknown"}))
                return
            if not notebook.allows(grant.role):
                self.set_status(403)
                self.finish_page(
                    "message.html",
                    title="This link cannot open this page",
                    text="This link cannot open this page. A participant link opens only the "
                    "questions meant for participants.",
                    back=self.base_url + "pages?" + urlencode({"key": key}),
                )
                return
        elif not demo:
            self.redirect(self.base_url)
            return
        running = page_kernel_count(self.kernel_manager) + self.places.starting
        if running >= self.places.limit:
            log.warning(
                "Refused a page: %d page kernels running or starting (%d starting), cap %d",
                running,
                self.places.starting,
                self.places.limit,
            )
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.finish_page("busy.html", title="The workbook is busy", open_pages=running)
            return
        log.info(
            "Opening %s for %s",
            notebook.name,
            f"a {grant.role} key" if key and grant else "the demo",
        )
        self.places.starting += 1
        self._holding = True
        self._path = self.notebook_path or path  # the pool's key, as Voila computes it
        try:
            await super().get(path)
        finally:
            self._release()

    def should_use_rendered_notebook(
        self,
        notebook_data: dict[str, Any],
        pool_size: int,
        template_name: str,
        theme: str,
        request_args: dict[str, Any],
    ) -> bool:
        """Voila's rule, and only once the kernel started ahead has run its whole notebook.

        Voila hands a request the kernel at the front of the pool even while that kernel is
        still starting or running its notebook (or still waiting out the refill delay); the
        page then waits for it, and a page opened on a kernel half way through its notebook
        sometimes never finished building. Such a request gets a kernel of its own instead, as
        without ``--preheat``, and the one warming up stays for the next page.
        """
        if not super().should_use_rendered_notebook(
            notebook_data, pool_size, template_name, theme, request_args
        ):
            return False
        return kernel_ready_ahead(self.kernel_manager, self._path)

    def flush(self, include_footers: bool = False) -> Any:
        """The first part of the page goes out once its kernel runs: the place is taken."""
        self._release()
        return super().flush(include_footers)

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            self.places.starting -= 1

    def finish_page(self, template: str, **ns: Any) -> None:
        """Finish with one of the server's own pages."""
        env = self.settings["reentry_jinja2_env"]
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(env.get_template(template).render(base_url=self.base_url, **ns))
