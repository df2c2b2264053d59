"""Where signed-in moderators' sessions live: database rows, or Redis keys when REDIS_URL is set.

Either way a session is found by a hash of the cookie's token, so a leak of the store opens no session.
The rules (timeouts, who may resume) are in `moderator_sessions`; a store only keeps records.
"""

from abc import ABC, abstractmethod
from datetime import datetime, timedelta

from pydantic import BaseModel
from redis.asyncio import Redis

from core.models.moderators import ModeratorSession


class SessionRecord(BaseModel):
    moderator_id: int
    language: str | None = None
    created_at: datetime
    last_seen_at: datetime


class SessionStore(ABC):
    @abstractmethod
    async def save(self, session_id: str, record: SessionRecord, lifetime: timedelta) -> None:
        """Keep `record` (new or changed); it is of no use after `lifetime`."""

    @abstractmethod
    async def load(self, session_id: str) -> SessionRecord | None: ...

    @abstractmethod
    async def delete(self, session_id: str) -> None: ...


class DatabaseSessions(SessionStore):
    async def save(self, session_id: str, record: SessionRecord, lifetime: timedelta) -> None:
        fields = record.model_dump()
        if not await ModeratorSession.filter(id=session_id).update(**fields):
            await ModeratorSession.create(id=session_id, **fields)

    async def load(self, session_id: str) -> SessionRecord | None:
        row = await ModeratorSession.get_or_none(id=session_id)
        return None if row is None else SessionRecord.model_validate(row, from_attributes=True)

    async def delete(self, session_id: str) -> None:
        await ModeratorSession.filter(id=session_id).delete()


class RedisSessions(SessionStore):
    """Shared by every admin web process; Redis drops a key once its session can no longer be resumed."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    @staticmethod
    def _key(session_id: str) -> str:
        return f"daigou:admin-session:{session_id}"

    async def save(self, session_id: str, record: SessionRecord, lifetime: timedelta) -> None:
        seconds = max(int(lifetime.total_seconds()), 1)
        await self._redis.set(self._key(session_id), record.model_dump_json(), ex=seconds)

    async def load(self, session_id: str) -> SessionRecord | None:
        stored = await self._redis.get(self._key(session_id))
        return None if stored is None else SessionRecord.model_validate_json(stored)

    async def delete(self, session_id: str) -> None:
        await self._redis.delete(self._key(session_id))
