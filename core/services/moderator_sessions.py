"""Signed-in browsers: a fresh random token per sign-in, idle and absolute timeouts, sign-out deletes it."""

import hashlib
import secrets
from datetime import timedelta

from core import clock
from core.domain.languages import supported_languages
from core.errors import InvalidInput
from core.models.moderators import Moderator, ModeratorSession

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)


def _session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(moderator_id: int, language: str | None = None) -> str:
    """A new session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    await ModeratorSession.create(
        id=_session_id(token), moderator_id=moderator_id, language=language, created_at=now, last_seen_at=now
    )
    return token


async def resume_session(token: str) -> tuple[ModeratorSession, Moderator] | None:
    """The live session behind a token and its (active) moderator, or None; an expired one is deleted."""
    session = await ModeratorSession.get_or_none(id=_session_id(token)).prefetch_related("moderator")
    if session is None:
        return None
    now = clock.now()
    expired = now - session.last_seen_at > IDLE_TIMEOUT or now - session.created_at > ABSOLUTE_TIMEOUT
    if expired or not session.moderator.is_active:
        await ModeratorSession.filter(id=session.id).delete()
        return None
    await ModeratorSession.filter(id=session.id).update(last_seen_at=now)
    return session, session.moderator


async def end_session(token: str) -> None:
    await ModeratorSession.filter(id=_session_id(token)).delete()


async def set_session_language(token: str, language: str) -> None:
    if language not in supported_languages():
        raise InvalidInput("user.unknown_language", language=language)
    await ModeratorSession.filter(id=_session_id(token)).update(language=language)
