"""The order the rehearsal plays: a verified buyer's listing (set up through the core services, as
embedded/demo_data.py does), and a customer who follows its link, buys, pays the deposit; the buyer uploads the
receipt; the customer pays the balance; the buyer ships with tracking; the customer confirms and reviews it.
Everything after the set-up goes through the chat: updates to the webhook workers, answers from them and from the
scheduler's outbox."""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bench.rehearsal.people import WAIT, StepFailed, open_card, pay, press, reaches, until
from bot.deep_links import listing_link
from core.domain.buyers import BuyerStatus
from core.domain.invoices import PaymentPurpose
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.listings import Listing
from core.models.orders import Order
from core.models.reviews import Review
from core.services.catalog.listings import ListingInput, create_listing
from core.services.money import ledger
from core.services.oversight import moderation
from core.services.oversight.moderators import moderator_named
from core.services.people import users
from sandbox import make_png
from sandbox.chats import SimUser
from sandbox.driver import Driver

PRICE = Money(12_800, "JPY")


@dataclass
class Steps:
    """Each step's name and how long it took, in order; `failed` says where it stopped, if it did."""

    timings: list[tuple[str, float]] = field(default_factory=list)
    failed: str | None = None
    order_id: int | None = None

    @asynccontextmanager
    async def step(self, name: str) -> AsyncIterator[None]:
        started = time.perf_counter()
        try:
            yield
        except (StepFailed, TimeoutError, LookupError) as error:
            self.failed = f"{name}: {error}"
            raise
        self.timings.append((name, time.perf_counter() - started))


async def seed(driver: Driver, moderator: str) -> tuple[SimUser, int]:
    """Bob, a verified buyer with a bond and a Porter bag on sale (approved by the moderator if held for review)."""
    photo = driver.bot.files.add_photo(make_png(64, 64), 64, 64)[-1]["file_id"]
    bob = driver.create_user("Bob", language_code="en", started=True)
    account, _ = await users.register_contact(bob.id, bob.first_name, language_code="en")
    await users.apply_as_buyer(account.id, ["JP"], ["bags"], "passport-photo")
    await users.decide_buyer(account.id, BuyerStatus.VERIFIED)
    await ledger.post_bond("rehearsal-bond", account.id, Money(1_000_000, "JPY"))
    listing = await create_listing(
        account.id,
        ListingInput(
            title="Porter Tanker shoulder bag",
            description="Bought in Tokyo, with the shop's receipt.",
            category="bags",
            country="JP",
            price=PRICE,
            quantity=1,
            days_to_ship=5,
            photo_file_ids=[photo],
            brand="Porter",
            city="Tokyo",
        ),
    )
    if listing.status is ListingStatus.PENDING_REVIEW:
        reviewer = await moderator_named(moderator)
        await moderation.decide_listing(reviewer.id, listing.id, ListingStatus.ACTIVE)

    async def on_sale() -> bool:
        return (await Listing.get(id=listing.id)).status is ListingStatus.ACTIVE

    await until(f"listing #{listing.id} to be on sale", on_sale)
    return bob, listing.id


async def play(driver: Driver, steps: Steps, bob: SimUser, listing_id: int) -> None:
    alice = driver.create_user("Alice", language_code="en")
    async with steps.step("customer follows the listing's link and buys"):
        await driver.follow_link(alice, listing_link(driver.bot.identity.username, listing_id))
        await press(driver, alice, "🛒 Buy")

        async def ordered() -> Order | None:
            return await Order.filter(customer__telegram_id=alice.id).first()

        await until("the order", ordered)
        order = await ordered()
        assert order is not None
        steps.order_id = order.id
    async with steps.step("customer pays the deposit"):
        await pay(driver, alice, order.id, PaymentPurpose.DEPOSIT, then=OrderState.DEPOSIT_PAID)
    async with steps.step("buyer uploads the receipt"):
        await open_card(driver, bob, order.id)
        await press(driver, bob, "🧾 Upload receipt")
        await driver.send_photo(bob)
        await reaches(order.id, OrderState.AWAITING_BALANCE)
    async with steps.step("customer pays the balance"):
        await pay(driver, alice, order.id, PaymentPurpose.BALANCE, then=OrderState.BALANCE_PAID)
    async with steps.step("buyer ships with EMS and a tracking number"):
        await open_card(driver, bob, order.id)
        await press(driver, bob, "🚚 Ship")
        await press(driver, bob, "EMS")
        await driver.send_text(bob, "EJ123456789JP")
        await reaches(order.id, OrderState.SHIPPED)
    async with steps.step("customer confirms receipt"):
        await open_card(driver, alice, order.id)
        await press(driver, alice, "✅ Confirm receipt")
        await press(driver, alice, "✅ Release")  # asked first
        await reaches(order.id, OrderState.COMPLETED)
    async with steps.step("customer reviews the order"):
        await press(driver, alice, "5 ★")
        await driver.send_text(alice, "Genuine, well packed, fast.")
        await until("the review", lambda: Review.exists(order_id=order.id))
    async with steps.step("buyer hears of the review (outbox)"):
        await driver.wait_for(lambda: any("★★★★★" in m.content for m in driver.messages(bob)), WAIT)
