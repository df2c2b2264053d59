"""Moderator accounts: argon2id passwords, throttled guessing that cannot lock the owner out, sessions that expire."""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from core import clock
from core.domain.login_throttle import MAX_WAIT, wait_after
from core.domain.moderators import ModeratorRole
from core.errors import Conflict, Forbidden, InvalidInput, Throttled
from core.models.moderators import LoginThrottle, Moderator
from core.services.oversight.moderator_sessions import (
    end_session,
    resume_session,
    set_session_language,
    start_session,
)
from core.services.oversight.moderators import authenticate, create_moderator
from core.services.oversight.session_stores import SessionStore
from tests.daigou_command import daigou

PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = clock.now()
        monkeypatch.setattr("core.clock.now", lambda: self.now)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def test_the_wait_starts_after_five_failures_doubles_and_is_bounded() -> None:
    assert [wait_after(n).total_seconds() for n in range(1, 10)] == [0, 0, 0, 0, 2, 4, 8, 16, 32]
    assert wait_after(50) == MAX_WAIT == timedelta(seconds=60)


async def test_a_moderator_signs_in_with_the_password_stored_as_argon2id() -> None:
    created = await create_moderator("Mei", PASSWORD, ModeratorRole.ADMIN)

    assert created.password_hash.startswith("$argon2id$") and PASSWORD not in created.password_hash
    assert (await authenticate(" mei ", PASSWORD, "10.0.0.1")).id == created.id


async def test_usernames_are_unique_and_passwords_long_enough() -> None:
    await create_moderator("mei", PASSWORD)

    with pytest.raises(Conflict):
        await create_moderator("MEI", PASSWORD)
    with pytest.raises(InvalidInput):
        await create_moderator("lin", "short")


async def test_a_wrong_password_an_unknown_name_and_a_deactivated_account_all_fail_alike() -> None:
    await create_moderator("mei", PASSWORD)
    await create_moderator("old", PASSWORD)
    await Moderator.filter(username="old").update(is_active=False)

    for username, password in (("mei", "wrong password!"), ("nobody", PASSWORD), ("old", PASSWORD)):
        with pytest.raises(Forbidden) as refused:
            await authenticate(username, password, "10.0.0.1")
        assert refused.value.code == "login.failed"


async def test_guessing_from_one_address_is_slowed_without_locking_out_the_owner_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    time = Clock(monkeypatch)
    await create_moderator("mei", PASSWORD)
    for _ in range(5):
        with pytest.raises(Forbidden):
            await authenticate("mei", "guess", "203.0.113.9")

    with pytest.raises(Throttled) as throttled:
        await authenticate("mei", PASSWORD, "203.0.113.9")  # even the right password waits its turn
    assert throttled.value.params["retry_after"] == 3
    assert (await authenticate("mei", PASSWORD, "198.51.100.7")).username == "mei"

    time.advance(seconds=3)
    assert (await authenticate("mei", PASSWORD, "203.0.113.9")).username == "mei"
    assert not await LoginThrottle.filter(client_ip="203.0.113.9").exists()


async def test_failures_older_than_the_window_do_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    time = Clock(monkeypatch)
    await create_moderator("mei", PASSWORD)
    for _ in range(5):
        with pytest.raises(Forbidden):
            await authenticate("mei", "guess", "203.0.113.9")

    time.advance(minutes=16)
    assert (await authenticate("mei", PASSWORD, "203.0.113.9")).username == "mei"


async def test_a_session_ends_after_30_idle_minutes(monkeypatch: pytest.MonkeyPatch, sessions: SessionStore) -> None:
    time = Clock(monkeypatch)
    mod = await create_moderator("mei", PASSWORD)
    token = await start_session(mod.id, store=sessions)

    time.advance(minutes=29)
    assert await resume_session(token, sessions) is not None
    time.advance(minutes=29)  # 58 minutes old, but used 29 minutes ago
    assert await resume_session(token, sessions) is not None
    time.advance(minutes=31)
    assert await resume_session(token, sessions) is None
    assert await sessions.load(hashlib.sha256(token.encode()).hexdigest()) is None  # and it is gone


async def test_a_session_ends_after_12_hours_however_busy(
    monkeypatch: pytest.MonkeyPatch, sessions: SessionStore
) -> None:
    time = Clock(monkeypatch)
    mod = await create_moderator("mei", PASSWORD)
    token = await start_session(mod.id, store=sessions)

    for _ in range(35):  # busy every 20 minutes for 11 h 40 min
        time.advance(minutes=20)
        assert await resume_session(token, sessions) is not None
    time.advance(minutes=21)
    assert await resume_session(token, sessions) is None


async def test_signing_out_deletes_the_session_and_the_token_is_stored_only_hashed(sessions: SessionStore) -> None:
    mod = await create_moderator("mei", PASSWORD)
    token = await start_session(mod.id, "zh", sessions)

    assert await sessions.load(token) is None
    stored = await sessions.load(hashlib.sha256(token.encode()).hexdigest())
    assert stored is not None and (stored.moderator_id, stored.language) == (mod.id, "zh")
    await end_session(token, sessions)
    assert await resume_session(token, sessions) is None


async def test_a_chosen_language_stays_with_the_session(sessions: SessionStore) -> None:
    mod = await create_moderator("mei", PASSWORD)
    token = await start_session(mod.id, "en", sessions)

    await set_session_language(token, "zh", sessions)

    resumed = await resume_session(token, sessions)
    assert resumed is not None and resumed[0].language == "zh"
    with pytest.raises(InvalidInput):
        await set_session_language(token, "xx", sessions)


@pytest.mark.e2e
def test_daigou_moderator_create_reads_the_password_from_stdin(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'daigou.sqlite3'}"

    created = daigou(
        tmp_path, "moderator", "create", "Mei", "--role", "admin", "--password-stdin", DATABASE_URL=url, stdin=PASSWORD
    )
    again = daigou(tmp_path, "moderator", "create", "mei", "--password-stdin", DATABASE_URL=url, stdin=PASSWORD)

    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == "Created admin mei."
    assert again.returncode == 1
    assert "exists already" in again.stderr
