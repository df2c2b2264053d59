"""What the people of a seed do, all at once: each customer buys (a listing, or through a request and an offer) and
follows the order down a path drawn from the seed; the buyer does their part when the order needs it; the
moderator decides disputes and reports; time jumps when a story waits for a deadline to pass.

Payments carry the money, so the hostile moments are there (plan.HOSTILE_MOMENTS): a burst of quick messages
just before paying, paying just as the fake clock passes the deadline (the scheduler's deadline job and the
payment then race for the same order), and the bot killed the moment it acknowledged the payment.

Every step re-reads the order first: a deadline, a moderator or a fault may have moved it meanwhile, and a
story whose order went elsewhere simply ends.
"""

import asyncio
import logging
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bench.chaos.clock import FakeClock
from bench.chaos.disruptions import Disruptor
from bench.chaos.people import ANSWER_WAIT, Person
from bench.chaos.plan import LABELS, Fault, SeedPlan
from bench.chaos.world import World
from bot.callbacks import BondAction, BuyQuantity, Choice, ListingAction, OfferAction, RequestAction
from core.config import get_settings
from core.domain.deadlines import DEADLINE_OF_STATE
from core.domain.money import Money
from core.domain.order_machine import Action, OrderState
from core.errors import DomainError
from core.models.disputes import Dispute, DisputeStatus
from core.models.ledger import PaymentPurpose
from core.models.listings import Listing, ListingStatus
from core.models.orders import Order
from core.models.reports import FakeReport, ReportStatus
from core.services import moderation, orders, purchase_requests
from core.services.purchase_requests import OfferInput, RequestInput
from sandbox.views import ChatMessage

log = logging.getLogger(__name__)

FLOOD = 12  # quick messages: more than flood control's burst of 10


@dataclass
class Stage:
    """What the stories of one seed share."""

    plan: SeedPlan
    world: World
    clock: FakeClock
    disruptor: Disruptor
    injected: Counter[str] = field(default_factory=Counter)
    flood_updates: set[int] = field(default_factory=set)  # sent in a deliberate flood: flood control may drop them
    moments: dict[int, str] = field(default_factory=dict)  # a successful payment's update id -> its hostile moment

    def buyer(self, account_id: int) -> Person:
        return next(person for person in self.world.buyers if person.account_id == account_id)

    async def time_passes(self, order: Order) -> None:
        """Jump the clock past the deadline the order waits on now."""
        deadline = DEADLINE_OF_STATE.get(order.state)
        due = getattr(order, deadline.value) if deadline else None
        if due is not None:
            await self.clock.advance_past(due)
            self.injected["clock jumps past a deadline"] += 1


async def play(stage: Stage) -> None:
    """Every customer's story at once, with the moderator at work beside them; returns when all stories end."""
    seed = stage.plan.seed
    moderator = asyncio.create_task(moderate(stage, random.Random(f"{seed}:moderator")))
    buyers = [(buyer, random.Random(f"{seed}:buyer:{n}")) for n, buyer in enumerate(stage.world.buyers)]
    try:
        await asyncio.gather(
            *(
                customer_story(stage, customer, random.Random(f"{seed}:customer:{n}"))
                for n, customer in enumerate(stage.world.customers)
            ),
            *(top_up_bond(stage, buyer, rng) for buyer, rng in buyers if rng.random() < 0.3),
        )
    finally:
        moderator.cancel()
        await asyncio.gather(moderator, return_exceptions=True)


async def customer_story(stage: Stage, me: Person, rng: random.Random) -> None:
    await me.says("/start")
    for _ in range(rng.choice((1, 1, 2))):
        if rng.random() < 0.2:
            await report_listing(stage, me, rng)
        order = await (through_offer(stage, me, rng) if rng.random() < 0.25 else buy_listing(stage, me, rng))
        if order is not None:
            await follow(stage, me, order, rng)


# --- getting an order --------------------------------------------------------------------------


async def buy_listing(stage: Stage, me: Person, rng: random.Random) -> Order | None:
    on_sale = await Listing.filter(id__in=list(stage.world.listed), status=ListingStatus.ACTIVE, stock__gt=0)
    if not on_sale:
        return None
    listing = rng.choice(sorted(on_sale, key=lambda listing: listing.id))
    before = await _newest_order_id(me)
    await me.says(f"/listing_{listing.id}")
    if not await me.presses(ListingAction(action="buy", listing_id=listing.id)):
        return None
    if listing.stock > 1:
        await me.presses(BuyQuantity(listing_id=listing.id, quantity=rng.randint(1, min(2, listing.stock))))
    return await Order.filter(customer_id=me.account_id, id__gt=before).order_by("id").first()


