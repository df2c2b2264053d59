"""Orders: creation with frozen prices, every transition, and the money each one moves.

`transition` is the one way an order changes state. It re-checks on the server who is
acting and from which state, moves the row with a conditional update (so two racing
requests cannot both win) and writes an order event, all in one transaction with the
ledger movements that belong to that step. A step a person confirmed from a prompt
carries the prompt's promise (core/domain/promises.py), checked by that same update.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from core import clock
from core.config import current_settings
from core.domain.carriers import TrackingStatus, check_shipment
from core.domain.deadlines import Deadline
from core.domain.delivery import check_may_ask, check_may_say_not_yet
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import FINAL_STATES, Action, Actor, OrderState, allowed_actions, next_state
from core.domain.payment_limits import check_order_payments
from core.domain.promises import OrderPromise, Outcome, outcome_of
from core.domain.purchase_proof import new_proof_code
from core.domain.text import clean_text
from core.errors import Forbidden, InvalidInput, InvalidState, NotFound, PromptOutdated
from core.logs import note_ids
from core.models.listings import Listing
from core.models.orders import Order, OrderEvent, TrackingUpdate
from core.services.money import ledger
from core.services.money.exposure import reserve_room_for_order
from core.services.money.fees import current_fees
from core.services.runtime.notifications import queue
from core.services.trade import deadlines
from core.services.trade.order_address_purge import ORDER_ADDRESSES


@dataclass(frozen=True, slots=True)
class Price:
    """What a customer pays for an order, in one currency."""

    item_price: Money  # per item
    quantity: int
    service_fee: Money
    shipping_fee: Money

    @property
    def total(self) -> Money:
        return self.item_price * self.quantity + self.service_fee + self.shipping_fee


async def create_order(
    customer_id: int,
    buyer_id: int,
    title: str,
    price: Price,
    days_to_ship: int,
    listing_id: int | None = None,
    offer_id: int | None = None,
) -> Order:
    if customer_id == buyer_id:
        raise Forbidden("order.own_item")
    await reserve_room_for_order(buyer_id, price.total)
    fees = await current_fees()
    deposit, balance = check_order_payments(price.total, fees.deposit_percent)
    # Created straight in AWAITING_DEPOSIT, not through `transition`: its first deadline is planned here.
    deadline = deadlines.order_deadline(OrderState.AWAITING_DEPOSIT, days_to_ship)
    due: dict[str, Any] = {deadline[0].value: deadline[1]} if deadline else {}
    order = await Order.create(
        customer_id=customer_id,
        buyer_id=buyer_id,
        listing_id=listing_id,
        offer_id=offer_id,
        title=title,
        quantity=price.quantity,
        currency=price.total.currency,
        item_price=price.item_price.amount,
        service_fee=price.service_fee.amount,
        shipping_fee=price.shipping_fee.amount,
        total=price.total.amount,
        deposit_amount=deposit.amount,
        balance_amount=balance.amount,
        platform_fee_percent=fees.platform_fee_percent,
        days_to_ship=days_to_ship,
        proof_code=new_proof_code(),
        **due,
    )
    note_ids(order_id=order.id)
    await deadlines.plan_order(order.id, deadline[1] if deadline else None)
    return order


async def get_order(order_id: int) -> Order:
    order = await Order.get_or_none(id=order_id)
    if order is None:
        raise NotFound("order.not_found")
    return order


async def lock_order(order_id: int) -> Order:
    """The order, its row locked until the transaction ends (PostgreSQL; SQLite writes one at a time).

    For steps that decide from the order's state before moving it, so nothing moves it meanwhile;
    take it where core/services/runtime/transactions.py's lock order says (after listings and users)."""
    note_ids(order_id=order_id)  # what follows in this update or job acts on this order
    order = await Order.filter(id=order_id).select_for_update().first()
    if order is None:
        raise NotFound("order.not_found")
    return order


def role_of(order: Order, user_id: int) -> Actor | None:
    if user_id == order.customer_id:
        return Actor.CUSTOMER
    if user_id == order.buyer_id:
        return Actor.BUYER
    return None


def actions_for(order: Order, user_id: int) -> list[Action]:
    """The buttons this user should see on this order now."""
    role = role_of(order, user_id)
    return allowed_actions(order.state, role) if role else []


async def promise_of(order: Order, action: Action) -> OrderPromise:
    """What `action` would do to the order as it is: what a prompt for it must say."""
    held = await escrow_balance(order)
    return OrderPromise(
        order.id,
        action,
        outcome_of(order.state, action),
        order.total_money,
        order.deposit_money,
        held,
        held.percent(order.platform_fee_percent),
    )


