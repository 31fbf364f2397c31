"""The store's tables (version 2) as SQLAlchemy Core metadata; migrations build the same."""

from __future__ import annotations

import sqlalchemy as sa

STORE_SCHEMA_VERSION = 2
ID = 36  # a uuid in its text form
ITEM_ID = 64
NAME = 200

metadata = sa.MetaData()
# sequence numbers are 64-bit on PostgreSQL; on SQLite only INTEGER PRIMARY KEY is the rowid
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)

meta = sa.Table(
    "rw_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
workspaces = sa.Table(
    "rw_workspaces",
    metadata,
    sa.Column("id", sa.String(ID), primary_key=True),
    sa.Column("name", sa.String(NAME), nullable=False),
    # indexed but never unique: whether a name exists must not be observable by a visitor
    sa.Column("name_key", sa.String(NAME), nullable=False, index=True),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
)
people = sa.Table(
    "rw_people",
    metadata,
    sa.Column("id", sa.String(ID), primary_key=True),
    sa.Column("workspace_id", sa.ForeignKey("rw_workspaces.id"), nullable=False),
    sa.Column("name", sa.String(NAME), nullable=False),
    sa.Column("name_key", sa.String(NAME), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("counted", sa.Boolean, nullable=False),
    sa.Column("pseudonym", sa.Boolean, nullable=False),
    sa.Column("device_hash", sa.String(64), nullable=True),
    sa.Column("merged_into", sa.ForeignKey("rw_people.id"), nullable=True),
    sa.Column("created_at", TIME, nullable=False),
    sa.Index("ix_rw_people_device", "workspace_id", "device_hash"),
)
# concurrent joins with the same name meet one row: INSERT .. ON CONFLICT targets this index
people_name_index = sa.Index(
    "uq_rw_people_name",
    people.c.workspace_id,
    people.c.name_key,
    unique=True,
    sqlite_where=people.c.merged_into.is_(None),
    postgresql_where=people.c.merged_into.is_(None),
)
person_events = sa.Table(
    "rw_person_events",
    metadata,
    sa.Column("id", sa.String(ID), primary_key=True),
    sa.Column("person_id", sa.ForeignKey("rw_people.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("old", sa.String(NAME), nullable=True),
    sa.Column("new", sa.String(NAME), nullable=True),
    sa.Column("by", sa.String(NAME), nullable=False),
    sa.Column("at", TIME, nullable=False),
)
links = sa.Table(
    "rw_links",
    metadata,
    sa.Column("id", sa.String(ID), primary_key=True),
    sa.Column("workspace_id", sa.ForeignKey("rw_workspaces.id"), nullable=False, index=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("person_id", sa.ForeignKey("rw_people.id"), nullable=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", TIME, nullable=False),
    sa.Column("revoked_at", TIME, nullable=True),
)
responses = sa.Table(
    "rw_responses",
    metadata,
    sa.Column("id", sa.String(ID), primary_key=True),
    sa.Column("workspace_id", sa.ForeignKey("rw_workspaces.id"), nullable=False),
    sa.Column("questionnaire_id", sa.String(ITEM_ID), nullable=False),
    sa.Column("subject", sa.String(ID), nullable=False),  # 'plan' or the person's id
    sa.Column("person_id", sa.ForeignKey("rw_people.id"), nullable=True, index=True),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("template_version", sa.String(20), nullable=False),
    sa.Column("created_at", TIME, nullable=False),
    # the highest seq in this response's log: polling reads this instead of the log itself
    sa.Column("last_seq", SEQ, nullable=False, server_default="0"),
    sa.UniqueConstraint(
        "workspace_id", "questionnaire_id", "subject", "round", name="uq_rw_responses_subject"
    ),
)
answers = sa.Table(
    "rw_answers",
    metadata,
    sa.Column("response_id", sa.ForeignKey("rw_responses.id"), primary_key=True),
    sa.Column("item_id", sa.String(ITEM_ID), primary_key=True),
    sa.Column("value_json", sa.Text, nullable=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("updated_at", TIME, nullable=False),
    sa.Column("updated_by", sa.String(NAME), nullable=False),
)
records = sa.Table(
    "rw_records",
    metadata,
    sa.Column("response_id", sa.ForeignKey("rw_responses.id"), primary_key=True),
    sa.Column("item_id", sa.String(ITEM_ID), primary_key=True),
    sa.Column("record_id", sa.String(ITEM_ID), primary_key=True),
    sa.Column("position", sa.Float, nullable=False),
    sa.Column("value_json", sa.Text, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("updated_at", TIME, nullable=False),
    sa.Column("updated_by", sa.String(NAME), nullable=False),
)
revisions = sa.Table(
    "rw_revisions",
    metadata,
    sa.Column("seq", SEQ, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(ID), nullable=False, unique=True),
    sa.Column("response_id", sa.ForeignKey("rw_responses.id"), nullable=False),
    sa.Column("item_id", sa.String(ITEM_ID), nullable=False),
    sa.Column("record_id", sa.String(ITEM_ID), nullable=True),
    sa.Column("op", sa.String(10), nullable=False),
    sa.Column("value_json", sa.Text, nullable=True),
    sa.Column("author", sa.String(NAME), nullable=False),
    sa.Column("author_id", sa.String(ID), nullable=True),  # no foreign key: a record of who it was
    sa.Column("created_at", TIME, nullable=False),
    sa.Index("ix_rw_revisions_response_seq", "response_id", "seq"),
    sa.Index("ix_rw_revisions_key", "response_id", "item_id", "record_id"),
    sqlite_autoincrement=True,  # never reuse a seq, even after the newest row is gone
)

ROLES = ("facilitator", "participant")
LINK_ROLES = ("facilitator", "participant", "person")
OPS = ("set", "clear", "fields", "delete", "restore", "move")
PLAN = "plan"
