"""Every shipped page, tested the same way: a new page is covered by adding its YAML."""

import re

import pytest

from reentry_workbook import open_store
from reentry_workbook.demo import demo_context, demo_paths, load_demo, read_demo
from reentry_workbook.report import report_html
from reentry_workbook.templates import check_paths, load_template, template_paths
from reentry_workbook.views import PageContext, parse

PAGES = template_paths()
PROBLEM = re.compile(r"""class=['"][^'"]*rw-problem""")


def _specs(q):
    for step in q.steps:
        yield from step.show
    yield from q.summary
    yield from q.report or ()
    yield from q.coalition_plan.views or ()


def test_every_page_and_every_reference_between_pages_passes_check():
    assert check_paths(PAGES) == []


def test_every_page_has_fictional_demo_data():
    demos = {read_demo(p).page for p in demo_paths()}
    assert {load_template(p).id for p in PAGES} <= demos


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_page_cites_its_toolkit_page_and_says_what_it_designed(path):
    q = load_template(path)
    assert q.source.url.startswith("https://nationalreentryresourcecenter.org/")
    assert q.steps and all(step.items for step in q.steps)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
@pytest.mark.parametrize("data", ["demo", "empty"])
def test_every_declared_view_renders_without_a_problem(path, data):
    q = load_template(path)
    ctx = demo_context(q.id) if data == "demo" else PageContext.of(q, {})
    for spec in _specs(q):
        view, params = parse(spec)
        html = view.render(ctx, params)
        assert not PROBLEM.search(html), f"{spec.view}: {html[:300]}"
        if view.messages is not None:
            view.messages(ctx, params)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_the_report_renders_with_the_demo(path):
    q = load_template(path)
    html = report_html(demo_context(q.id), "Riverbend County Reentry Coalition (demo)")
    assert q.title in html.replace("&#39;", "'").replace("&amp;", "&")
    assert "could not be prepared" not in html


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    workspace = load_demo(store)
    yield store, workspace
    store.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_each_page_survives_export_and_import(path, demo_store, tmp_path):
    from reentry_workbook.exchange import export_text, import_export, parse_export
    from reentry_workbook.store.frames import plan_answers

    store, workspace = demo_store
    q = load_template(path)
    text = export_text(store, workspace.id)
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    import_export(other, parse_export(text))
    assert plan_answers(other, workspace.id, q.id) == plan_answers(store, workspace.id, q.id)
    assert export_text(other, workspace.id) == text