async def through_offer(stage: Stage, me: Person, rng: random.Random) -> Order | None:
    """A request (through the core service), a buyer's offer (likewise), and the customer accepts it in the chat."""
    seller = rng.choice(stage.world.buyers)
    sample = await Listing.filter(buyer_id=seller.account_id).first()
    currency = sample.currency if sample else "JPY"
    try:
        request = await purchase_requests.create_request(
            me.account_id,
            RequestInput(
                text=f"Looking for a Porter bag in Japan, please ({rng.randint(1, 10**6)})",
                country="JP",
                budget=Money(10_000_000, currency),
                quantity=1,
                deadline=stage.clock.now() + timedelta(days=10),
                category="bags",
            ),
        )
        price = Money(rng.randint(2_000, 40_000), currency)
        offer = await purchase_requests.make_offer(
            seller.account_id, request.id, OfferInput(price, Money(300, currency), Money(500, currency), 5)
        )
    except DomainError as refused:
        log.info("no offer this time: %s", refused.code)
        return None
    before = await _newest_order_id(me)
    accept = OfferAction(action="accept", offer_id=offer.id)
    if not await me.presses(RequestAction(action="offers", request_id=request.id)):
        await me.says("/requests")
        await me.presses(RequestAction(action="offers", request_id=request.id))
    if not await me.presses(accept):
        return None
    return await Order.filter(customer_id=me.account_id, id__gt=before).order_by("id").first()


async def _newest_order_id(me: Person) -> int:
    newest = await Order.filter(customer_id=me.account_id).order_by("-id").first()
    return newest.id if newest else 0


# --- following an order ------------------------------------------------------------------------


async def _now(order: Order) -> Order:
    await order.refresh_from_db()
    return order


