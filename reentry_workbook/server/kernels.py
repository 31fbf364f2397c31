"""Page kernels: each gets a secret to close itself with, and the server counts them for its cap."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import uuid
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.iostream import StreamClosedError

log = logging.getLogger(__name__)

ENV_CLOSE = "REENTRY_WORKBOOK_CLOSE"  # "<kernel id> <secret>", read by the guard widget
KERNEL_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def close_secret(server_key: bytes, kernel_id: str) -> str:
    """The secret that lets a page close kernel ``kernel_id``: derived, so nothing is stored."""
    return hmac.new(server_key, kernel_id.encode(), hashlib.sha256).hexdigest()


class PageKernelManager(AsyncMappingKernelManager):
    """Starts every kernel with its close secret in its environment."""

    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, **kwargs: Any
    ) -> str:
        """Start a kernel as jupyter_server does, telling it how to close itself."""
        key: bytes | None = getattr(self.parent, "close_key", None)
        if kernel_id is None and key:
            kernel_id = str(uuid.uuid4())
            env = dict(kwargs.get("env") or os.environ)
            env[ENV_CLOSE] = f"{kernel_id} {close_secret(key, kernel_id)}"
            kwargs["env"] = env
        return await super().start_kernel(kernel_id=kernel_id, **kwargs)


def page_kernel_count(kernel_manager: Any) -> int:
    """Kernels serving pages: every kernel except those waiting in a preheat pool.

    A pool slot being refilled counts as waiting, so right after a page takes a waiting kernel
    this can be one low until the replacement has started (about two seconds).
    """
    running = len(kernel_manager.list_kernel_ids())
    waiting = sum(len(pool) for pool in getattr(kernel_manager, "_pools", {}).values())
    return max(0, running - waiting)


class CloseKernelHandler(web.RequestHandler):
    """``POST /reentry/api/close/<kernel id>`` with ``secret``: the page's beacon on leaving.

    No login cookie or XSRF value is needed (a beacon cannot send one): the per-kernel secret,
    which only that page received from its own kernel, is the proof.
    """

    def initialize(self, close_key: bytes) -> None:
        """The server's key the per-kernel secrets are derived from."""
        self.close_key = close_key

    def check_xsrf_cookie(self) -> None:
        """The secret replaces the XSRF check for this one endpoint."""

    async def post(self, kernel_id: str) -> None:
        """Shut the kernel down if the secret is right."""
        secret = self.get_body_argument("secret", "") or self.get_query_argument("secret", "")
        expected = close_secret(self.close_key, kernel_id)
        if not KERNEL_ID.match(kernel_id) or not hmac.compare_digest(secret, expected):
            raise web.HTTPError(403)
        km = self.settings["kernel_manager"]
        if kernel_id in km.list_kernel_ids():
            log.info("A page was closed; stopping its kernel %s", kernel_id)
            await ensure_async(km.shutdown_kernel(kernel_id))
        self.set_status(204)
        try:
            await self.finish()
        except StreamClosedError:
            pass  # the page that sent the beacon is gone, as expected

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A bare status line: no page, no traceback."""
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}\n")
