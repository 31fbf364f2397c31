"""The printed report of the first page reads as the coalition agreed it: line breaks kept, the
agreement statements there, the agreed plan near the top, headings kept with what follows."""

import re
from html import unescape

from reentry_workbook.demo import demo_context
from reentry_workbook.model import MatrixItem
from reentry_workbook.report import report_html
from reentry_workbook.templates import load_template, template_paths

FLAGSHIP = load_template(
    next(p for p in template_paths() if p.stem == "identify-community-members-and-networks")
)


def _report(ctx):
    return report_html(ctx, "Riverbend County Reentry Coalition (demo)")


def test_written_line_breaks_are_kept_in_the_report():
    ctx = demo_context(FLAGSHIP.id)
    shown = {s.params.get("item") for s in FLAGSHIP.report or () if s.view == "text_answer"}
    item = next(i for _, i in FLAGSHIP.iter_items() if i.kind == "long_text" and i.id in shown)
    ctx.answers[item.id] = "Call the county.\nBook the hall."
    html = _report(ctx)
    assert re.search(r"class=\"rw-pre\">Call the county.\nBook the hall.</p>", html)
    assert ".rw-view .rw-pre { white-space: pre-wrap; }" in html


def test_the_agreement_statements_are_in_the_report():
    html = unescape(_report(demo_context(FLAGSHIP.id)))
    matrices = [i for _, i in FLAGSHIP.iter_items() if isinstance(i, MatrixItem) and i.rows]
    assert matrices
    for item in matrices:
        for row in item.rows:
            assert row.label in html


def test_the_agreed_plan_comes_before_the_long_lists():
    titles = re.findall(r"<h2>(.*?)</h2>", unescape(_report(demo_context(FLAGSHIP.id))))
    plan = next(s.title for s in FLAGSHIP.report if s.view == "timeline")
    assert plan in titles and titles.index(plan) < len(titles) // 2, titles


def test_headings_are_kept_with_what_follows_when_printed():
    html = _report(demo_context(FLAGSHIP.id))
    assert "h2 { break-after: avoid; page-break-after: avoid; }" in html
    assert "section.rw-report-section > h2 + * { break-before: avoid; }" in html
    assert ".rw-view h4, .rw-table-view caption { break-after: avoid; }" in html
