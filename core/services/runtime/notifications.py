"""The outbox: the one way to tell a user something they did not just ask for.

Services queue a stable key and its parameters inside their own transaction, so a message
exists exactly when the action happened; a sender (bot/outbox.py) delivers it later.

Any number of senders share the table. `claim` takes due notices under a lease with one
conditional update, so a row already claimed by another sender, or settled, is never taken;
every later step (`hold`, `settle`, `release`) applies only while the claim is still the
caller's, so a sender that lost its lease (it stalled, or crashed and came back) cannot send or
settle what another sender took over. A chat belongs to one sender at a time: a claim skips
people who have a notice leased to a sender or waiting for a retry, so each chat's notices go
out in order and its pace is kept by one sender. Claims take turns (an advisory lock on
PostgreSQL; SQLite writes one at a time anyway) and take a few milliseconds each.
"""

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Subquery
from tortoise.transactions import in_transaction

from core import clock
from core.models.notifications import MARKETING, TRANSACTIONAL, Notification
from core.services.people.users import Person, person_of

LEASE = timedelta(seconds=60)
PER_CHAT = 3  # a chat's share of one claim: a burst Telegram allows, so a round never waits long on one chat
_CLAIM_LOCK = 7_305_001  # any number, the same for every sender


async def queue(user_id: int, key: str, *, marketing: bool = False, **params: Any) -> Notification:
    """Queue a notice for `user_id`; marketing notices wait until transactional ones are out."""
    return await Notification.create(
        user_id=user_id,
        key=key,
        params=params,
        priority=MARKETING if marketing else TRANSACTIONAL,
        available_at=clock.now(),
    )


@dataclass(frozen=True, slots=True)
class Notice:
    """A claimed notice, as a sender delivers it: to whom, which text (`key`, `params`), and its try so far."""

    id: int
    recipient: Person
    key: str
    params: dict[str, Any]
    attempts: int  # this one included


def new_claim() -> str:
    return uuid.uuid4().hex


async def claim(claim_id: str, limit: int, lease: timedelta = LEASE) -> list[Notice]:
    """Take up to `limit` due notices for `claim_id`, transactional first, oldest first, with their recipients."""
    now = clock.now()
    due = Notification.filter(sent_at=None, available_at__lte=now)
    busy = Notification.filter(sent_at=None, available_at__gt=now).values("user_id")
    async with in_transaction() as connection:
        await _take_turns(connection)
        candidates = (
            await due.exclude(user_id__in=Subquery(busy))
            .order_by("priority", "id")
            .limit(limit * PER_CHAT)
            .values_list("id", "user_id")
        )
        ids = _shared_out(candidates, limit)
        if not ids:
            return []
        await due.filter(id__in=ids).update(claimed_by=claim_id, available_at=now + lease, attempts=F("attempts") + 1)
    mine = Notification.filter(claimed_by=claim_id, sent_at=None).order_by("priority", "id")
    return [Notice(n.id, person_of(n.user), n.key, n.params, n.attempts) for n in await mine.prefetch_related("user")]


async def _take_turns(connection: BaseDBAsyncClient) -> None:
    if connection.capabilities.dialect == "postgres":
        await connection.execute_query(f"SELECT pg_advisory_xact_lock({_CLAIM_LOCK})")


def _shared_out(candidates: list[Any], limit: int) -> list[int]:
    """The first `limit` candidates, at most PER_CHAT of them for any one person."""
    taken: list[int] = []
    per_chat: Counter[int] = Counter()
    for notice_id, user_id in candidates:
        if per_chat[user_id] < PER_CHAT and len(taken) < limit:
            per_chat[user_id] += 1
            taken.append(notice_id)
    return taken


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
