"""Tortoise's asyncpg client, whose pooled transaction gives its connection back when BEGIN fails."""

from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import TransactionalDBClient, TransactionContext, TransactionContextPooled

from core.db_engines import begin_as_current


class _PooledTransaction(TransactionContextPooled):
    async def __aenter__(self) -> TransactionalDBClient:
        await self.ensure_connection()
        pool = self.client._parent._pool
        self.client._connection = await pool.acquire()
        try:
            self.token = await begin_as_current(self.connection_name, self.client)
        except BaseException:
            await pool.release(self.client._connection)
            raise
        return self.client


class AsyncpgClient(AsyncpgDBClient):
    def _in_transaction(self) -> TransactionContext:
        return _PooledTransaction(TransactionWrapper(self), self._pool_init_lock)


client_class = AsyncpgClient
