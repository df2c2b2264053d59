"""What happens when a deadline or a reminder falls due: the scheduler's jobs for orders, requests and offers.

Each handler runs inside its job's transaction (core/services/runtime/scheduler.py) and first re-checks
that its step is still due, so a deadline met at the last minute does nothing.
"""

import math
from datetime import datetime, timedelta
from typing import Any

from core import clock
from core.config import current_settings
from core.domain.deadlines import WHO_MUST_ACT, Deadline
from core.domain.order_machine import Actor
from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.models.orders import Order
from core.models.purchase_requests import Offer, PurchaseRequest
from core.services.runtime import notifications
from core.services.trade import orders
from core.services.trade.deadlines import (
    current_deadline,
)

TITLE_LENGTH = 60


def _hours_left(due: datetime, hours_before: int) -> int | None:
    """Hours left to say in a reminder, or None when it is moot: past, or a closer reminder is due as well
    (after the scheduler was down, say), which will tell instead."""
    left = due - clock.now()
    closer = [hours for hours in current_settings().reminder_hours if hours < hours_before]
    if left <= timedelta(0) or any(left <= timedelta(hours=hours) for hours in closer):
        return None
    return math.ceil(left / timedelta(hours=1))


def _reminder_key(key: str) -> tuple[int, int]:
    subject_id, hours = key.split(":")
    return int(subject_id), int(hours)


async def _order_due(order_id: int) -> tuple[Order, Deadline, datetime] | None:
    """The order, locked (a payment arriving meanwhile waits, then finds the step taken), the deadline it
    waits on now, and when that falls due."""
    order = await Order.filter(id=order_id).select_for_update().first()
    current = current_deadline(order) if order else None
    return (order, *current) if order and current else None


async def _tell_both(order: Order, key: str, **params: Any) -> None:
    for side, user_id in (("customer", order.customer_id), ("buyer", order.buyer_id)):
        await notifications.queue(
            user_id, f"{key}.{side}", order_id=order.id, title=order.title, currency=order.currency, **params
        )


async def order_deadline_passed(key: str) -> None:
    current = await _order_due(int(key))
    if current is None or current[2] > clock.now():
        return
    order, deadline, _ = current
    held = (await orders.escrow_balance(order)).amount
    if deadline in (Deadline.PURCHASE_BY, Deadline.SHIP_BY):
        await orders.refund_order(
            order.id,
            Actor.SYSTEM,
            reason=f"missed {deadline.value}",
            expected_state=order.state,
            missed_deadline=deadline,
        )
        await _tell_both(order, f"{deadline.value}.missed", refund=held)
    elif deadline is Deadline.DEPOSIT_BY:
        # Nothing was paid, so no money moves; the stock goes back on sale and the buyer's bond room is freed.
        await orders.cancel_order(order.id, Actor.SYSTEM, reason="deposit not paid in time")
        # Only a listing has stock to go back to; an accepted offer's request stays closed.
        missed = "deposit_by.missed" if order.listing_id else "deposit_by.missed.offer"
        await _tell_both(order, missed, amount=order.deposit_amount)
    elif deadline is Deadline.BALANCE_BY:
        await orders.cancel_order(order.id, Actor.SYSTEM, reason="balance not paid in time")
        await _tell_both(order, "balance_by.missed", **orders.released(order, held))
    else:
        await orders.auto_complete(order.id)
        await _tell_both(order, "confirm_by.passed", **orders.released(order, held))


async def remind_order_deadline(key: str) -> None:
    order_id, hours_before = _reminder_key(key)
    current = await _order_due(order_id)
    hours = _hours_left(current[2], hours_before) if current else None
    if current is None or hours is None:
        return
    order, deadline, _ = current
    recipient = order.buyer_id if WHO_MUST_ACT[deadline] is Actor.BUYER else order.customer_id
    # The deposit reminder names the amount: its invoice may be far up the chat by now.
    due: dict[str, Any] = (
        {"amount": order.deposit_amount, "currency": order.currency} if deadline is Deadline.DEPOSIT_BY else {}
    )
    await notifications.queue(
        recipient, f"{deadline.value}.reminder", order_id=order.id, title=order.title, hours=hours, **due
    )


def _title(request: PurchaseRequest) -> str:
    return request.text[:TITLE_LENGTH]


async def request_expired(key: str) -> None:
    request = await PurchaseRequest.get_or_none(id=int(key))
    if request is None or request.deadline > clock.now():
        return
    if not await PurchaseRequest.filter(id=request.id, status=RequestStatus.OPEN).update(status=RequestStatus.EXPIRED):
        return
    waiting = await Offer.filter(request_id=request.id, status=OfferStatus.PENDING)
    await Offer.filter(id__in=[offer.id for offer in waiting]).update(status=OfferStatus.EXPIRED)
    await notifications.queue(request.customer_id, "request.expired", title=_title(request), offers=len(waiting))
    for offer in waiting:
        await notifications.queue(offer.buyer_id, "request.expired.offer", title=_title(request))


async def remind_request_expiry(key: str) -> None:
    """Only a customer with offers to choose from has anything to do before the request closes."""
    request_id, hours_before = _reminder_key(key)
    request = await PurchaseRequest.get_or_none(id=request_id, status=RequestStatus.OPEN)
    hours = _hours_left(request.deadline, hours_before) if request else None
    offers = await Offer.filter(request_id=request_id, status=OfferStatus.PENDING).count()
    if request and hours and offers:
        await notifications.queue(
            request.customer_id, "request.reminder", title=_title(request), hours=hours, offers=offers
        )


async def offer_expired(key: str) -> None:
    offer = await Offer.get_or_none(id=int(key)).prefetch_related("request")
    if offer is None or offer.expires_at is None or offer.expires_at > clock.now():
        return
    if await Offer.filter(id=offer.id, status=OfferStatus.PENDING).update(status=OfferStatus.EXPIRED):
        await notifications.queue(offer.buyer_id, "offer.expired", title=_title(offer.request))


async def remind_offer_expiry(key: str) -> None:
    offer_id, hours_before = _reminder_key(key)
    offer = await Offer.get_or_none(id=offer_id, status=OfferStatus.PENDING).prefetch_related("request")
    if offer is None or offer.expires_at is None or offer.request.status is not RequestStatus.OPEN:
        return
    if offer.expires_at >= offer.request.deadline:
        return  # the request closes first, and its own reminder says so
    hours = _hours_left(offer.expires_at, hours_before)
    if hours:
        await notifications.queue(offer.request.customer_id, "offer.reminder", title=_title(offer.request), hours=hours)
