"""cross_grid: the worked example (the buy-in demo, checked by hand), bad input, the views."""

import datetime as dt

from reentry_workbook.demo import demo_context
from reentry_workbook.messages import catalog
from reentry_workbook.model import ViewSpec
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import PageContext, check_spec, parse
from reentry_workbook.views.cross_grid_calc import EMPTY, REMOVED, CellOption, compute

TR = catalog()
CHANGES = {"i1": "Housing navigator", "i2": "MH appointment", "i3": "ID and benefits",
           "i4": "Daytime release"}  # fmt: skip
DECISION_MAKERS = {"dm1": "Commissioner", "dm2": "Sheriff", "dm3": "Judge", "dm4": "Director",
                   "dm5": "Mayor"}  # fmt: skip
PEOPLE = {**DECISION_MAKERS, "net2": "Faith Alliance", "m2": "Chris"}
RESPONSES = {
    "supports": CellOption("Supports it", "#009E73"),
    "supports_if_changed": CellOption("Supports with changes", "#56B4E9"),
    "opposes": CellOption("Opposes it", "#D55E00"),
    "no_reply": CellOption("No answer yet", "#BBBBBB", True),
}
TALKS = [
    {"_id": "t1", "who": "dm2", "improvement": "i2", "when": "2026-10-08",
     "response": "supports_if_changed"},
    {"_id": "t2", "who": "dm1", "improvement": "i1", "when": "2026-10-20", "response": "opposes"},
    {"_id": "t3", "who": "dm1", "improvement": "i1", "when": "2026-11-18", "response": "supports"},
    {"_id": "t4", "who": "dm5", "when": "2026-11-02", "response": "opposes"},
    {"_id": "t5", "who": "net2", "when": "2026-09-30", "response": "supports"},
    {"_id": "t6", "who": "m2", "improvement": "i2", "when": "2026-10-12", "response": "supports"},
    {"_id": "t7", "who": "dm4", "improvement": "i3", "when": "2026-11-10", "response": "no_reply"},
]  # fmt: skip


def grid(records=TALKS):
    return compute(records, TR, row="improvement", column="who", row_labels=CHANGES,
                   column_labels=PEOPLE, cell="response", cell_options=RESPONSES,
                   latest_by="when", row_keys=list(CHANGES), column_keys=list(DECISION_MAKERS),
                   row_empty_label="The whole plan")  # fmt: skip


def test_worked_example_axes_cells_gaps_and_tally():
    """7 links, 6 cells: t3 (18 Nov) hides t2 (20 Oct) in (i1, dm1); i4 and dm3 are gaps;
    shown: supports t3, t5, t6 = 3; with changes 1; opposes t4 = 1; no answer 1."""
    g = grid()
    assert [k.label for k in g.rows] == [*CHANGES.values(), "The whole plan"]
    assert [k.label for k in g.columns] == [*DECISION_MAKERS.values(), "Faith Alliance", "Chris"]
    (latest,) = g.at("i1", "dm1")
    assert (latest.record, latest.label, latest.earlier) == ("t3", "Supports it", 1)
    assert g.at(EMPTY, "dm5")[0].value == "opposes"
    assert sum(1 for v in g.cells.values() if v) == 6
    assert g.row_gaps == ["Daytime release"] and g.column_gaps == ["Judge"]
    assert g.tally == {"supports": 3, "supports_if_changed": 1, "opposes": 1, "no_reply": 1}
    assert g.problems == []


def test_undated_records_count_as_oldest_and_ties_go_to_the_later_entry():
    records = [
        {"_id": "a", "who": "dm1", "improvement": "i1", "response": "supports"},
        {"_id": "b", "who": "dm1", "improvement": "i1", "when": "2026-01-01",
         "response": "opposes"},
        {"_id": "c", "who": "dm2", "improvement": "i1", "when": "2026-01-01",
         "response": "opposes"},
        {"_id": "d", "who": "dm2", "improvement": "i1", "when": "2026-01-01",
         "response": "supports"},
    ]  # fmt: skip
    g = grid(records)
    assert g.at("i1", "dm1")[0].record == "b" and g.at("i1", "dm2")[0].record == "d"


def test_removed_records_an_old_option_and_a_bad_date_are_named():
    records = [
        {"_id": "a", "who": "gone", "improvement": "i1", "response": "supports"},
        {"_id": "b", "who": "dm1", "improvement": "gone-too", "response": "maybe"},
        {"_id": "c", "who": "dm2", "improvement": "i2", "when": "soon", "response": "supports"},
    ]
    g = grid(records)
    assert g.columns[-1].key == REMOVED and g.rows[-1].key == REMOVED
    assert g.at("i1", REMOVED)[0].record == "a"
    assert g.at(REMOVED, "dm1")[0].label == "maybe"
    assert g.problems == [
        "Entry 2 has a value that is no longer an option (maybe); it is shown as typed.",
        "2 links point to entries removed from their lists; they are shown under “(removed "
        "from the list)”. Choose them again or delete the links.",
        "1 entry has a date that cannot be read; it counts as the oldest when the latest answer "
        "is picked.",
    ]


def test_several_picks_put_a_record_in_several_cells_and_no_cell_column_shows_a_tick():
    records = [{"_id": "a", "who": ["dm1", "dm2"], "improvement": "i1"}]
    g = compute(records, TR, row="improvement", column="who", row_labels=CHANGES,
                column_labels=PEOPLE)  # fmt: skip
    assert [e.label for e in g.at("i1", "dm1") + g.at("i1", "dm2")] == ["✓", "✓"]


def test_the_buy_in_grid_on_the_demo_names_who_was_not_approached():
    ctx = demo_context("cultivate_buy_in_to_enact")
    spec = next(s for s in ctx.q.summary if s.view == "cross_grid")
    view, params = parse(spec)
    html = view.render(ctx, params)
    assert "Not yet approached: Judge Alex Example." in html
    assert "No one has been asked about: Release in daytime hours with a warm handoff." in html
    assert "+1 earlier" in html


def test_the_message_grid_names_a_message_no_audience_gets():
    ctx = demo_context("develop_strategic_messaging")
    spec = next(s for s in ctx.q.summary if s.view == "cross_grid")
    view, params = parse(spec)
    html = view.render(ctx, params)
    assert "No audience gets these messages yet: Help starts before the door opens." in html
    empty = view.render(PageContext.of(ctx.q, {}), params)
    assert "Nothing recorded yet." in empty


def test_hostile_names_are_escaped():
    demo = demo_context("develop_strategic_messaging")
    answers = {
        "messages": [{"_id": "m1", "name": "<img src=x onerror=alert(1)>"}],
        "message_plan": [{"_id": "p1", "audience": "demo-net-2", "message": "m1"}],
    }
    ctx = PageContext.of(demo.q, answers, pages=demo.pages, today=dt.date(2026, 11, 29))
    spec = next(s for s in ctx.q.summary if s.view == "cross_grid")
    view, params = parse(spec)
    html = view.render(ctx, params)
    assert "<img" not in html and "&lt;img" in html


def test_check_wants_names_in_gap_sentences():
    q = find_shipped("develop_strategic_messaging")
    spec = ViewSpec(view="cross_grid", table="message_plan", row="audience", column="message",
                    column_gap_text="No names here {who}")  # fmt: skip
    messages = [m for _, m in check_spec(q, spec, ())]
    assert messages == ["the sentence needs {names}, where the missing names go"]
