"""Signed-in browsers: a fresh random token per sign-in, idle and absolute timeouts, sign-out deletes it."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import clock
from core.domain.languages import supported_languages
from core.domain.moderators import ModeratorRole
from core.errors import InvalidInput
from core.models.moderators import Moderator
from core.services.oversight.session_stores import DatabaseSessions, SessionRecord, SessionStore

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
DATABASE_SESSIONS = DatabaseSessions()


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The moderator behind a live session, as the admin web needs them for one request."""

    id: int
    username: str
    role: ModeratorRole


def _session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime(record: SessionRecord, now: datetime) -> timedelta:
    """How long the session may still be resumed: until it idles out or reaches its absolute end."""
    return min(record.last_seen_at + IDLE_TIMEOUT, record.created_at + ABSOLUTE_TIMEOUT) - now


async def start_session(moderator_id: int, language: str | None = None, store: SessionStore = DATABASE_SESSIONS) -> str:
    """A new session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    record = SessionRecord(moderator_id=moderator_id, language=language, created_at=now, last_seen_at=now)
    await store.save(_session_id(token), record, _lifetime(record, now))
    return token


def _still_open(record: SessionRecord, moderator: Moderator, now: datetime) -> bool:
    if not moderator.is_active or _lifetime(record, now) <= timedelta(0):
        return False
    # Deactivating an account ends its sessions for good, even once it is reactivated.
    return moderator.sessions_ended_at is None or record.created_at > moderator.sessions_ended_at


async def resume_session(token: str, store: SessionStore = DATABASE_SESSIONS) -> tuple[SessionRecord, SignedIn] | None:
    """The live session behind a token and its (active) moderator, or None; an ended one is deleted."""
    session_id = _session_id(token)
    record = await store.load(session_id)
    if record is None:
        return None
    moderator = await Moderator.get_or_none(id=record.moderator_id)
    now = clock.now()
    if moderator is None or not _still_open(record, moderator, now):
        await store.delete(session_id)
        return None
    record.last_seen_at = now
    await store.save(session_id, record, _lifetime(record, now))
    return record, SignedIn(moderator.id, moderator.username, moderator.role)


async def end_session(token: str, store: SessionStore = DATABASE_SESSIONS) -> None:
    await store.delete(_session_id(token))


async def set_session_language(token: str, language: str, store: SessionStore = DATABASE_SESSIONS) -> None:
    if language not in supported_languages():
        raise InvalidInput("user.unknown_language", language=language)
    session_id = _session_id(token)
    record = await store.load(session_id)
    if record is not None:
        record.language = language
        await store.save(session_id, record, _lifetime(record, clock.now()))
