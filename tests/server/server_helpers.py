"""Builds a WorkbookServer's tornado application for handler tests (no port, no kernel)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlencode

from fake_keys import FileKeys
from tornado.testing import AsyncHTTPTestCase
from traitlets.config import Config
from voila.tornado.handler import TornadoVoilaHandler

from reentry_workbook.serve import workbooks_dir
from reentry_workbook.server.app import WorkbookServer
from reentry_workbook.server.catalog import build_catalog, shipped_questionnaires
from reentry_workbook.server.hosts import HostPolicy

FLAGSHIP = "/voila/render/community-support.ipynb"
PARTICIPANT = "/voila/render/participant.ipynb"


def build_server(
    keys: FileKeys, *, max_kernels: int = 12, allow: tuple[str, ...] = (), token: str = ""
) -> WorkbookServer:
    folder = workbooks_dir()
    server = WorkbookServer(
        keys=keys,
        catalog=build_catalog(folder, shipped_questionnaires()),
        host_policy=HostPolicy(allow),
        config=Config(
            {
                "Voila": {
                    "ip": "127.0.0.1",
                    "open_browser": False,
                    "root_dir": str(folder),
                    "token": token,
                },
                "WorkbookServer": {"max_kernels": max_kernels},
            }
        ),
    )
    server.initialize(argv=[])
    return server


class ServerCase(AsyncHTTPTestCase):
    """A server whose notebook rendering is replaced by a marker, and which records whether
    Voila would have started a kernel."""

    max_kernels = 12
    token = ""

    def get_app(self):
        self.keys = FileKeys(Path(self.tmp) / "keys.json")
        self.server = build_server(self.keys, max_kernels=self.max_kernels, token=self.token)
        return self.server.make_app()

    def setUp(self) -> None:
        import tempfile

        self.tmp = tempfile.mkdtemp(prefix="rw-server-test-")
        self.rendered: list[str] = []
        case = self

        async def fake_render(handler, path=None):  # stands in for Voila starting a kernel
            case.rendered.append(path)
            handler.flush()
            handler.finish("RENDERED")

        self._real_get = TornadoVoilaHandler.get
        TornadoVoilaHandler.get = fake_render
        super().setUp()

    def tearDown(self) -> None:
        TornadoVoilaHandler.get = self._real_get
        super().tearDown()
        shutil.rmtree(self.server.connection_dir, ignore_errors=True)
        self.server.store_calls.shutdown(wait=False)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def fetch_page(self, path: str, **params: str):
        query = ("?" + urlencode(params)) if params else ""
        return self.fetch(path + query, follow_redirects=False)

    def xsrf(self) -> tuple[str, str]:
        """A session's XSRF cookie header and form value, from the start page."""
        response = self.fetch("/")
        cookie = next(
            c for c in response.headers.get_list("Set-Cookie") if c.startswith("_xsrf=")
        ).split(";")[0]
        return cookie, cookie.split("=", 1)[1]

    def post_form(self, path: str, **fields: str):
        cookie, token = self.xsrf()
        body = urlencode({**fields, "_xsrf": token})
        return self.fetch(
            path, method="POST", body=body, headers={"Cookie": cookie}, follow_redirects=False
        )
