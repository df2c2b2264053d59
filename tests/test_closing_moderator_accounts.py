"""Admins close and reopen moderators' accounts, and so can an operator with the `daigou` command; all audited."""

import sqlite3
from pathlib import Path

import pytest

from core.domain.moderators import ModeratorRole
from core.errors import Forbidden, InvalidState, NotFound
from core.models.audit import AuditEntry
from core.models.moderators import Moderator, ModeratorSession
from core.services.oversight.moderator_sessions import resume_session, start_session
from core.services.oversight.moderators import (
    all_moderators,
    authenticate,
    create_moderator,
    deactivate_moderator,
    moderator_named,
    reactivate_moderator,
)
from core.services.oversight.session_stores import SessionStore
from tests.daigou_command import daigou

PASSWORD = "correct horse battery staple"


async def test_a_deactivated_moderator_is_signed_out_everywhere_and_cannot_sign_in_until_reactivated() -> None:
    admin = await create_moderator("ada", PASSWORD, ModeratorRole.ADMIN)
    mei = await create_moderator("mei", PASSWORD)
    browsers = [await start_session(mei.id), await start_session(mei.id)]
    admins_browser = await start_session(admin.id)

    closed = await deactivate_moderator(admin.id, mei.id, "Left the team")

    assert not closed.is_active
    assert [await resume_session(token) for token in browsers] == [None, None]
    assert not await ModeratorSession.filter(moderator_id=mei.id).exists()
    assert await resume_session(admins_browser) is not None
    with pytest.raises(Forbidden):
        await authenticate("mei", PASSWORD, "10.0.0.1")

    await reactivate_moderator(admin.id, mei.id)

    assert (await authenticate("mei", PASSWORD, "10.0.0.2")).id == mei.id
    entries = await AuditEntry.filter(target_kind="moderator").order_by("id")
    assert [(e.moderator_id, e.action, e.target_id, e.reason) for e in entries] == [
        (admin.id, "moderator.deactivate", str(mei.id), "Left the team"),
        (admin.id, "moderator.reactivate", str(mei.id), ""),
    ]


async def test_a_reopened_account_signs_in_afresh_wherever_sessions_are_kept(sessions: SessionStore) -> None:
    admin = await create_moderator("ada", PASSWORD, ModeratorRole.ADMIN)
    mei = await create_moderator("mei", PASSWORD)
    before = await start_session(mei.id, store=sessions)

    await deactivate_moderator(admin.id, mei.id, "Laptop stolen")
    await reactivate_moderator(admin.id, mei.id, "Found it")
    after = await start_session(mei.id, store=sessions)

    assert await resume_session(before, sessions) is None  # the stolen laptop's cookie stays dead
    assert await resume_session(after, sessions) is not None


async def test_only_admins_close_accounts_and_never_their_own() -> None:
    admin = await create_moderator("ada", PASSWORD, ModeratorRole.ADMIN)
    mei = await create_moderator("mei", PASSWORD)

    with pytest.raises(Forbidden) as not_admin:
        await deactivate_moderator(mei.id, admin.id)
    with pytest.raises(Forbidden) as themselves:
        await deactivate_moderator(admin.id, admin.id)

    assert (not_admin.value.code, themselves.value.code) == ("moderator.admin_only", "moderator.self_deactivation")
    assert await Moderator.filter(is_active=True).count() == 2
    assert not await AuditEntry.exists()


async def test_closing_a_closed_account_or_an_unknown_one_is_refused_without_an_audit_entry() -> None:
    admin = await create_moderator("ada", PASSWORD, ModeratorRole.ADMIN)
    mei = await create_moderator("mei", PASSWORD)
    await deactivate_moderator(admin.id, mei.id)

    with pytest.raises(InvalidState):
        await deactivate_moderator(admin.id, mei.id)
    with pytest.raises(InvalidState):
        await reactivate_moderator(admin.id, admin.id)
    with pytest.raises(NotFound):
        await deactivate_moderator(admin.id, mei.id + 100)
    with pytest.raises(NotFound):
        await moderator_named("nobody")

    assert await AuditEntry.all().count() == 1


async def test_signing_in_records_when_and_the_roster_lists_everyone_by_name() -> None:
    await create_moderator("mei", PASSWORD)
    await create_moderator("ada", PASSWORD, ModeratorRole.ADMIN)
    assert (await moderator_named("MEI")).last_login_at is None

    await authenticate("mei", PASSWORD, "10.0.0.1")

    roster = await all_moderators()
    assert [m.username for m in roster] == ["ada", "mei"]
    assert roster[1].last_login_at is not None and roster[0].last_login_at is None


@pytest.mark.e2e
def test_daigou_moderator_deactivate_closes_the_account_and_audits_it_as_the_operator(
    tmp_path: Path, migrated_database: Path
) -> None:
    url = f"sqlite://{migrated_database}"
    daigou(tmp_path, "moderator", "create", "mei", "--password-stdin", DATABASE_URL=url, stdin=PASSWORD)

    closed = daigou(tmp_path, "moderator", "deactivate", "Mei", "--reason", "Laptop stolen", DATABASE_URL=url)
    again = daigou(tmp_path, "moderator", "deactivate", "mei", DATABASE_URL=url)
    unknown = daigou(tmp_path, "moderator", "deactivate", "nobody", DATABASE_URL=url)

    assert (closed.returncode, closed.stdout.strip()) == (0, "Deactivated mei."), closed.stderr
    assert again.returncode == 1 and "deactivated already" in again.stderr
    assert unknown.returncode == 1 and "no moderator with that username" in unknown.stderr
    with sqlite3.connect(migrated_database) as connection:
        assert connection.execute("SELECT is_active FROM moderators WHERE username = 'mei'").fetchone() == (0,)
        entries = connection.execute("SELECT moderator_id, action, reason FROM audit_entries").fetchall()
    assert entries == [(None, "moderator.deactivate", "Laptop stolen")]

    reopened = daigou(tmp_path, "moderator", "reactivate", "mei", DATABASE_URL=url)
    assert (reopened.returncode, reopened.stdout.strip()) == (0, "Reactivated mei."), reopened.stderr


@pytest.mark.e2e
def test_daigou_says_a_refusal_in_the_operators_language(tmp_path: Path, migrated_database: Path) -> None:
    url = f"sqlite://{migrated_database}"

    unknown = daigou(tmp_path, "moderator", "deactivate", "nobody", DATABASE_URL=url, LANG="zh_CN.UTF-8")

    assert unknown.returncode == 1
    assert unknown.stderr.strip().endswith("daigou: 没有使用该用户名的审核员")
