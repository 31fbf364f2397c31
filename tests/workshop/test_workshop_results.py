"""Workshop results: aggregation per question, the small-group threshold, disagreement flags,
and the dashboard that shows them (names and individual answers hidden by default)."""

from __future__ import annotations

import pytest

from reentry_workbook.store import open_store
from reentry_workbook.templates import load_shipped
from reentry_workbook.workshop import data
from reentry_workbook.workshop.dashboard import Dashboard, open_dashboard
from reentry_workbook.workshop.results import aggregate, finished
from reentry_workbook.workshop.room import Room, asked_items

Q = load_shipped("identify-community-members-and-networks")
STATUS = "q_decision_makers_named"


@pytest.fixture
def shop(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    created = store.create_workspace("Riverside Reentry")
    room = Room(store, [Q], 20)
    yield store, created, room
    store.close()


def answer(room, ws_id, name, item, value):
    person, _ = room.join(ws_id, name)
    saved = room.save(ws_id, person, Q, item, value, None)
    assert saved.status == "saved", saved
    return person


def results(store, ws_id):
    return aggregate(Q, data.answers(store, ws_id, Q.id, 1), 1)


def test_fewer_than_three_answers_show_no_distribution(shop):
    store, created, room = shop
    ws = created.workspace.id
    answer(room, ws, "Ana", STATUS, "yes")
    answer(room, ws, "Bo", STATUS, "not_yet")
    slot = results(store, ws).item(STATUS).slots[0]
    assert slot.waiting and slot.bars == () and not slot.disagreement and slot.n == 2


def test_three_answers_show_the_distribution_and_the_disagreement(shop):
    store, created, room = shop
    ws = created.workspace.id
    for name, value in (("Ana", "yes"), ("Bo", "not_yet"), ("Cy", "yes")):
        answer(room, ws, name, STATUS, value)
    slot = results(store, ws).item(STATUS).slots[0]
    assert not slot.waiting and slot.n == 3
    counts = {b.label: b.count for b in slot.bars}
    assert counts["Yes"] == 2 and counts["Not yet"] == 1
    assert sum(b.share for b in slot.bars) == pytest.approx(100)
    assert slot.disagreement  # yes and not yet are far apart on the status scale


def test_agreement_is_not_flagged(shop):
    store, created, room = shop
    ws = created.workspace.id
    for name in ("Ana", "Bo", "Cy"):
        answer(room, ws, name, STATUS, "yes")
    assert not results(store, ws).item(STATUS).slots[0].disagreement


def test_a_matrix_is_one_slot_per_statement(shop):
    store, created, room = shop
    ws = created.workspace.id
    matrix = next(i for i in asked_items(Q) if i.kind == "matrix")
    result = results(store, ws).item(matrix.id)
    assert all(s.waiting for s in result.slots)


def test_finished_means_every_question_shown_answered(shop):
    store, created, room = shop
    ws = created.workspace.id
    person, _ = room.join(ws, "Ana")
    items = [i for i in asked_items(Q) if i.kind in ("status", "matrix")]
    assert len(items) == len(asked_items(Q))  # this page asks statuses and one matrix
    for item in items[:-1]:
        value = {item.rows[0].id: 3} if item.kind == "matrix" else "yes"
        assert room.save(ws, person, Q, item.id, value, None).status == "saved"
    assert finished(Q, data.answers(store, ws, Q.id, 1), 1) == set()
    last = items[-1]
    value = {last.rows[0].id: 3} if last.kind == "matrix" else "yes"
    assert room.save(ws, person, Q, last.id, value, None).status == "saved"
    assert finished(Q, data.answers(store, ws, Q.id, 1), 1) == {person.id}


def test_the_dashboard_needs_a_facilitator_key(shop):
    store, created, _room = shop
    for key in (None, "wrong", created.participant_key):
        found = open_dashboard(Q.id, store, key)
        assert not isinstance(found, Dashboard)
        assert "does not open a workshop" in found.value
        assert "Riverside" not in found.value


def test_the_dashboard_shows_live_results_and_hides_people_by_default(shop):
    store, created, room = shop
    ws = created.workspace.id
    board = open_dashboard(Q.id, store, created.facilitator_key)
    assert isinstance(board, Dashboard)
    answer(room, ws, "Ana <b>", STATUS, "yes")
    answer(room, ws, "Bo", STATUS, "not_yet")
    board.refresh()
    assert "Waiting for more answers (2 so far" in board.results_html.value
    answer(room, ws, "Cy", STATUS, "yes")
    board.refresh()
    html = board.results_html.value
    assert "Views differ" in html and 'data-flag="disagreement"' in html
    assert "3 answers" in html
    assert "Ana" not in html and "Ana" not in board.join.value
    assert board.people_html.value == "" and board.answers_html.value == ""
    assert "3 joined" in board.join.value
    board.show_names.value = True
    assert "Ana &lt;b&gt;" in board.people_html.value and "<b>" not in board.people_html.value
    board.show_answers.value = True
    assert "Not yet" in board.answers_html.value
    board.projector.value = True
    assert "Question 1 of" in board.results_html.value
    assert board.people_html.value == "" and board.answers_html.value == ""
    board.turn(1)
    assert "Question 2 of" in board.results_html.value
