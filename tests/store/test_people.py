"""People in a workspace: race-safe joins, did-you-mean matching, rename, merge, devices."""

import threading

import pytest
import sqlalchemy as sa

from reentry_workbook import StoreError, open_store
from reentry_workbook.store import Author, SetAnswer, SetFields

pytestmark = pytest.mark.store
Q = "identify_community_members_and_networks"
FAC = Author("Facilitator")


@pytest.fixture
def ws(store):
    return store.create_workspace("Riverbend Reentry Coalition").workspace


def test_the_same_name_however_typed_is_one_person(store, ws):
    dana = store.join(ws.id, "Dana Whitfield", "facilitator")
    assert store.join(ws.id, "  dana   WHITFIELD ", "participant") == dana
    assert (dana.role, dana.counted) == ("facilitator", False)
    ana = store.join(ws.id, "José Núñez", "participant")
    assert store.join(ws.id, "jose nunez", "participant").id == ana.id
    assert ana.counted and not ana.pseudonym and not ana.claimed


def test_did_you_mean_only_among_this_workspace(store, ws):
    store.join(ws.id, "Dana Whitfield", "facilitator")
    store.join(ws.id, "Ana", "participant")
    other = store.create_workspace("Other").workspace
    store.join(other.id, "Dana", "participant")
    assert [p.name for p in store.match_people(ws.id, "dana")] == ["Dana Whitfield", "Ana"]
    assert [p.name for p in store.match_people(ws.id, "Dana Whitfeld")] == ["Dana Whitfield"]
    assert [p.name for p in store.match_people(ws.id, "ANA ")] == ["Ana"]
    assert store.match_people(ws.id, "Zed") == []


def test_blank_names_get_distinct_pseudonyms(store, ws):
    first = store.join(ws.id, "", "participant")
    second = store.join(ws.id, None, "participant")
    assert first.pseudonym and first.name.startswith("Participant ")
    assert first.id != second.id and first.name != second.name
    with pytest.raises(StoreError, match="needs a name"):
        store.join(ws.id, " ", "participant", pseudonym_if_blank=False)


def test_rename_refuses_a_name_in_use_and_keeps_an_event(store, ws):
    ana = store.join(ws.id, "Ana", "participant")
    store.join(ws.id, "Ben", "participant")
    with pytest.raises(StoreError, match="'Ben' is already the name of another person here"):
        store.rename_person(ana.id, " ben ", by=FAC)
    assert store.rename_person(ana.id, "Ana Lopez", by=FAC).name == "Ana Lopez"
    assert store.join(ws.id, "ana lopez", "participant").id == ana.id
    with store.reading() as conn:
        events = conn.exec_driver_sql("SELECT kind, old, new, by FROM rw_person_events").all()
    assert [tuple(e) for e in events] == [("rename", "Ana", "Ana Lopez", "Facilitator")]


def test_merge_moves_answers_and_keeps_history(store, ws):
    dana = store.join(ws.id, "Dana Whitfield", "participant")
    short = store.join(ws.id, "Dana", "participant")
    only_short = store.personal_response(ws.id, short.id, "other_questionnaire", "1")
    mine = store.personal_response(ws.id, dana.id, Q, "1")
    theirs = store.personal_response(ws.id, short.id, Q, "1")
    store.save([SetAnswer(mine, "a", "from Dana Whitfield", None)], Author(dana.name))
    store.save([SetAnswer(theirs, "a", "from Dana", None), SetAnswer(theirs, "b", 2, None)], FAC)
    store.save([SetFields(theirs, "list", "r1", {"x": 1}, None)], FAC)
    seq = store.latest_seq(ws.id)
    kept = store.merge_people(dana.id, short.id, by=FAC)
    assert kept.id == dana.id and [p.name for p in store.people(ws.id)] == ["Dana Whitfield"]
    snap = store.snapshot(mine)
    assert snap.answers["a"].value == "from Dana"  # the later change wins
    assert snap.answers["b"].value == 2 and snap.records["list"][0].fields == {"x": 1}
    assert [h.value for h in store.history(mine, "a")] == ["from Dana Whitfield", "from Dana"]
    assert store.personal_response(ws.id, dana.id, "other_questionnaire", "1") == only_short
    assert store.changes_since(ws.id, Q, seq)  # pollers hear about the moved answers
    with pytest.raises(StoreError, match="merged into another"):
        store.personal_response(ws.id, short.id, Q, "1")
    with pytest.raises(StoreError, match="cannot be merged with themselves"):
        store.merge_people(dana.id, dana.id, by=FAC)


def test_devices_and_counting(store, ws):
    ana = store.join(ws.id, "Ana", "participant")
    secret = store.claim_device(ana.id)
    assert store.person_by_device(ws.id, secret).claimed
    assert store.person_by_device(ws.id, "not-it") is None
    assert not store.set_counted(ana.id, False, by=FAC).counted


def test_twenty_simultaneous_joins_of_a_new_workspace(store_url):
    """Bug B11: people opening a new workspace link at the same moment; 0 errors."""
    setup = open_store(store_url)
    ws = setup.create_workspace("Busy Coalition").workspace
    setup.close()
    stores = [open_store(store_url) for _ in range(20)]
    start = threading.Barrier(20)
    errors, results = [], []

    def person(n: int) -> None:
        try:
            start.wait()
            who = stores[n].join(ws.id, ["Ana", "ana ", "ANA", "Ben"][n % 4], "participant")
            plan = stores[n].plan_response(ws.id, Q, "1")
            mine = stores[n].personal_response(ws.id, who.id, Q, "1")
            stores[n].save([SetFields(plan, "networks", f"r{n}", {"n": n}, None)], Author(who.name))
            results.append((who.id, plan, mine))
        except Exception as exc:  # noqa: BLE001 - every error counts
            errors.append(repr(exc))

    threads = [threading.Thread(target=person, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(results) == 20
    assert len({r[0] for r in results}) == 2  # Ana and Ben
    assert len({r[1] for r in results}) == 1  # one plan
    assert len({r[2] for r in results}) == 2
    check = open_store(store_url)
    with check.reading() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM rw_people")).scalar()
    assert count == 2
    assert len(check.snapshot(results[0][1]).records["networks"]) == 20
    for s in stores + [check]:
        s.close()
