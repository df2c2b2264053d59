"""A fake report as moderators read it, in the queue and on its own page."""

from dataclasses import dataclass
from datetime import datetime

from core.domain.listings import ListingStatus
from core.domain.order_machine import OrderState
from core.domain.reports import ReportStatus
from core.models.reports import FakeReport
from core.services.oversight.user_links import UserLink, link_to


@dataclass(frozen=True, slots=True)
class ReportedListing:
    id: int
    title: str
    status: ListingStatus


@dataclass(frozen=True, slots=True)
class ReportedOrder:
    id: int
    title: str
    state: OrderState


@dataclass(frozen=True, slots=True)
class ReportCase:
    id: int
    status: ReportStatus
    reporter: UserLink
    listing: ReportedListing | None  # what is reported: a listing or an order
    order: ReportedOrder | None
    accused_id: int | None  # the buyer behind the listing or order
    reason: str
    evidence: tuple[str, ...]  # Telegram file ids
    created_at: datetime


def case_of_report(report: FakeReport) -> ReportCase:
    """From a report read with its reporter, listing and order."""
    listing, order = report.listing, report.order
    return ReportCase(
        id=report.id,
        status=report.status,
        reporter=link_to(report.reporter),
        listing=ReportedListing(listing.id, listing.title, listing.status) if listing else None,
        order=ReportedOrder(order.id, order.title, order.state) if order else None,
        accused_id=listing.buyer_id if listing else order.buyer_id if order else None,
        reason=report.reason,
        evidence=tuple(report.evidence),
        created_at=report.created_at,
    )
