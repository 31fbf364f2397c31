"""Upgrading a store written by 119469d (before Alembic) to head, with nothing lost."""

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from reentry_workbook import StoreError, open_store
from reentry_workbook.store import metadata, replay

pytestmark = pytest.mark.store

# The tables exactly as reentry_workbook/store.py defined them at commit 119469d (copied here on
# purpose: this test must not depend on the code it checks).
old = sa.MetaData()
sa.Table(
    "rw_meta",
    old,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
sa.Table(
    "rw_workspaces",
    old,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("is_demo", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
sa.Table(
    "rw_respondents",
    old,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("workspace_id", sa.ForeignKey("rw_workspaces.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(40), nullable=False, default="participant"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("workspace_id", "name"),
)
sa.Table(
    "rw_responses",
    old,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("workspace_id", sa.ForeignKey("rw_workspaces.id"), nullable=False),
    sa.Column("respondent_id", sa.ForeignKey("rw_respondents.id"), nullable=False),
    sa.Column("questionnaire_id", sa.String(64), nullable=False),
    sa.Column("template_version", sa.String(20), nullable=False),
    sa.Column("round", sa.Integer, nullable=False, default=1),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("workspace_id", "respondent_id", "questionnaire_id", "round"),
)
sa.Table(
    "rw_answers",
    old,
    sa.Column("response_id", sa.ForeignKey("rw_responses.id"), primary_key=True),
    sa.Column("item_id", sa.String(64), primary_key=True),
    sa.Column("value_json", sa.Text, nullable=True),
    sa.Column("revision_id", sa.String(36), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
sa.Table(
    "rw_revisions",
    old,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("response_id", sa.ForeignKey("rw_responses.id"), nullable=False, index=True),
    sa.Column("item_id", sa.String(64), nullable=False),
    sa.Column("value_json", sa.Text, nullable=True),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

Q = "identify_community_members_and_networks"
WS = "00000000-0000-4000-8000-0000000000a1"
FAC, FAC2, PAT, PAT_LOWER = (f"00000000-0000-4000-8000-0000000000b{i}" for i in range(1, 5))
R_FAC, R_FAC2, R_PAT, R_PAT2 = (f"00000000-0000-4000-8000-0000000000c{i}" for i in range(1, 5))
T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
NETS_1 = [{"_id": "n1", "name": "Eastside Mutual Aid", "influence": 4}]
NETS_2 = [
    {"_id": "n2", "name": "Faith group"},
    {"_id": "n1", "name": "Eastside Mutual Aid (east)", "influence": 4},
]
NETS_OTHER = [
    {"_id": "n1", "name": "Eastside Mutual Aid", "influence": 5},
    {"_id": "n3", "name": "Library"},
]


def _at(minutes):
    return T0 + dt.timedelta(minutes=minutes)


def _fill_v1(url):
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    t = old.tables
    revs = [  # (id, response, item, value, author, minute)
        ("d1", R_FAC, "networks", NETS_1, "Fac", 1),
        ("d2", R_FAC, "q_networks_found", "partly", "Fac", 2),
        ("d3", R_FAC, "networks", NETS_2, "Fac", 3),
        ("d4", R_PAT, "q_networks_found", "yes", "Pat", 4),
        ("d5", R_PAT, "outreach_view", {"skeptics": 2}, "Pat", 5),
        ("d6", R_FAC2, "networks", NETS_OTHER, "Co-fac", 6),  # a second facilitator's list
        ("d7", R_PAT, "q_networks_found", None, "Pat", 7),  # cleared
        ("d8", R_PAT2, "q_networks_found", "not_yet", "pat", 8),
    ]
    with engine.begin() as conn:
        old.create_all(conn)
        conn.execute(t["rw_meta"].insert().values(key="schema_version", value="1"))
        conn.execute(
            t["rw_workspaces"]
            .insert()
            .values(id=WS, name="Riverbend Reentry Coalition", is_demo=False, created_at=T0)
        )
        for pid, name, role in (
            (FAC, "Fac", "facilitator"),
            (FAC2, "Co-fac", "facilitator"),
            (PAT, "Pat", "participant"),
            (PAT_LOWER, "pat", "participant"),
        ):
            conn.execute(
                t["rw_respondents"]
                .insert()
                .values(id=pid, workspace_id=WS, name=name, role=role, created_at=T0)
            )
        for rid, pid, minute in (
            (R_FAC, FAC, 0),
            (R_FAC2, FAC2, 1),
            (R_PAT, PAT, 2),
            (R_PAT2, PAT_LOWER, 3),
        ):
            conn.execute(
                t["rw_responses"]
                .insert()
                .values(
                    id=rid,
                    workspace_id=WS,
                    respondent_id=pid,
                    questionnaire_id=Q,
                    template_version="1",
                    round=1,
                    created_at=_at(minute),
                )
            )
        for n, (_label, rid, item, value, author, minute) in enumerate(revs):
            rev_id = f"00000000-0000-4000-8000-0000000000{n + 10}"
            payload = None if value is None else json.dumps(value)
            conn.execute(
                t["rw_revisions"]
                .insert()
                .values(
                    id=rev_id,
                    response_id=rid,
                    item_id=item,
                    value_json=payload,
                    author=author,
                    created_at=_at(minute),
                )
            )
            conn.execute(
                t["rw_answers"]
                .delete()
                .where(t["rw_answers"].c.response_id == rid, t["rw_answers"].c.item_id == item)
            )
            conn.execute(
                t["rw_answers"]
                .insert()
                .values(
                    response_id=rid,
                    item_id=item,
                    value_json=payload,
                    revision_id=rev_id,
                    updated_at=_at(minute),
                )
            )
    engine.dispose()


def test_a_store_from_before_alembic_upgrades_with_nothing_lost(store_url):
    _fill_v1(store_url)
    store = open_store(store_url)
    people = {p.name: p for p in store.people(WS)}
    assert set(people) == {"Fac", "Co-fac", "Pat", "pat (2)"}  # same key: renamed, not lost
    assert (people["Fac"].role, people["Fac"].counted) == ("facilitator", False)
    assert (people["Pat"].role, people["Pat"].counted) == ("participant", True)

    plan = store.plan_response(WS, Q, "1")
    assert plan == R_FAC  # the oldest facilitator response became the plan
    snap = store.snapshot(plan)
    records = {r.record_id: dict(r.fields) for r in snap.records["networks"]}
    assert records == {
        "n1": {"name": "Eastside Mutual Aid", "influence": 5},  # newest field wins
        "n2": {"name": "Faith group"},
        "n3": {"name": "Library"},
    }
    assert snap.answers["q_networks_found"].value == "partly"

    pat = store.personal_response(WS, people["Pat"].id, Q, "1")
    assert pat == R_PAT
    assert store.snapshot(pat).answers.keys() == {"outreach_view"}  # the cleared one stays out
    history = store.history(pat, "q_networks_found")
    assert [(h.op, h.value, h.author, h.at) for h in history] == [
        ("set", "yes", "Pat", _at(4)),
        ("clear", None, "Pat", _at(7)),
    ]
    assert history[0].id == "00000000-0000-4000-8000-000000000013"  # ids kept
    assert history[0].author_id == people["Pat"].id
    every = store.history(plan)
    assert [h.seq for h in every] == sorted(h.seq for h in every)
    assert {h.author for h in every} == {"Fac", "Co-fac"}

    with store.writing() as conn:  # the current state is a replay of the log
        saved = replay.current(conn, [plan, pat])
        replay.rebuild(conn, set(saved))
        assert replay.current(conn, [plan, pat]) == saved
        # the migrated tables are exactly the head schema
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"
        version = "SELECT value FROM rw_meta WHERE key = 'schema_version'"
        assert conn.exec_driver_sql(version).scalar() == "2"
    store.close()


def test_a_fresh_store_is_created_at_head(store_url):
    store = open_store(store_url)
    with store.reading() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    store.close()
    open_store(store_url).close()  # opening again changes nothing


def test_a_store_newer_than_the_code_is_refused(store_url):
    open_store(store_url).close()
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    engine.dispose()
    with pytest.raises(StoreError, match=r"newer reentry-workbook \(store version 0099\)"):
        open_store(store_url)


def test_code_at_119469d_refuses_an_upgraded_store(store_url):
    """The old code reads rw_meta; version 2 there makes it say 'newer', not break."""
    open_store(store_url).close()
    engine = sa.create_engine(store_url)
    with engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT value FROM rw_meta").scalar()
    engine.dispose()
    assert int(value) > 1


def test_the_installed_package_carries_its_migrations(tmp_path):
    """scripts/test.sh installs the wheel; run it from elsewhere, as a user would."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = (
        "import sys; from reentry_workbook.store import migrate, open_store; "
        "print(sorted(migrate.known_revisions())); "
        "open_store(sys.argv[1]).close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, f"sqlite:///{tmp_path / 'fresh.db'}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['0001', '0002']"
