"""Alembic environment: runs on the connection the store hands over (no alembic.ini, no URL)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transaction_per_migration=False)
with context.begin_transaction():  # the store already holds a transaction: all steps or none
    context.run_migrations()
