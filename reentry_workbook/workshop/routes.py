"""The participant path: plain HTML pages and a JSON save, served by tornado handlers, no kernel."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from markupsafe import Markup
from tornado import web

from ..errors import ReentryWorkbookError
from ..messages import Catalog, catalog, catalog_for
from ..names import clean_name, name_key
from ..store import AccessDenied, Person
from .form import environment, form_steps
from .room import PlanLookup, Room

log = logging.getLogger(__name__)
T = TypeVar("T")
STATIC = Path(__file__).with_name("static")
MAX_BODY = 64 * 1024
DEVICE_DAYS = 60
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
JS_WORDS = ("saving", "not_sent", "offline", "pending", "all_saved", "next", "finish", "step")


def device_cookie(workspace_id: str) -> str:
    """The name of the cookie that holds this phone's secret for one workspace."""
    return "rw_device_" + workspace_id.replace("-", "")


class WorkshopHandler(web.RequestHandler):
    """Base of the participant pages: plain words, no traceback, store calls off the loop."""

    def initialize(self, room: Room, calls: ThreadPoolExecutor, base: str) -> None:
        """The room, the thread its store calls run in, and the server's base path."""
        self.room = room
        self.calls = calls
        self.base = base
        self.tr: Catalog = catalog()

    def set_default_headers(self) -> None:
        """No caching of answers, no referrer (keys are in the address), a strict CSP."""
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", CSP)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a store call in the room's store thread."""
        return await asyncio.get_running_loop().run_in_executor(self.calls, fn, *args)

    def page(self, template: str, status: int = 200, **ns: Any) -> None:
        """Finish with a workshop template (autoescaped)."""
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        ns.setdefault("tr", self.tr)
        html = (
            environment()
            .get_template(template)
            .render(
                static=self.base + "workshop-static/",
                xsrf_form_html=lambda: Markup(self.xsrf_form_html()),  # noqa: S704 - tornado's
                **ns,
            )
        )
        self.finish(html)

    def message(self, status: int, title: str, text: str, retry: bool = False) -> None:
        """A plain page of one sentence."""
        self.page("message.html", status, title=self.tr(title), text=text, retry=retry)

    def denied(self) -> None:
        """The one answer for every key that opens nothing: no hint whether it exists."""
        self.message(404, "workshop.denied_title", str(AccessDenied()))

    def full(self) -> None:
        """The polite 503 of a full room."""
        self.set_header("Retry-After", "120")
        cap = self.room.places.cap
        self.message(503, "workshop.full_title", self.tr("workshop.full", cap=cap), retry=True)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """One plain sentence, never a traceback."""
        if status_code == 403:
            self.message(403, "workshop.problem_title", self.tr("workshop.form.bad_request"))
        elif status_code == 404:
            self.message(404, "workshop.no_page_title", self.tr("workshop.no_page"))
        else:
            self.message(status_code, "workshop.problem_title", self.tr("workshop.problem"))

    async def workspace(self, key: str) -> tuple[str, str] | None:
        """The workspace a join key opens, or None (the page is then already answered)."""
        try:
            return await self.call(self.room.check, key)
        except AccessDenied:
            self.denied()
            return None

    async def device_person(self, workspace_id: str) -> Person | None:
        """The person this phone joined as, from its cookie."""
        secret = self.get_cookie(device_cookie(workspace_id), "")
        return await self.call(self.room.person, workspace_id, secret) if secret else None

    def join_url(self, key: str, page: str | None = None) -> str:
        """This workspace's join page (for a page, when given)."""
        url = f"{self.base}join/{quote(key, safe='')}"
        return url + ("?" + urlencode({"page": page}) if page else "")

    def questions_url(self, key: str, page: str) -> str:
        """A page's questions for the person of this phone."""
        return f"{self.base}join/{quote(key, safe='')}/{quote(page, safe='')}"


