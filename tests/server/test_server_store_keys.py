"""StoreKeys, the server's seam to the store: an old store is refused in words; with store v2 the
keys, roles, new links and progress come from the real thing."""

import pytest

from reentry_workbook.errors import ReentryWorkbookError, StoreError
from reentry_workbook.server.access import DENIED, LinkDenied, StoreKeys
from reentry_workbook.store import open_store
from reentry_workbook.templates import load_shipped


class OldStore:
    closed = False

    def close(self):
        self.closed = True


def test_a_store_without_keys_is_refused_in_words():
    old = OldStore()
    with pytest.raises(StoreError, match="cannot open workspaces by key yet"):
        StoreKeys(old)
    assert old.closed


@pytest.fixture
def keys(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'keys.sqlite3'}")
    if not hasattr(store, "open_by_key"):
        store.close()
        pytest.skip("the store in this checkout has no workspace keys yet (store v2)")
    checker = StoreKeys(store)
    yield checker
    checker.close()


def test_keys_against_the_real_store(keys):
    created = keys.create("Harbor Reentry Coalition", "Ana")
    facilitator = keys.check(created.facilitator_key)
    participant = keys.check(created.participant_key)
    assert (facilitator.role, participant.role) == ("facilitator", "participant")
    assert facilitator.workspace_name == "Harbor Reentry Coalition"
    newer = keys.check(keys.new_participant_key(created.workspace_id))
    assert newer.role == "participant" and newer.workspace_id == created.workspace_id
    q = load_shipped("identify-community-members-and-networks")
    answered, required = keys.progress(created.workspace_id, q)
    assert answered == 0 and required > 0


@pytest.mark.parametrize("key", ["", "nope", "x" * 500, "ключ", "Harbor Reentry Coalition"])
def test_every_bad_key_gets_the_same_words(keys, key):
    keys.create("Harbor Reentry Coalition", "Ana")
    with pytest.raises(LinkDenied) as info:
        keys.check(key)
    assert str(info.value) == DENIED
    assert isinstance(info.value, ReentryWorkbookError)
