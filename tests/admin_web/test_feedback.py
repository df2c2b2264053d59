"""What a moderator sees after acting: a confirmation once, a refusal next to the form, records they can read."""

from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.models.listings import Listing
from core.services.catalog.brands import watch_brand
from core.services.catalog.risk import assess_listing
from core.services.oversight import moderation
from tests import factories
from tests.admin_web.conftest import Desk


async def held_by_the_risk_engine() -> Listing:
    """A Louis Vuitton bag from a buyer verified today whose bond would not cover it: the engine holds it."""
    await watch_brand("Louis Vuitton", "ops", "")
    listing = await factories.listing(
        await factories.buyer(bond=Money(5000, "JPY")),
        title="LV Speedy 30",
        brand="Louis Vuitton",
        price=Money(980000, "JPY"),
    )
    assert (await assess_listing(listing.id)).held
    return await Listing.get(id=listing.id)


async def test_an_action_that_worked_says_so_once_on_the_next_page(desk: Desk) -> None:
    listing = await held_by_the_risk_engine()

    response = await desk.post(f"/listings/{listing.id}/decision", {"decision": "approve"})
    shown = await desk.page(response.headers["Location"])
    again = await desk.page("/flagged")

    assert "Done: the listing is approved and for sale." in shown
    assert "Done:" not in again


async def test_the_confirmation_speaks_the_moderators_language(desk: Desk) -> None:
    await desk.get("/rates?lang=zh")

    response = await desk.post("/rates", {"base": "CNY", "quote": "KRW", "rate": "190"})

    assert "完成：汇率已设置。" in await desk.page(response.headers["Location"])


async def test_rejecting_without_a_reason_says_so_on_the_listing_keeping_what_was_chosen(desk: Desk) -> None:
    listing = await held_by_the_risk_engine()

    response = await desk.post(f"/listings/{listing.id}/decision", {"decision": "reject", "reason": ""})
    page = await response.text()

    assert response.status == 400
    assert '<p class="error" role="alert">Please fill in reason.</p>' in page
    assert "That did not work" not in page and "LV Speedy 30" in page and "Decision" in page
    assert (await Listing.get(id=listing.id)).status is ListingStatus.PENDING_REVIEW


async def test_a_rejected_listing_keeps_the_risk_engines_reasons_beside_the_moderators(desk: Desk) -> None:
    listing = await held_by_the_risk_engine()

    await desk.post(f"/listings/{listing.id}/decision", {"decision": "reject", "reason": "Fake logo stitching"})
    page = await desk.page(f"/listings/{listing.id}")

    assert "Risk score 55" in page and "is on the counterfeit watchlist" in page
    assert "Fake logo stitching" in page


async def test_rates_show_as_plain_numbers(desk: Desk) -> None:
    await moderation.set_rate(desk.moderator.id, "CNY", "KRW", "190")
    await moderation.set_rate(desk.moderator.id, "JPY", "CNY", "0.048")

    page = await desk.page("/rates")

    assert "190 KRW" in page and "0.048 CNY" in page and "E+" not in page


async def test_the_audit_log_reads_as_labelled_values_not_json(desk: Desk) -> None:
    listing = await held_by_the_risk_engine()
    await moderation.decide_listing(desk.moderator.id, listing.id, ListingStatus.REJECTED, "Fake logo")
    await moderation.set_rate(desk.moderator.id, "CNY", "KRW", "190")

    english = await desk.page("/audit")
    chinese = await desk.page("/audit?lang=zh")

    assert "Before: Waiting for review" in english and "Rate: 190" in english
    assert "{&#34;" not in english and '{"' not in english
    assert "之前: 待审核" in chinese
