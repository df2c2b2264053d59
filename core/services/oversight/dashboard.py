"""The platform's health figures on the moderators' first page."""

from dataclasses import dataclass
from datetime import timedelta

from tortoise.functions import Count, Sum

from core import clock
from core.domain.audit import AuditAction
from core.domain.buyers import BuyerStatus
from core.domain.ledger import Purpose
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.domain.reports import ReportStatus
from core.models.audit import AuditEntry
from core.models.ledger import Account
from core.models.listings import Listing
from core.models.orders import Order
from core.models.reports import FakeReport
from core.models.users import BuyerProfile
from core.services.catalog.publishing import stuck_listings
from core.services.money.payment_inbox import StuckPayments, stuck_payments
from core.services.oversight.dispute_cases import disputes_for_moderators
from core.services.oversight.payouts import waiting_payouts
from core.services.runtime.figures import Backlog, failing_jobs, outbox_backlog

WEEK = timedelta(days=7)
OUTBOX_LATE = timedelta(minutes=5)  # far beyond Telegram's pacing of one chat (a second a message)


@dataclass(frozen=True, slots=True)
class Dashboard:
    flagged_listings: int
    open_reports: int
    open_disputes: int  # waiting for a moderator: the disputes queue's length
    buyer_applications: int
    payouts_waiting: int  # buyers' payouts and customers' refunds for a moderator to make
    orders_by_state: tuple[tuple[OrderState, int], ...]  # every state, zero included, in the machine's order
    escrow: tuple[Money, ...]  # money held for orders, per currency
    fakes_caught_this_week: int  # listings rejected or removed by moderators, and reports upheld
    stuck_payments: StuckPayments  # charges the provider made that are still not recorded
    stuck_listings: int  # new or edited listings the sweeper keeps failing to score
    outbox: Backlog  # notices not sent yet
    outbox_late: bool  # one has waited longer than OUTBOX_LATE: the sender is down or failing
    failing_jobs: int  # scheduled jobs that failed and are being retried


async def dashboard() -> Dashboard:
    counts = dict(await Order.annotate(n=Count("id")).group_by("state").values_list("state", "n"))
    escrow_rows = (
        await Account.filter(purpose=Purpose.ESCROW)
        .annotate(total=Sum("balance"))
        .group_by("currency")
        .order_by("currency")
        .values_list("currency", "total")
    )
    week_ago = clock.now() - WEEK
    fakes = (
        await AuditEntry.filter(
            action__in=(AuditAction.LISTING_REJECT, AuditAction.LISTING_REMOVE), created_at__gte=week_ago
        ).count()
        + await FakeReport.filter(status=ReportStatus.UPHELD, resolved_at__gte=week_ago).count()
    )
    backlog = await outbox_backlog()
    return Dashboard(
        flagged_listings=await Listing.filter(status=ListingStatus.PENDING_REVIEW).count(),
        open_reports=await FakeReport.filter(status=ReportStatus.OPEN).count(),
        open_disputes=await disputes_for_moderators().count(),
        buyer_applications=await BuyerProfile.filter(status=BuyerStatus.APPLIED).count(),
        payouts_waiting=await waiting_payouts(),
        orders_by_state=tuple((state, counts.get(state, 0)) for state in OrderState),
        escrow=tuple(Money(int(total), currency) for currency, total in escrow_rows if total),
        fakes_caught_this_week=fakes,
        stuck_payments=await stuck_payments(),
        stuck_listings=await stuck_listings(),
        outbox=backlog,
        outbox_late=backlog.oldest is not None and clock.now() - backlog.oldest > OUTBOX_LATE,
        failing_jobs=await failing_jobs(),
    )
