"""The response store on SQLite and PostgreSQL: saving, resuming, history, safety rules."""

import os
import stat
import subprocess
import sys

import pytest
import sqlalchemy as sa

from reentry_workbook import StoreError, open_store
from reentry_workbook.store import ENV_DB, default_url, meta

pytestmark = pytest.mark.store

TABLE = [
    {"_id": "r1", "name": "Eastside Mutual Aid", "influence": 4, "groups_reached": ["young_people"]}
]


def test_save_and_resume_every_kind_of_value(store):
    s = store.open_session("Riverbend County Reentry Coalition", "Facilitator", "q1")
    store.save_answers(s.response_id, {"a": "text", "b": 3, "c": ["x", "y"], "d": {"r": 2}})
    store.save_answers(s.response_id, {"networks": TABLE, "b": None})
    again = store.open_session("Riverbend County Reentry Coalition", "Facilitator", "q1")
    assert again == s
    assert store.load_answers(s.response_id) == {
        "a": "text",
        "c": ["x", "y"],
        "d": {"r": 2},
        "networks": TABLE,
    }


def test_history_is_append_only(store):
    s = store.open_session("W", "P", "q1")
    for value in ("one", "two", None, "three"):
        store.save_answers(s.response_id, {"a": value}, author="P")
    history = store.history(s.response_id)
    assert [h["value"] for h in history] == ["one", "two", None, "three"]
    assert {h["author"] for h in history} == {"P"}
    assert store.load_answers(s.response_id) == {"a": "three"}


def test_respondents_and_workspaces_are_separate(store):
    a = store.open_session("W", "Ann", "q1")
    b = store.open_session("W", "Bob", "q1")
    other = store.open_session("Other", "Ann", "q1")
    store.save_answers(a.response_id, {"x": 1})
    assert len({a.response_id, b.response_id, other.response_id}) == 3
    assert store.load_answers(b.response_id) == {}
    assert store.load_answers(other.response_id) == {}


def test_demo_and_real_data_never_mix(store):
    store.open_session("Riverbend County Reentry Coalition (demo)", "Demo", "q1", is_demo=True)
    with pytest.raises(StoreError, match="demo and real data never mix"):
        store.open_session("Riverbend County Reentry Coalition (demo)", "Me", "q1")


def test_names_are_checked(store):
    with pytest.raises(StoreError, match="needs a name"):
        store.open_session("   ", "P", "q1")
    with pytest.raises(StoreError, match="at most 200"):
        store.open_session("W", "x" * 300, "q1")


def test_hostile_text_is_stored_verbatim(store):
    s = store.open_session("W'; DROP TABLE rw_answers; --", "<script>alert(1)</script>", "q1")
    evil = '=HYPERLINK("http://x") \x00 \' " ; -- 🙂'
    store.save_answers(s.response_id, {"a": evil})
    assert store.load_answers(s.response_id) == {"a": evil}


def test_newer_store_is_refused(store_url):
    store = open_store(store_url)
    with store.engine.begin() as conn:
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value="99"))
    store.close()
    with pytest.raises(StoreError, match="newer reentry-workbook"):
        open_store(store_url)


def test_default_location_is_private(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_DB, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = default_url()
    assert url.startswith(f"sqlite:///{tmp_path / 'data'}")
    store = open_store()
    path = store.location
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    store.close()


def test_environment_variable_overrides_default(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_DB, f"sqlite:///{tmp_path / 'elsewhere.db'}")
    assert open_store().location == str(tmp_path / "elsewhere.db")


def test_sqlite_settings(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_unreachable_database_gives_a_clear_error(tmp_path):
    (tmp_path / "ro").mkdir(mode=0o500)
    if os.geteuid() == 0:
        url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    else:
        url = f"sqlite:///{tmp_path / 'ro' / 'x.db'}"
    with pytest.raises(StoreError, match="cannot"):
        open_store(url)


def test_resume_in_a_fresh_process(store_url):
    store = open_store(store_url)
    s = store.open_session("W", "P", "q1")
    store.save_answers(s.response_id, {"a": "from process one"})
    store.close()
    code = (
        "import sys, json; from reentry_workbook import open_store; "
        "st = open_store(sys.argv[1]); s = st.open_session('W', 'P', 'q1'); "
        "print(json.dumps(st.load_answers(s.response_id)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, store_url], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == '{"a": "from process one"}'


def test_pandas_frames(store):
    from reentry_workbook.frames import answers_frame, table_frame

    for name, value in (("Ann", 4), ("Bob", 2)):
        s = store.open_session("W", name, "q1")
        store.save_answers(s.response_id, {"likes": value, "grid": {"a": 1}, "people": TABLE})
    frame = answers_frame(store, "W", "q1")
    assert set(frame.columns) >= {"respondent", "round", "item_id", "row", "value"}
    likes = frame[frame.item_id == "likes"].set_index("respondent")["value"].to_dict()
    assert likes == {"Ann": 4, "Bob": 2}
    assert frame[(frame.item_id == "grid")]["row"].tolist() == ["a", "a"]
    people = table_frame(store, "W", "q1", "people")
    assert people["name"].tolist() == ["Eastside Mutual Aid"] * 2
    assert list(people.columns[:3]) == ["respondent", "round", "_id"]


def test_a_failed_save_changes_nothing(store):
    s = store.open_session("W", "P", "q1")
    store.save_answers(s.response_id, {"a": "kept"})
    with pytest.raises(StoreError, match="'b' is not plain data"):
        store.save_answers(s.response_id, {"a": "changed", "b": object()})
    with pytest.raises(StoreError):
        store.save_answers("00000000-0000-0000-0000-000000000000", {"a": "x"})
    assert store.load_answers(s.response_id) == {"a": "kept"}
    assert [h["value"] for h in store.history(s.response_id)] == ["kept"]


def test_sqlalchemy_error_is_wrapped(store):
    with pytest.raises(StoreError):
        with store.transaction() as conn:
            conn.execute(sa.text("SELECT * FROM no_such_table"))


def test_legacy_facilitators_share_the_workspace_plan(store):
    a = store.open_session("W", "Dana", "q1", role="facilitator")
    b = store.open_session("W", "Dana Whitfield", "q1", role="facilitator")
    p = store.open_session("W", "Pat", "q1")
    assert a.response_id == b.response_id != p.response_id
    assert a.respondent_id != b.respondent_id
    assert store.open_session("W", " dana ", "q1", role="facilitator").respondent == "Dana"


def test_legacy_whole_lists_are_saved_record_by_record(store):
    s = store.open_session("W", "Dana", "q1", role="facilitator")
    one = [{"_id": "a", "name": "A"}, {"_id": "b", "name": "B", "size": 2}]
    store.save_answers(s.response_id, {"t": one}, author="Dana")
    two = [{"_id": "c", "name": "C"}, {"_id": "b", "name": "B"}]  # a gone, b's size emptied
    store.save_answers(s.response_id, {"t": two}, author="Dana")
    assert store.load_answers(s.response_id) == {"t": two}
    b_history = [(h.op, h.value) for h in store.history(s.response_id, "t", "b")]
    assert b_history == [
        ("fields", {"fields": {"name": "B", "size": 2}, "position": 2.0}),
        ("fields", {"fields": {"size": None}}),
    ]
    assert [h.op for h in store.history(s.response_id, "t", "a")] == ["fields", "delete"]
    store.save_answers(s.response_id, {"t": []}, author="Dana")
    assert store.load_answers(s.response_id) == {"t": []}
