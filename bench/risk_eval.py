"""Precision and recall of the risk engine on a labelled set it generates itself.

Genuine listings: buyers' own photos and ordinary prices (brand base price ± a lognormal spread, in JPY,
USD or KRW), a few of watched brands, from established buyers (verified long ago, with a bond) and some
new ones. Fakes: another buyer's photo reused after a crop (85-100%), a resize (40-90%) and JPEG
recompression (quality 25-70); prices at 20-40% of the usual; watched brands from new buyers without a
bond. Each listing is published as the bot publishes it (`publish_listing`); "held" is the prediction.

    python -m bench.risk_eval [--seed 1]
"""

import argparse
import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from tortoise import Tortoise

from core import clock
from core.config import load_settings, use_settings
from core.db import database
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.models.users import BuyerProfile, User
from core.services.catalog.brands import watch_brand
from core.services.catalog.listings import ListingInput
from core.services.catalog.publishing import publish_listing
from core.services.money import ledger
from core.services.money.rates import set_rate
from core.services.people import users
from tests.photos import crop, jpeg, resize, textured

# brand -> (category, usual price in JPY)
BRANDS = {
    "Porter": ("bags", 28000),
    "Yoshida": ("bags", 35000),
    "Shiseido": ("beauty", 9000),
    "SK-II": ("beauty", 21000),
    "Seiko": ("watches_jewelry", 60000),
    "Louis Vuitton": ("bags", 280000),
    # Under ¥1,500,000: Telegram takes at most ¥1,093,219 in one payment, so a balance (70%) over that is refused.
    "Rolex": ("watches_jewelry", 1000000),
}
WATCHED = ("Louis Vuitton", "Rolex")
ORDINARY = tuple(brand for brand in BRANDS if brand not in WATCHED)
JPY_PER = {"JPY": 1.0, "USD": 150.0, "KRW": 0.11}
PHOTO_SIZE = (480, 360)


@dataclass
class Example:
    kind: str  # "genuine" or the kind of fake
    brand: str
    price_jpy: float
    photos: list[bytes]


class World:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.photo_seeds = iter(range(seed * 1_000_000, (seed + 1) * 1_000_000))
        self.published_photos: list[int] = []  # seeds of genuine photos already listed
        self.telegram_ids = iter(range(10_000, 10**9))

    def own_photos(self) -> tuple[list[int], list[bytes]]:
        seeds = [next(self.photo_seeds) for _ in range(self.rng.randint(1, 3))]
        return seeds, [jpeg(textured(s, PHOTO_SIZE), quality=85) for s in seeds]

    def reused_photo(self) -> bytes:
        image = textured(self.rng.choice(self.published_photos), PHOTO_SIZE)
        image = resize(crop(image, self.rng.randint(85, 100)), self.rng.randint(40, 90))
        return jpeg(image, quality=self.rng.randint(25, 70))

    def usual_price(self, brand: str) -> float:
        return BRANDS[brand][1] * self.rng.lognormvariate(0, 0.12)

    async def buyer(self, established: bool) -> User:
        user, _ = await users.register_contact(next(self.telegram_ids), "Buyer")
        await users.apply_as_buyer(user.id, ["JP"], ["bags", "beauty", "watches_jewelry"], "passport")
        await users.decide_buyer(user.id, BuyerStatus.VERIFIED)
        if established:
            days = self.rng.randint(60, 900)
            await BuyerProfile.filter(user_id=user.id).update(decided_at=clock.now() - timedelta(days=days))
            await ledger.post_bond(f"bond:{user.id}", user.id, Money(3_000_000, "JPY"))
        return user