def purchase_proof_code(order: Order, user_id: int) -> str | None:
    """The code to write by hand in the receipt photo, for the buyer while the receipt is theirs to upload."""
    return order.proof_code if Action.UPLOAD_RECEIPT in actions_for(order, user_id) else None


async def transition(
    order_id: int,
    action: Action,
    actor: Actor,
    actor_user_id: int | None = None,
    note: str = "",
    expected_state: OrderState | None = None,
    promised: str | None = None,
    **changes: Any,
) -> Order:
    """Apply `action` to the order; see the module docstring. Call inside a transaction.

    `expected_state` is for callers that chose what to do from an earlier read: if the order
    moved since, the transition is refused rather than applied with the wrong side effects.
    `promised` is the digest of the `OrderPromise` a person confirmed: unless the order still
    makes that promise, the step is refused with `PromptOutdated`.
    """
    note_ids(order_id=order_id)
    order = await get_order(order_id)
    changed = PromptOutdated(order_id=order_id) if promised is not None else InvalidState("order.changed_meanwhile")
    if expected_state is not None and order.state is not expected_state:
        raise changed
    if actor in (Actor.CUSTOMER, Actor.BUYER) and role_of(order, actor_user_id or 0) is not actor:
        raise Forbidden("order.not_a_party")
    target = next_state(order.state, action, actor)
    if promised is not None and (await promise_of(order, action)).digest != promised:
        raise changed
    # A step that leaves the state as it is (a question asked or answered) leaves its deadline as it is too.
    moves = target is not order.state
    deadline = deadlines.order_deadline(target, order.days_to_ship) if moves else None
    if deadline is not None:
        changes[deadline[0].value] = deadline[1]
    # The row moves only while it is as read, amounts included, so what was checked on the read still holds.
    moved = await Order.filter(
        id=order.id, state=order.state, currency=order.currency, total=order.total, deposit_amount=order.deposit_amount
    ).update(state=target, updated_at=clock.now(), **changes)
    if not moved:
        raise changed
    await OrderEvent.create(
        order_id=order.id,
        action=action,
        from_state=order.state,
        to_state=target,
        actor=actor,
        actor_user_id=actor_user_id,
        note=note,
        created_at=clock.now(),
    )
    if moves:
        await deadlines.plan_order(order.id, deadline[1] if deadline else None)
    if target in FINAL_STATES and order.ship_to:
        await ORDER_ADDRESSES.plan_purge(order.id, clock.now())
    await order.refresh_from_db()
    return order


def news(order: Order) -> dict[str, Any]:
    """What every notice about an order names: its number and title."""
    return {"id": order.id, "title": order.title}


async def escrow_balance(order: Order) -> Money:
    return Money(await ledger.balance(ledger.escrow_of(order.id), order.currency), order.currency)


async def _refund_all(order: Order, key: str) -> None:
    held = await escrow_balance(order)
    if held.amount:
        await ledger.refund_escrow(key, order.id, order.customer_id, held)


async def _release_all(order: Order, key: str) -> None:
    held = await escrow_balance(order)
    if held.amount:
        await ledger.release_escrow(key, order.id, order.buyer_id, held, order.platform_fee_percent)


def released(order: Order, amount: int) -> dict[str, Any]:
    """What a notice of money released to the buyer names: the amount, the platform fee on it and what they got."""
    fee, earned = ledger.release_split(Money(amount, order.currency), order.platform_fee_percent)
    return {"amount": amount, "fee": fee.amount, "earned": earned.amount}


async def upload_receipt(buyer_id: int, order_id: int, receipt_file_id: str) -> Order:
    """The buyer proves the purchase; the balance then falls due (and is paid if it is nothing)."""
    if not receipt_file_id:
        raise InvalidInput("order.receipt_missing")
    async with in_transaction():
        await transition(order_id, Action.UPLOAD_RECEIPT, Actor.BUYER, buyer_id, receipt_file_id=receipt_file_id)
        order = await transition(order_id, Action.REQUEST_BALANCE, Actor.SYSTEM)
        if order.balance_amount == 0:
            # All paid up front (a 100% deposit, or a one-minor-unit total): no payment of
            # nothing can ever arrive, so the order must not wait for one.
            order = await transition(order_id, Action.PAY_BALANCE, Actor.SYSTEM)
        if order.state is OrderState.AWAITING_BALANCE:
            # The customer sees the receipt, and the code the buyer wrote in it, right before the invoice.
            key, params = _receipt_notice(order, receipt_file_id)
            await queue(order.customer_id, key, **params)
            await queue(order.customer_id, "order.balance_invoice", order_id=order.id)
        else:
            await queue(order.customer_id, "order.receipt_uploaded", **news(order), photo=receipt_file_id)
        if not order.ship_to:  # shipping falls due once the balance is paid: the buyer must know where to
            await queue(order.customer_id, "order.address_needed", **news(order))
        return order


