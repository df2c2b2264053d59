"""Who plays a seed: verified buyers with bonds and listings, customers, and the moderator, set up through the core
services (as tests/factories.py does), each buyer and customer also a user of the sandbox who has started the bot.

A buyer sells in one currency and posts the bond in it, so the bond limit needs no exchange rate; the buyers
together use several currencies, so the ledger is checked per currency.
"""

import asyncio
import random
from dataclasses import dataclass, field

from bench.chaos.databases import MODERATOR
from bench.chaos.identities import Identities
from bench.chaos.people import Person
from core.config import current_settings
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.services.catalog.listings import ListingInput, create_listing
from core.services.money import ledger
from core.services.oversight import moderation
from core.services.oversight.moderators import moderator_named
from core.services.people import users
from sandbox import make_png
from sandbox.driver import Driver
from sandbox.journal import Journal

# (currency, lowest and highest price in minor units)
PRICES = (("JPY", 3_000, 40_000), ("USD", 1_500, 30_000), ("EUR", 1_500, 25_000), ("CNY", 5_000, 90_000))
RATES = {"JPY": "21.5", "USD": "0.14", "EUR": "0.13"}  # one CNY, the bond currency, in each
GOODS = (
    ("Porter Tanker shoulder bag", "bags"),
    ("Shiseido Ultimune serum 75ml", "beauty"),
    ("Yoshida tote, navy", "bags"),
    ("Sunscreen gel, 3 pack", "beauty"),
)


@dataclass
class World:
    buyers: list[Person]
    customers: list[Person]
    moderator_id: int
    listed: dict[int, int] = field(default_factory=dict)  # listing id -> quantity put on sale

    @property
    def people(self) -> list[Person]:
        return [*self.buyers, *self.customers]


async def _person(driver: Driver, journal: Journal, user_id: int, name: str, language: str) -> Person:
    user = driver.create_user(name, language_code=language, started=True, user_id=user_id)
    account, _ = await users.register_contact(user.id, name, language_code=language)
    return Person(driver, journal, user, account.id, asyncio.Lock())


async def cast(
    rng: random.Random, driver: Driver, journal: Journal, identities: Identities, buyers: int, customers: int
) -> World:
    photo = driver.bot.files.add_photo(make_png(64, 64), 64, 64)[-1]["file_id"]
    moderator = await moderator_named(MODERATOR)
    world = World([], [], moderator.id)
    for currency, rate in RATES.items():  # bonds are topped up in BOND_CURRENCY; orders are in the others
        await moderation.set_rate(moderator.id, current_settings().bond_currency, currency, rate)
    for n in range(buyers):
        language = rng.choice(("en", "en", "zh"))
        buyer = await _person(driver, journal, identities.user_id(n), f"Buyer{n}", language)
        currency, low, high = PRICES[n % len(PRICES)]
        await users.apply_as_buyer(buyer.account_id, ["JP"], ["bags", "beauty"], "passport-photo")
        await users.decide_buyer(buyer.account_id, BuyerStatus.VERIFIED)
        await ledger.post_bond(f"chaos-bond-{n}", buyer.account_id, Money(high * 100, currency))
        for title, category in rng.sample(GOODS, 2):
            quantity = rng.randint(1, 3)
            listing = await create_listing(
                buyer.account_id,
                ListingInput(
                    title=f"{title} #{n}",
                    description="Bought in Tokyo, with the shop's receipt.",
                    category=category,
                    country="JP",
                    price=Money(rng.randint(low, high), currency),
                    quantity=quantity,
                    days_to_ship=rng.randint(3, 10),
                    photo_file_ids=[photo],
                    city="Tokyo",
                ),
            )
            if listing.status is ListingStatus.PENDING_REVIEW:
                await moderation.decide_listing(moderator.id, listing.id, ListingStatus.ACTIVE)
            world.listed[listing.id] = quantity
        world.buyers.append(buyer)
    for n in range(customers):
        language = rng.choice(("en", "en", "zh"))
        user_id = identities.user_id(buyers + n)
        world.customers.append(await _person(driver, journal, user_id, f"Customer{n}", language))
    return world
