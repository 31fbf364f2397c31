"""Shared fixtures: template cases, and stores on SQLite and (when available) PostgreSQL."""

import os
from pathlib import Path

import pytest
from hypothesis import settings

# No timing in tests: Hypothesis' per-example deadline fails on a busy 2-core machine.
settings.register_profile("repo", deadline=None)
settings.load_profile("repo")

CASES = Path(__file__).resolve().parent / "cases"
PG_ENV = "REENTRY_WORKBOOK_TEST_PG"


@pytest.fixture
def cases() -> Path:
    return CASES


def _pg_url() -> str | None:
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
    import sqlalchemy as sa

    from reentry_workbook.store import metadata

    engine = sa.create_engine(url)
    with engine.begin() as conn:  # a clean database for every test
        metadata.drop_all(conn)
    engine.dispose()
    return url


@pytest.fixture
def store(store_url):
    from reentry_workbook import open_store

    s = open_store(store_url)
    yield s
    s.close()