def _receipt_notice(order: Order, receipt_file_id: str) -> tuple[str, dict[str, Any]]:
    """The notice that shows the customer what was bought before they pay the rest; orders from before
    proof codes show the photo without one."""
    params = {**news(order), "balance": order.balance_amount, "currency": order.currency, "photo": receipt_file_id}
    if order.proof_code is None:
        return "order.balance_due", params
    return "order.receipt_proof", {**params, "quantity": order.quantity, "proof_code": order.proof_code}


async def ship(buyer_id: int, order_id: int, carrier: str, tracking_number: str) -> Order:
    """A listed carrier's number must have its shape (see core.domain.carriers); any other carrier is taken as typed."""
    carrier, tracking_number = check_shipment(carrier, tracking_number)
    async with in_transaction():
        order = await transition(
            order_id,
            Action.SHIP,
            Actor.BUYER,
            buyer_id,
            carrier=carrier,
            tracking_number=tracking_number,
            shipped_at=clock.now(),
        )
        await queue(order.customer_id, "order.shipped", **news(order), carrier=carrier, tracking=tracking_number)
        return order


async def _tracked(order: Order, status: TrackingStatus) -> None:
    await TrackingUpdate.create(order_id=order.id, status=status, created_at=clock.now())
    await queue(order.customer_id, f"tracking.{status.value}", order_id=order.id, title=order.title)


async def _delivery_question(order_id: int) -> tuple[datetime | None, datetime | None]:
    """When the buyer last asked whether the parcel arrived, and when the customer last said "not yet"."""
    events = OrderEvent.filter(order_id=order_id).order_by("-id")
    asked = await events.filter(action=Action.ASK_DELIVERED).first()
    answered = await events.filter(action=Action.NOT_YET_DELIVERED).first()
    return (asked.created_at if asked else None), (answered.created_at if answered else None)


async def ask_delivered(buyer_id: int, order_id: int) -> Order:
    """The buyer says the parcel arrived: the customer is asked, and only their yes marks it delivered
    (core/domain/delivery.py). Refused while a question is open, so a second press asks nobody."""
    async with in_transaction():
        await lock_order(order_id)  # two presses at once: the second sees the first one's question
        await check_action(order_id, buyer_id, Action.ASK_DELIVERED)
        check_may_ask(*await _delivery_question(order_id), clock.now())
        order = await transition(
            order_id, Action.ASK_DELIVERED, Actor.BUYER, buyer_id, expected_state=OrderState.SHIPPED
        )
        promise = await promise_of(order, Action.MARK_DELIVERED)
        days = current_settings().confirm_days_after_delivery
        await queue(order.customer_id, "order.delivery_question", **news(order), days=days, promise=promise.digest)
        return order


async def say_not_yet_delivered(customer_id: int, order_id: int) -> Order:
    """The customer answers the buyer's question: not yet. Nothing is shortened; the buyer is told."""
    async with in_transaction():
        await lock_order(order_id)
        await check_action(order_id, customer_id, Action.NOT_YET_DELIVERED)
        check_may_say_not_yet(*await _delivery_question(order_id))
        order = await transition(
            order_id, Action.NOT_YET_DELIVERED, Actor.CUSTOMER, customer_id, expected_state=OrderState.SHIPPED
        )
        await queue(order.buyer_id, "order.not_delivered_yet", **news(order))
        return order


async def mark_delivered(
    order_id: int, actor: Actor, actor_user_id: int | None = None, promised: str | None = None
) -> Order:
    """The customer says the parcel arrived (answering the buyer or from the card; `promised`: see `transition`):
    the order completes by itself `CONFIRM_DAYS_AFTER_DELIVERY` later and the dispute window starts. The money
    stays held until the customer confirms receipt."""
    async with in_transaction():
        await lock_order(order_id)
        order = await transition(order_id, Action.MARK_DELIVERED, actor, actor_user_id, promised=promised)
        await TrackingUpdate.create(order_id=order.id, status=TrackingStatus.DELIVERED, created_at=clock.now())
        days = current_settings().confirm_days_after_delivery
        await queue(order.buyer_id, "order.delivered", **news(order), days=days)
        return order


