"""A transaction whose BEGIN fails leaves nothing behind: the same task's next transaction works.

Found by the fault-injection simulation: PostgreSQL dropped the outbox sender's connection just as it sent
BEGIN, and the sender kept that dead connection as its current one, so no notice went out again until the
process restarted (core/db_engines).
"""

import asyncio
from typing import Any

import pytest
from tortoise.backends.asyncpg.client import TransactionWrapper
from tortoise.backends.sqlite.client import SqliteTransactionWrapper

from core.services.runtime import notifications
from tests import factories
from tests.conftest import IS_POSTGRES


class ConnectionDropped(Exception):
    pass


def _drop_the_connection_at_the_next_begin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server closes the connection as BEGIN goes out (on SQLite, which has none to close, BEGIN fails)."""
    wrapper: Any = TransactionWrapper if IS_POSTGRES else SqliteTransactionWrapper
    begin = wrapper.begin
    drops = [ConnectionDropped()]

    async def dropped_begin(self: Any) -> None:
        if drops:
            if IS_POSTGRES:
                self._connection.terminate()
            raise drops.pop()
        await begin(self)

    monkeypatch.setattr(wrapper, "begin", dropped_begin)


async def test_the_outbox_claims_again_after_the_database_dropped_its_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    customer = await factories.customer()
    notice = await notifications.queue(customer.id, "order.shipped", order_id=1)
    _drop_the_connection_at_the_next_begin(monkeypatch)

    with pytest.raises(ConnectionDropped):
        await notifications.claim(notifications.new_claim(), 10)
    async with asyncio.timeout(5):  # on SQLite, a lock left held would make this wait for ever
        claimed = await notifications.claim(notifications.new_claim(), 10)

    assert [n.id for n in claimed] == [notice.id]
    assert not await notifications.claim(notifications.new_claim(), 10), "a claim committed once only"
