"""Workspaces open by key, never by name: roles, revocation, one message for every bad key."""

import pytest

from reentry_workbook import StoreError
from reentry_workbook.store import AccessDenied
from reentry_workbook.store.access import DENIED

pytestmark = pytest.mark.store


def test_new_workspace_keys_open_it_with_their_roles(store):
    new = store.create_workspace("  Riverbend   Reentry Coalition ")
    assert new.workspace.name == "Riverbend Reentry Coalition"
    fac = store.open_by_key(new.facilitator_key)
    part = store.open_by_key(new.participant_key)
    assert (fac.role, fac.person_id, fac.workspace) == ("facilitator", None, new.workspace)
    assert part.role == "participant" and new.facilitator_key != new.participant_key
    with store.reading() as conn:  # only hashes are stored
        stored = conn.exec_driver_sql("SELECT token_hash FROM rw_links").scalars().all()
    assert new.facilitator_key not in stored and len(stored) == 2


def test_unknown_revoked_and_malformed_keys_get_one_message(store):
    new = store.create_workspace("W")
    assert store.revoke_keys(new.workspace.id, "participant") == 1
    bad = [
        new.participant_key,  # revoked
        "A" * 24,  # unknown
        "",
        "x",
        "../../etc/passwd",
        "' OR 1=1 --",
        None,
        new.facilitator_key + "x",
    ]
    for key in bad:
        with pytest.raises(AccessDenied) as info:
            store.open_by_key(key)
        assert str(info.value) == DENIED
    assert store.open_by_key(new.facilitator_key).role == "facilitator"


def test_reissued_key_and_revoke_others(store):
    new = store.create_workspace("W")
    second = store.issue_key(new.workspace.id, "facilitator")
    assert store.open_by_key(new.facilitator_key).role == "facilitator"
    third = store.issue_key(new.workspace.id, "facilitator", revoke_others=True)
    for old in (new.facilitator_key, second):
        with pytest.raises(AccessDenied):
            store.open_by_key(old)
    assert store.open_by_key(third).role == "facilitator"
    assert store.open_by_key(new.participant_key).role == "participant"  # other role untouched


def test_personal_keys_name_their_person_and_follow_merges(store):
    ws = store.create_workspace("W").workspace
    ana = store.join(ws.id, "Ana", "participant")
    key = store.issue_key(ws.id, "person", person_id=ana.id)
    assert store.open_by_key(key).person_id == ana.id
    with pytest.raises(StoreError, match="personal link needs a person"):
        store.issue_key(ws.id, "person")
    other = store.create_workspace("Other").workspace
    with pytest.raises(StoreError, match="not in this workspace"):
        store.issue_key(other.id, "person", person_id=ana.id)


def test_names_are_never_an_oracle_but_the_owner_is_warned(store):
    a = store.create_workspace("Riverbend Reentry Coalition").workspace
    b = store.create_workspace("riverbend  reentry coalition").workspace  # allowed: keys differ
    assert a.id != b.id
    assert {w.id for w in store.similar_workspaces("Riverbend Reentry Coalitoin")} == {a.id, b.id}
    assert store.find_workspace(a.id) == a
    store.create_workspace("Same")
    store.create_workspace("Same")
    with pytest.raises(StoreError, match="2 workspaces are named 'Same'; give one id"):
        store.find_workspace("Same")


def test_demo_workspace_is_single_and_fictional(store):
    first = store.demo_workspace()
    again = store.demo_workspace()
    assert first == again and first.workspace.is_demo and first.role == "facilitator"
    assert [w.is_demo for w in store.workspaces()] == [True]


def test_a_look_alike_workspace_is_logged_for_the_owner(store, caplog):
    store.create_workspace("Riverbend Reentry Coalition")
    with caplog.at_level("WARNING", logger="reentry_workbook.store"):
        store.create_workspace("riverbend reentry  coalition")
    assert "looks like existing 'Riverbend Reentry Coalition'" in caplog.text


def test_database_errors_on_reads_become_one_plain_line(store, monkeypatch, caplog):
    import sqlalchemy as sa

    ws = store.create_workspace("W").workspace

    def down(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT secret FROM rw_links", {}, OSError("refused"))

    monkeypatch.setattr(store.engine, "connect", down)
    with caplog.at_level("WARNING", logger="reentry_workbook.store"):
        with pytest.raises(StoreError) as info:
            store.latest_seq(ws.id)
    assert str(info.value) == "could not read the saved answers: the database cannot be reached"
    assert isinstance(info.value.__cause__, sa.exc.OperationalError)
    assert "SELECT" in caplog.text  # the detail is in the log, not in the message
