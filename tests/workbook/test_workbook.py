"""The generic workbook without a browser: sections from the template, one shared answer state,
the plan shared by the workspace, views that repaint on their own items and fail alone."""

import dataclasses

import pytest

from reentry_workbook import open_store, open_workbook
from reentry_workbook.demo import DEMO_WORKSPACE
from reentry_workbook.store import Author
from reentry_workbook.templates import load_template
from reentry_workbook.views import VIEWS
from tests.widget_tree import PROBLEM, find, find_all, html_of

pytestmark = pytest.mark.widget
TEMPLATE = "identify-community-members-and-networks"


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'wb.db'}")


def _all_sections(wb):
    return [wb.header()] + [wb.step(s.id) for s in wb.q.steps] + [wb.summary()]


def test_start_panel_then_sections_fill(store):
    wb = open_workbook(TEMPLATE, store)
    sections = _all_sections(wb)
    assert "Start above" in html_of(sections[1])
    wb.panel.workspace_input.value = "Test Coalition"
    wb.panel.respondent_input.value = "Facilitator"
    wb.panel.start_button.click()
    assert wb.session.workspace == "Test Coalition"
    assert wb.forms["networks"].only_step == "networks"
    assert find_all(sections[2], "rw-view-list-summary")


def test_the_plan_belongs_to_the_workspace_and_statuses_to_each_person(store):
    wb = open_workbook(TEMPLATE, store, "Test Coalition", "Dana Whitfield")
    _all_sections(wb)
    table = wb.forms["networks"].field("networks").input
    table.add()
    table.cells["name"].widget.value = "Fictional Food Bank <script>x</script>"
    wb.forms["networks"].field("q_networks_found").input.widget.value = "partly"
    assert "✓ Saved" in wb.autosaver.status.value
    other = open_workbook(
        TEMPLATE, store, "Test Coalition", "Dana"
    )  # a co-facilitator, another name
    _all_sections(other)
    assert other.answers["networks"][0]["name"] == "Fictional Food Bank <script>x</script>"
    assert "q_networks_found" not in other.answers  # Dana Whitfield's own status answer
    again = open_workbook(TEMPLATE, store, "Test Coalition", "Dana Whitfield")
    _all_sections(again)
    assert again.answers["q_networks_found"] == "partly"


def test_demo_every_view_renders_without_a_problem_note(store):
    wb = open_workbook(TEMPLATE, store, demo=True)
    sections = _all_sections(wb)
    assert wb.session.workspace == DEMO_WORKSPACE
    page = "".join(html_of(s) for s in sections)
    assert not PROBLEM.search(page)
    assert len(wb.slots) == sum(len(s.show) for s in wb.q.steps) + len(wb.q.summary)
    gaps = html_of(find(wb.step("representation"), "rw-view-gap-sentences"))
    assert "Veterans" in gaps
    assert "<svg" in html_of(wb.step("who_sways_whom")) and "Commissioner Pat Placeholder" in page
    # the facilitator is not counted as a respondent
    assert "Where the coalition stands (7 people answered)" in html_of(wb.summary())


def test_add_top_five_to_plan_is_saved(store):
    wb = open_workbook(TEMPLATE, store, demo=True)
    _all_sections(wb)
    before = len(wb.answers["outreach_plan"])
    add = find(wb.step("outreach"), "rw-action-add-top")
    add.click()
    plan = wb.answers["outreach_plan"]
    assert len(plan) > before and all(p["_id"] for p in plan)
    saved = store.load_answers(wb.session.plan_id)["outreach_plan"]
    assert [p["approach"] for p in saved] == [p["approach"] for p in plan]
    assert wb.forms["outreach"].field("outreach_plan").input.records[-1]["progress"] == "planned"
    add.click()  # a second click adds nothing new
    assert len(wb.answers["outreach_plan"]) == len(plan)


def test_report_and_downloads(store):
    wb = open_workbook(TEMPLATE, store, demo=True)
    _all_sections(wb)
    find(wb.summary(), "rw-make-report").click()
    links = find(wb.summary(), "rw-downloads").value
    for name in ("report.html", "lists.xlsx", "answers.json", "networks.csv"):
        assert name in links
    assert not PROBLEM.search(links)


def test_demo_never_enters_or_reveals_a_real_workspace(store):
    real = open_workbook(TEMPLATE, store, DEMO_WORKSPACE, "Someone")  # a real one, same name
    _all_sections(real)
    real.forms["next_steps"].field("next_steps").input.widget.value = "Real plans"
    wb = open_workbook(TEMPLATE, store, demo=True)
    _all_sections(wb)
    assert wb.session.is_demo and wb.session.workspace_id != real.session.workspace_id
    assert "Real plans" not in str(wb.answers)
    assert store.load_answers(real.session.plan_id)["next_steps"] == "Real plans"


