"""The planning workbook without a browser: sections, live pictures, resume, add-to-plan."""

import pytest

from reentry_workbook import open_store, planning_workbook
from reentry_workbook.demo import DEMO_WORKSPACE

pytestmark = pytest.mark.widget
TEMPLATE = "identify-community-members-and-networks"


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'wb.db'}")


def _all_sections(wb):
    return [wb.header()] + [wb.step(s.id) for s in wb.q.steps] + [wb.summary()]


def test_start_panel_then_sections_fill(store):
    wb = planning_workbook(TEMPLATE, store)
    sections = _all_sections(wb)
    assert "Start above" in sections[1].children[0].value
    wb.panel.workspace_input.value = "Test Coalition"
    wb.panel.respondent_input.value = "Facilitator"
    wb.panel.start_button.click()
    assert wb.session.workspace == "Test Coalition"
    form = wb.forms["networks"]
    assert form.only_step == "networks"
    assert "Saved" not in wb.autosaver.status.value


def test_answers_are_saved_and_resumed(store):
    wb = planning_workbook(TEMPLATE, store, "Test Coalition", "Facilitator")
    _all_sections(wb)
    table = wb.forms["networks"].field("networks").input
    table.add()
    table.cells["name"].widget.value = "Fictional Food Bank <script>x</script>"
    table.cells["support"].widget.value = "active_ally"
    wb.forms["networks"].field("q_networks_found").input.widget.value = "partly"
    assert "✓ Saved" in wb.autosaver.status.value
    again = planning_workbook(TEMPLATE, store, "Test Coalition", "Facilitator")
    _all_sections(again)
    restored = again.forms["networks"].value
    assert restored["q_networks_found"] == "partly"
    assert restored["networks"][0]["name"] == "Fictional Food Bank <script>x</script>"
    assert restored["networks"][0]["support"] == "active_ally"


def test_demo_fills_every_picture(store):
    wb = planning_workbook(TEMPLATE, store, demo=True)
    sections = _all_sections(wb)
    assert wb.session.workspace == DEMO_WORKSPACE
    prompts = wb.step("representation").children[2].value
    assert "No community member on the list yet for: Veterans, People without stable" in prompts
    assert "No network yet reaches" in prompts
    network = wb.step("influence_map").children[-1].value
    assert "<svg" in network and "Commissioner Pat Placeholder" in network
    ranking = wb.ranking()
    assert ranking.iloc[0]["priority"] >= ranking.iloc[-1]["priority"]
    summary = sections[-1]
    assert "Where the coalition stands (8 respondent(s))" in summary.children[1].value


def test_add_top_five_to_plan_is_saved(store):
    wb = planning_workbook(TEMPLATE, store, demo=True)
    _all_sections(wb)
    before = len(wb.answers["outreach_plan"])
    add = wb.step("outreach").children[-1].children[0]
    add.click()
    plan = wb.answers["outreach_plan"]
    assert len(plan) > before and all(p["_id"] for p in plan)
    saved = store.load_answers(wb.session.response_id)["outreach_plan"]
    assert [p["target"] for p in saved] == [p["target"] for p in plan]
    assert wb.forms["outreach"].field("outreach_plan").input.records[-1]["status"] == "planned"
    add.click()  # a second click adds nothing new
    assert len(wb.answers["outreach_plan"]) == len(plan)


def test_report_and_downloads(store):
    wb = planning_workbook(TEMPLATE, store, demo=True)
    sections = _all_sections(wb)
    summary = sections[-1]
    summary.children[2].children[1].click()
    links = summary.children[3].value
    for name in ("report.html", "lists.xlsx", "answers.json", "networks.csv"):
        assert name in links


def test_demo_never_enters_a_real_workspace(store):
    planning_workbook(TEMPLATE, store, DEMO_WORKSPACE, "Someone")  # real use of that name first
    wb = planning_workbook(TEMPLATE, store, demo=True)
    assert wb.session is None
    assert "never mix" in wb.panel.notice.value
