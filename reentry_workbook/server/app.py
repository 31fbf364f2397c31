"""WorkbookServer: Voila with a Host check, keys, a kernel cap, close beacons and its own pages."""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import tornado.ioloop
from jupyter_core.utils import run_sync
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado.log import access_log
from traitlets import Integer, List, Unicode, default
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from ..errors import ReentryWorkbookError
from .access import WorkspaceKeys
from .catalog import Catalog
from .gate import GatedVoilaHandler, Places
from .hosts import HostCheckedApplication, HostPolicy
from .kernels import CloseKernelHandler, PageKernelManager
from .pages import (
    CreateHandler,
    IndexHandler,
    OpenHandler,
    ParticipantLinkHandler,
    StartHandler,
    page_environment,
)

DROPPED = (TornadoVoilaTreeHandler, VoilaContentsHandler)  # no listing of notebooks


class ServerError(ReentryWorkbookError):
    """The server could not start (port in use, certificate unreadable, ...)."""


class IgnoredShutdownHandler(JupyterHandler):
    """Voila's own ``beforeunload`` beacon carries no XSRF value and no secret, so it is
    answered and ignored; the guard widget's beacon (``/reentry/api/close``) closes kernels."""

    def check_xsrf_cookie(self) -> None:
        """Nothing is done, so nothing needs protecting."""

    def post(self, _kernel_id: str) -> None:
        """Answer 204 without doing anything."""
        self.set_status(204)
        self.finish()


_SECRET_SEGMENT = re.compile(r"(/(?:join|close)/)[^/?]+")


def log_request(handler: Any) -> None:
    """Tornado's request line without what opens data: the query string (``?key=``) is left
    out and a key in the path (``/join/<key>``) is replaced by '…'; status and timing stay."""
    status = handler.get_status()
    method = access_log.info if status < 400 else access_log.warning
    if status >= 500:
        method = access_log.error
    path = _SECRET_SEGMENT.sub(r"\1…", handler.request.path)
    took = 1000.0 * handler.request.request_time()
    method("%d %s %s %.2fms", status, handler.request.method, path, took)


class WorkbookServer(Voila):  # type: ignore[misc]  # voila has no types
    """Voila serving a folder of workbooks to people who hold a workspace key."""

    name = "reentry-workbook-server"
    max_kernels = Integer(12, config=True, help="Most page kernels running at once.")
    preheat_notebooks = List(
        Unicode(), config=True, help="Notebooks that keep one kernel ready ahead of time."
    )
    certfile = Unicode("", config=True, help="TLS certificate (PEM) for HTTPS.")
    keyfile = Unicode("", config=True, help="TLS private key (PEM) for HTTPS.")

    @default("config_file_paths")
    def _no_config_files(self) -> list[str]:
        # a stray voila.json in the current folder must not change what this server does
        return []

    def __init__(
        self,
        keys: WorkspaceKeys,
        catalog: Catalog,
        host_policy: HostPolicy,
        on_ready: Callable[[WorkbookServer], None] | None = None,
        workshop: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.workshop = workshop  # a workshop.room.Room when serving a workshop
        self.keys = keys
        self.catalog = catalog
        self.host_policy = host_policy
        self.on_ready = on_ready
        self.close_key = os.urandom(32)
        self.places = Places(self.max_kernels)
        self.store_calls = ThreadPoolExecutor(1, thread_name_prefix="reentry-store")
        self._stopped = False

    def init_settings(self) -> dict[str, Any]:
        """Voila's settings, with our kernel manager, preheating only for listed notebooks, and
        the Jinja2 environment of our own pages."""
        conf = self.voila_configuration
        conf.multi_kernel_manager_class = PageKernelManager
        conf.preheat_kernel = bool(self.preheat_notebooks)
        conf.default_pool_size = 0
        if self.preheat_notebooks:
            pools: dict[str, Any] = {"default": {"pool_size": 0}}
            pools.update({nb: {"pool_size": 1} for nb in self.preheat_notebooks})
            self.config.VoilaKernelManager.kernel_pools_config = pools
        settings: dict[str, Any] = super().init_settings()
        settings["reentry_jinja2_env"] = page_environment()
        settings["log_function"] = log_request
        return settings

    def init_handlers(self) -> list[Any]:
        """Voila's handlers without the notebook listing, the render handler gated, and ours."""
        gate = {
            "catalog": self.catalog,
            "keys": self.keys,
            "places": self.places,
            "store_calls": self.store_calls,
        }
        handlers: list[Any] = []
        for route in super().init_handlers():
            pattern, handler, *rest = route
            if handler in DROPPED:
                continue
            if handler is TornadoVoilaHandler:
                handlers.append((pattern, GatedVoilaHandler, {**rest[0], **gate}))
            elif handler is VoilaShutdownKernelHandler:
                handlers.append((pattern, IgnoredShutdownHandler))
            else:
                handlers.append(route)
        page = {
            "catalog": self.catalog,
            "keys": self.keys,
            "store_calls": self.store_calls,
            "server_token": self.token or "",
        }
        base = self.server_url
        handlers += [
            (base, StartHandler, page),
            (url_path_join(base, "start"), CreateHandler, page),
            (url_path_join(base, "open"), OpenHandler, page),
            (url_path_join(base, "pages"), IndexHandler, page),
            (url_path_join(base, "pages/participant-link"), ParticipantLinkHandler, page),
            (
                url_path_join(base, r"reentry/api/close/([^/]+)"),
                CloseKernelHandler,
                {"close_key": self.close_key},
            ),
        ]
        if self.workshop is not None:
            from ..workshop.routes import routes

            handlers += routes(base, self.workshop)
        return handlers

    def make_app(self) -> HostCheckedApplication:
        """The tornado application with every handler (also used by the handler tests)."""
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        settings = self.init_settings()
        self.app = HostCheckedApplication(host_policy=self.host_policy, **settings)
        self.app.settings.update(self.tornado_settings)
        self.app.add_handlers(".*$", self.init_handlers())
        return self.app

    def start(self) -> None:
        """Listen, tell ``on_ready``, and serve until stopped."""
        self.make_app()
        self.listen()

    def listen(self) -> None:
        """Bind to exactly the configured address and port (with TLS when configured)."""
        ssl_options = None
        if self.certfile:
            ssl_options = {"certfile": self.certfile, "keyfile": self.keyfile or None}
        try:
            self.app.listen(self.port, self.ip, ssl_options=ssl_options)
        except OSError as exc:
            self.stop()
            if exc.errno == errno.EADDRINUSE:
                raise ServerError(f"port {self.port} is already in use; try --port 0") from exc
            if exc.errno == errno.EADDRNOTAVAIL:
                raise ServerError(f"this computer has no address {self.ip}") from exc
            raise ServerError(f"cannot listen on {self.ip}:{self.port}: {exc.strerror}") from exc
        except ValueError as exc:  # ssl: unreadable certificate or key
            self.stop()
            raise ServerError(f"cannot use the certificate: {exc}") from exc
        self.ioloop = tornado.ioloop.IOLoop.current()
        if self.on_ready is not None:
            self.on_ready(self)
        try:
            self.ioloop.start()
        except KeyboardInterrupt:
            self.log.info("Stopping...")
        finally:
            self.stop()

    def stop(self) -> None:
        """Shut every kernel down and release the store (once)."""
        if self._stopped:
            return
        self._stopped = True
        try:
            run_sync(self.kernel_manager.shutdown_all)()
        finally:
            shutil.rmtree(self.connection_dir, ignore_errors=True)
            self.store_calls.shutdown(wait=False)
            self.keys.close()
