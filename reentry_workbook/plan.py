"""The coalition plan: one printable report of a whole workspace across every page it has
worked on (cover, contents, each page's key results, the strategic plan, outreach and
communication plans, measures), and every list of the workspace in one spreadsheet.

Pure: it reads a ``PlanSource`` (a store and a workspace id, the demo files, or plain answers
for tests) and renders each page's ``coalition_plan`` views with the registered views, the
same way as the page reports (``report.py``): the same escaping, CSS and privacy reminders.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Questionnaire, TableItem, ViewSpec
from .report import view_css
from .views import PageContext, html_env, parse
from .views.base import safe

if TYPE_CHECKING:
    import pandas as pd

    from .store import Store

log = logging.getLogger(__name__)

TOOLKIT_URL = "https://nationalreentryresourcecenter.org/resources/toolkits/reentry"
SECTIONS = ("results", "strategic_plan", "communication", "measures")
LEFT_OUT = frozenset({"status_overview"})
"""Views never put in the plan: they show each person's answers by name."""
KEEP_WHOLE_LINES = 38
"""A view estimated shorter than this many lines is kept on one printed page with its title."""


# ----- where the answers come from ----------------------------------------------------------
@dataclass(frozen=True)
class PlanSource:
    """A workspace's answers: each page's shared plan, and everyone's personal answers per page
    as a long frame (respondent, round, item_id, row, value). ``people`` counts the people
    who answered any page's own questions (never their names)."""

    workspace: str
    plans: Mapping[str, Mapping[str, Any]]
    personal: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    people: int = 0
    demo: bool = False


def _pages() -> list[Questionnaire]:
    from .templates import find_shipped, page_catalog

    found = (find_shipped(entry.id) for entry in page_catalog())
    return [q for q in found if q is not None]


def from_store(store: Store, workspace_id: str) -> PlanSource:
    """Everything of one workspace in a store (counted people's personal answers only)."""
    from .scoring import ANSWER_COLUMNS
    from .store.frames import personal_frame, plan_answers

    ws = store.workspace(workspace_id)
    plans, personal, people = {}, {}, set()
    for q in _pages():
        plans[q.id] = plan_answers(store, workspace_id, q.id)
        frame = personal_frame(store, workspace_id, q.id)
        people |= set(frame["person_id"])
        frame = frame.assign(respondent=frame["person_id"])[ANSWER_COLUMNS]
        personal[q.id] = frame.reset_index(drop=True)
    return PlanSource(ws.name, plans, personal, len(people), ws.is_demo)


def from_answers(
    workspace: str,
    plans: Mapping[str, Mapping[str, Any]],
    people: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
    *,
    demo: bool = False,
) -> PlanSource:
    """A source from plain data: page id -> shared plan, and page id -> {person: answers}."""
    import pandas as pd

    from .scoring import answers_to_frame

    personal = {}
    names: set[str] = set()
    for page, answers in (people or {}).items():
        frames = [answers_to_frame(a, who) for who, a in answers.items() if a]
        names |= {who for who, a in answers.items() if a}
        if frames:
            personal[page] = pd.concat(frames, ignore_index=True)
    return PlanSource(workspace, plans, personal, len(names), demo)


def demo_source() -> PlanSource:
    """The demo workspace from the demo files alone (no store): for tests and screenshots."""
    from .demo import DEMO_WORKSPACE, demo_paths, read_demo

    demos = [read_demo(p) for p in demo_paths()]
    people = {
        d.page: {p.name: p.answers for p in d.people if p.role != "facilitator"} for d in demos
    }
    return from_answers(DEMO_WORKSPACE, {d.page: d.plan for d in demos}, people, demo=True)


# ----- what the plan holds ------------------------------------------------------------------
@dataclass(frozen=True)
class ViewBlock:
    """One view of a page in the plan: its title, its escaped HTML, whether to keep it whole
    on one printed page, and whether it failed (then the HTML is empty)."""

    title: str | None
    html: str
    keep: bool
    failed: bool = False


@dataclass(frozen=True)
class PageBlock:
    """A page the workspace has worked on, with its views."""

    q: Questionnaire
    anchor: str
    views: tuple[ViewBlock, ...]


@dataclass(frozen=True)
class Part:
    """A numbered part of the plan: results, the strategic plan, communication, measures."""

    key: str
    number: int
    anchor: str
    pages: tuple[PageBlock, ...]


