"""Saving records and answers: revision checks, per-field merges, tombstones, the log as truth."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reentry_workbook import StoreError, open_store
from reentry_workbook.store import (
    Author,
    DeleteRecord,
    MoveRecord,
    RestoreRecord,
    SetAnswer,
    SetFields,
    replay,
)

pytestmark = pytest.mark.store
ANA, BEN = Author("Ana"), Author("Ben")
Q = "identify_community_members_and_networks"


@pytest.fixture
def plan(store):
    ws = store.create_workspace("Riverbend Reentry Coalition").workspace
    return store.plan_response(ws.id, Q, "1")


def _records(store, response_id, item="networks"):
    return {r.record_id: dict(r.fields) for r in store.snapshot(response_id).records.get(item, ())}


def test_two_tabs_adding_different_records_keeps_both(store, plan):
    tab_a = store.save([SetFields(plan, "networks", "a1", {"name": "Food bank"}, None)], ANA)
    tab_b = store.save([SetFields(plan, "networks", "b1", {"name": "Faith group"}, None)], BEN)
    assert _records(store, plan) == {"a1": {"name": "Food bank"}, "b1": {"name": "Faith group"}}
    assert tab_b.seq > tab_a.seq
    order = [r.record_id for r in store.snapshot(plan).records["networks"]]
    assert order == ["a1", "b1"]  # a new record goes to the end


def test_same_field_edited_twice_gives_a_conflict_and_loses_nothing(store, plan):
    store.save([SetFields(plan, "networks", "r1", {"name": "Food bank", "size": 3}, None)], ANA)
    seen = {"name": "Food bank", "size": 3}
    first = store.save([SetFields(plan, "networks", "r1", {"name": "Food Bank North"}, seen)], ANA)
    assert not first.conflicts
    late = store.save(
        [SetFields(plan, "networks", "r1", {"name": "Food bank (east)", "size": 5}, seen)], BEN
    )
    (conflict,) = late.conflicts
    assert (conflict.field, conflict.theirs, conflict.mine, conflict.base) == (
        "name",
        "Food Bank North",
        "Food bank (east)",
        "Food bank",
    )
    assert conflict.author == "Ana"
    assert _records(store, plan)["r1"] == {"name": "Food Bank North", "size": 5}  # size merged
    choose = store.save(
        [
            SetFields(
                plan, "networks", "r1", {"name": "Food bank (east)"}, {"name": "Food Bank North"}
            )
        ],
        BEN,
    )
    assert not choose.conflicts and _records(store, plan)["r1"]["name"] == "Food bank (east)"
    names = [h.value["fields"].get("name") for h in store.history(plan, "networks", "r1")]
    assert names == ["Food bank", "Food Bank North", None, "Food bank (east)"]


def test_a_field_both_set_to_the_same_value_is_no_conflict(store, plan):
    store.save([SetFields(plan, "networks", "r1", {"name": "A"}, None)], ANA)
    store.save([SetFields(plan, "networks", "r1", {"name": "B"}, {"name": "A"})], ANA)
    result = store.save([SetFields(plan, "networks", "r1", {"name": "B"}, {"name": "A"})], BEN)
    assert not result.conflicts
    assert len(store.history(plan, "networks", "r1")) == 2


@pytest.mark.parametrize("delete_first", [True, False])
def test_delete_against_edit_in_both_orders(store, plan, delete_first):
    made = store.save([SetFields(plan, "networks", "r1", {"name": "Old"}, None)], ANA)
    base_rev = made.revisions[(plan, "networks", "r1")]
    delete = DeleteRecord(plan, "networks", "r1", base_rev)
    edit = SetFields(plan, "networks", "r1", {"name": "New"}, {"name": "Old"})
    if delete_first:
        store.save([delete], ANA)
        result = store.save([edit], BEN)
        assert result.restored == ((plan, "networks", "r1"),)
        assert "deleted by Ana" in result.notes[0]
        assert _records(store, plan) == {"r1": {"name": "New"}}
    else:
        store.save([edit], BEN)
        result = store.save([delete], ANA)
        assert "changed by Ben" in result.notes[0]
        assert _records(store, plan) == {}
    ops = [h.op for h in store.history(plan, "networks", "r1")]
    assert sorted(ops) == ["delete", "fields", "fields"]


def test_undo_of_a_delete_survives_a_new_store(store_url):
    store = open_store(store_url)
    ws = store.create_workspace("W").workspace
    plan = store.plan_response(ws.id, Q, "1")
    store.save([SetFields(plan, "networks", "r1", {"name": "Kept"}, None)], ANA)
    store.save([DeleteRecord(plan, "networks", "r1")], ANA)
    assert _records(store, plan) == {}
    store.save([RestoreRecord(plan, "networks", "r1")], ANA)
    store.close()
    again = open_store(store_url)
    assert _records(again, plan) == {"r1": {"name": "Kept"}}
    again.close()


def test_moves_and_positions(store, plan):
    for rid in ("a", "b", "c"):
        store.save([SetFields(plan, "networks", rid, {"name": rid}, None)], ANA)
    store.save([MoveRecord(plan, "networks", "c", 0.5)], ANA)
    assert [r.record_id for r in store.snapshot(plan).records["networks"]] == ["c", "a", "b"]


def test_answer_revision_checks(store, plan):
    first = store.save([SetAnswer(plan, "next_steps", "Call the county", None)], ANA)
    rev = first.revisions[(plan, "next_steps", None)]
    assert rev == 1
    store.save([SetAnswer(plan, "next_steps", "Call the county today", rev)], ANA)
    late = store.save([SetAnswer(plan, "next_steps", "Write to the county", rev)], BEN)
    (conflict,) = late.conflicts
    assert (conflict.theirs, conflict.mine, conflict.base, conflict.field) == (
        "Call the county today",
        "Write to the county",
        "Call the county",
        None,
    )
    assert store.snapshot(plan).answers["next_steps"].value == "Call the county today"
    # the stored value went back to what the late editor started from: their change applies
    store.save([SetAnswer(plan, "next_steps", "Call the county", 2)], ANA)
    ok = store.save([SetAnswer(plan, "next_steps", "Write to the county", rev)], BEN)
    assert not ok.conflicts
    assert store.snapshot(plan).answers["next_steps"] == replay_value(store, plan)


def replay_value(store, plan):
    from reentry_workbook.store import Versioned

    entries = [h for h in store.history(plan, "next_steps")]
    return Versioned(entries[-1].value, len(entries))


def test_a_failing_save_writes_nothing(store, plan):
    store.save([SetAnswer(plan, "a", "kept", None)], ANA)
    before = store.snapshot(plan)
    with pytest.raises(StoreError, match="'b' is not plain data"):
        store.save([SetAnswer(plan, "a", "changed", 1), SetAnswer(plan, "b", object(), None)], ANA)
    with pytest.raises(StoreError, match="does not exist"):
        store.save(
            [
                SetAnswer(plan, "a", "changed", 1),
                SetAnswer("00000000-0000-0000-0000-000000000000", "a", "x", None),
            ],
            ANA,
        )
    assert store.snapshot(plan) == before
    assert len(store.history(plan)) == 1


def test_seq_grows_with_every_save(store, plan):
    seqs = [store.save([SetAnswer(plan, "a", i, i)], ANA).seq for i in range(5)]
    assert seqs == sorted(set(seqs))
    assert store.snapshot(plan).seq == seqs[-1]
    unchanged = store.save([SetAnswer(plan, "a", 4, 5)], ANA)
    assert unchanged.seq == seqs[-1] and len(store.history(plan)) == 5


OPS = st.lists(
    st.tuples(
        st.sampled_from(["fields", "delete", "restore", "move", "answer"]),
        st.sampled_from(["r1", "r2", "r3"]),
        st.sampled_from(["name", "size", "kind"]),
        st.one_of(st.none(), st.integers(0, 3), st.text(max_size=3)),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_current_state_always_equals_a_replay_of_the_log(tmp_path_factory, ops):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('replay') / 's.db'}")
    ws = store.create_workspace("W").workspace
    plan = store.plan_response(ws.id, Q, "1")
    for n, (op, rid, field, value) in enumerate(ops):
        snap = store.snapshot(plan)
        seen = {r.record_id: dict(r.fields) for r in snap.records.get("networks", ())}
        change = {
            "fields": SetFields(plan, "networks", rid, {field: value}, seen.get(rid)),
            "delete": DeleteRecord(plan, "networks", rid),
            "restore": RestoreRecord(plan, "networks", rid),
            "move": MoveRecord(plan, "networks", rid, float(n % 4)),
            "answer": SetAnswer(plan, field, value, None),
        }[op]
        store.save([change], ANA if n % 2 else BEN)
    with store.writing() as conn:
        saved = replay.current(conn, [plan])
        keys = set(saved)
        replay.rebuild(conn, keys)
        assert replay.current(conn, [plan]) == saved
    store.close()