async def reaches(order: Order, *states: OrderState, within: float = ANSWER_WAIT) -> bool:
    """Whether the order is (or gets, within a while) into one of `states`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while (await _now(order)).state not in states:
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def follow(stage: Stage, me: Person, order: Order, rng: random.Random) -> None:
    seller = stage.buyer(order.buyer_id)
    step = rng.random()
    if step < 0.1:  # walks away; the deposit deadline cancels the order
        if rng.random() < 0.5:
            await stage.time_passes(await _now(order))
        return
    if step < 0.2:
        await cancel(me, order)
        return
    if not await pay(stage, me, order, PaymentPurpose.DEPOSIT, rng):
        return
    if not await reaches(order, OrderState.DEPOSIT_PAID):
        return
    step = rng.random()
    if step < 0.1:
        await cancel(me, order)
        return
    if step < 0.2:  # the buyer never buys: refunded at purchase_by
        await stage.time_passes(await _now(order))
        return
    async with seller.busy:
        if await seller.presses_on_card(order.id, Action.UPLOAD_RECEIPT):
            await seller.sends_photo()
    if not await reaches(order, OrderState.AWAITING_BALANCE):
        return
    step = rng.random()
    if step < 0.1:  # the customer backs out: the deposit goes to the buyer
        await cancel(me, order)
        return
    if step < 0.2:
        await stage.time_passes(await _now(order))
        return
    if not await pay(stage, me, order, PaymentPurpose.BALANCE, rng):
        return
    if not await reaches(order, OrderState.BALANCE_PAID):
        return
    if rng.random() < 0.1:  # the buyer never ships: refunded at ship_by
        await stage.time_passes(await _now(order))
        return
    async with seller.busy:
        if await seller.presses_on_card(order.id, Action.SHIP):
            await seller.says("Chaos Post")
            await seller.says(f"CP{order.id:09d}")
    if not await reaches(order, OrderState.SHIPPED):
        return
    if rng.random() < 0.3:
        async with seller.busy:
            await seller.presses_on_card(order.id, Action.MARK_DELIVERED)
    await after_shipping(stage, me, order, rng)


async def after_shipping(stage: Stage, me: Person, order: Order, rng: random.Random) -> None:
    step = rng.random()
    if step < 0.4:
        await me.presses_on_card(order.id, Action.CONFIRM_RECEIPT)
    elif step < 0.7:
        async with me.busy:
            if await me.presses_on_card(order.id, Action.OPEN_DISPUTE):
                await me.says("The item is not what the listing showed.")
                await me.presses(Choice(field="done", value="dispute"))
    elif step < 0.85:  # nobody confirms: the order completes by itself at confirm_by
        await stage.time_passes(await _now(order))


async def cancel(me: Person, order: Order) -> None:
    async with me.busy:
        if await me.presses_on_card(order.id, Action.CANCEL):
            await me.presses(Choice(field="cancel", value="confirm"))


async def pay(stage: Stage, me: Person, order: Order, purpose: PaymentPurpose, rng: random.Random) -> bool:
    """Pay the invoice for `purpose` (asking for it on the order's card if it did not come); True when charged."""
    payload = f"order:{order.id}:{purpose.value}"
    invoice = await me.invoice_arrives(payload)
    if invoice is None:
        action = Action.PAY_DEPOSIT if purpose is PaymentPurpose.DEPOSIT else Action.PAY_BALANCE
        await me.presses_on_card(order.id, action)
        invoice = await me.invoice_arrives(payload)
    if invoice is None:
        return False
    return await pay_invoice(stage, me, invoice, rng, order)


async def pay_invoice(
    stage: Stage, me: Person, invoice: ChatMessage, rng: random.Random, order: Order | None = None
) -> bool:
    """Pay, maybe in a hostile moment (a race needs the `order` whose deadline passes); True when charged."""
    before_charge: Callable[[], Awaitable[None]] | None = None
    moment = stage.plan.hostile_moment(rng)
    if moment is Fault.DEADLINE_RACE and order is None:
        moment = None
    if moment is Fault.FLOOD_FIRST:
        stage.flood_updates.update(await me.types_quickly(["/help"] * FLOOD))
    elif moment is Fault.DEADLINE_RACE and order is not None:

        async def before_charge() -> None:
            await stage.time_passes(await _now(order))

    elif moment is Fault.KILL_AFTER_ACK:
        stage.disruptor.kill_after_acknowledging_payment(me.user.id)
    if moment in (Fault.FLOOD_FIRST, Fault.DEADLINE_RACE):
        stage.injected[LABELS[moment]] += 1
    outcome = await me.pays(invoice, before_charge)
    if outcome.status == "timed_out":  # the bot was down: try once more, as a person would
        outcome = await me.pays(invoice)
    if moment is not None and outcome.message is not None and outcome.message.update_id is not None:
        stage.moments[outcome.message.update_id] = LABELS[moment]
    return outcome.paid


# --- buyers' own steps, reports and the moderator ----------------------------------------------


async def top_up_bond(stage: Stage, me: Person, rng: random.Random) -> None:
    """A buyer adds to their bond: /bond, a top-up button, the invoice paid (bond payments are charges too)."""
    async with me.busy:
        await me.says("/bond")
        if await me.presses(BondAction(action="pay", amount=rng.choice(get_settings().bond_top_ups))):
            invoice = await me.invoice_arrives(f"bond:{me.account_id}")
            if invoice is not None:
                await pay_invoice(stage, me, invoice, rng)


async def report_listing(stage: Stage, me: Person, rng: random.Random) -> None:
    listing_id = rng.choice(sorted(stage.world.listed))
    async with me.busy:
        await me.says(f"/listing_{listing_id}")
        if await me.presses(ListingAction(action="report", listing_id=listing_id)):
            await me.says("The stitching and the logo look wrong for the real brand.")
            await me.presses(Choice(field="done", value="evidence"))


async def moderate(stage: Stage, rng: random.Random) -> None:
    """Now and then settle a dispute (refund all, part or nothing) and decide a report, as moderators do."""
    moderator = stage.world.moderator_id
    while True:
        await asyncio.sleep(rng.uniform(0.2, 0.8))
        disputed = await Dispute.filter(status__in=(DisputeStatus.OPEN, DisputeStatus.ESCALATED)).first()
        if disputed is not None and rng.random() < 0.5:
            order = await orders.get_order(disputed.order_id)
            held = (await orders.escrow_balance(order)).amount
            refund = rng.choice((None, Money(held // 2, order.currency), Money(0, order.currency)))
            await _decide(moderation.settle_dispute(moderator, order.id, refund, "Decided on the evidence."))
        report = await FakeReport.filter(status=ReportStatus.OPEN).first()
        if report is not None and rng.random() < 0.5:
            uphold = rng.random() < 0.3
            await _decide(moderation.resolve_report(moderator, report.id, uphold, "Checked against the photos."))


async def _decide(decision: Awaitable[object]) -> None:
    try:
        await decision
    except DomainError as refused:  # the case moved on meanwhile (say, the parties agreed first)
        log.info("moderator's decision refused: %s", refused.code)