async def report_tracking(buyer_id: int, order_id: int, status: TrackingStatus) -> Order:
    """The buyer says where the parcel is; the customer is told. Delivered only asks the customer."""
    if status is TrackingStatus.DELIVERED:
        return await ask_delivered(buyer_id, order_id)
    async with in_transaction():
        order = await get_order(order_id)
        if role_of(order, buyer_id) is not Actor.BUYER:
            raise Forbidden("order.not_a_party")
        if order.state is not OrderState.SHIPPED:
            raise InvalidState("order.not_in_transit")
        latest = await tracking_of(order.id)
        if latest is not None and latest.status is status:
            raise InvalidState("order.tracking_unchanged")  # the customer heard it already
        await _tracked(order, status)
        return order


async def tracking_of(order_id: int) -> TrackingUpdate | None:
    """The latest word on where the parcel is."""
    return await TrackingUpdate.filter(order_id=order_id).order_by("-id").first()


async def confirm_receipt(customer_id: int, order_id: int, promised: str | None = None) -> Order:
    """The customer has the item: the order completes and the buyer is paid.

    `promised`: the digest of the promise on the card the customer confirmed from (see `transition`).
    """
    async with in_transaction():
        await lock_order(order_id)  # what escrow holds, as promised, cannot change before it is released
        order = await transition(order_id, Action.CONFIRM_RECEIPT, Actor.CUSTOMER, customer_id, promised=promised)
        held = await escrow_balance(order)
        await _release_all(order, f"order:{order.id}:release")
        await queue(
            order.buyer_id, "order.completed", **news(order), **released(order, held.amount), currency=order.currency
        )
        return order


async def auto_complete(order_id: int) -> Order:
    async with in_transaction():
        order = await transition(order_id, Action.AUTO_COMPLETE, Actor.SYSTEM)
        await _release_all(order, f"order:{order.id}:release")
        return order


# Until the receipt, the buyer has not bought the item.
NOT_YET_BOUGHT = frozenset({OrderState.AWAITING_DEPOSIT, OrderState.DEPOSIT_PAID})
ENDED_UNSOLD = frozenset({OrderState.CANCELLED, OrderState.REFUNDED})


async def _back_on_sale_if_never_bought(order: Order, ended_from: OrderState) -> None:
    """An order that ended unsold before its buyer bought the item puts the item back on sale.

    The one rule for every cancel, refund and settled dispute, so what a listing sold plus what it
    has on sale is always what was listed. `ended_from` is the state the order left; a disputed
    order is frozen, so the state its dispute was opened in says whether the item was bought.
    """
    if order.state not in ENDED_UNSOLD or not order.listing_id:
        return
    if ended_from is OrderState.DISPUTED:
        ended_from = (await OrderEvent.get(order_id=order.id, action=Action.OPEN_DISPUTE)).from_state
    if ended_from in NOT_YET_BOUGHT:
        await Listing.filter(id=order.listing_id).update(stock=F("stock") + order.quantity)
        await Listing.filter(id=order.listing_id, status=ListingStatus.SOLD_OUT).update(status=ListingStatus.ACTIVE)


async def cancel_order(
    order_id: int, actor: Actor, actor_user_id: int | None = None, reason: str = "", promised: str | None = None
) -> Order:
    """Cancel under the deposit policy of the state the order is in (`Outcome`; `promised`: see `transition`).

    Nothing paid yet: stock goes back. Deposit paid, item not bought: full refund. Item
    bought, balance not paid: the deposit goes to the buyer, who spent money on the
    customer's word.
    """
    reason = clean_text(reason, "reason", 1000, allow_empty=True)
    async with in_transaction():
        before = (await get_order(order_id)).state
        outcome = outcome_of(before, Action.CANCEL)
        order = await transition(
            order_id, Action.CANCEL, actor, actor_user_id, note=reason, expected_state=before, promised=promised
        )
        await _back_on_sale_if_never_bought(order, before)
        if outcome is Outcome.REFUND:
            await _refund_all(order, f"order:{order.id}:cancel_refund")
        elif outcome is Outcome.DEPOSIT_TO_BUYER:
            await _release_all(order, f"order:{order.id}:deposit_forfeit")
        return order


