"""SaveGuard's kernel side: heartbeat answers, confirmations, the journal's keys, putting back."""

import pytest

from reentry_workbook.widgets.guard import (
    SaveGuard,
    close_target,
    field_values,
    journal_id,
    restored_answers,
)


@pytest.fixture
def guard(monkeypatch):
    g = SaveGuard("page", workspace="ws", person="p")
    sent = []
    monkeypatch.setattr(g, "send", lambda content, buffers=None: sent.append(content))
    g.sent = sent
    return g


def test_ping_is_answered(guard):
    guard._received(guard, {"type": "ping", "n": 7}, [])
    assert guard.sent == [{"type": "pong", "n": 7}]


def test_status_and_value(guard):
    guard.show("✓ Saved 10:42", "saved")
    assert guard.value == "✓ Saved 10:42" and guard.status_state == "saved"
    guard.show("x", "nonsense")
    assert guard.status_state == "idle"


def test_confirm_sends_plain_text_only(guard):
    guard.confirm({"a": "text", "b": 3, "c": None, "d": {"x": 1}, "e": True})
    assert guard.sent == [{"type": "confirm", "values": {"a": "text", "b": "3"}}]


def test_hello_answers_with_saved_values(guard):
    guard.on_lookup(lambda keys: {k: "saved" for k in keys if k != "new"})
    guard._received(guard, {"type": "hello", "entries": {"old": "saved", "new": "typed"}}, [])
    assert guard.sent == [{"type": "known", "values": {"old": "saved"}}]


def test_hello_without_lookup_or_with_a_broken_one_offers_everything(guard):
    guard._received(guard, {"type": "hello", "entries": {"a": "x"}}, [])
    guard.on_lookup(lambda keys: 1 / 0)
    guard._received(guard, {"type": "hello", "entries": {"a": "x"}}, [])
    assert guard.sent == [{"type": "known", "values": {}}] * 2


def test_restore_hands_clean_text_to_callbacks(guard):
    got = []
    guard.on_restore(got.append)
    guard._received(guard, {"type": "restore", "values": {"a": "x" * 30_000, "b": 5, 3: "y"}}, [])
    assert got == [{"a": "x" * 20_000}]
    guard._received(guard, {"type": "restore", "values": "junk"}, [])
    guard._received(guard, "junk", [])
    assert len(got) == 1


def test_a_failing_restore_says_so(guard):
    guard.on_restore(lambda values: 1 / 0)
    guard._received(guard, {"type": "restore", "values": {"a": "b"}}, [])
    assert guard.status_state == "error" and "still kept in this browser" in guard.value


def test_journal_id_is_per_page_workspace_and_person():
    assert journal_id("p", "w", "a") == journal_id("p", "w", "a")
    ids = {journal_id("p", "w", "a"), journal_id("p", "w", "b"), journal_id("q", "w", "a")}
    assert len(ids) == 3


def test_close_target_from_the_server_environment():
    env = {"REENTRY_WORKBOOK_CLOSE": "kid secret", "VOILA_SERVER_URL": "/base/"}
    assert close_target(env) == ("/base/reentry/api/close/kid", "secret")
    assert close_target({}) == ("", "")


def test_field_values_and_restored_answers_agree():
    answers = {
        "notes": "Call the office",
        "empty": None,
        "count": 4,
        "networks": [{"_id": "r1", "name": "Food Bank", "size": 3, "groups": ["a"]}],
        "matrix": {"row": 1},
    }
    values = field_values(answers)
    assert values == {
        "notes": "Call the office",
        "empty": "",
        "count": "4",
        "networks/r1/name": "Food Bank",
        "networks/r1/size": "3",
    }
    assert field_values(answers, ["notes", "nope"]) == {"notes": "Call the office"}
    back = restored_answers(
        {
            "notes": "Call twice",
            "networks/r1/name": "Food Bank 2",
            "networks/r9/name": "New",
            "bad/key": "x",
        },
        answers,
    )
    assert back["notes"] == "Call twice"
    assert back["networks"] == [
        {"_id": "r1", "name": "Food Bank 2", "size": 3, "groups": ["a"]},
        {"_id": "r9", "name": "New"},
    ]
    assert answers["networks"][0]["name"] == "Food Bank"  # the current answers are not touched
    assert "bad" not in back
