"""Tortoise's database clients, with transactions that clean up when BEGIN fails.

Tortoise enters a transaction in three steps: it takes the connection (a pooled one on PostgreSQL, the
one connection's lock on SQLite), makes it the task's current connection, then sends BEGIN. When BEGIN
fails (the server dropped the connection, the task was cancelled), `__aexit__` never runs: on PostgreSQL
the connection never goes back to the pool and the task keeps the dead one as its current connection, so
every later query of that task fails ("connection is closed"); on SQLite the lock is never released, so
every later query waits for ever. A long-lived loop (the outbox sender, the scheduler) stopped for good
that way in the fault-injection simulation (docs/reliability.md). These clients undo the first two steps
when the third fails. `core.db.tortoise_config` selects them; they are Tortoise's own engines otherwise.
"""

from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import ConnectionToken, get_connections


async def begin_as_current(connection_name: str, client: TransactionalDBClient) -> ConnectionToken:
    """Make `client` the task's current connection and send BEGIN; if BEGIN fails, the task's previous
    connection is current again. The token resets it when the transaction ends."""
    token = get_connections().set(connection_name, client)
    try:
        await client.begin()
    except BaseException:
        get_connections().reset(token)
        raise
    return token
