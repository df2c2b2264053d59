"""The outbox: the one way to tell a user something they did not just ask for.

Services queue a stable key and its parameters inside their own transaction, so a message
exists exactly when the action happened; a sender (bot/outbox.py) delivers it later.

Senders share the table safely: `claim` takes due notices with one conditional update (a row
already claimed by another sender, or settled, is not taken), under a lease; on PostgreSQL
`SKIP LOCKED` lets senders claiming at once take different rows. Every later step
(`hold`, `settle`, `release`) applies only while the claim is still the caller's, so a sender
that lost its lease (it stalled, or crashed and came back) cannot settle or send twice what
another sender took over.
"""

import uuid
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core import clock
from core.models.notifications import MARKETING, TRANSACTIONAL, Notification

LEASE = timedelta(seconds=60)


async def queue(user_id: int, key: str, *, marketing: bool = False, **params: Any) -> Notification:
    """Queue a notice for `user_id`; marketing notices wait until transactional ones are out."""
    return await Notification.create(
        user_id=user_id,
        key=key,
        params=params,
        priority=MARKETING if marketing else TRANSACTIONAL,
        available_at=clock.now(),
    )


def new_claim() -> str:
    return uuid.uuid4().hex


async def claim(claim_id: str, limit: int, lease: timedelta = LEASE) -> list[Notification]:
    """Take up to `limit` due notices for `claim_id`: transactional first, oldest first; with their recipients."""
    now = clock.now()
    due = Notification.filter(sent_at=None, available_at__lte=now)
    async with in_transaction():
        # On PostgreSQL, senders claiming at once skip each other's rows instead of all fighting over the oldest.
        next_up = due.order_by("priority", "id").limit(limit).select_for_update(skip_locked=True)
        ids = [notice.id for notice in await next_up.only("id")]  # (values_list would drop the FOR UPDATE)
        if not ids:
            return []
        # The conditional update is the claim: it holds on its own where rows are not locked (SQLite).
        await due.filter(id__in=ids).update(claimed_by=claim_id, available_at=now + lease, attempts=F("attempts") + 1)
    mine = Notification.filter(claimed_by=claim_id, sent_at=None)
    return await mine.order_by("priority", "id").prefetch_related("user")


async def hold(notification_id: int, claim_id: str, lease: timedelta = LEASE) -> bool:
    """Renew the lease just before sending: False when the claim was lost and the notice must not be sent."""
    return bool(
        await Notification.filter(id=notification_id, claimed_by=claim_id, sent_at=None).update(
            available_at=clock.now() + lease
        )
    )


async def settle(notification_id: int, claim_id: str, error: str | None = None) -> bool:
    """Delivered (or given up for good, with `error`): never sent again."""
    return bool(
        await Notification.filter(id=notification_id, claimed_by=claim_id, sent_at=None).update(
            sent_at=clock.now(), error=error
        )
    )


async def release(notification_id: int, claim_id: str, at: datetime) -> None:
    """Give the notice back, to be sent from `at` on by whichever sender claims it then."""
    await Notification.filter(id=notification_id, claimed_by=claim_id, sent_at=None).update(
        claimed_by=None, available_at=at
    )
