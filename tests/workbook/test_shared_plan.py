"""One plan, several people: both additions kept, the same field edited twice is a visible
choice, and a page takes in what others saved without losing what is being typed."""

import pytest

from reentry_workbook import open_store, open_workbook
from reentry_workbook.workbook.merge import diff, rebase
from tests.widget_tree import find, find_all

pytestmark = pytest.mark.widget
TEMPLATE = "identify-community-members-and-networks"


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'plan.db'}")


def _open(store, name):
    wb = open_workbook(TEMPLATE, store, "Riverbend", name)
    wb.header()
    for step in wb.q.steps:
        wb.step(step.id)
    wb.summary()
    return wb


def _add_priority(wb, text):
    table = wb.forms["decision_makers"].field("priorities").input
    table.add()
    table.cells["priority"].widget.value = text
    table.close_editor()


def test_two_tabs_each_add_a_record_and_both_are_kept(store):
    tab_a, tab_b = _open(store, "Dana"), _open(store, "Note taker")
    _add_priority(tab_a, "Added in tab A")
    _add_priority(tab_b, "Added in tab B")  # B had not seen A's record
    fresh = _open(store, "Someone else")
    assert [r["priority"] for r in fresh.answers["priorities"]] == [
        "Added in tab A",
        "Added in tab B",
    ]
    tab_a.take_in()  # what the live refresh does every few seconds
    assert [r["priority"] for r in tab_a.answers["priorities"]] == [
        "Added in tab A",
        "Added in tab B",
    ]


def test_the_same_field_edited_in_two_tabs_is_a_visible_choice(store):
    tab_a = _open(store, "Dana")
    _add_priority(tab_a, "Housing navigator")
    tab_b = _open(store, "Robin")
    for wb, text in ((tab_a, "Housing navigator, funded"), (tab_b, "Housing navigator, piloted")):
        table = wb.forms["decision_makers"].field("priorities").input
        table.open(0)
        table.cells["priority"].widget.value = text
    box = tab_b.header()
    conflict = find(box, "rw-conflict")
    text = find(conflict, "rw-conflict-text").value
    assert "Dana changed" in text and "funded" in text and "piloted" in text
    find(conflict, "rw-keep-mine").click()
    assert not find_all(tab_b.header(), "rw-conflict")
    again = _open(store, "Third")
    assert again.answers["priorities"][0]["priority"] == "Housing navigator, piloted"
    history = [h.value for h in store.history(again.session.plan_id) if h.item_id == "priorities"]
    assert any("funded" in str(v) for v in history)  # nothing lost


def test_keeping_theirs_shows_their_value(store):
    tab_a = _open(store, "Dana")
    _add_priority(tab_a, "One")
    tab_b = _open(store, "Robin")
    for wb, text in ((tab_a, "One (A)"), (tab_b, "One (B)")):
        table = wb.forms["decision_makers"].field("priorities").input
        table.open(0)
        table.cells["priority"].widget.value = text
    find(tab_b.header(), "rw-keep-theirs").click()
    assert tab_b.answers["priorities"][0]["priority"] == "One (A)"


def test_a_live_update_keeps_what_is_being_typed(store):
    tab_a, tab_b = _open(store, "Dana"), _open(store, "Robin")
    tab_b.autosaver.pending["next_steps"] = "typing..."  # an edit not flushed yet
    tab_b.state.set("next_steps", "typing...", source="test")
    tab_a.forms["next_steps"].field("next_steps").input.widget.value = "Saved by Dana"
    tab_b.take_in()
    assert tab_b.answers["next_steps"] == "typing..."


R = "_id"


def test_diff_finds_added_changed_deleted_and_moved_records():
    base = [{R: "a", "n": 1}, {R: "b", "n": 2}, {R: "c", "n": 3}]
    mine = [{R: "c", "n": 3}, {R: "a", "n": 9}, {R: "d", "n": 4}]
    d = diff(base, mine)
    assert d.added == {"d": {"n": 4}} and d.changed == {"a": {"n": 9}}
    assert d.deleted == ("b",) and d.order == ("c", "a", "d") and set(d.moved) == {"c", "a"}


def test_rebase_keeps_both_sides():
    base = [{R: "a", "x": 1, "y": 1}, {R: "b", "x": 1}]
    mine = [{R: "a", "x": 2, "y": 1}, {R: "b", "x": 1}, {R: "m", "x": 5}]
    theirs = [{R: "a", "x": 1, "y": 7}, {R: "t", "x": 6}]  # they changed y, deleted b, added t
    out = rebase(base, mine, theirs)
    assert out == [{R: "a", "x": 2, "y": 7}, {R: "m", "x": 5}, {R: "t", "x": 6}]


def test_rebase_an_edit_brings_back_a_record_deleted_elsewhere():
    base = [{R: "a", "x": 1}]
    assert rebase(base, [{R: "a", "x": 2}], []) == [{R: "a", "x": 2}]
    assert rebase(base, [{R: "a", "x": 1}], []) == []


def test_history_says_who_changed_what_and_a_delete_can_be_undone_after_a_reload(store):
    tab = _open(store, "Dana")
    _add_priority(tab, "Housing navigator")
    table = tab.forms["decision_makers"].field("priorities").input
    table.delete(0)
    assert tab.answers.get("priorities") is None
    again = _open(store, "Robin")  # a reload, by someone else
    panel = again.history
    panel.show()
    text = "".join(
        w.value for w in find_all(panel.widget, "rw-history")[0].children if hasattr(w, "value")
    )
    assert "Dana" in text and "Housing navigator" in text and "deleted" in text
    find(panel.widget, "rw-bring-back").click()
    assert [r["priority"] for r in again.answers["priorities"]] == ["Housing navigator"]
    assert [r["priority"] for r in _open(store, "Third").answers["priorities"]] == [
        "Housing navigator"
    ]


def test_an_edit_typed_while_a_change_is_taken_in_still_meets_it_as_a_conflict(store):
    """The live refresh takes in their change while this tab has the same field unsaved: the
    save must not overwrite theirs silently."""
    tab_a = _open(store, "Dana")
    _add_priority(tab_a, "Housing")
    tab_b = _open(store, "Robin")
    typed = [dict(r) for r in tab_b.answers["priorities"]]
    typed[0]["priority"] = "Housing (B)"
    tab_b.state.set("priorities", typed, source="test")
    tab_b.autosaver.pending["priorities"] = typed  # typed, not saved yet
    tab_b.state.set("next_steps", "B's next step", source="test")
    tab_b.autosaver.pending["next_steps"] = "B's next step"
    table = tab_a.forms["decision_makers"].field("priorities").input
    table.open(0)
    table.cells["priority"].widget.value = "Housing (A)"
    tab_a.forms["next_steps"].field("next_steps").input.widget.value = "A's next step"
    tab_b.take_in()  # the live refresh comes before B's save
    assert tab_b.answers["priorities"][0]["priority"] == "Housing (B)"
    tab_b.autosaver.flush()
    texts = [find(c, "rw-conflict-text").value for c in find_all(tab_b.header(), "rw-conflict")]
    assert len(texts) == 2
    assert any("Housing (A)" in t and "Housing (B)" in t for t in texts)
    assert any("A&#x27;s next step" in t or "A's next step" in t for t in texts)
    fresh = _open(store, "Third")
    assert fresh.answers["priorities"][0]["priority"] == "Housing (A)"  # nothing overwritten