class JoinHandler(WorkshopHandler):
    """``/join/<key>``: choose the page, a name or none, then on to the questions."""

    async def get(self, key: str) -> None:
        """The join form, or straight to the questions for a phone that has joined."""
        found = await self.workspace(key)
        if found is None:
            return
        ws_id, ws_name = found
        wanted = self.get_query_argument("page", "")
        pages = list(self.room.pages.values())
        person = await self.device_person(ws_id)
        if person is not None:
            if wanted in self.room.pages or len(pages) == 1:
                self.redirect(self.questions_url(key, wanted or pages[0].id))
                return
            links = [{"title": q.title, "url": self.questions_url(key, q.id)} for q in pages]
            self.page(
                "pages.html", title=self.tr("workshop.join.title"), person=person.name, pages=links
            )
            return
        self._form(ws_name, key, wanted)

    def _form(
        self,
        ws_name: str,
        key: str,
        chosen: str,
        *,
        name: str = "",
        problem: str = "",
        confirm: bool = False,
        status: int = 200,
    ) -> None:
        self.page(
            "join.html",
            status,
            title=self.tr("workshop.join.title"),
            workspace=ws_name,
            pages=list(self.room.pages.values()),
            chosen=chosen,
            name=name,
            problem=problem,
            confirm=confirm,
            action=self.join_url(key),
        )

    async def post(self, key: str) -> None:
        """Join as a named person or under a pseudonym; this phone remembers who."""
        self.check_xsrf_cookie()
        found = await self.workspace(key)
        if found is None:
            return
        ws_id, ws_name = found
        page_id = self.get_body_argument("page", "")[:200]
        typed = self.get_body_argument("name", "")[:300]
        named = self.get_body_argument("how", "named") == "named" and typed.strip()
        if page_id not in self.room.pages:
            self._form(
                ws_name,
                key,
                "",
                name=typed,
                problem=self.tr("workshop.join.choose_page"),
                status=400,
            )
            return
        if named:
            try:
                clean = clean_name(typed, "name")
            except ReentryWorkbookError as exc:
                self._form(ws_name, key, page_id, name=typed, problem=str(exc), status=400)
                return
            taken = await self.call(self._claimed, ws_id, clean)
            if taken and self.get_body_argument("same_person", "") != "yes":
                problem = self.tr("workshop.join.same_name", name=clean)
                self._form(ws_name, key, page_id, name=clean, problem=problem, confirm=True)
                return
        held = self.room.places.hold()
        if held is None:
            self.full()  # nothing stored: the person is not created
            return
        try:
            person, secret = await self.call(self.room.join, ws_id, clean if named else None)
        except BaseException:
            self.room.places.release(held)
            raise
        self.room.places.swap(held, person.id)
        log.info("A participant joined the workshop (%d in the room)", self.room.places.count())
        self.set_cookie(
            device_cookie(ws_id),
            secret,
            path=f"{self.base}join/",
            expires_days=DEVICE_DAYS,
            httponly=True,
            samesite="Strict",
            secure=self.request.protocol == "https",
        )
        self.redirect(self.questions_url(key, page_id), status=303)

    def _claimed(self, workspace_id: str, clean: str) -> bool:
        """Whether someone already joined under this name on a phone."""
        wanted = name_key(clean)
        return any(
            p.claimed and name_key(p.name) == wanted
            for p in self.room.store.match_people(workspace_id, clean)
        )


