"""A WorkbookServer with a workshop room over a real (throw-away) store, in a thread of its own,
and a participant's phone as a cookie jar."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import tempfile
import unittest
from dataclasses import dataclass, field
from email.message import Message
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from traitlets.config import Config

from reentry_workbook.serve import workbooks_dir
from reentry_workbook.server.access import StoreKeys
from reentry_workbook.server.app import WorkbookServer
from reentry_workbook.server.catalog import build_catalog, shipped_questionnaires
from reentry_workbook.server.hosts import HostPolicy
from reentry_workbook.store import open_store
from reentry_workbook.templates import load_shipped
from reentry_workbook.workshop.room import Room
from tests.served import ServedInThread

PAGE_FILE = "identify-community-members-and-networks"
PAGE = load_shipped(PAGE_FILE).id


@dataclass
class Response:
    code: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Phone:
    """One browser: its cookies."""

    cookies: dict[str, str] = field(default_factory=dict)

    def header(self) -> dict[str, str]:
        return (
            {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            if self.cookies
            else {}
        )

    def keep(self, response: Response) -> None:
        for raw in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = raw.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]


class WorkshopCase(ServedInThread, unittest.TestCase):
    """A served workshop of ``pages`` for ``participants`` people over a fresh store."""

    pages: tuple[str, ...] = (PAGE_FILE,)
    participants = 20

    def setUp(self) -> None:
        self.tmp = tempfile.mkdtemp(prefix="rw-workshop-test-")
        self.store = open_store(f"sqlite:///{Path(self.tmp) / 'store.sqlite3'}")
        created = self.store.create_workspace("Riverside Reentry")
        self.workspace = created.workspace
        self.key = created.participant_key
        self.facilitator_key = created.facilitator_key
        self.room = Room(self.store, [load_shipped(p) for p in self.pages], self.participants)
        folder = workbooks_dir()
        voila = {"ip": "127.0.0.1", "open_browser": False, "root_dir": str(folder)}
        server = WorkbookServer(
            keys=StoreKeys(self.store),
            catalog=build_catalog(folder, shipped_questionnaires()),
            host_policy=HostPolicy(()),
            workshop=self.room,
            config=Config({"Voila": voila}),
        )
        server.initialize(argv=[])
        self.serve(server)

    def tearDown(self) -> None:
        self.stop_serving()
        self.store.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ----- requests -------------------------------------------------------------------------
    def fetch(
        self,
        path: str,
        method: str = "GET",
        body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        phone: Phone | None = None,
    ) -> Response:
        """One request, redirects not followed; the phone keeps its cookies."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {**(phone.header() if phone else {}), **(headers or {})}
        conn.request(method, path, body=body, headers=sent)
        reply = conn.getresponse()
        response = Response(reply.status, reply.msg, reply.read())
        conn.close()
        if phone is not None:
            phone.keep(response)
        return response

    def join_path(self, key: str | None = None) -> str:
        return f"/join/{key or self.key}"

    def xsrf_value(self, phone: Phone, path: str | None = None) -> str:
        """The XSRF value of a page the phone opens (the cookie goes into the jar)."""
        html = self.fetch(path or self.join_path(), phone=phone).text
        found = re.search(r'name="_xsrf" value="([^"]+)"', html) or re.search(
            r'id="xsrf" value="([^"]+)"', html
        )
        assert found, html[:500]
        return unescape(found.group(1))

    def join(self, phone: Phone, name: str = "", page: str = PAGE, **extra: str) -> Response:
        """Post the join form as a phone does."""
        token = self.xsrf_value(phone)
        how = "named" if name else "anonymous"
        body = urlencode({"_xsrf": token, "page": page, "name": name, "how": how, **extra})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.fetch(self.join_path(), "POST", body, headers, phone)

    def answer(
        self,
        phone: Phone,
        item: str,
        value: Any,
        base: int | None = None,
        page: str = PAGE,
        raw: bytes | None = None,
    ) -> Response:
        """Post one answer as the form's script does."""
        path = f"{self.join_path()}/{page}"
        token = self.xsrf_value(phone, path)
        body = (
            raw
            if raw is not None
            else json.dumps({"item": item, "value": value, "base": base}).encode()
        )
        headers = {"Content-Type": "application/json", "X-XSRFToken": token}
        return self.fetch(path + "/answer", "POST", body, headers, phone)

    def personal(self) -> dict[str, dict[str, Any]]:
        """Everyone's saved answers: person name -> item -> value."""
        from reentry_workbook.store.frames import personal_frame

        frame = personal_frame(self.store, self.workspace.id, PAGE)
        out: dict[str, dict[str, Any]] = {}
        for row in frame.itertuples():
            out.setdefault(row.person, {})[row.item_id] = row.value
        return out
