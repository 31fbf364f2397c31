"""Live enough: a poller asks for changes after the seq it has and gets current values."""

import threading

import pytest

from reentry_workbook import open_store
from reentry_workbook.store import Author, DeleteRecord, SetAnswer, SetFields

pytestmark = pytest.mark.store
Q = "identify_community_members_and_networks"


def test_changes_since_gives_current_values_once(store):
    ws = store.create_workspace("W").workspace
    ana = store.join(ws.id, "Ana", "participant")
    plan = store.plan_response(ws.id, Q, "1")
    mine = store.personal_response(ws.id, ana.id, Q, "1")
    other_q = store.plan_response(ws.id, "other", "1")
    start = store.latest_seq(ws.id, Q)
    assert start == 0 and not store.changes_since(ws.id, Q, 0)
    store.save([SetFields(plan, "networks", "r1", {"name": "A"}, None)], Author("Dana"))
    store.save([SetFields(plan, "networks", "r1", {"name": "B"}, {"name": "A"})], Author("Dana"))
    store.save([SetAnswer(mine, "q", "yes", None)], Author("Ana"))
    store.save([SetAnswer(other_q, "x", 1, None)], Author("Dana"))  # another page
    got = store.changes_since(ws.id, Q, start)
    assert [(c.record_id, dict(c.record.fields)) for c in got.records] == [("r1", {"name": "B"})]
    assert [(c.item_id, c.value, c.author) for c in got.answers] == [("q", "yes", "Ana")]
    assert got.seq == store.latest_seq(ws.id, Q) < store.latest_seq(ws.id)
    assert not store.changes_since(ws.id, Q, got.seq)  # nothing new: nothing returned
    store.save([DeleteRecord(plan, "networks", "r1")], Author("Dana"))
    gone = store.changes_since(ws.id, Q, got.seq)
    assert [(c.record_id, c.record) for c in gone.records] == [("r1", None)]


def test_a_poller_never_skips_a_committed_change(store_url):
    """Seq numbers commit in order per workspace, so 'after the last seq seen' loses nothing."""
    setup = open_store(store_url)
    ws = setup.create_workspace("W").workspace
    plan = setup.plan_response(ws.id, Q, "1")
    writers = [open_store(store_url) for _ in range(4)]
    stop = threading.Event()
    seen: set[str] = set()

    def write(n: int) -> None:
        for i in range(25):
            writers[n].save([SetFields(plan, "networks", f"w{n}-{i}", {"i": i}, None)], Author("x"))

    def poll() -> None:
        seq = 0
        while True:
            last = stop.is_set()
            changes = setup.changes_since(ws.id, Q, seq)
            seen.update(c.record_id for c in changes.records)
            seq = changes.seq
            if last:
                return

    poller = threading.Thread(target=poll)
    poller.start()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    poller.join()
    assert len(seen) == 100
    for s in writers + [setup]:
        s.close()