class QuestionsHandler(WorkshopHandler):
    """``/join/<key>/<page>``: the page's participant questions, one step per screen."""

    async def get(self, key: str, page_id: str) -> None:
        """The form with this phone's person's answers of the current round."""
        found = await self.workspace(key)
        if found is None:
            return
        ws_id, _ = found
        q = self.room.page(page_id)
        if q is None:
            self.message(404, "workshop.no_page_title", self.tr("workshop.no_page"))
            return
        person = await self.device_person(ws_id)
        if person is None:
            self.redirect(self.join_url(key, page_id))
            return
        if not self.room.places.admit(person.id):
            self.full()
            return
        answers, revisions, rnd = await self.call(self.room.answers, ws_id, person, q)
        lookup = PlanLookup(self.room.store, ws_id, q.id)
        steps = await self.call(form_steps, q, answers, lookup)
        tr = catalog_for(q)
        words = {w: tr(f"workshop.form.{w}") for w in JS_WORDS}
        self.page(
            "questions.html",
            tr=tr,
            lang=q.language,
            title=q.title,
            page_title=q.title,
            person=person.name,
            round=rnd,
            steps=steps,
            xsrf=self.xsrf_token.decode(),
            save_url=self.questions_url(key, page_id) + "/answer",
            storage_key=f"{ws_id}:{q.id}:{person.id}:{rnd}",
            revisions_json=json.dumps(revisions),
            words_json=json.dumps(words),
        )


class AnswerHandler(WorkshopHandler):
    """``POST /join/<key>/<page>/answer``: one answer as JSON, saved or refused in words."""

    def reply(self, code: int, **body: Any) -> None:
        """Finish with a JSON body."""
        self.set_status(code)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """JSON in one plain sentence; a refused XSRF value asks the page to reload."""
        restart = status_code == 403
        text = self.tr("workshop.form.bad_request" if restart else "workshop.problem")
        self.reply(status_code, status="refused" if restart else "", message=text, restart=restart)

    async def post(self, key: str, page_id: str) -> None:
        """Check the key, the phone's person and the answer, then save it."""
        self.check_xsrf_cookie()
        try:
            ws_id, _ = await self.call(self.room.check, key)
        except AccessDenied:
            self.reply(403, status="refused", message=str(AccessDenied()), restart=True)
            return
        q = self.room.page(page_id)
        person = await self.device_person(ws_id)
        if q is None or person is None:
            self.reply(403, status="refused", message=self.tr("workshop.form.rejoin"), restart=True)
            return
        if not self.room.places.admit(person.id):
            self.reply(503, message=self.tr("workshop.full", cap=self.room.places.cap))
            return
        posted = self._body()
        if posted is None:
            self.reply(400, status="refused", message=self.tr("workshop.form.bad_request"))
            return
        item, value, base = posted
        saved = await self.call(self.room.save, ws_id, person, q, item, value, base)
        code = 400 if saved.status == "refused" else 200
        self.reply(
            code,
            status=saved.status,
            message=saved.message,
            value=saved.value,
            revision=saved.revision,
            visible=list(saved.visible) if saved.visible else None,
        )

    def _body(self) -> tuple[str, Any, int | None] | None:
        """(item, value, base revision) from the JSON body, or None when it is not that."""
        if len(self.request.body) > MAX_BODY:
            return None
        try:
            data = json.loads(self.request.body or b"")
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
        if not isinstance(data, dict):
            return None
        item, base = data.get("item"), data.get("base")
        if not isinstance(item, str) or not item or len(item) > 200:
            return None
        if base is not None and (not isinstance(base, int) or isinstance(base, bool)):
            return None
        return item, data.get("value"), base


def routes(base: str, room: Room) -> list[tuple[str, type[web.RequestHandler], dict[str, Any]]]:
    """The participant path's handlers under the server's base path."""
    args = {
        "room": room,
        "calls": ThreadPoolExecutor(1, thread_name_prefix="workshop-store"),
        "base": base,
    }
    return [
        (f"{base}join/([^/]+)", JoinHandler, args),
        (f"{base}join/([^/]+)/([^/]+)", QuestionsHandler, args),
        (f"{base}join/([^/]+)/([^/]+)/answer", AnswerHandler, args),
        (
            f"{base}workshop-static/(workshop\\.(?:js|css))",
            web.StaticFileHandler,
            {"path": str(STATIC)},
        ),
    ]
