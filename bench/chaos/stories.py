"""What the people of a seed do, all at once: each customer buys (a listing, or through a request and an offer) and
follows the order down a path drawn from the seed; the buyer does their part when the order needs it; some buyers
top their bond up; buyers ask for payouts; the moderator decides disputes and reports and works the payout queue;
time jumps when a story waits for a deadline.

Every step re-reads the order first: a deadline, a moderator or a fault may have moved it meanwhile, and a
story whose order went elsewhere simply ends.
"""

import asyncio
import logging
import random
from datetime import timedelta

from bench.chaos.moderator import moderate, work_payout_queue
from bench.chaos.paying import pay, top_up_bond
from bench.chaos.payouts import ask_for_payouts, ask_once
from bench.chaos.people import ANSWER_WAIT, Person
from bench.chaos.stage import Stage, now
from bot.callbacks import BuyQuantity, Choice, ListingAction, OfferAction, RequestAction
from core.domain.invoices import PaymentPurpose
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import Action, OrderState
from core.errors import DomainError
from core.models.listings import Listing
from core.models.orders import Order
from core.services.sourcing import purchase_requests
from core.services.sourcing.purchase_requests import OfferInput, RequestInput

log = logging.getLogger(__name__)


async def play(stage: Stage) -> None:
    """Every customer's story at once, with the moderator at work beside them; returns when all stories end."""
    seed = stage.plan.seed
    moderator = asyncio.create_task(moderate(stage, random.Random(f"{seed}:moderator")))
    buyers = [(buyer, random.Random(f"{seed}:buyer:{n}")) for n, buyer in enumerate(stage.world.buyers)]
    asking = [
        asyncio.create_task(ask_for_payouts(buyer, random.Random(f"{seed}:payouts:{n}")))
        for n, buyer in enumerate(stage.world.buyers)
    ]
    try:
        await asyncio.gather(
            *(
                customer_story(stage, customer, random.Random(f"{seed}:customer:{n}"))
                for n, customer in enumerate(stage.world.customers)
            ),
            *(top_up_bond(stage, buyer, rng) for buyer, rng in buyers if rng.random() < 0.3),
        )
        # The last orders' money: each buyer asks once more, and the moderator works what is left in the queue.
        for task in asking:
            task.cancel()
        await asyncio.gather(*asking, return_exceptions=True)
        await asyncio.gather(*(ask_once(buyer, rng) for buyer, rng in buyers))
        await work_payout_queue(stage, random.Random(f"{seed}:queue"))
    finally:
        for task in (moderator, *asking):
            task.cancel()
        await asyncio.gather(moderator, *asking, return_exceptions=True)


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
                budget=Money(100_000, currency),  # an order Telegram could take the deposit and balance of
                quantity=1,
                deadline=stage.clock.now() + timedelta(days=10),
                category="bags",
            ),
        )
        price = Money(rng.randint(2_000, 40_000), currency)
        offer = await purchase_requests.make_offer(
            seller.account_id,
            request.id,
            OfferInput("Requested item", price, Money(300, currency), Money(500, currency), 5),
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


async def reaches(order: Order, *states: OrderState, within: float = ANSWER_WAIT) -> bool:
    """Whether the order is (or gets, within a while) into one of `states`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while (await now(order)).state not in states:
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def follow(stage: Stage, me: Person, order: Order, rng: random.Random) -> None:
    seller = stage.buyer(order.buyer_id)
    step = rng.random()
    if step < 0.1:  # walks away; the deposit deadline cancels the order
        if rng.random() < 0.5:
            await stage.time_passes(await now(order))
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
        await stage.time_passes(await now(order))
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
        await stage.time_passes(await now(order))
        return
    if not await pay(stage, me, order, PaymentPurpose.BALANCE, rng):
        return
    if not await reaches(order, OrderState.BALANCE_PAID):
        return
    if rng.random() < 0.1:  # the buyer never ships: refunded at ship_by
        await stage.time_passes(await now(order))
        return
    async with seller.busy:
        if await seller.presses_on_card(order.id, Action.SHIP):
            await seller.says("Chaos Post")
            await seller.says(f"CP{order.id:09d}")
    if not await reaches(order, OrderState.SHIPPED):
        return
    if rng.random() < 0.3:
        async with seller.busy:  # the buyer's word only asks the customer
            await seller.presses_on_card(order.id, Action.ASK_DELIVERED)
        async with me.busy:  # she says it arrived, asked first: the yes is the prompt's button (or the question's)
            if await me.presses_on_card(order.id, Action.MARK_DELIVERED):
                await me.confirms_prompt(order.id, Action.MARK_DELIVERED)
    await after_shipping(stage, me, order, rng)


async def after_shipping(stage: Stage, me: Person, order: Order, rng: random.Random) -> None:
    step = rng.random()
    if step < 0.4:
        async with me.busy:  # asked first: the release is the prompt's button
            if await me.presses_on_card(order.id, Action.CONFIRM_RECEIPT):
                await me.confirms_prompt(order.id, Action.CONFIRM_RECEIPT)
    elif step < 0.7:
        async with me.busy:
            if await me.presses_on_card(order.id, Action.OPEN_DISPUTE):
                await me.says("The item is not what the listing showed.")
                await me.presses(Choice(field="done", value="dispute"))
    elif step < 0.85:  # nobody confirms: the order completes by itself at confirm_by
        await stage.time_passes(await now(order))


async def cancel(me: Person, order: Order) -> None:
    async with me.busy:
        if await me.presses_on_card(order.id, Action.CANCEL):
            await me.presses(Choice(field="cancel", value="confirm"))


# --- reports ----------------------------------------------------------------------------------


async def report_listing(stage: Stage, me: Person, rng: random.Random) -> None:
    listing_id = rng.choice(sorted(stage.world.listed))
    async with me.busy:
        await me.says(f"/listing_{listing_id}")
        if await me.presses(ListingAction(action="report", listing_id=listing_id)):
            await me.says("The stitching and the logo look wrong for the real brand.")
            await me.presses(Choice(field="done", value="evidence"))


async def pay_out_the_rest(stage: Stage) -> None:
    """After settling: each buyer asks for what they can, and the moderator works the whole queue."""
    seed = stage.plan.seed
    await asyncio.gather(
        *(ask_once(buyer, random.Random(f"{seed}:last:{n}")) for n, buyer in enumerate(stage.world.buyers))
    )
    await work_payout_queue(stage, random.Random(f"{seed}:last-queue"))
