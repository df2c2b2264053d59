"""One database per test session (SQLite in memory, or PostgreSQL when DATABASE_URL says so).

Tables are emptied before every test; every test ends by checking that the ledger balances.
"""

import os
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from tortoise.context import tortoise_test_context
from tortoise.contrib.test import truncate_all_models

from tests.ledger_checks import assert_ledger_balances


def test_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        # "{}" makes Tortoise create (and later drop) a database with a random name.
        return urlunsplit(urlsplit(url)._replace(path="/daigou_test_{}"))
    return "sqlite://:memory:"


IS_POSTGRES = test_database_url().startswith(("postgres", "asyncpg"))


@pytest.fixture(scope="session", autouse=True)
async def database() -> AsyncIterator[None]:
    async with tortoise_test_context(["core.models"], db_url=test_database_url()):
        yield


@pytest.fixture(autouse=True)
async def clean_tables(database: None) -> AsyncIterator[None]:
    await truncate_all_models()
    yield
    await assert_ledger_balances()
