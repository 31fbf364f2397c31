"""Rounds (a new round takes the answers from then on; round_change compares them) and exports
(totals by default, or answers under pseudonyms; small cells left out of both)."""

from __future__ import annotations

import csv
import io

import pytest

from reentry_workbook.store import open_store
from reentry_workbook.templates import load_shipped
from reentry_workbook.views import VIEWS, PageContext
from reentry_workbook.workshop import data
from reentry_workbook.workshop.dashboard import Dashboard, open_dashboard
from reentry_workbook.workshop.export import export_csv
from reentry_workbook.workshop.room import Room
from reentry_workbook.workshop.rounds import current_round, start_round

Q = load_shipped("identify-community-members-and-networks")
STATUS = "q_decision_makers_named"
OTHER = "q_networks_found"


@pytest.fixture
def shop(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    created = store.create_workspace("Riverside Reentry")
    yield store, created.workspace.id, Room(store, [Q], 20), created.facilitator_key
    store.close()


def people(room, ws, names):
    return [room.join(ws, name)[0] for name in names]


def save(room, ws, person, item, value):
    assert room.save(ws, person, Q, item, value, None).status == "saved"


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_a_new_round_takes_the_answers_from_then_on(shop):
    store, ws, room, _key = shop
    (ana,) = people(room, ws, ["Ana"])
    save(room, ws, ana, STATUS, "not_yet")
    assert current_round(store, ws, Q.id) == 1
    assert start_round(store, ws, Q.id, Q.version) == 2
    save(room, ws, ana, STATUS, "yes")
    frame = data.all_rounds(store, ws, Q.id)
    got = {(r.round, r.value) for r in frame.itertuples() if r.item_id == STATUS}
    assert got == {(1, "not_yet"), (2, "yes")}
    answers, _, rnd = room.answers(ws, ana, Q)
    assert rnd == 2 and answers[STATUS] == "yes"
    # the round's holder is not counted and is nobody the room sees
    assert [p.name for p in data.joined(store, ws, Q.id, 2)] == ["Ana"]


def test_round_change_compares_rounds_and_hides_small_groups(shop):
    store, ws, room, _key = shop
    everyone = people(room, ws, ["Ana", "Bo", "Cy"])
    for p in everyone:
        save(room, ws, p, STATUS, "not_yet")
    start_round(store, ws, Q.id, Q.version)
    for p in everyone:
        save(room, ws, p, STATUS, "yes")
    frame = data.all_rounds(store, ws, Q.id).rename(columns={"person_id": "respondent"})
    view = VIEWS["round_change"]
    ctx = PageContext(Q, {}, group_frame=lambda: frame, round=2)
    html = view.render(ctx, view.params())
    assert "Round 1 and round 2 compared" in html and "↑ up" in html
    few = frame[frame["respondent"] != everyone[0].id]
    ctx = PageContext(Q, {}, group_frame=lambda: few, round=2)
    assert "Fewer than 3 people" in view.render(ctx, view.params())
    ctx = PageContext(Q, {}, group_frame=lambda: frame, round=1)
    assert "Nothing to compare yet" in view.render(ctx, view.params())


def test_totals_leave_out_small_groups(shop):
    store, ws, room, _key = shop
    everyone = people(room, ws, ["Ana", "Bo", "Cy"])
    for p in everyone:
        save(room, ws, p, STATUS, "yes")
    save(room, ws, everyone[0], OTHER, "partly")
    table = rows(export_csv(Q, data.answers(store, ws, Q.id, 1), [1]))
    mine = [r for r in table if r[1] == Q.item(STATUS).prompt]
    assert ["1", Q.item(STATUS).prompt, "", "Yes", "3", "100.0"] in mine
    other = [r for r in table if r[1] == Q.item(OTHER).prompt]
    assert other == [["1", Q.item(OTHER).prompt, "", "fewer than 3 answers: not shown", "", ""]]
    assert not any(cell in ("Ana", "Bo", "Cy") for r in table for cell in r)


def test_pseudonyms_never_name_people_and_leave_out_small_groups(shop):
    store, ws, room, _key = shop
    everyone = people(room, ws, ["Ana", "Bo", "Cy"])
    for p, value in zip(everyone, ("yes", "partly", "yes"), strict=True):
        save(room, ws, p, STATUS, value)
    save(room, ws, everyone[0], OTHER, "partly")
    table = rows(export_csv(Q, data.answers(store, ws, Q.id, 1), [1], "pseudonyms"))
    assert table[0] == ["Round", "Person", "Question", "Statement", "Answer"]
    assert [r[1] for r in table[1:]] == ["Person 1", "Person 2", "Person 3"]
    assert sorted(r[4] for r in table[1:]) == ["Partly", "Yes", "Yes"]
    assert all(r[2] == Q.item(STATUS).prompt for r in table[1:])  # OTHER has one answer
    assert not any(name in str(table) for name in ("Ana", "Bo", "Cy"))


def test_the_dashboard_starts_rounds_and_offers_both_exports(shop):
    store, ws, room, key = shop
    everyone = people(room, ws, ["Ana", "Bo", "Cy"])
    for p in everyone:
        save(room, ws, p, STATUS, "not_yet")
    board = open_dashboard(Q.id, store, key)
    assert isinstance(board, Dashboard)
    assert "Totals only" in board.export_html.value and "pseudonyms" in board.export_html.value
    assert "Round 1" in board.round_label.value
    board.next_round()
    assert "Round 2" in board.round_label.value and "Round 2 has started" in board.status.value
    assert "(0 so far" in board.results_html.value
    for p in everyone:
        save(room, ws, p, STATUS, "yes")
    board.refresh()
    board.compare.value = 1
    assert "↑ up" in board.change_html.value
