"""Runs a WorkbookServer's tornado application in a thread of its own (its own event loop, so
the tests work after Playwright's sync API has taken the main thread's loop) for handler tests:
no kernel is started."""

from __future__ import annotations

import http.client
import shutil
import tempfile
import unittest
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlencode

from fake_keys import FileKeys
from traitlets.config import Config
from voila.tornado.handler import TornadoVoilaHandler

from reentry_workbook.serve import workbooks_dir
from reentry_workbook.server.app import WorkbookServer
from reentry_workbook.server.catalog import build_catalog, shipped_questionnaires
from reentry_workbook.server.hosts import HostPolicy
from tests.served import ServedInThread

FLAGSHIP = "/voila/render/identify-community-members-and-networks.ipynb"
PARTICIPANT = "/voila/render/participant.ipynb"


def build_server(
    keys: FileKeys, *, max_kernels: int = 12, allow: tuple[str, ...] = (), token: str = ""
) -> WorkbookServer:
    folder = workbooks_dir()
    voila = {"ip": "127.0.0.1", "open_browser": False, "root_dir": str(folder), "token": token}
    server = WorkbookServer(
        keys=keys,
        catalog=build_catalog(folder, shipped_questionnaires()),
        host_policy=HostPolicy(allow),
        config=Config({"Voila": voila, "WorkbookServer": {"max_kernels": max_kernels}}),
    )
    server.initialize(argv=[])
    return server


@dataclass
class Response:
    code: int
    headers: Message
    body: bytes


class ServerCase(ServedInThread, unittest.TestCase):
    """A server whose notebook rendering is replaced by a marker (``self.rendered`` lists what
    Voila would have started a kernel for)."""

    max_kernels = 12
    token = ""

    def setUp(self) -> None:
        self.tmp = tempfile.mkdtemp(prefix="rw-server-test-")
        self.keys = FileKeys(Path(self.tmp) / "keys.json")
        self.rendered: list[str] = []
        case = self

        async def fake_render(handler, path=None):  # stands in for Voila starting a kernel
            case.rendered.append(path)
            handler.flush()
            handler.finish("RENDERED")

        self._real_get = TornadoVoilaHandler.get
        TornadoVoilaHandler.get = fake_render
        # built here: Voila sets a SIGTERM handler, which only the main thread may do
        self.serve(build_server(self.keys, max_kernels=self.max_kernels, token=self.token))

    def tearDown(self) -> None:
        self.stop_serving()
        TornadoVoilaHandler.get = self._real_get
        shutil.rmtree(self.tmp, ignore_errors=True)

    def get_http_port(self) -> int:
        return self.port

    def fetch(
        self, path: str, method: str = "GET", body: str | None = None, headers=None, **_ignored
    ) -> Response:
        """One request, redirects not followed."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = dict(headers or {})
        if method == "POST":
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn.request(method, path, body=body, headers=sent)
        reply = conn.getresponse()
        response = Response(reply.status, reply.msg, reply.read())
        conn.close()
        return response

    def fetch_page(self, path: str, **params: str) -> Response:
        query = ("?" + urlencode(params)) if params else ""
        return self.fetch(path + query)

    def xsrf(self) -> tuple[str, str]:
        """A session's XSRF cookie header and form value, from the start page."""
        response = self.fetch("/")
        cookie = next(
            c for c in response.headers.get_all("Set-Cookie") if c.startswith("_xsrf=")
        ).split(";")[0]
        return cookie, cookie.split("=", 1)[1]

    def post_form(self, path: str, **fields: str) -> Response:
        cookie, token = self.xsrf()
        body = urlencode({**fields, "_xsrf": token})
        return self.fetch(path, method="POST", body=body, headers={"Cookie": cookie})
