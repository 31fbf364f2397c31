"""Store fixtures: a clean PostgreSQL schema per test (Alembic's own table included)."""

import hashlib
import os
import sqlite3

import pytest
import sqlalchemy as sa

PG_ENV = "REENTRY_WORKBOOK_TEST_PG"


def _pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{PG_ENV} is not set in CI: scripts/test.sh should have started PostgreSQL")
    pytest.skip(f"no PostgreSQL server ({PG_ENV} not set); run the tests with scripts/test.sh")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'responses.sqlite3'}"
    url = _pg_url()
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # every table, whatever version made it
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def checksum():
    """store -> a hash of everything in it (a refused import must leave it unchanged)."""
    return store_checksum


def store_checksum(store) -> str:
    """A hash of everything in the store: `.dump` for SQLite, every row in order for PostgreSQL."""
    digest = hashlib.sha256()
    if store.is_sqlite:
        conn = sqlite3.connect(store.location)
        try:
            for line in conn.iterdump():
                digest.update(line.encode())
        finally:
            conn.close()
        return digest.hexdigest()
    with store.engine.connect() as conn:
        for name in sorted(sa.inspect(conn).get_table_names()):
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            rows = conn.execute(sa.select(table).order_by(*table.columns)).all()
            digest.update(f"{name}:{rows!r}".encode())
    return digest.hexdigest()
