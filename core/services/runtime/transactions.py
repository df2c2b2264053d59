"""Whole transactions retried on transient conflicts, and the one order in which rows are locked.

**Lock order.** Every path that holds more than one row lock takes them in this order, so two
transactions can wait on each other only one way and PostgreSQL never has to abort one as a deadlock:

1. the payment inbox entry (`payment_inbox`), claimed by a conditional update;
2. an order (`orders.lock_order`, or `orders.transition`'s conditional update); a new order's row is
   no one else's yet, so creating one is not a step here;
3. the order's dispute and refund proposals;
4. listings (stock; a screening listing while it is published or held: `publishing`);
5. users (a buyer's row guards their bond room: `exposure`, `bonds`; and what they may ask to be paid out:
   `money.payouts.request_payout`);
   then a payout (a moderator's decision: `oversight.payouts`, a conditional update), before its ledger accounts;
6. ledger accounts, in id order (`ledger.post_transfer`);
7. scheduled jobs (`scheduler.plan`, `scheduler.drop`);
8. the notifications outbox.

A step that decides from an order's state and then moves it locks the order first (`lock_order`),
as payments and deadline jobs do, rather than reading it and locking later.
The scheduler claims a job in its own short transaction and runs the handler afterwards, so it
holds no job lock while the handler locks an order: a handler and a payment both go order → job.

**Retries.** A deadlock or serialization failure on PostgreSQL (SQLSTATE 40P01, 40001), or "database
is locked" on SQLite (another process writing), rolls back the whole transaction; `retrying` runs it
again from the start, a bounded number of times. Only a whole transaction can be retried: inside an
outer transaction the work runs once, and the outer one's `retrying` (if any) starts it over.

**After commit.** `on_commit` holds an effect outside the database (a metric counted) until the transaction
`retrying` runs has committed, so an attempt rolled back and run again counts once.
"""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TypeVar

from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import connections
from tortoise.transactions import in_transaction

log = logging.getLogger(__name__)

T = TypeVar("T")

ATTEMPTS = 5
_TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
_FIRST_PAUSE = 0.02
# What the transaction `retrying` runs now will do once committed; None outside one.
_after_commit: ContextVar[list[Callable[[], None]] | None] = ContextVar("after_commit", default=None)


def is_transient(error: BaseException) -> bool:
    """Whether running the same transaction again may well succeed."""
    seen: BaseException | None = error
    while seen is not None:
        if getattr(seen, "sqlstate", None) in _TRANSIENT_SQLSTATES:
            return True
        if "database is locked" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def on_commit(action: Callable[[], None]) -> None:
    """Run `action` once the transaction `retrying` runs commits, never for an attempt rolled back.

    Outside such a transaction (none, or one opened without `retrying`) it runs at once."""
    pending = _after_commit.get()
    if pending is None:
        action()
    else:
        pending.append(action)


def in_a_transaction() -> bool:
    return isinstance(connections.get("default"), TransactionalDBClient)


async def retrying(work: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """Run `work` in a transaction, starting over on a transient conflict; see the module docstring."""
    if in_a_transaction():
        return await work()
    for attempt in range(1, attempts + 1):
        committed: list[Callable[[], None]] = []
        pending = _after_commit.set(committed)
        try:
            async with in_transaction():
                result = await work()
        except Exception as error:
            if attempt == attempts or not is_transient(error):
                raise
            log.warning("transaction conflict (%s), attempt %d of %d", type(error).__name__, attempt, attempts)
            await asyncio.sleep(_FIRST_PAUSE * 2**attempt * random.random())
            continue
        finally:
            _after_commit.reset(pending)
        for action in committed:
            action()
        return result
    raise AssertionError("unreachable")
