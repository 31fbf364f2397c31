"""The reentry map grid: a worked example checked by hand, awkward lists, and the view on the
map page and (reading the map page's lists) on the opportunities page."""

from __future__ import annotations

import re

from reentry_workbook.demo import demo_context
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import VIEWS, PageContext, parse
from reentry_workbook.views.reentry_map_grid_calc import UNKNOWN_COLOUR, compute_map_grid

LINKS = [
    {
        "value": "linked",
        "label": "Linked: most",
        "short": "Linked",
        "score": 2,
        "colour": "#009E73",
    },
    {"value": "partial", "label": "Partial", "short": "Partial", "score": 1, "colour": "#E69F00"},
    {
        "value": "none",
        "label": "Nothing happens",
        "short": "No link",
        "score": 0,
        "colour": "#D55E00",
    },
    {"value": "not_relevant", "label": "Not relevant", "colour": "#BBBBBB"},
    {"value": "unknown", "label": "We do not know", "short": "Not known", "knowledge_gap": True},
]
BASIS = [
    {"value": "data", "label": "Figures"},
    {"value": "practice", "label": "Staff told us"},
    {"value": "guess", "label": "Our best guess", "knowledge_gap": True},
]
COMPLETENESS = [
    {"value": "complete", "label": "Complete", "score": 3, "colour": "#009E73"},
    {"value": "mostly", "label": "Mostly", "score": 2, "colour": "#56B4E9"},
    {"value": "patchy", "label": "Patchy", "score": 1, "colour": "#E69F00"},
    {"value": "not_collected", "label": "Not recorded", "score": 0, "colour": "#D55E00"},
    {"value": "unknown", "label": "Not sure", "knowledge_gap": True},
]
ROWS = [  # list order differs from the order decisions happen in
    {"_id": "booking", "name": "Booking", "sequence": 2},
    {"_id": "release", "name": "Release from jail", "sequence": 6},
    {"_id": "in_jail", "name": "Time in jail", "sequence": 4},
]
COLUMNS = [{"_id": "housing", "name": "Housing"}, {"_id": "mental", "name": "Mental health"}]
CELLS = [
    {"_id": "c1", "decision_point": "booking", "service_system": "housing", "link": "none",
     "basis": "practice", "what_happens": "  Nobody asks where the person will sleep.  "},
    {"_id": "c2", "decision_point": "booking", "service_system": "mental", "link": "partial",
     "basis": "data"},
    {"_id": "c3", "decision_point": "in_jail", "service_system": "mental", "link": "linked",
     "basis": "data"},
    {"_id": "c4", "decision_point": "release", "service_system": "housing", "link": "none",
     "basis": "guess"},
    {"_id": "c5", "decision_point": "release", "service_system": "mental", "link": "unknown"},
    {"_id": "c6", "decision_point": "booking", "service_system": "housing", "link": "partial",
     "basis": "data"},
    {"_id": "c7", "decision_point": "gone", "service_system": "housing", "link": "linked"},
]  # fmt: skip
SOURCES = [
    {"_id": "d1", "decision_point": "booking", "completeness": "mostly"},
    {"_id": "d2", "decision_point": "booking", "completeness": "complete"},
    {"_id": "d3", "decision_point": "release", "completeness": "patchy"},
]


def grid(**changes):
    args = dict(
        value_options=LINKS,
        row_label="name",
        column_label="name",
        cell_row="decision_point",
        cell_column="service_system",
        cell_value="link",
        info_row="decision_point",
        info_value="completeness",
        row_order="sequence",
        cell_note="what_happens",
        cell_basis="basis",
        basis_options=BASIS,
        info_records=SOURCES,
        info_options=COMPLETENESS,
    )
    args.update(changes)
    rows, columns = args.pop("rows", ROWS), args.pop("columns", COLUMNS)
    return compute_map_grid(rows, columns, args.pop("cells", CELLS), **args)


def states(result):
    return [[cell.state for cell in row.cells] for row in result.rows]


# ----- the worked example, checked by hand ----------------------------------------------------
# Squares 3 × 2 = 6: known 3 (both of Booking, Time in jail × Mental health), a best guess 1
# (Release × Housing), not known 1, not discussed 1; 3 of 6 = 50 %. Squares not known or not
# discussed per row: Booking 0, Time in jail 1, Release 1: two rows tie for most.
def test_rows_follow_the_order_decisions_happen_in():
    assert [row.label for row in grid().rows] == ["Booking", "Time in jail", "Release from jail"]
    assert grid().columns == (("housing", "Housing"), ("mental", "Mental health"))


def test_square_states():
    assert states(grid()) == [
        ["known", "known"],
        ["not_discussed", "known"],
        ["assumed", "unknown"],
    ]


def test_square_contents():
    booking_housing = grid().rows[0].cells[0]
    assert booking_housing.label == "No link" and booking_housing.colour == "#D55E00"
    assert booking_housing.note == "Nobody asks where the person will sleep."
    assert booking_housing.entry_ids == ("c1", "c6") and booking_housing.duplicate
    empty = grid().rows[1].cells[0]
    assert (empty.label, empty.value) == ("Not discussed yet", None)
    unknown = grid().rows[2].cells[1]
    assert (unknown.label, unknown.colour) == ("Not known", UNKNOWN_COLOUR)


def test_counts_and_legend():
    result = grid()
    assert (result.total_cells, result.known, result.assumed) == (6, 3, 1)
    assert (result.unknown, result.not_discussed) == (1, 1)
    assert [(e.label, e.count) for e in result.legend] == [
        ("Linked", 1),
        ("Partial", 1),
        ("No link", 2),
        ("Not relevant", 0),
    ]
    assert [(r.known, r.assumed, r.unknown) for r in result.rows] == [
        (2, 0, 0),
        (1, 0, 1),
        (0, 1, 1),
    ]


