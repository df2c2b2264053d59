"""Every moderator action: the change itself, its audit entry and the notices to the people it affects.

Each function runs all three in one transaction, so there is never an action without its
audit entry, nor a notice about something that did not happen. An action asked twice (a
double click, a form sent again) is refused whole the second time: its change is its claim
(an order's conditional state update, a ledger transfer posted `once`), so the second asking
writes no audit entry and queues no notice.
"""

from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from core.domain.audit import AuditAction, AuditTarget
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.domain.text import clean_text
from core.errors import AlreadyPosted, Conflict, InvalidInput, InvalidState
from core.models.ledger import Transfer
from core.models.listings import Listing
from core.models.moderators import Moderator
from core.models.orders import Order
from core.models.rates import ExchangeRate
from core.models.reports import FakeReport
from core.models.users import BuyerProfile
from core.services.catalog import listings
from core.services.money import ledger, rates
from core.services.money.fees import Fees, check_fees, current_fees, store_fees
from core.services.oversight import reports
from core.services.oversight.audit import record
from core.services.oversight.moderators import require_admin
from core.services.people import users
from core.services.runtime.notifications import queue
from core.services.sourcing import matching
from core.services.trade import disputes, orders

_LISTING_DECISIONS = {
    ListingStatus.ACTIVE: (AuditAction.LISTING_APPROVE, "listing.approved"),
    ListingStatus.REJECTED: (AuditAction.LISTING_REJECT, "listing.rejected"),
    ListingStatus.REMOVED: (AuditAction.LISTING_REMOVE, "listing.removed"),
}


async def decide_listing(moderator_id: int, listing_id: int, status: ListingStatus, reason: str = "") -> Listing:
    """Approve (publish), reject with a reason (the buyer may edit and resubmit) or remove a listing."""
    if status not in _LISTING_DECISIONS:
        raise InvalidInput("listing.unknown_decision", status=status.value)
    action, notice = _LISTING_DECISIONS[status]
    async with in_transaction():
        before = await Listing.get_or_none(id=listing_id)
        listing = await listings.moderate_listing(listing_id, status, reason)
        await record(
            moderator_id,
            action,
            AuditTarget.LISTING,
            listing.id,
            listing.status_reason or "",
            before=before and before.status.value,
        )
        await queue(
            listing.buyer_id, notice, listing_id=listing.id, title=listing.title, reason=listing.status_reason or ""
        )
        if listing.status is ListingStatus.ACTIVE:
            await matching.announce_listing(listing.id)
        return listing


async def resolve_report(moderator_id: int, report_id: int, uphold: bool, resolution: str) -> FakeReport:
    """Dismiss a fake report, or uphold it and remove the listing; the reporter and the buyer hear of it."""
    async with in_transaction():
        report = await reports.resolve_report(report_id, uphold, resolution)
        action = AuditAction.REPORT_UPHOLD if uphold else AuditAction.REPORT_DISMISS
        await record(
            moderator_id,
            action,
            AuditTarget.REPORT,
            report.id,
            report.resolution or "",
            listing_id=report.listing_id,
            order_id=report.order_id,
        )
        await queue(
            report.reporter_id,
            "report.upheld" if uphold else "report.dismissed",
            report_id=report.id,
            resolution=report.resolution or "",
        )
        if uphold and report.listing_id is not None:
            listing = await Listing.get(id=report.listing_id)
            await queue(
                listing.buyer_id,
                "listing.removed",
                listing_id=listing.id,
                title=listing.title,
                reason=report.resolution or "",
            )
        return report


async def settle_dispute(moderator_id: int, order_id: int, refund: Money | None, note: str) -> Order:
    """Refund `refund` (zero, part, or with None all of the escrow) to the customer; release the rest to the buyer."""
    note = clean_text(note, "note", 1000)
    async with in_transaction():
        order = await orders.get_order(order_id)
        if order.state is not OrderState.DISPUTED:  # settled already: by a second click, say
            raise InvalidState("dispute.not_open", state=order.state.value)
        if refund is None:
            refund = await orders.escrow_balance(order)
        order = await orders.resolve_dispute(order_id, refund, Actor.MODERATOR, note=note)
        await disputes.close_by_moderator(order.id)
        action = AuditAction.DISPUTE_REFUND if refund.amount else AuditAction.DISPUTE_RELEASE
        await record(
            moderator_id, action, AuditTarget.ORDER, order.id, note, refund=refund.amount, currency=refund.currency
        )
        params: dict[str, Any] = {"order_id": order.id, "title": order.title, "refund": refund.amount}
        params["currency"] = refund.currency
        params["note"] = note
        await queue(order.customer_id, "dispute.resolved", **params)
        await queue(order.buyer_id, "dispute.resolved", **params)
        return order


