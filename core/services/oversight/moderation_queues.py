"""What moderators look at: the queues, searches, case details and the audit log."""

from dataclasses import dataclass
from typing import cast

from tortoise.expressions import Q, Subquery

from core.domain.buyers import BuyerStatus
from core.domain.ledger import OwnerKind, Purpose
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import Action, OrderState
from core.domain.reports import ReportStatus
from core.domain.reputation import average_stars
from core.errors import InvalidState, NotFound
from core.models.audit import AuditEntry
from core.models.disputes import Dispute, RefundProposal
from core.models.ledger import Account
from core.models.listings import Listing
from core.models.orders import Order, OrderEvent
from core.models.reports import FakeReport
from core.models.reviews import Review
from core.models.users import BuyerProfile, User
from core.services.oversight.audit import AuditLine, audit_line
from core.services.oversight.buyer_applications import Application, application_of
from core.services.oversight.dispute_cases import (
    DisputeCase,
    DisputeLine,
    complaint_of,
    complaints_about,
    disputes_for_moderators,
    line_of_dispute,
    proposal_of,
)
from core.services.oversight.listing_reviews import ListingCase, ListingLine, case_of_listing, line_of_listing
from core.services.oversight.order_records import OrderLine, line_of_order, order_record
from core.services.oversight.report_cases import ReportCase, case_of_report
from core.services.oversight.user_summaries import UserSummary, summary_of
from core.services.runtime.pages import PAGE_SIZE, Page, page_of, page_read_as
from core.services.trade.order_chat import contact_attempts_of


async def flagged_listings(before: int | None = None) -> Page[ListingCase]:
    query = Listing.filter(status=ListingStatus.PENDING_REVIEW).prefetch_related("photos", "buyer")
    return page_read_as(await page_of(query, before), case_of_listing)


async def open_reports(before: int | None = None) -> Page[ReportCase]:
    query = FakeReport.filter(status=ReportStatus.OPEN).prefetch_related("reporter", "listing", "order")
    return page_read_as(await page_of(query, before), case_of_report)


async def open_disputes(before: int | None = None) -> Page[DisputeLine]:
    orders = await page_of(disputes_for_moderators().prefetch_related("customer", "buyer"), before)
    complaints = await complaints_about([order.id for order in orders.items])
    return page_read_as(orders, lambda order: line_of_dispute(order, complaints.get(order.id)))


async def buyer_applications(before: int | None = None) -> Page[Application]:
    query = BuyerProfile.filter(status=BuyerStatus.APPLIED).prefetch_related("user")
    return page_read_as(await page_of(query, before), application_of)


def _words(text: str) -> list[str]:
    return text.strip().split()[:5]


async def search_users(text: str = "", before: int | None = None) -> Page[UserSummary]:
    """By name, @username or Telegram id."""
    query = User.all()
    for word in _words(text):
        word = word.lstrip("@")
        match = Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
        if word.isdigit():
            match |= Q(telegram_id=int(word)) | Q(id=int(word))
        query = query.filter(match)
    return page_read_as(await page_of(query.select_related("buyer_profile"), before), summary_of)


async def search_listings(
    text: str = "", status: ListingStatus | None = None, before: int | None = None
) -> Page[ListingLine]:
    """Listings in any status, by title, brand or id."""
    query = Listing.all()
    for word in _words(text):
        match = Q(title__icontains=word) | Q(brand__icontains=word)
        query = query.filter(match | Q(id=int(word)) if word.isdigit() else match)
    if status is not None:
        query = query.filter(status=status)
    return page_read_as(await page_of(query.prefetch_related("buyer"), before), line_of_listing)


