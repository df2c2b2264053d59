"""Moderators keep the watchlist of often-counterfeited brands that the risk engine looks harder at."""

from typing import Any

from aiohttp import ClientSession
from aiohttp.test_utils import TestClient

from core.models.audit import AuditEntry
from core.models.risk import WatchedBrand
from core.services.catalog.risk import assess_listing
from core.services.catalog.watchlist import watch_brand
from tests import factories
from tests.admin_web.conftest import Desk


async def test_a_moderator_adds_a_brand_with_a_note_and_its_listings_are_scored_for_it(desk: Desk) -> None:
    response = await desk.post("/watchlist", {"brand": "  Louis Vuitton ", "note": "Fake Neverfulls from resellers"})

    assert response.status == 303 and response.headers["Location"] == "/watchlist"
    page = await desk.page("/watchlist")
    assert "<td>Louis Vuitton</td><td>Fake Neverfulls from resellers</td><td>mei</td>" in page
    entry = await AuditEntry.get(action="watchlist.add")
    assert (entry.moderator_id, entry.target_kind, entry.target_id) == (desk.moderator.id, "brand", "Louis Vuitton")
    assert entry.details == {"note": "Fake Neverfulls from resellers"}
    listing = await factories.listing(await factories.buyer(), brand="LOUIS VUITTON", title="Neverfull MM")
    assert "watchlist_brand" in {reason.code for reason in (await assess_listing(listing.id)).reasons}


async def test_a_moderator_removes_a_brand_and_the_audit_log_says_who(desk: Desk) -> None:
    await watch_brand("Rolex", "ada", "Submariners")
    await watch_brand("Hermes", "ada")

    response = await desk.post("/watchlist/remove", {"brand": "Rolex"})

    assert response.status == 303
    assert [brand.name for brand in await WatchedBrand.all()] == ["Hermes"]
    page = await desk.page("/watchlist")
    assert "Rolex" not in page and page.count('class="watched-brand"') == 1
    entry = await AuditEntry.get(action="watchlist.remove")
    assert (entry.moderator_id, entry.target_id, entry.details) == (desk.moderator.id, "Rolex", {"note": "Submariners"})
    assert "Brand taken off the watchlist" in await desk.page("/audit")


async def test_a_brand_watched_already_or_not_watched_is_refused_with_a_reason(desk: Desk) -> None:
    await watch_brand("Rolex")

    twice = await desk.post("/watchlist", {"brand": "ROLEX"})
    absent = await desk.post("/watchlist/remove", {"brand": "Omega"})
    empty = await desk.post("/watchlist", {"brand": "  "})

    assert twice.status == 409 and "ROLEX is on the watchlist already." in await twice.text()
    assert absent.status == 404 and "not on the watchlist" in await absent.text()
    assert empty.status == 400
    assert await WatchedBrand.all().count() == 1
    assert not await AuditEntry.exists()


async def test_nothing_changes_without_a_session_or_without_the_form_token(
    client: TestClient[Any, Any], desk: Desk
) -> None:
    await watch_brand("Rolex")
    async with ClientSession() as stranger:  # a browser with no session
        added = await stranger.post(
            client.make_url("/watchlist"), data={"csrf_token": "x", "brand": "Omega"}, allow_redirects=False
        )
        removed = await stranger.post(client.make_url("/watchlist/remove"), data={"csrf_token": "x", "brand": "Rolex"})
    forged = await desk.client.post("/watchlist/remove", data={"csrf_token": "forged", "brand": "Rolex"})

    assert added.status == 303 and added.headers["Location"] == "/login"
    assert forged.status == 403
    assert removed.url.path == "/login"
    assert [brand.name for brand in await WatchedBrand.all()] == ["Rolex"]
    assert not await AuditEntry.exists()


async def test_the_watchlist_page_speaks_chinese(desk: Desk) -> None:
    await watch_brand("Rolex", "ada", "Submariners")

    page = await desk.page("/watchlist?lang=zh")

    assert "品牌监控名单" in page and "监控此品牌" in page and "移出监控名单" in page
    assert "Submariners" in page