@dataclass(frozen=True)
class Plan:
    """The whole plan, ready to render."""

    workspace: str
    demo: bool
    parts: tuple[Part, ...]
    not_started: tuple[Questionnaire, ...]
    pages_total: int
    people: int

    @property
    def pages_included(self) -> int:
        """Pages with something in the plan."""
        return sum(len(p.pages) for p in self.parts)


def worked_on(plan: Mapping[str, Any], personal: pd.DataFrame | None) -> bool:
    """Whether a page holds any shared-plan answer or anyone's own answer."""
    if personal is not None and len(personal):
        return True
    return any(v not in (None, "", [], {}) for v in plan.values())


def plan_views(q: Questionnaire) -> tuple[ViewSpec, ...]:
    """The page's views in the plan, without those that name people's own answers."""
    return tuple(s for s in q.plan_views if s.view not in LEFT_OUT)


def keep_whole(html: str) -> bool:
    """A rough height estimate: short views move to the next printed page as a whole."""
    text = re.sub(r"<[^>]+>", " ", html)
    lines = len(text.split()) / 12
    lines += sum(html.count(tag) for tag in ("<tr", "<li", "<dt", "<h4", "<h5", "<p"))
    lines += 3 * html.count("rw-sb-card") + 2 * html.count("rw-sp-line") + html.count("rw-sp-row")
    lines += 12 * html.count("<svg")
    return lines < KEEP_WHOLE_LINES


def page_context(
    source: PlanSource,
    q: Questionnaire,
    today: dt.date | None = None,
    shared: dict[str, Any] | None = None,
) -> PageContext:
    """The context a page's views render from in the plan: its shared plan, everyone's
    personal answers as the group (latest round), other pages' plans, printing."""
    from .scoring import empty_answer_frame
    from .templates import find_shipped

    frame = source.personal.get(q.id)
    if frame is None:
        frame = empty_answer_frame()
    latest = int(frame["round"].max()) if len(frame) else 1

    def pages(page_id: str) -> Mapping[str, Any]:
        return source.plans.get(page_id) or {}

    extra = {"today": today} if today else {}
    ctx = PageContext(
        q,
        dict(source.plans.get(q.id) or {}),
        group_frame=lambda: frame,
        pages=pages,
        templates=find_shipped,
        round=latest,
        role="facilitator",
        printing=True,
        **extra,
    )
    if shared is not None:  # other pages' plans, read and checked once for the whole plan
        ctx._other = shared
    return ctx


def _render(ctx: PageContext, spec: ViewSpec) -> ViewBlock:
    try:
        view, params = parse(spec)
        html = view.render(ctx, params)
    except Exception:  # noqa: BLE001 - one failing view must not stop the plan
        log.exception("coalition plan: view %s of %s failed", spec.view, ctx.q.id)
        return ViewBlock(spec.title, "", True, failed=True)
    return ViewBlock(spec.title, html, keep_whole(html))


def build(source: PlanSource, *, today: dt.date | None = None) -> Plan:
    """Which pages go in, under which part and in what order, with their views rendered."""
    pages = _pages()
    by_part: dict[str, list[PageBlock]] = {key: [] for key in SECTIONS}
    not_started = []
    shared: dict[str, Any] = {}
    for q in pages:
        if not worked_on(source.plans.get(q.id) or {}, source.personal.get(q.id)):
            not_started.append(q)
            continue
        ctx = page_context(source, q, today, shared)
        views = tuple(_render(ctx, spec) for spec in plan_views(q))
        by_part[q.coalition_plan.section].append(PageBlock(q, f"page-{q.id}", views))
    parts, number = [], 0
    for key in SECTIONS:
        if by_part[key]:
            number += 1
            parts.append(Part(key, number, f"part-{key}", tuple(by_part[key])))
    return Plan(
        source.workspace,
        source.demo,
        tuple(parts),
        tuple(not_started),
        len(pages),
        source.people,
    )