async def forfeit_bond(moderator_id: int, order_id: int, amount: Money, reason: str) -> Transfer:
    """Pay (part of) the order's buyer's bond to its customer; once per order, however often it is asked."""
    reason = clean_text(reason, "reason", 1000)
    order = await orders.get_order(order_id)
    key = f"order:{order.id}:bond_forfeit"
    if await Transfer.exists(idempotency_key=key):
        raise Conflict("bond.already_forfeited")
    held = await ledger.balance(ledger.bond_of(order.buyer_id), amount.currency)
    if not 0 < amount.amount <= held:
        raise InvalidInput("bond.bad_amount", max=held, currency=amount.currency)
    async with in_transaction():
        try:
            # `once`: of two clicks at the same moment, the second finds the first's transfer here and
            # rolls back before writing its own audit entry and notices.
            transfer = await ledger.forfeit_bond(key, order.buyer_id, order.customer_id, amount, order.id, once=True)
        except AlreadyPosted:
            raise Conflict("bond.already_forfeited") from None
        await record(
            moderator_id,
            AuditAction.BOND_FORFEIT,
            AuditTarget.ORDER,
            order.id,
            reason,
            amount=amount.amount,
            currency=amount.currency,
            buyer_id=order.buyer_id,
        )
        params: dict[str, Any] = {"order_id": order.id, "title": order.title, "amount": amount.amount}
        params["currency"] = amount.currency
        await queue(order.buyer_id, "bond.forfeited", **params, reason=reason)
        await queue(order.customer_id, "bond.compensated", **params)
        return transfer


# (audit action, notification) per buyer decision; lifting a suspension verifies the buyer again.
_BUYER_DECISIONS = {
    BuyerStatus.REJECTED: (AuditAction.BUYER_REJECT, "buyer.rejected"),
    BuyerStatus.SUSPENDED: (AuditAction.BUYER_SUSPEND, "buyer.suspended"),
    BuyerStatus.BANNED: (AuditAction.BUYER_BAN, "buyer.banned"),
}


async def decide_buyer(moderator_id: int, user_id: int, status: BuyerStatus, reason: str = "") -> BuyerProfile:
    """Verify or reject an application; suspend, ban or lift (verify again) a buyer."""
    async with in_transaction():
        before = await BuyerProfile.get_or_none(user_id=user_id)
        profile = await users.decide_buyer(user_id, status, reason)
        if status is BuyerStatus.VERIFIED:
            lifted = before is not None and before.status is BuyerStatus.SUSPENDED
            action, notice = (
                (AuditAction.BUYER_LIFT, "buyer.reinstated") if lifted else (AuditAction.BUYER_VERIFY, "buyer.verified")
            )
        else:
            action, notice = _BUYER_DECISIONS[status]
        await record(
            moderator_id,
            action,
            AuditTarget.USER,
            user_id,
            profile.decision_reason or "",
            before=before and before.status.value,
        )
        await queue(user_id, notice, reason=profile.decision_reason or "")
        return profile


async def lift_ban(moderator_id: int, user_id: int, reason: str) -> BuyerProfile:
    """Admins only: a banned buyer is verified again, with the reason on record (an appeal upheld, a mistake).

    A ban is imposed by any moderator but lifted only by an admin, so no single moderator can quietly
    bring back a seller the platform closed.
    """
    async with in_transaction():
        require_admin(await Moderator.get(id=moderator_id))
        profile = await users.lift_ban(user_id, reason)
        await record(
            moderator_id,
            AuditAction.BUYER_UNBAN,
            AuditTarget.USER,
            user_id,
            profile.decision_reason or "",
            before="banned",
        )
        await queue(user_id, "buyer.reinstated", reason=profile.decision_reason or "")
        return profile


async def set_rate(moderator_id: int, base: str, quote: str, rate: Decimal | str) -> ExchangeRate:
    async with in_transaction():
        moderator = await Moderator.get(id=moderator_id)
        row = await rates.set_rate(base, quote, rate, moderator.username)
        await record(
            moderator_id, AuditAction.RATE_SET, AuditTarget.RATE, f"{row.base}/{row.quote}", rate=str(row.rate)
        )
        return row


async def set_fees(moderator_id: int, deposit_percent: Decimal | str, platform_fee_percent: Decimal | str) -> Fees:
    """Admins only: the fees for orders created from now on."""
    fees = check_fees(deposit_percent, platform_fee_percent)
    async with in_transaction():
        require_admin(await Moderator.get(id=moderator_id))
        before = await current_fees()
        await store_fees(fees)
        await record(
            moderator_id,
            AuditAction.FEES_SET,
            AuditTarget.FEES,
            "platform",
            deposit_percent=str(fees.deposit_percent),
            platform_fee_percent=str(fees.platform_fee_percent),
            before=[str(before.deposit_percent), str(before.platform_fee_percent)],
        )
        return fees
