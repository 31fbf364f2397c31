"""The coalition plan: the demo workspace's plan with every part, escaping and privacy, the
spreadsheet of every list, the command, and the link among a workbook's downloads."""

import datetime as dt
import io
import os
import re
import stat

import pytest

from reentry_workbook import open_store
from reentry_workbook.cli import main
from reentry_workbook.demo import DEMO_WORKSPACE, load_demo
from reentry_workbook.plan import (
    build,
    css_string,
    demo_source,
    from_answers,
    from_store,
    keep_whole,
    list_sheets,
    plan_html,
    plan_xlsx,
)

TODAY = dt.date(2026, 11, 29)
HOSTILE = '<script>alert("x")</script></style>"\\'


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('plan') / 'demo.db'}"
    store = open_store(url)
    workspace = load_demo(store)
    yield store, workspace, url
    store.close()


@pytest.fixture(scope="module")
def demo_plan(demo_store):
    store, workspace, _url = demo_store
    return build(from_store(store, workspace.id))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_the_demo_workspaces_plan_has_every_part_in_order(demo_plan):
    assert [p.key for p in demo_plan.parts] == [
        "results",
        "strategic_plan",
        "communication",
        "measures",
    ]
    assert demo_plan.pages_included == demo_plan.pages_total == 22
    assert demo_plan.not_started == ()
    ids = {p.key: [b.q.id for b in p.pages] for p in demo_plan.parts}
    assert ids["strategic_plan"] == [
        "compile_strategic_plan",
        "cultivate_buy_in_to_enact",
        "monitor_implementation",
    ]
    assert ids["communication"] == [
        "identify_community_members_and_networks",
        "develop_strategic_messaging",
        "promote_broad_based_support",
    ]
    assert "track_your_progress" in ids["measures"]
    assert not any(v.failed for p in demo_plan.parts for b in p.pages for v in b.views)


def test_the_demo_plan_renders_cover_contents_parts_and_about(demo_plan):
    html = plan_html(demo_plan)
    text = _text(html)
    for words in (
        "Coalition plan",
        DEMO_WORKSPACE,
        "Fictional demo data",
        "covers the 22 of 22 toolkit pages",
        "Contents",
        "1. Where the coalition stands, page by page",
        "2. The strategic plan",
        "3. Outreach and communication plans",
        "4. Measures",
        "About this plan",
        "only within the coalition",  # the demo plan says it is made up (plan.privacy_demo)
    ):
        assert words in text, words
    assert html.count('class="rw-plan-privacy"') == 2  # on the cover and at the end
    # the contents links to every part and page, and every anchor is there once
    anchors = re.findall(r'href="#([^"]+)"', html)
    assert len(anchors) == len(set(anchors)) == 4 + 22 + 1
    for anchor in anchors:
        assert html.count(f'id="{anchor}"') == 1
    # the strategic plan's own views, read from earlier pages
    assert "Housing navigator at the jail release desk" in text
    assert "Not yet approached: Judge Alex Example." in text
    assert "Who carries what" in text
    # no script, nothing fetched from outside; printing rules present
    assert "<script" not in html and "@import" not in html and 'src="http' not in html
    assert "break-after: avoid" in html and "display: table-header-group" in html


def test_personal_answers_appear_only_as_group_figures(demo_plan):
    html = plan_html(demo_plan)
    assert "Member A (demo)" not in html  # people are counted, never named
    assert "rw-view-status-overview" not in html
    # a free-text personal answer of the demo (a worry about the plan) is not in the plan
    assert "both lean on the same two members" not in html
    assert re.search(r"\d+ people answered the pages' own questions", _text(html))


def test_hostile_text_is_escaped_everywhere():
    plans = {
        "compile_strategic_plan": {
            "action_steps": [{"_id": "s1", "name": HOSTILE, "due": "2020-01-01"}],
            "plan_keeper": HOSTILE,
        },
        "develop_strategic_messaging": {"problem_statement": HOSTILE},
    }
    source = from_answers(HOSTILE, plans)
    html = plan_html(build(source, today=TODAY))
    assert "<script>" not in html
    assert html.count("</style>") == 1  # only the style sheet's own end
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\");", html)
    assert footer is not None and "<" not in footer.group(1) and "\\" in footer.group(1)


def test_css_string_cannot_end_the_string_or_the_style_sheet():
    assert css_string("A b") == '"A b"'
    assert css_string('"</style>') == ('"\\000022 \\00003c \\00002f style\\00003e "')