CROSS_STEP = """
schema_version: 2
id: cross_step
title: Cross-step condition
source: {part: 1, section: Test, page: Test, url: "https://example.org/t"}
steps:
  - id: one
    title: One
    items:
      - {id: ready, kind: status, prompt: Ready?, audience: both}
      - {id: plan_note, kind: long_text, prompt: A note for the plan}
  - id: two
    title: Two
    items:
      - {id: why, kind: long_text, prompt: Why not?, audience: both,
         visible_if: {item: ready, one_of: [not_yet]}}
    show:
      - {view: text_answer, item: plan_note}
"""


@pytest.fixture
def cross_step(tmp_path):
    path = tmp_path / "cross.yaml"
    path.write_text(CROSS_STEP, encoding="utf-8")
    return load_template(path)


def test_a_condition_on_an_earlier_step_updates_live(store, cross_step):
    wb = open_workbook(cross_step, store, "W", "P")
    _all_sections(wb)
    why = wb.forms["two"].field("why")
    assert why.box.layout.display == "none"
    wb.forms["one"].field("ready").input.widget.value = "not_yet"
    assert why.box.layout.display is None
    why.input.widget.value = "Not enough people"
    assert wb.answers["why"] == "Not enough people"
    wb.forms["one"].field("ready").input.widget.value = "yes"  # hides it again
    assert why.box.layout.display == "none"
    assert "why" not in wb.answers
    saved = store.load_answers(wb.session.mine_id)
    assert "why" not in saved  # not current any more ...
    assert [h["value"] for h in store.history(wb.session.mine_id) if h["item_id"] == "why"] == [
        "Not enough people",
        None,
    ]  # ... but kept in history


def test_views_repaint_only_when_what_they_read_changes(store, cross_step):
    wb = open_workbook(cross_step, store, "W", "P")
    _all_sections(wb)
    slot = wb.slots[0]
    painted = []
    original = slot.paint
    slot.paint = lambda ctx, *rest: (painted.append(1), original(ctx, *rest))
    wb.forms["one"].field("ready").input.widget.value = "yes"
    assert painted == []
    wb.repaint(now=True)  # what the debounce timer calls in a kernel: still nothing to redraw
    assert painted == []
    wb.forms["one"].field("plan_note").input.widget.value = "Call the sheriff"
    assert painted == [1] and "Call the sheriff" in slot.body.value


def test_a_failing_view_says_why_and_the_answer_is_still_saved(store, cross_step, monkeypatch):
    def broken(ctx, params):
        raise RuntimeError("the picture broke <b>")

    monkeypatch.setitem(
        VIEWS, "text_answer", dataclasses.replace(VIEWS["text_answer"], render=broken)
    )
    wb = open_workbook(cross_step, store, "W", "P")
    _all_sections(wb)
    wb.forms["one"].field("plan_note").input.widget.value = "Kept"
    body = wb.slots[0].body.value
    assert PROBLEM.search(body) and "the picture broke &lt;b&gt;" in body
    assert store.load_answers(wb.session.plan_id) == {"plan_note": "Kept"}


def test_answers_from_an_older_template_are_left_out_with_a_note_not_a_crash(store):
    from reentry_workbook.store import SetAnswer

    wb = open_workbook(TEMPLATE, store, "Old Coalition", "Facilitator")
    _all_sections(wb)
    old = store.join(wb.session.workspace_id, "Member from before", "participant")
    response = store.personal_response(wb.session.workspace_id, old.id, wb.q.id, "1.0")
    store.save(
        [
            SetAnswer(
                response, "q_networks_found", ["a", "list", "where", "a", "status", "is"], None
            ),
            SetAnswer(response, "q_representative", "partly", None),
            SetAnswer(response, "a_question_since_removed", "kept", None),
        ],
        Author("old", None),
    )
    mine = wb.session.mine_id
    store.save([SetAnswer(mine, "q_networks_engaged", {"not": "a status"}, None)], Author("me"))
    again = open_workbook(TEMPLATE, store, "Old Coalition", "Facilitator")
    sections = _all_sections(again)
    page = "".join(html_of(s) for s in sections)
    assert not PROBLEM.search(page)  # the group figures still work
    assert "1 saved answers no longer fit" in html_of(again.header())
    assert "Where the coalition stands (1 person answered)" in html_of(again.summary())


def test_a_list_keeps_its_records_when_one_cell_no_longer_fits():
    from reentry_workbook.answers import known_answers
    from reentry_workbook.templates import load_shipped

    q = load_shipped(TEMPLATE)
    saved = {
        "networks": [
            {"_id": "a", "name": "Kept", "sway": 9},  # a scale of 1-5: 9 no longer fits
            {"_id": "b", "name": "Also kept", "sway": 4},
        ]
    }
    assert known_answers(q, saved)["networks"] == [
        {"_id": "a", "name": "Kept"},
        {"_id": "b", "name": "Also kept", "sway": 4},
    ]