async def list_item(seller: User, example: Example, currency: str) -> bool:
    """Publish the listing as the bot does (saved unseen, photos hashed, scored): True when held for review."""
    amount = max(1, round(example.price_jpy / JPY_PER[currency] * (100 if currency == "USD" else 1)))
    item = ListingInput(
        title=f"{example.brand} item",
        description="Bought in store.",
        category=BRANDS[example.brand][0],
        country="JP",
        price=Money(amount, currency),
        quantity=1,
        days_to_ship=7,
        photo_file_ids=[f"photo-{i}" for i in range(len(example.photos))],
        brand=example.brand,
    )
    photos = dict(zip(item.photo_file_ids, example.photos, strict=True))

    async def download(file_id: str) -> bytes:
        return photos[file_id]

    return (await publish_listing(seller.id, item, download)).status is ListingStatus.PENDING_REVIEW


async def evaluate(seed: int, genuine: int, fakes: int) -> Counter[tuple[str, bool]]:
    world = World(seed)
    await watch_brand("Louis Vuitton")
    await watch_brand("Rolex")
    await set_rate("USD", "JPY", "150", "bench")
    await set_rate("KRW", "JPY", "0.11", "bench")
    veterans = [await world.buyer(established=True) for _ in range(40)]
    newcomers = [await world.buyer(established=False) for _ in range(15)]
    new_fakers = [await world.buyer(established=False) for _ in range(14)]
    fakers = new_fakers + [await world.buyer(established=True) for _ in range(6)]

    async def genuine_listing() -> bool:
        brand = world.rng.choice(WATCHED if world.rng.random() < 0.1 else ORDINARY)
        seller = world.rng.choice(veterans if brand in WATCHED or world.rng.random() < 0.8 else newcomers)
        seeds, photos = world.own_photos()
        held = await list_item(seller, Example("genuine", brand, world.usual_price(brand), photos), _currency(world))
        world.published_photos.extend(seeds)
        return held

    async def fake_listing(kind: str) -> bool:
        seller = world.rng.choice(new_fakers if kind == "watchlist" else fakers)
        brand = world.rng.choice(WATCHED if kind == "watchlist" else ORDINARY)
        price = world.usual_price(brand) * (world.rng.uniform(0.2, 0.4) if kind == "price" else 1)
        photos = [world.reused_photo()] if kind == "photo" else world.own_photos()[1]
        return await list_item(seller, Example(kind, brand, price, photos), _currency(world))

    results: Counter[tuple[str, bool]] = Counter()
    for _ in range(genuine // 2):  # a history of ordinary listings first
        results["genuine", await genuine_listing()] += 1
    kinds = ["genuine"] * (genuine - genuine // 2) + [("photo", "price", "watchlist")[i % 3] for i in range(fakes)]
    world.rng.shuffle(kinds)
    for kind in kinds:
        held = await genuine_listing() if kind == "genuine" else await fake_listing(kind)
        results[kind, held] += 1
    return results


def _currency(world: World) -> str:
    return world.rng.choices(("JPY", "USD", "KRW"), weights=(6, 3, 1))[0]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--genuine", type=int, default=300)
    parser.add_argument("--fakes", type=int, default=90)
    args = parser.parse_args()
    started = time.perf_counter()
    async with database("sqlite://:memory:"):
        await Tortoise.generate_schemas()
        results = await evaluate(args.seed, args.genuine, args.fakes)
    true_pos = sum(n for (kind, held), n in results.items() if kind != "genuine" and held)
    false_pos = results["genuine", True]
    false_neg = sum(n for (kind, held), n in results.items() if kind != "genuine" and not held)
    print(f"listings: {sum(results.values())} ({args.genuine} genuine, {args.fakes} fake), seed {args.seed}")
    for kind in ("photo", "price", "watchlist"):
        print(f"  fakes by {kind}: {results[kind, True]} held of {results[kind, True] + results[kind, False]}")
    print(f"  genuine held: {false_pos} of {args.genuine}")
    print(
        f"precision {true_pos / max(1, true_pos + false_pos):.3f}  recall {true_pos / max(1, true_pos + false_neg):.3f}"
    )
    print(f"time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    use_settings(load_settings())
    asyncio.run(main())
