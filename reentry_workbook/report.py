"""The printable report of a page: its report views, rendered once, in one HTML file."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from importlib import resources

from .model import Questionnaire
from .views import PageContext, html_env, parse
from .views.base import safe

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    """One view in the report: its title and its (escaped) HTML."""

    title: str | None
    html: str
    failed: bool = False


def view_css() -> str:
    """The style sheets the views' HTML relies on (views.css first, then one per view module)."""
    folder = resources.files("reentry_workbook").joinpath("views/templates")
    files = sorted(
        (f for f in folder.iterdir() if f.name.endswith(".css")),
        key=lambda f: (f.name != "views.css", f.name),
    )
    return "\n".join(f.read_text("utf-8") for f in files)


def report_sections(ctx: PageContext) -> list[Section]:
    """Each report view of the page, rendered; a view that fails is named, not fatal."""
    out = []
    for spec in ctx.q.report_views:
        try:
            view, params = parse(spec)
            out.append(Section(spec.title, view.render(ctx, params)))
        except Exception as exc:  # noqa: BLE001 - the rest of the report still matters
            log.exception("report view %s failed", spec.view)
            out.append(Section(spec.title, "", failed=True))
            del exc
    return out


def report_html(ctx: PageContext, workspace: str, generated: dt.datetime | None = None) -> str:
    """A self-contained printable report (pictures embedded, every piece of text escaped)."""
    q: Questionnaire = ctx.q
    ctx.printing = True
    generated = generated or dt.datetime.now()
    sections = report_sections(ctx)
    return (
        html_env()
        .get_template("report.html.j2")
        .render(
            q=q,
            tr=ctx.tr,
            workspace=workspace,
            generated=f"{generated.day} {generated:%B %Y, %H:%M}",
            sections=[(s.title, safe(s.html), s.failed) for s in sections],
            css=safe(view_css()),
        )
    )
