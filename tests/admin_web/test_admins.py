"""What only admins do in the admin web: close and reopen moderators' accounts, and lift a buyer's ban."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from admin_web.app import create_app
from core.domain.buyers import BuyerStatus
from core.domain.moderators import ModeratorRole
from core.models.audit import AuditEntry
from core.models.moderators import Moderator, ModeratorSession
from core.models.notifications import Notification
from core.models.users import BuyerProfile
from core.services.oversight import moderation
from core.services.oversight.moderators import authenticate
from tests import factories
from tests.admin_web.conftest import PASSWORD, Desk, moderator, sign_in


@pytest.fixture
async def other_browser() -> AsyncIterator[TestClient[Any, Any]]:
    async with TestClient(TestServer(create_app(open_database=False))) as test_client:
        yield test_client


async def test_the_roster_shows_each_moderators_role_state_and_last_sign_in(admin_desk: Desk) -> None:
    await moderator("mei")
    await authenticate("mei", PASSWORD, "10.0.0.1")
    await Moderator.create(username="old", password_hash="x", is_active=False)

    page = await admin_desk.page("/moderators")

    rows = page.split('class="moderator"')[1:]
    assert [row.split("<td>")[1].split("</td>")[0] for row in rows] == ["ada", "mei", "old"]
    assert "<td>Admin</td>" in rows[0] and "(you)" in rows[0] and "/deactivate" not in rows[0]
    assert "<td>Moderator</td>" in rows[1] and "Active" in rows[1] and "UTC" in rows[1].split("<td>")[4]
    assert "Deactivated" in rows[2] and "never" in rows[2] and "/reactivate" in rows[2]
    assert 'href="/moderators"' in page  # in the menu, for admins only
    assert 'href="/moderators"' not in await (await sign_in(admin_desk.client, await moderator("lin"))).page("/")


async def test_deactivating_a_moderator_signs_them_out_and_keeps_them_out(
    admin_desk: Desk, other_browser: TestClient[Any, Any]
) -> None:
    mei = await sign_in(other_browser, await moderator("mei"))
    assert (await mei.get("/")).status == 200

    response = await admin_desk.post(f"/moderators/{mei.moderator.id}/deactivate", {"reason": "Left the team"})

    assert (response.status, response.headers["Location"]) == (303, "/moderators")
    assert not (await Moderator.get(id=mei.moderator.id)).is_active
    assert not await ModeratorSession.filter(moderator_id=mei.moderator.id).exists()
    assert (await mei.get("/")).headers["Location"] == "/login"
    entry = await AuditEntry.get(action="moderator.deactivate")
    assert (entry.moderator_id, entry.target_kind, entry.target_id, entry.reason) == (
        admin_desk.moderator.id,
        "moderator",
        str(mei.moderator.id),
        "Left the team",
    )
    assert "Moderator deactivated" in await admin_desk.page("/audit")


async def test_reactivating_a_moderator_lets_them_sign_in_again(admin_desk: Desk) -> None:
    old = await moderator("old")
    await Moderator.filter(id=old.id).update(is_active=False)

    response = await admin_desk.post(f"/moderators/{old.id}/reactivate")

    assert response.status == 303
    assert (await authenticate("old", PASSWORD, "10.0.0.1")).id == old.id
    assert await AuditEntry.filter(action="moderator.reactivate", target_id=str(old.id)).exists()


async def test_an_admin_cannot_deactivate_themselves(admin_desk: Desk) -> None:
    response = await admin_desk.post(f"/moderators/{admin_desk.moderator.id}/deactivate")

    assert response.status == 403
    assert "You cannot deactivate your own account" in await response.text()
    assert (await Moderator.get(id=admin_desk.moderator.id)).is_active
    assert not await AuditEntry.exists()


async def banned_buyer() -> int:
    seller = await factories.buyer("Erin")
    lin = await moderator("lin")
    await moderation.decide_buyer(lin.id, seller.id, BuyerStatus.BANNED, "Sold counterfeits")
    return seller.id


async def test_an_admin_lifts_a_ban_with_a_reason(admin_desk: Desk) -> None:
    seller_id = await banned_buyer()
    assert "Lift the ban" in await admin_desk.page(f"/users/{seller_id}")

    response = await admin_desk.post(f"/users/{seller_id}/lift-ban", {"reason": "Appeal upheld"})

    assert (response.status, response.headers["Location"]) == (303, f"/users/{seller_id}")
    assert (await BuyerProfile.get(user_id=seller_id)).status is BuyerStatus.VERIFIED
    entry = await AuditEntry.get(action="buyer.unban")
    assert (entry.moderator_id, entry.target_id) == (admin_desk.moderator.id, str(seller_id))
    assert entry.reason == "Appeal upheld"
    notice = await Notification.all().order_by("-id").first()
    assert notice is not None and (notice.user_id, notice.key) == (seller_id, "buyer.reinstated")


async def test_lifting_a_ban_without_a_reason_is_explained_and_changes_nothing(admin_desk: Desk) -> None:
    seller_id = await banned_buyer()

    response = await admin_desk.post(f"/users/{seller_id}/lift-ban", {"reason": " "})

    assert response.status == 400
    assert "Please give a reason." in await response.text()
    assert (await BuyerProfile.get(user_id=seller_id)).status is BuyerStatus.BANNED
    assert not await AuditEntry.filter(action="buyer.unban").exists()


async def test_a_moderator_sees_a_ban_but_no_way_to_lift_it(desk: Desk) -> None:
    seller_id = await banned_buyer()

    page = await desk.page(f"/users/{seller_id}")

    assert "Only an admin can lift a ban." in page and "/lift-ban" not in page
    assert desk.moderator.role is ModeratorRole.MODERATOR
