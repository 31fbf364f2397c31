"""The start page and the index of pages: plain HTML from Jinja2 templates, never a kernel."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlparse

import jinja2
from jupyter_server.base.handlers import JupyterHandler
from tornado import web

from ..errors import ReentryWorkbookError
from .access import DENIED, Grant, LinkDenied, WorkspaceKeys
from .catalog import Catalog

log = logging.getLogger(__name__)
T = TypeVar("T")
TEMPLATES = Path(__file__).with_name("templates")
TRUE = ("1", "true", "yes")


def page_environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    """The Jinja2 environment of the server's own pages (autoescaped, always)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def key_from(text: str) -> str:
    """The key in a pasted link (its ``key=`` parameter) or the pasted key itself."""
    text = text.strip()
    if "key=" in text:
        found = parse_qs(urlparse(text).query).get("key") or parse_qs(text).get("key")
        if found:
            return found[0].strip()
    return text


class PageHandler(JupyterHandler):
    """Base of the server's own pages: rendering, plain errors, store calls off the loop."""

    def initialize(
        self, catalog: Catalog, keys: WorkspaceKeys, store_calls: Any, server_token: str
    ) -> None:
        """What every page needs: the catalog, the key checker, the store thread, the token."""
        self.catalog = catalog
        self.keys = keys
        self.store_calls = store_calls
        self.server_token = server_token

    def page(self, template: str, status: int = 200, **ns: Any) -> None:
        """Finish with ``template`` rendered (autoescaped)."""
        env: jinja2.Environment = self.settings["reentry_jinja2_env"]
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        # keys are in these pages' addresses: never send them to another site (and keep
        # "Origin" on our own forms, which the XSRF check reads)
        self.set_header("Referrer-Policy", "same-origin")
        html = env.get_template(template).render(
            base_url=self.base_url, xsrf_form_html=self.xsrf_form_html, **ns
        )
        self.finish(html)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Errors in one plain sentence: no traceback, no path."""
        text = {
            403: "You cannot open this page.",
            404: "There is no such page.",
            405: "That is not something this page does.",
        }.get(status_code, "Something went wrong on the server. Try again in a moment.")
        self.page("message.html", status=status_code, title=text, text=text, back=self.base_url)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a store call in the server's store thread."""
        return await asyncio.get_running_loop().run_in_executor(self.store_calls, fn, *args)

    def link(self, path: str, **params: str) -> str:
        """A full address on this server (as the visitor reached it), with the token if any."""
        if self.server_token:
            params = {**params, "token": self.server_token}
        query = ("?" + urlencode(params)) if params else ""
        return f"{self.request.protocol}://{self.request.host}{self.base_url}{path}{query}"


class StartHandler(PageHandler):
    """``/``: start a workspace, open one with a link, or explore the demo. Lists nothing."""

    @web.authenticated
    def get(self) -> None:
        """The start page (with the one generic message if a link did not work)."""
        problem = DENIED if self.get_query_argument("link", "") == "unknown" else ""
        self.page("start.html", problem=problem, coalition="", founder="")


class CreateHandler(PageHandler):
    """``POST /start``: create a workspace and show its two links once."""

    @web.authenticated
    async def post(self) -> None:
        """Create the workspace; on a bad name, show the start page again with the reason."""
        coalition = self.get_body_argument("coalition", "")[:300]
        founder = self.get_body_argument("founder", "")[:300]
        try:
            # the store warns in the server's log when the name looks like another workspace's
            created = await self.call(self.keys.create, coalition, founder)
        except ReentryWorkbookError as exc:
            self.page("start.html", 400, problem=str(exc), coalition=coalition, founder=founder)
            return
        log.info("Created workspace %r", created.workspace_name)
        self.page(
            "created.html",
            name=created.workspace_name,
            facilitator=self.link("pages", key=created.facilitator_key),
            participant=self.link("pages", key=created.participant_key),
        )


class OpenHandler(PageHandler):
    """``POST /open``: a pasted link or key leads to that workspace's pages."""

    @web.authenticated
    async def post(self) -> None:
        """Check the key; the same message for every key that opens nothing."""
        key = key_from(self.get_body_argument("link", "")[:2000])
        try:
            await self.call(self.keys.check, key)
        except LinkDenied:
            self.page("start.html", 400, problem=DENIED, coalition="", founder="")
            return
        self.redirect(self.base_url + "pages?" + urlencode({"key": key}), status=303)


class IndexHandler(PageHandler):
    """``/pages?key=...`` (or ``?demo=1``): every page of the workspace, with progress."""

    @web.authenticated
    async def get(self) -> None:
        """The index for a facilitator, a participant, or the demo."""
        key = self.get_query_argument("key", "").strip()
        if not key:
            if self.get_query_argument("demo", "").lower() in TRUE:
                self.page("index.html", mode="demo", name="", key="", sections=self._rows())
                return
            self.redirect(self.base_url)
            return
        try:
            grant: Grant = await self.call(self.keys.check, key)
        except LinkDenied:
            self.redirect(self.base_url + "?" + urlencode({"link": "unknown"}))
            return
        participant = grant.role != "facilitator"
        rows = self._rows(participant)
        if not participant:
            for _heading, pages in rows:
                for row in pages:
                    row["progress"] = await self._progress(grant, row["questionnaire"])
        self.page(
            "index.html",
            mode="participant" if participant else "facilitator",
            name=grant.workspace_name,
            key=key,
            sections=rows,
        )

    def _rows(self, participant: bool = False) -> list[tuple[str, list[dict[str, Any]]]]:
        return [
            (
                heading,
                [
                    {
                        "id": p.id,
                        "stem": p.stem,
                        "title": p.title,
                        "workbook": p.workbook,
                        "questions": p.questions,
                        "questionnaire": p.questionnaire,
                        "progress": None,
                    }
                    for p in pages
                ],
            )
            for heading, pages in self.catalog.sections(participant)
        ]

    async def _progress(self, grant: Grant, questionnaire: Any) -> tuple[int, int] | None:
        try:
            return await self.call(self.keys.progress, grant.workspace_id, questionnaire)
        except ReentryWorkbookError as exc:
            log.warning("cannot count answers for the index: %s", exc)
            return None


class ParticipantLinkHandler(PageHandler):
    """``POST /pages/participant-link``: a facilitator asks for a page's participant link."""

    @web.authenticated
    async def post(self) -> None:
        """Issue a participant key for the workspace and show the page's link with it."""
        key = self.get_body_argument("key", "").strip()
        page_id = self.get_body_argument("page", "")
        try:
            grant: Grant = await self.call(self.keys.check, key)
        except LinkDenied:
            self.redirect(self.base_url + "?" + urlencode({"link": "unknown"}), status=303)
            return
        page = next((p for p in self.catalog.pages if p.id == page_id), None)
        if grant.role != "facilitator" or page is None or page.questions is None:
            raise web.HTTPError(403)
        new_key = await self.call(self.keys.new_participant_key, grant.workspace_id)
        self.page(
            "participant_link.html",
            name=grant.workspace_name,
            title=page.title,
            link=self.link(f"voila/render/{page.questions}", page=page.stem, key=new_key),
            back=self.base_url + "pages?" + urlencode({"key": key}),
        )
