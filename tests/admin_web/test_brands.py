"""Moderators keep the brands: their names across languages (what search finds them by) and the watchlist of
often-counterfeited brands that the risk engine looks harder at."""

from typing import Any

from aiohttp import ClientSession
from aiohttp.test_utils import TestClient

from core.models.audit import AuditEntry
from core.models.brands import Brand, BrandAlias
from core.services.catalog.brands import add_brand, watch_brand
from core.services.catalog.listings import search_listings
from core.services.catalog.risk import assess_listing
from tests import factories
from tests.admin_web.conftest import Desk


async def _names(brand: str) -> list[str]:
    return sorted(await BrandAlias.filter(brand__name=brand).values_list("name", flat=True))


async def test_a_moderator_adds_a_brand_with_its_chinese_name_and_search_finds_it_by_either(desk: Desk) -> None:
    serum = "Ultimune Power Infusing Serum 50ml"
    listing = await factories.listing(await factories.buyer(), title=serum, brand="Shiseido")

    response = await desk.post("/brands", {"brand": " Shiseido ", "aliases": "资生堂, 資生堂"})

    assert response.status == 303 and response.headers["Location"] == "/brands"
    page = await desk.page("/brands")
    assert "Done: the brand is added" in page and "资生堂" in page and "資生堂" in page
    assert await _names("Shiseido") == ["Shiseido", "資生堂", "资生堂"]
    entry = await AuditEntry.get(action="brand.add")
    assert (entry.moderator_id, entry.target_kind, entry.target_id) == (desk.moderator.id, "brand", "Shiseido")
    assert entry.details == {"names": ["Shiseido", "资生堂", "資生堂"]}
    assert [found.id for found in (await search_listings("资生堂")).items] == [listing.id]


async def test_a_moderator_adds_and_removes_a_brands_other_name_and_the_audit_log_says_so(desk: Desk) -> None:
    porter = await add_brand("Porter", "波特")
    alias = await BrandAlias.get(name="波特")

    added = await desk.post(f"/brands/{porter.id}/aliases", {"alias": "吉田カバン"})
    removed = await desk.post(f"/brands/{porter.id}/aliases/{alias.id}/remove")

    assert added.status == removed.status == 303
    assert await _names("Porter") == ["Porter", "吉田カバン"]
    page = await desk.page("/brands")
    assert "Done: the name is removed." in page and "波特" not in page
    actions = await AuditEntry.all().order_by("id").values_list("action", "target_id", "details")
    assert actions == [
        ("brand.alias_add", "Porter", {"name": "吉田カバン"}),
        ("brand.alias_remove", "Porter", {"name": "波特"}),
    ]
    assert "Brand name added" in await desk.page("/audit")


async def test_a_name_another_brand_has_or_the_brands_own_name_is_refused_and_nothing_changes(desk: Desk) -> None:
    porter = await add_brand("Porter", "波特")
    prada = await add_brand("Prada")
    own = await BrandAlias.get(name="Prada")

    taken = await desk.post(f"/brands/{prada.id}/aliases", {"alias": "波特"})
    twice = await desk.post("/brands", {"brand": "PORTER"})
    own_name = await desk.post(f"/brands/{prada.id}/aliases/{own.id}/remove")
    missing = await desk.post(f"/brands/{porter.id}/aliases/{own.id}/remove")  # Prada's name is not Porter's

    assert taken.status == 409 and "“波特” is a name of Porter already." in await taken.text()
    assert twice.status == 409
    assert own_name.status == 400 and "A brand keeps its own name" in await own_name.text()
    assert missing.status == 404
    assert await Brand.all().count() == 2 and await _names("Prada") == ["Prada"]
    assert not await AuditEntry.exists()


async def test_a_moderator_watches_a_brand_with_a_note_and_its_listings_are_scored_for_it(desk: Desk) -> None:
    response = await desk.post("/brands/watch", {"brand": "  Louis Vuitton ", "note": "Fake Neverfulls from resellers"})

    assert response.status == 303 and response.headers["Location"] == "/brands"
    page = await desk.page("/brands")
    assert "Done: the brand is on the watchlist." in page
    assert "Watched: Fake Neverfulls from resellers (mei)" in page
    entry = await AuditEntry.get(action="watchlist.add")
    assert (entry.moderator_id, entry.target_kind, entry.target_id) == (desk.moderator.id, "brand", "Louis Vuitton")
    assert entry.details == {"note": "Fake Neverfulls from resellers"}
    listing = await factories.listing(await factories.buyer(), brand="LOUIS VUITTON", title="Neverfull MM")
    assert "watchlist_brand" in {reason.code for reason in (await assess_listing(listing.id)).reasons}


async def test_a_moderator_unwatches_a_brand_it_stays_a_brand_and_the_audit_log_says_who(desk: Desk) -> None:
    await watch_brand("Rolex", "ada", "Submariners")
    await watch_brand("Hermes", "ada")

    response = await desk.post("/brands/unwatch", {"brand": "Rolex"})

    assert response.status == 303
    assert [brand.name for brand in await Brand.filter(watched=True)] == ["Hermes"]
    assert await Brand.filter(name="Rolex").exists()
    page = await desk.page("/brands")
    assert "Submariners" not in page and page.count("watched-brand") == 1
    entry = await AuditEntry.get(action="watchlist.remove")
    assert (entry.moderator_id, entry.target_id, entry.details) == (desk.moderator.id, "Rolex", {"note": "Submariners"})
    assert "Brand taken off the watchlist" in await desk.page("/audit")


async def test_a_brand_watched_already_or_not_watched_is_refused_with_a_reason(desk: Desk) -> None:
    await watch_brand("Rolex")

    twice = await desk.post("/brands/watch", {"brand": "ROLEX"})
    absent = await desk.post("/brands/unwatch", {"brand": "Omega"})
    empty = await desk.post("/brands/watch", {"brand": "  "})

    assert twice.status == 409 and "ROLEX is on the watchlist already." in await twice.text()
    assert absent.status == 404 and "not on the watchlist" in await absent.text()
    assert empty.status == 400
    assert await Brand.filter(watched=True).count() == 1
    assert not await AuditEntry.exists()


async def test_nothing_changes_without_a_session_or_without_the_form_token(
    client: TestClient[Any, Any], desk: Desk
) -> None:
    rolex = await watch_brand("Rolex")
    async with ClientSession() as stranger:  # a browser with no session
        added = await stranger.post(
            client.make_url("/brands"), data={"csrf_token": "x", "brand": "Omega"}, allow_redirects=False
        )
        removed = await stranger.post(client.make_url("/brands/unwatch"), data={"csrf_token": "x", "brand": "Rolex"})
    forged = await desk.client.post("/brands/unwatch", data={"csrf_token": "forged", "brand": "Rolex"})
    forged_alias = await desk.client.post(
        f"/brands/{rolex.id}/aliases", data={"csrf_token": "forged", "alias": "劳力士"}
    )

    assert added.status == 303 and added.headers["Location"] == "/login"
    assert forged.status == forged_alias.status == 403
    assert removed.url.path == "/login"
    assert [brand.name for brand in await Brand.filter(watched=True)] == ["Rolex"]
    assert await _names("Rolex") == ["Rolex"]
    assert not await AuditEntry.exists()


async def test_the_brands_page_speaks_chinese(desk: Desk) -> None:
    await watch_brand("Rolex", "ada", "Submariners")
    await add_brand("Porter", "波特")

    page = await desk.page("/brands?lang=zh")

    assert "品牌" in page and "监控此品牌" in page and "移出监控名单" in page
    assert "Submariners" in page and "波特" in page
