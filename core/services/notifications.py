"""The outbox: the one way to tell a user something they did not just ask for.

Services queue a stable key and its parameters inside their own transaction, so a message
exists exactly when the action happened; the bot renders and delivers it later.
"""

from typing import Any

from core import clock
from core.models.notifications import Notification


async def queue(user_id: int, key: str, **params: Any) -> Notification:
    return await Notification.create(user_id=user_id, key=key, params=params)


async def pending(limit: int = 50) -> list[Notification]:
    """The oldest undelivered notifications, with their recipients."""
    return await Notification.filter(sent_at=None).order_by("id").limit(limit).prefetch_related("user")


async def mark_sent(notification_id: int) -> None:
    await Notification.filter(id=notification_id, sent_at=None).update(sent_at=clock.now())
