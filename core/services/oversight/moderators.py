"""Moderator accounts and signing in: argon2id hashes, checked off the event loop, throttled guessing,
and admins (or operators with the `daigou` command) closing and reopening accounts."""

import asyncio
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from tortoise.transactions import in_transaction

from core import clock
from core.domain.audit import AuditAction, AuditTarget
from core.domain.login_throttle import WINDOW, wait_after
from core.domain.moderators import ModeratorRole
from core.domain.text import clean_text
from core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound, Throttled
from core.models.moderators import LoginThrottle, Moderator, ModeratorSession
from core.services.oversight.audit import record
from core.services.oversight.moderator_sessions import SignedIn

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so a wrong name takes as long as a wrong password.

    Made on first use rather than at import: hashing takes about a quarter of a second, which every process
    importing this module (`daigou migrate`, the admin web, tests) would otherwise pay at start.
    """
    return _hasher.hash("not a password anyone has")


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not 3 <= len(name) <= 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise InvalidInput("moderator.bad_username")
    return name


async def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("moderator.password_too_short", min=MIN_PASSWORD_LENGTH)
    return await asyncio.to_thread(_hasher.hash, password)


async def _verify(password_hash: str, password: str) -> bool:
    try:
        return await asyncio.to_thread(_hasher.verify, password_hash, password)
    except VerificationError:
        return False


async def create_moderator(username: str, password: str, role: ModeratorRole = ModeratorRole.MODERATOR) -> Moderator:
    name = check_username(username)
    password_hash = await hash_password(password)
    if await Moderator.exists(username=name):
        raise Conflict("moderator.exists", username=name)
    return await Moderator.create(username=name, password_hash=password_hash, role=role)


async def _count_attempt(username: str, client_ip: str, now: datetime) -> None:
    """Count a sign-in attempt before its password is checked; `throttled` while the pair must wait.

    A compare-and-set on the pair's count: of attempts sent at once, one wins each round and the others
    read the new count and decide again, so a burst gets no more password checks than a sequence.
    """
    throttle, _ = await LoginThrottle.get_or_create(
        username=username, client_ip=client_ip, defaults={"last_attempt_at": now}
    )
    while True:
        earlier = throttle.attempts if throttle.last_attempt_at > now - WINDOW else 0
        ready_at = throttle.last_attempt_at + wait_after(earlier)
        if wait_after(earlier) and ready_at > now:
            raise Throttled(retry_after=int((ready_at - now).total_seconds()) + 1)
        counted = await LoginThrottle.filter(id=throttle.id, attempts=throttle.attempts).update(
            attempts=earlier + 1, last_attempt_at=now
        )
        if counted:
            return
        found = await LoginThrottle.get_or_none(id=throttle.id)
        if found is None:  # a right password cleared the count meanwhile
            throttle, _ = await LoginThrottle.get_or_create(
                username=username, client_ip=client_ip, defaults={"last_attempt_at": now}
            )
        else:
            throttle = found


async def authenticate(username: str, password: str, client_ip: str) -> SignedIn:
    """The active moderator with this password, or `login.failed`; `throttled` while the pair must wait."""
    name = username.strip().lower()[:64]
    await _count_attempt(name, client_ip, clock.now())
    moderator = await Moderator.get_or_none(username=name, is_active=True)
    password_hash = moderator.password_hash if moderator else await asyncio.to_thread(_dummy_hash)
    if not await _verify(password_hash, password) or moderator is None:
        raise Forbidden("login.failed")
    await LoginThrottle.filter(username=name, client_ip=client_ip).delete()
    moderator.last_login_at = clock.now()
    await moderator.save(update_fields=["last_login_at"])
    return SignedIn(moderator.id, moderator.username, moderator.role)


def require_admin(moderator: Moderator) -> None:
    if moderator.role is not ModeratorRole.ADMIN:
        raise Forbidden("moderator.admin_only")


@dataclass(frozen=True, slots=True)
class RosterLine:
    """A moderator account as the roster shows it."""

    id: int
    username: str
    role: ModeratorRole
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime


async def all_moderators() -> list[RosterLine]:
    rows = await Moderator.all().order_by("username")
    return [RosterLine(m.id, m.username, m.role, m.is_active, m.last_login_at, m.created_at) for m in rows]


async def moderator_named(username: str) -> Moderator:
    moderator = await Moderator.get_or_none(username=username.strip().lower())
    if moderator is None:
        raise NotFound("moderator.not_found")
    return moderator


async def _set_active(by: int | None, moderator_id: int, active: bool, reason: str) -> Moderator:
    reason = clean_text(reason, "reason", 1000, allow_empty=True)
    async with in_transaction():
        if by is not None:
            require_admin(await Moderator.get(id=by))
            if by == moderator_id and not active:
                raise Forbidden("moderator.self_deactivation")
        changes: dict[str, object] = {"is_active": active}
        if not active:
            changes["sessions_ended_at"] = clock.now()
        if not await Moderator.filter(id=moderator_id, is_active=not active).update(**changes):
            if not await Moderator.exists(id=moderator_id):
                raise NotFound("moderator.not_found")
            raise InvalidState("moderator.already_active" if active else "moderator.already_inactive")
        if not active:  # database sessions would otherwise wait for a visit to be cleared
            await ModeratorSession.filter(moderator_id=moderator_id).delete()
        action = AuditAction.MODERATOR_REACTIVATE if active else AuditAction.MODERATOR_DEACTIVATE
        await record(by, action, AuditTarget.MODERATOR, moderator_id, reason)
        return await Moderator.get(id=moderator_id)


async def deactivate_moderator(by: int | None, moderator_id: int, reason: str = "") -> Moderator:
    """Close an account: it cannot sign in and its open sessions end at once.

    `by` is the admin doing it (never on themselves), or None for an operator with the `daigou` command.
    """
    return await _set_active(by, moderator_id, False, reason)


async def reactivate_moderator(by: int | None, moderator_id: int, reason: str = "") -> Moderator:
    """Reopen a closed account; its old password works again."""
    return await _set_active(by, moderator_id, True, reason)
