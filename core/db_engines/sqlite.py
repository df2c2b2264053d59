"""Tortoise's SQLite client, whose transaction releases the connection's lock when BEGIN fails."""

from tortoise.backends.base.client import TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.connection import get_connections


class _LockedTransaction(SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
            try:
                await self.connection.begin()
            except BaseException:
                get_connections().reset(self.token)
                raise
        except BaseException:
            self._trxlock.release()
            raise
        return self.connection


class SqliteSafeClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return _LockedTransaction(SqliteTransactionWrapper(self), self._lock)


client_class = SqliteSafeClient