async def refund_order(
    order_id: int,
    actor: Actor,
    actor_user_id: int | None = None,
    reason: str = "",
    expected_state: OrderState | None = None,
    missed_deadline: Deadline | None = None,
) -> Order:
    """Moderator or deadline: give the customer back everything held.

    `missed_deadline` puts the buyer's missed step on the order, where their on-time rate counts it.
    """
    reason = clean_text(reason, "reason", 1000)
    async with in_transaction():
        before = expected_state or (await get_order(order_id)).state
        order = await transition(
            order_id,
            Action.REFUND,
            actor,
            actor_user_id,
            note=reason,
            expected_state=before,
            missed_deadline=missed_deadline,
        )
        await _back_on_sale_if_never_bought(order, before)
        await _refund_all(order, f"order:{order.id}:refund")
        return order


async def resolve_dispute(
    order_id: int,
    refund: Money,
    actor: Actor = Actor.MODERATOR,
    actor_user_id: int | None = None,
    note: str = "",
) -> Order:
    """Refund `refund` to the customer (zero, part or all) and release the rest to the buyer."""
    async with in_transaction():
        action = Action.RESOLVE_REFUND if refund.amount else Action.RESOLVE_RELEASE
        # Move the order first: a dispute already resolved (say, by a second click) is refused
        # as such, not as a bad amount, and the escrow is read once no one else can resolve it.
        order = await transition(order_id, action, actor, actor_user_id, note=note)
        held = await escrow_balance(order)
        if refund.currency != order.currency or not 0 <= refund.amount <= held.amount:
            raise InvalidInput("dispute.bad_refund", max=held.amount, currency=order.currency)
        await _back_on_sale_if_never_bought(order, OrderState.DISPUTED)
        if refund.amount:
            await ledger.refund_escrow(f"order:{order.id}:dispute_refund", order.id, order.customer_id, refund)
        await _release_all(order, f"order:{order.id}:dispute_release")
        return order


async def orders_of(user_id: int, active_only: bool = False, limit: int = 20) -> list[Order]:
    """A user's orders on either side, newest first."""
    query = Order.filter(Q(customer_id=user_id) | Q(buyer_id=user_id))
    if active_only:
        query = query.exclude(state__in=FINAL_STATES)
    return await query.order_by("-id").limit(limit)


async def events_of(order_id: int) -> list[OrderEvent]:
    return await OrderEvent.filter(order_id=order_id).order_by("id")


def party_role(order: Order, user_id: int) -> Actor:
    """The user's side of the order; anyone else is refused."""
    role = role_of(order, user_id)
    if role is None:
        raise Forbidden("order.not_a_party")
    return role


async def check_action(order_id: int, user_id: int, action: Action) -> Order:
    """Refuse now, as `transition` would later, a step this user may not take on this order.

    For steps that need more input first (a receipt photo, a tracking number, a reason), so
    nobody is asked for it in vain.
    """
    order = await get_order(order_id)
    next_state(order.state, action, party_role(order, user_id))
    return order


async def receipt_code(order_id: int, buyer_id: int) -> str | None:
    """Refuse a receipt this user may not upload now; else the code to write by hand in its photo."""
    return purchase_proof_code(await check_action(order_id, buyer_id, Action.UPLOAD_RECEIPT), buyer_id)


async def promise_for(order_id: int, user_id: int, action: Action) -> OrderPromise:
    """For a prompt: what this party's step would do now; refused as the step itself would be."""
    return await promise_of(await check_action(order_id, user_id, action), action)


async def cancel_by_party(order_id: int, user_id: int, reason: str = "", promised: str | None = None) -> OrderPromise:
    """The customer or the buyer cancels; returns what became of the money, as a prompt says it. The other side
    is told.

    `promised`: the digest of the cancel prompt the party confirmed (see `transition`).
    """
    order = await get_order(order_id)
    by = party_role(order, user_id)
    async with in_transaction():
        held = await escrow_balance(order)  # what the cancel gives back or pays out
        cancelled = await cancel_order(order_id, by, user_id, reason, promised)
        event = await OrderEvent.get(order_id=order_id, action=Action.CANCEL)
        outcome = outcome_of(event.from_state, Action.CANCEL)
        other = cancelled.buyer_id if by is Actor.CUSTOMER else cancelled.customer_id
        said: dict[str, Any] = {"reason": event.note} if event.note else {}
        await queue(
            other,
            "order.cancelled_with_reason" if event.note else "order.cancelled",
            **news(cancelled),
            by=by.value,
            outcome=outcome.value,
            deposit=cancelled.deposit_amount,
            currency=cancelled.currency,
            **said,
        )
    fee = held.percent(cancelled.platform_fee_percent)
    return OrderPromise(cancelled.id, Action.CANCEL, outcome, cancelled.total_money, cancelled.deposit_money, held, fee)
