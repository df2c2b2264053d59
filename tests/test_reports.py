"""Customers report fakes with evidence; the report lands once in the moderators' queue."""

import pytest

from core.domain.listings import ListingStatus
from core.domain.order_machine import OrderState
from core.domain.reports import ReportStatus
from core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from core.models.reports import FakeReport
from core.services.catalog.listings import buy_listing
from core.services.oversight.reports import check_report_target, report_fake, resolve_report
from tests import factories


async def test_a_customer_reports_a_listing_with_photos_once() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller)
    report = await report_fake(shopper.id, "Logo font is wrong", ["ev-1", "ev-2"], listing_id=listing.id)
    assert report.status is ReportStatus.OPEN and report.evidence == ["ev-1", "ev-2"]
    with pytest.raises(Conflict):
        await report_fake(shopper.id, "Again", listing_id=listing.id)
    assert await FakeReport.all().count() == 1


async def test_an_order_is_reported_only_by_its_customer_and_points_at_its_listing() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    stranger = await factories.customer("Mallory")
    unpaid = await buy_listing(shopper.id, (await factories.listing(seller)).id)
    with pytest.raises(InvalidState):
        await report_fake(shopper.id, "fake", order_id=unpaid.id)  # nothing bought yet
    order = await factories.order_in(OrderState.SHIPPED, shopper, seller)
    with pytest.raises(Forbidden):
        await report_fake(stranger.id, "fake", order_id=order.id)
    report = await report_fake(shopper.id, "Serial number does not exist", ["ev"], order_id=order.id)
    assert report.listing_id == order.listing_id


async def test_bad_reports_change_nothing() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller)
    for kwargs in (
        {"reason": "fake"},
        {"reason": "fake", "listing_id": listing.id, "order_id": 1},
        {"reason": "  ", "listing_id": listing.id},
        {"reason": "fake", "listing_id": listing.id, "evidence_file_ids": [str(i) for i in range(11)]},
    ):
        with pytest.raises(InvalidInput):
            await report_fake(shopper.id, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        await report_fake(shopper.id, "fake", listing_id=listing.id + 100)
    with pytest.raises(Forbidden):
        await report_fake(seller.id, "fake", listing_id=listing.id)
    assert await FakeReport.all().count() == 0


async def test_a_report_is_refused_before_anyone_types_its_reason() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller)
    assert await check_report_target(shopper.id, listing_id=listing.id) == listing.id
    with pytest.raises(Forbidden):
        await check_report_target(seller.id, listing_id=listing.id)
    await report_fake(shopper.id, "Stitching is off", listing_id=listing.id)
    with pytest.raises(Conflict):
        await check_report_target(shopper.id, listing_id=listing.id)


async def test_the_third_customer_reporting_a_listing_takes_it_off_sale_until_a_moderator_looks() -> None:
    seller = await factories.buyer()
    listing = await factories.listing(seller)
    first, second, third = [await factories.customer(name) for name in ("Ann", "Ben", "Cai")]
    dismissed = await report_fake(first.id, "fake", listing_id=listing.id)
    await resolve_report(dismissed.id, uphold=False, resolution="looks genuine")
    await report_fake(first.id, "still fake", listing_id=listing.id)
    await report_fake(second.id, "fake", listing_id=listing.id)
    await listing.refresh_from_db()
    assert listing.status is ListingStatus.ACTIVE  # two open reports, one dismissed: not yet

    await report_fake(third.id, "fake", listing_id=listing.id)

    await listing.refresh_from_db()
    assert listing.status is ListingStatus.PENDING_REVIEW
    assert listing.status_reason == "3 customers reported it as fake"