# ----- the printable file -------------------------------------------------------------------
def css_string(text: str) -> str:
    """Text as a CSS string literal, every character but letters, digits and spaces escaped
    (nothing a workspace name holds can end the string or the style sheet)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in text) + '"'


def plan_html(plan: Plan, generated: dt.datetime | None = None) -> str:
    """A self-contained printable HTML file: no script, no outside fonts or pictures."""
    from . import __version__
    from .messages import catalog

    tr = catalog()
    generated = generated or dt.datetime.now()
    when = f"{generated.day} {generated:%B %Y, %H:%M}"
    footer = tr("plan.footer", workspace=plan.workspace)
    if plan.demo:
        footer = tr("plan.demo_short") + " · " + footer
    return (
        html_env()
        .get_template("coalition_plan.html.j2")
        .render(
            tr=tr,
            plan=plan,
            generated=when,
            toolkit_url=TOOLKIT_URL,
            version=__version__,
            css=safe(view_css()),
            footer_css=safe(css_string(footer)),
            parts=[
                (
                    part,
                    tr(f"plan.sections.{part.key}"),
                    [
                        (page, [(v.title, safe(v.html), v.keep, v.failed) for v in page.views])
                        for page in part.pages
                    ],
                )
                for part in plan.parts
            ],
        )
    )


# ----- every list in one spreadsheet --------------------------------------------------------
def list_sheets(source: PlanSource) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Every list of the workspace that holds entries, as frames with readable cells (the
    same as each page's own export), and a human sheet name for each; the first sheet is the
    contents: which sheet holds which list of which page."""
    import pandas as pd

    from .messages import catalog
    from .reports import list_frames, list_titles

    tr = catalog()
    frames: dict[str, pd.DataFrame] = {}
    names: dict[str, str] = {}
    contents = []
    used: set[str] = {tr("plan.xlsx.contents").lower()}
    shared: dict[str, Any] = {}
    for q in _pages():
        answers = source.plans.get(q.id) or {}
        if not worked_on(answers, None):
            continue
        ctx = page_context(source, q, shared=shared)
        tables = {i.id: i for _, i in q.iter_items() if isinstance(i, TableItem)}
        titles = list_titles(
            q, {k: t.record_label_plural for k, t in tables.items() if t.record_label_plural}
        )
        for table_id, frame in list_frames(q, ctx.answers, ctx.kinds).items():
            if frame.empty:
                continue
            name = _sheet_name(titles[table_id], q.title, used)
            key = f"{q.id}.{table_id}"
            frames[key], names[key] = frame, name
            contents.append(
                {
                    tr("plan.xlsx.sheet"): name,
                    tr("plan.xlsx.list"): titles[table_id],
                    tr("plan.xlsx.page"): q.title,
                    tr("plan.xlsx.entries"): len(frame),
                }
            )
    first = pd.DataFrame(
        contents,
        columns=[tr(f"plan.xlsx.{k}") for k in ("sheet", "list", "page", "entries")],
    )
    return {"contents": first, **frames}, {"contents": tr("plan.xlsx.contents"), **names}


def _sheet_name(title: str, page: str, used: set[str]) -> str:
    """The list's name; if another page has a list of that name, the page's name after it
    (Excel: at most 31 characters, none of []:*?/\\, unique whatever the case)."""

    def clean(text: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", text)).strip().strip("'")

    name = _cut(clean(title), 31) or "List"
    if name.lower() in used:
        name = _cut(_cut(clean(title), 14) + " - " + clean(page), 31)
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    used.add(name.lower())
    return name


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space >= limit // 2 else cut).rstrip(" ,;-")


def plan_xlsx(source: PlanSource) -> bytes:
    """Every list of the workspace in one workbook: a contents sheet, then one sheet per list."""
    from .reports import xlsx_bytes

    frames, names = list_sheets(source)
    return xlsx_bytes(frames, names)


# ----- files --------------------------------------------------------------------------------
def write_files(
    source: PlanSource,
    html_path: Path,
    xlsx_path: Path | None = None,
    *,
    today: dt.date | None = None,
) -> list[Path]:
    """Write the plan (and the spreadsheet) as private files (0600, never through a link)."""
    from .store.files import write_all, write_private

    written = []
    html = plan_html(build(source, today=today)).encode("utf-8")
    written.append(write_private(html_path, _filler(html, write_all)))
    if xlsx_path is not None:
        data = plan_xlsx(source)
        written.append(write_private(xlsx_path, _filler(data, write_all)))
    return written


def _filler(data: bytes, write_all: Callable[[int, bytes], None]) -> Callable[[int], None]:
    return lambda fd: write_all(fd, data)