async def search_orders(
    text: str = "",
    state: OrderState | None = None,
    before: int | None = None,
    user_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> Page[OrderLine]:
    """Orders by title or id, optionally in one state, optionally of one user (as customer or as buyer)."""
    query = Order.all()
    for word in _words(text):
        query = query.filter(Q(title__icontains=word) | Q(id=int(word)) if word.isdigit() else Q(title__icontains=word))
    if state is not None:
        query = query.filter(state=state)
    if user_id is not None:
        query = query.filter(Q(customer_id=user_id) | Q(buyer_id=user_id))
    return page_read_as(await page_of(query.prefetch_related("customer", "buyer"), before, limit), line_of_order)


async def audit_log(
    moderator_id: int | None = None,
    action: str = "",
    target_kind: str = "",
    target_id: str = "",
    before: int | None = None,
) -> Page[AuditLine]:
    query = AuditEntry.all()
    if moderator_id is not None:
        query = query.filter(moderator_id=moderator_id)
    if action:
        query = query.filter(action=action)
    if target_kind:
        query = query.filter(target_kind=target_kind)
    if target_id:
        query = query.filter(target_id=target_id)
    return page_read_as(await page_of(query.prefetch_related("moderator"), before), audit_line)


@dataclass(frozen=True, slots=True)
class UserHistory:
    """A person's record, for judging a case: as a buyer and as a customer."""

    listings: int
    listings_rejected_or_removed: int
    orders_as_buyer: int
    orders_as_customer: int
    disputes_as_buyer: int
    reports_upheld_against: int
    reports_made: int
    reports_made_upheld: int
    contact_attempts: int  # contact details or payment links masked in their order chats
    buyer_status: BuyerStatus | None
    reviews_as_buyer: int
    average_stars: float | None  # the plain average customers gave, None before the first review


async def history_of(user_id: int) -> UserHistory:
    disputed_ids = Subquery(OrderEvent.filter(action=Action.OPEN_DISPUTE).values("order_id"))
    profile = await BuyerProfile.get_or_none(user_id=user_id)
    stars = cast(list[int], await Review.filter(buyer_id=user_id).values_list("stars", flat=True))
    return UserHistory(
        listings=await Listing.filter(buyer_id=user_id).count(),
        listings_rejected_or_removed=await Listing.filter(
            buyer_id=user_id, status__in=(ListingStatus.REJECTED, ListingStatus.REMOVED)
        ).count(),
        orders_as_buyer=await Order.filter(buyer_id=user_id).count(),
        orders_as_customer=await Order.filter(customer_id=user_id).count(),
        disputes_as_buyer=await Order.filter(buyer_id=user_id, id__in=disputed_ids).count(),
        reports_upheld_against=await FakeReport.filter(
            Q(listing__buyer_id=user_id) | Q(order__buyer_id=user_id), status=ReportStatus.UPHELD
        ).count(),
        reports_made=await FakeReport.filter(reporter_id=user_id).count(),
        reports_made_upheld=await FakeReport.filter(reporter_id=user_id, status=ReportStatus.UPHELD).count(),
        contact_attempts=await contact_attempts_of(user_id),
        buyer_status=profile.status if profile else None,
        reviews_as_buyer=len(stars),
        average_stars=average_stars(stars),
    )


async def listing_case(listing_id: int) -> ListingCase:
    listing = await Listing.get_or_none(id=listing_id).prefetch_related("photos", "buyer")
    if listing is None:
        raise NotFound("listing.not_found")
    return case_of_listing(listing)


async def report_case(report_id: int) -> ReportCase:
    report = await FakeReport.get_or_none(id=report_id).prefetch_related("reporter", "listing", "order")
    if report is None:
        raise NotFound("report.not_found")
    return case_of_report(report)


async def dispute_case(order_id: int) -> DisputeCase:
    record = await order_record(order_id)
    if record.order.state is not OrderState.DISPUTED:
        raise InvalidState("dispute.not_open", state=record.order.state.value)
    bonds = await Account.filter(
        owner_kind=OwnerKind.USER, owner_id=record.order.buyer.id, purpose=Purpose.BOND
    ).values_list("currency", "balance")
    dispute = await Dispute.get_or_none(order_id=order_id)
    proposals = await RefundProposal.filter(dispute_id=dispute.id).prefetch_related("proposer") if dispute else []
    return DisputeCase(
        record,
        tuple(Money(balance, currency) for currency, balance in bonds),
        complaint_of(dispute) if dispute else None,
        tuple(proposal_of(proposal) for proposal in proposals),
    )


async def application_case(user_id: int) -> Application:
    profile = await BuyerProfile.get_or_none(user_id=user_id).prefetch_related("user")
    if profile is None:
        raise NotFound("buyer.not_found")
    return application_of(profile)