def test_pages_not_worked_on_are_listed_and_their_parts_left_out():
    source = from_answers("Small Coalition", {"compile_strategic_plan": {"plan_keeper": "Kim"}})
    plan = build(source, today=TODAY)
    assert [p.key for p in plan.parts] == ["strategic_plan"]
    assert plan.pages_included == 1 and len(plan.not_started) == plan.pages_total - 1
    text = _text(plan_html(plan))
    assert "1. The strategic plan" in text and "Pages not started yet" in text
    assert "Where the coalition stands" not in text


def test_an_empty_workspace_still_makes_a_plan():
    plan = build(from_answers("Empty", {}), today=TODAY)
    assert plan.parts == ()
    assert "Nothing has been worked on in this workspace yet." in plan_html(plan)


def test_long_views_may_break_short_ones_stay_whole():
    assert keep_whole("<table>" + "<tr><td>x</td></tr>" * 10 + "</table>")
    assert not keep_whole("<table>" + "<tr><td>x</td></tr>" * 60 + "</table>")


def test_the_spreadsheet_has_one_sheet_per_list_with_human_names():
    from openpyxl import load_workbook

    source = demo_source()
    frames, names = list_sheets(source)
    book = load_workbook(io.BytesIO(plan_xlsx(source)))
    assert book.sheetnames[0] == "Contents"
    assert book.sheetnames[1:] == [names[k] for k in frames if k != "contents"]
    assert len(book.sheetnames) == len(set(n.lower() for n in book.sheetnames))
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in book.sheetnames)
    for wanted in ("Plan lines", "Action steps", "Duties", "Conversations", "Tactics"):
        assert wanted in book.sheetnames
    steps = book["Action steps"]
    header = [c.value for c in steps[1]]
    assert header[:3] == ["Step", "Change it serves", "Owner"]
    assert steps.max_row - 1 == 9
    contents = book["Contents"]
    rows = list(contents.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(book.sheetnames) - 1
    assert ("Action steps", "Action steps", "Put the strategic plan together", 9) in rows
    # a list of another page with the same name gets that page's name after it
    assert sum(1 for n in book.sheetnames if n.startswith("Measures")) == 2


def test_spreadsheet_cells_are_text_never_formulas():
    from openpyxl import load_workbook

    plans = {"compile_strategic_plan": {"action_steps": [{"_id": "s1", "name": "=1+1"}]}}
    book = load_workbook(io.BytesIO(plan_xlsx(from_answers("W", plans))))
    cell = book["Action steps"]["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_the_plan_command_writes_private_files(demo_store, tmp_path, capsys):
    _store, workspace, url = demo_store
    html, xlsx = tmp_path / "plan.html", tmp_path / "lists.xlsx"
    code = main(
        ["plan", "--workspace", workspace.name, "-o", str(html), "--xlsx", str(xlsx), "--db", url]
    )
    assert code == 0
    for path in (html, xlsx):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "Coalition plan" in html.read_text("utf-8")
    assert "wrote" in capsys.readouterr().err


def test_the_plan_command_refuses_a_symlink(demo_store, tmp_path, capsys):
    _store, workspace, url = demo_store
    target = tmp_path / "elsewhere.html"
    target.write_text("keep")
    link = tmp_path / "plan.html"
    link.symlink_to(target)
    code = main(["plan", "--workspace", workspace.id, "-o", str(link), "--db", url])
    assert code == 1 and target.read_text() == "keep"
    assert "symbolic link" in capsys.readouterr().err


@pytest.mark.widget
def test_facilitators_find_the_coalition_plan_among_the_downloads(tmp_path):
    from reentry_workbook import open_workbook
    from tests.widget_tree import PROBLEM, find

    store = open_store(f"sqlite:///{tmp_path / 'wb.db'}")
    wb = open_workbook("compile-strategic-plan", store, demo=True)
    summary = wb.summary()
    find(summary, "rw-make-report").click()
    links = find(summary, "rw-downloads").value
    assert "coalition-plan.html" in links and "all-lists.xlsx" in links
    assert "Coalition plan (all pages)" in links
    assert not PROBLEM.search(links)


@pytest.mark.parametrize(
    ("demo", "shown", "hidden"),
    [(True, "privacy_demo", "privacy"), (False, "privacy", "privacy_demo")],
)
def test_the_privacy_box_agrees_with_the_demo_banner(demo, shown, hidden):
    """A demo plan is made up: its privacy box must not say it names real people."""
    from markupsafe import escape

    from reentry_workbook.messages import catalog

    tr = catalog()
    source = demo_source() if demo else from_answers("Small Coalition", {})
    html = plan_html(build(source, today=TODAY))
    assert escape(tr(f"plan.{shown}")) in html
    assert escape(tr(f"plan.{hidden}")) not in html
