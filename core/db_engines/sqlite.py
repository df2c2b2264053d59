"""Tortoise's SQLite client, whose transaction releases the connection's lock when BEGIN fails."""

from tortoise.backends.base.client import TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper

from core.db_engines import begin_as_current


class _LockedTransaction(SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            self.token = await begin_as_current(self.connection_name, self.connection)
        except BaseException:
            self._trxlock.release()
            raise
        return self.connection


class SqliteSafeClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return _LockedTransaction(SqliteTransactionWrapper(self), self._lock)


client_class = SqliteSafeClient
