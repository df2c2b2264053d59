"""Fake reports: a customer flags a listing, or the item of their own order, with evidence."""

from collections.abc import Sequence

from tortoise.transactions import in_transaction

from core import clock
from core.config import current_settings
from core.domain.listings import ListingStatus
from core.domain.order_machine import OrderState
from core.domain.reports import ReportStatus
from core.domain.text import clean_text
from core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from core.models.listings import Listing
from core.models.reports import FakeReport
from core.services.catalog.listings import hold_for_review, moderate_listing
from core.services.trade.orders import get_order

MAX_EVIDENCE = 10

# An order's item can be called fake once the buyer says they bought it (the receipt is in).
REPORTABLE_ORDER_STATES = frozenset(
    {
        OrderState.PURCHASED,
        OrderState.AWAITING_BALANCE,
        OrderState.BALANCE_PAID,
        OrderState.SHIPPED,
        OrderState.DELIVERED,
        OrderState.COMPLETED,
        OrderState.DISPUTED,
    }
)


async def report_fake(
    reporter_id: int,
    reason: str,
    evidence_file_ids: Sequence[str] = (),
    listing_id: int | None = None,
    order_id: int | None = None,
) -> FakeReport:
    """File a report on exactly one listing or order; one open report per reporter and target."""
    reason = check_reason(reason)
    if len(evidence_file_ids) > MAX_EVIDENCE:
        raise InvalidInput("report.evidence_count", max=MAX_EVIDENCE)
    listing_id = await check_report_target(reporter_id, listing_id, order_id)
    report = await FakeReport.create(
        reporter_id=reporter_id,
        listing_id=listing_id,
        order_id=order_id,
        reason=reason,
        evidence=list(evidence_file_ids),
    )
    if listing_id is not None:
        await _hide_when_reported_enough(listing_id)
    return report


async def _hide_when_reported_enough(listing_id: int) -> None:
    """Independent reports (from distinct customers) take a listing off sale until a moderator looks."""
    reporters = await FakeReport.filter(listing_id=listing_id, status=ReportStatus.OPEN).values_list(
        "reporter_id", flat=True
    )
    count = len(set(reporters))
    if count >= current_settings().reports_to_hide:
        await hold_for_review(listing_id, f"{count} customers reported it as fake")


async def check_report_target(
    reporter_id: int, listing_id: int | None = None, order_id: int | None = None
) -> int | None:
    """Refuse a report the reporter may not file now; returns the listing it is about (if any).

    Called before asking for the reason and evidence, so nobody types them in vain.
    """
    if (listing_id is None) == (order_id is None):
        raise InvalidInput("report.one_target")
    if order_id is not None:
        order = await get_order(order_id)
        if order.customer_id != reporter_id:
            raise Forbidden("report.not_your_order")
        if order.state not in REPORTABLE_ORDER_STATES:
            raise InvalidState("report.nothing_bought_yet", state=order.state.value)
        listing_id = order.listing_id
    elif not await Listing.filter(id=listing_id, status__not=ListingStatus.DRAFT).exists():
        raise NotFound("listing.not_found")
    if listing_id is not None and await Listing.filter(id=listing_id, buyer_id=reporter_id).exists():
        raise Forbidden("report.own_listing")
    duplicate = FakeReport.filter(reporter_id=reporter_id, status=ReportStatus.OPEN)
    duplicate = duplicate.filter(order_id=order_id) if order_id else duplicate.filter(listing_id=listing_id)
    if await duplicate.exists():
        raise Conflict("report.already_open")
    return listing_id


def check_reason(text: str) -> str:
    """Why the reporter thinks it is fake, in their words."""
    return clean_text(text, "reason", 2000)


async def resolve_report(report_id: int, uphold: bool, resolution: str) -> FakeReport:
    """A moderator dismisses a report, or upholds it, which also removes the reported listing."""
    resolution = clean_text(resolution, "resolution", 1000)
    status = ReportStatus.UPHELD if uphold else ReportStatus.DISMISSED
    async with in_transaction():
        changed = await FakeReport.filter(id=report_id, status=ReportStatus.OPEN).update(
            status=status, resolution=resolution, resolved_at=clock.now()
        )
        report = await FakeReport.get_or_none(id=report_id)
        if report is None:
            raise NotFound("report.not_found")
        if not changed:
            raise InvalidState("report.already_resolved", status=report.status.value)
        if uphold and report.listing_id is not None:
            listing = await Listing.get(id=report.listing_id)
            if listing.status is not ListingStatus.REMOVED:
                await moderate_listing(listing.id, ListingStatus.REMOVED, resolution)
        return report