def test_sentence():
    assert grid().sentence == (
        "The coalition knows how 3 of 6 meeting points work (50%); 1 more rests on a best guess; "
        "2 are not known or not discussed yet. Most gaps: Time in jail and Release from jail "
        "(1 of 2 each)."
    )


def test_messages_for_duplicates_and_removed_rows():
    assert grid().messages == (
        "Booking × Housing has 2 entries; the grid shows the first. Merge them into one.",
        "1 entry points to a decision point or service system that is no longer on the list; "
        "it is left off the grid.",
    )


def test_side_column_from_the_data_inventory():
    info = [row.info for row in grid().rows]
    assert [(i.label, i.sources) for i in info] == [
        ("Complete", 2),
        ("No data listed", 0),
        ("Patchy", 1),
    ]
    assert info[1].value is None


# ----- awkward lists --------------------------------------------------------------------------
def test_side_column_when_every_source_is_unknown():
    only = [{"_id": "d", "decision_point": "booking", "completeness": "unknown"}]
    result = grid(info_records=only)
    assert (result.rows[0].info.label, result.rows[0].info.sources) == ("Not known", 1)


def test_no_side_column_without_an_inventory():
    assert all(row.info is None for row in grid(info_records=None).rows)


def test_without_a_basis_column_nothing_is_a_guess():
    result = grid(cell_basis=None)
    assert result.assumed == 0 and result.known == 4


def test_an_answer_that_is_no_option_counts_as_not_known():
    cells = [
        {"_id": "x", "decision_point": "booking", "service_system": "housing", "link": "maybe"}
    ]
    cell = grid(cells=cells).rows[0].cells[0]
    assert (cell.state, cell.label) == ("unknown", "Not known")


def test_rows_without_an_order_come_last_in_list_order():
    rows = [
        {"_id": "a", "name": "A"},
        {"_id": "b", "name": "B", "sequence": 5},
        {"_id": "c", "name": "C"},
    ]
    assert [row.label for row in grid(rows=rows, cells=[]).rows] == ["B", "A", "C"]


def test_empty_map():
    assert grid(rows=[], columns=[], cells=[]).sentence == (
        "Add decision points and service systems to draw the map."
    )
    assert grid(rows=[], cells=[]).sentence == "Add decision points to draw the map."
    assert grid(columns=[], cells=[]).sentence == "Add service systems to draw the map."
    result = grid(cells=[])
    assert result.not_discussed == 6
    assert result.sentence == (
        "The coalition knows how 0 of 6 meeting points work (0%); "
        "6 are not known or not discussed yet."
    )


def test_unnamed_rows_are_labelled():
    assert grid(rows=[{"_id": "a", "name": "  "}], cells=[]).rows[0].label == "(unnamed)"


def test_two_removed_entries_are_counted_together():
    cells = [
        {"_id": "x", "decision_point": "gone", "service_system": "housing", "link": "none"},
        {"_id": "y", "decision_point": "booking", "service_system": "gone", "link": "none"},
    ]
    assert grid(cells=cells).messages == (
        "2 entries point to a decision point or service system that is no longer on the list; "
        "they are left off the grid.",
    )


# ----- the view on its pages ------------------------------------------------------------------
def _spec(page: str):
    q = find_shipped(page)
    spec = next(s for st in q.steps for s in st.show if s.view == "reentry_map_grid")
    return q, *parse(spec)


def test_the_demo_map():
    q, view, params = _spec("reentry_map")
    html = view.render(demo_context("reentry_map"), params)
    assert (
        "The coalition knows how 22 of 56 meeting points work (39%); 4 more rest on a best "
        "guess; 30 are not known or not discussed yet. Most gaps: Probation violation hearing "
        "(7 of 7)."
    ) in html
    assert "Best data held" in html and "Complete · 2 sources" in html
    assert html.count("rw-map-assumed") == 4
    assert "Nobody asks where the person will sleep after release." in html  # notes listed
    # every square says its state in words, not colour alone
    squares = re.findall(r"<td class=\"rw-map-sq[^>]*>([^<]*)", html)
    assert len(squares) == 56 and all(s.strip() for s in squares)


def test_the_opportunities_page_draws_the_map_pages_lists():
    q, view, params = _spec("opportunities_for_improvement")
    assert view.reads(q, params) == frozenset()  # another page's lists
    html = view.render(demo_context("opportunities_for_improvement"), params)
    assert "22 of 56 meeting points" in html and "Best data held" not in html


def test_people_s_words_are_escaped():
    q, view, params = _spec("reentry_map")
    answers = {
        "decision_points": [{"_id": "r", "name": "<b>Booking</b>"}],
        "service_systems": [{"_id": "c", "name": "Housing & <i>shelter</i>"}],
        "map_cells": [{"_id": "x", "decision_point": "r", "service_system": "c", "link": "none",
                       "what_happens": "<script>alert(1)</script>"}],
    }  # fmt: skip
    html = view.render(PageContext.of(q, answers), params)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_check_wants_squares_that_pick_from_the_rows_and_columns():
    q, view, params = _spec("reentry_map")
    assert list(VIEWS["reentry_map_grid"].check(q, params)) == []
    swapped = params.model_copy(update={"cell_row": "service_system"})
    (finding,) = VIEWS["reentry_map_grid"].check(q, swapped)
    assert finding[0] == ("cell_row",) and "must pick from 'decision_points'" in finding[1]
