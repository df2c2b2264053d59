"""Precision and recall of the risk engine on a labelled set it generates itself.

Genuine listings: buyers' own photos (product shots: one of six drawn products in one of eight colours, posed
and on a plain, gradient or textured backdrop; one in five a noise texture) and ordinary prices (brand base
price ± a lognormal spread, in JPY, USD or KRW), a few of watched brands, from established buyers (verified long
ago, with a bond) and some new ones. Two in five genuine listings show a product another buyer already listed,
photographed afresh: another position, size, angle and backdrop. Fakes: another buyer's photo reused after one
of the edits copiers make (TRANSFORMS: each alone, then all of them together); prices at 20-40% of the usual;
watched brands from new buyers without a bond. Each listing is published as the bot publishes it
(`publish_listing`); "held" is the prediction.

    python -m bench.risk_eval [--seeds 1 2] [--genuine 300] [--photo-fakes 100] [--other-fakes 60]
"""

import argparse
import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from PIL import Image
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
from embedded.demo_photos import RGB, Shape
from tests.photos import (
    Shot,
    backdrop,
    bordered,
    brighten,
    jpeg,
    mirror,
    offcentre_crop,
    on_background,
    product_shot,
    scale,
    textured,
    watermark,
)

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
PHOTO_SIZES = ((640, 480), (480, 480), (480, 640), (800, 600))
SHAPES: tuple[Shape, ...] = ("bag", "bottle", "box", "shoe", "plush", "card")
COLOURS: tuple[RGB, ...] = (
    (170, 40, 40),
    (40, 90, 170),
    (30, 30, 30),
    (200, 150, 40),
    (60, 140, 70),
    (150, 60, 160),
    (120, 80, 50),
    (230, 110, 150),
)
SAME_PRODUCT_SHARE = 0.4
TEXTURE_SHARE = 0.2
WATERMARK = "@best_daigou"


@dataclass(frozen=True, slots=True)
class Photo:
    """A genuine photo, drawn again whenever it is needed: a product shot, or a noise texture without one."""

    size: tuple[int, int]
    shot: Shot | None
    seed: int

    def image(self) -> Image.Image:
        return product_shot(self.shot, self.size) if self.shot else textured(self.seed, self.size)


@dataclass
class Example:
    kind: str  # "genuine", "genuine:same product" or the kind of fake ("photo:<edit>", "price", "watchlist")
    brand: str
    price_jpy: float
    photos: list[bytes]


Edit = Callable[[Image.Image, random.Random], Image.Image]


def _crop(image: Image.Image, rng: random.Random) -> Image.Image:
    return offcentre_crop(image, *(rng.uniform(0.04, 0.15) for _ in range(4)))


def _watermark(image: Image.Image, rng: random.Random) -> Image.Image:
    return watermark(image, WATERMARK, rng.randrange(4), opacity=rng.randint(150, 255))


def _brightness(image: Image.Image, rng: random.Random) -> Image.Image:
    return brighten(image, rng.uniform(0.85, 1.15))


def _resize(image: Image.Image, rng: random.Random) -> Image.Image:
    return scale(image, rng.uniform(0.6, 1.3))


def _background(image: Image.Image, rng: random.Random) -> Image.Image:
    canvas = backdrop(rng.choice(("plain", "gradient", "textured")), rng.randrange(10**6), image.size)
    return on_background(image, canvas, rng.uniform(0.7, 0.9), (rng.random(), rng.random()))


def _border(image: Image.Image, rng: random.Random) -> Image.Image:
    return bordered(image, rng.uniform(0.03, 0.1), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))


def _combined(image: Image.Image, rng: random.Random, flip: bool = False) -> Image.Image:
    cropped = _crop(image, rng)
    return _resize(_brightness(_watermark(mirror(cropped) if flip else cropped, rng), rng), rng)


# What a copier does to another buyer's photo before uploading it; every result is then saved as a JPEG, of
# quality 45-85 for "recompress" and the combinations, 85 otherwise.
TRANSFORMS: dict[str, Edit] = {
    "off-centre crop": _crop,
    "watermark": _watermark,
    "brightness": _brightness,
    "resize": _resize,
    "recompress": lambda image, rng: image,
    "flip": lambda image, rng: mirror(image),
    "new background": _background,
    "border": _border,
    "combined": _combined,
    "combined + flip": lambda image, rng: _combined(image, rng, flip=True),
}
RECOMPRESSED = ("recompress", "combined", "combined + flip")


class World:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.photo_seeds = iter(range(seed * 1_000_000, (seed + 1) * 1_000_000))
        self.published_photos: list[Photo] = []  # genuine photos already listed
        self.listed_products: list[tuple[Shape, RGB]] = []
        self.telegram_ids = iter(range(10_000, 10**9))

    def _shot(self, product: tuple[Shape, RGB]) -> Shot:
        rng = self.rng
        return Shot(
            shape=product[0],
            colour=product[1],
            centre=(rng.uniform(0.35, 0.65), rng.uniform(0.4, 0.6)),
            scale=rng.uniform(0.6, 1.1),
            angle=rng.uniform(-20, 20),
            squash=rng.uniform(0.8, 1.2),
            background=rng.choice(("plain", "gradient", "textured")),
            backdrop_seed=next(self.photo_seeds),
        )

    def own_photos(self, same_product: bool = False) -> list[Photo]:
        """A buyer's own 1-3 photos of one product; of one another buyer listed before when `same_product`."""
        size = self.rng.choice(PHOTO_SIZES)
        count = self.rng.randint(1, 3)
        if not same_product and self.rng.random() < TEXTURE_SHARE:
            return [Photo(size, None, next(self.photo_seeds)) for _ in range(count)]
        if same_product:
            product = self.rng.choice(self.listed_products)
        else:
            product = (self.rng.choice(SHAPES), self.rng.choice(COLOURS))
        return [Photo(size, self._shot(product), 0) for _ in range(count)]

    def publish(self, photos: list[Photo]) -> None:
        self.published_photos.extend(photos)
        self.listed_products.extend((p.shot.shape, p.shot.colour) for p in photos[:1] if p.shot)

    def reused_photo(self, edit: str) -> bytes:
        image = TRANSFORMS[edit](self.rng.choice(self.published_photos).image(), self.rng)
        return jpeg(image, quality=self.rng.randint(45, 85) if edit in RECOMPRESSED else 85)

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


def _encoded(photos: list[Photo]) -> list[bytes]:
    return [jpeg(photo.image(), quality=85) for photo in photos]


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


async def evaluate(seed: int, genuine: int, photo_fakes: int, other_fakes: int) -> Counter[tuple[str, bool]]:
    world = World(seed)
    await watch_brand("Louis Vuitton")
    await watch_brand("Rolex")
    await set_rate("USD", "JPY", "150", "bench")
    await set_rate("KRW", "JPY", "0.11", "bench")
    veterans = [await world.buyer(established=True) for _ in range(40)]
    newcomers = [await world.buyer(established=False) for _ in range(15)]
    new_fakers = [await world.buyer(established=False) for _ in range(14)]
    fakers = new_fakers + [await world.buyer(established=True) for _ in range(6)]

    async def genuine_listing() -> tuple[str, bool]:
        brand = world.rng.choice(WATCHED if world.rng.random() < 0.1 else ORDINARY)
        seller = world.rng.choice(veterans if brand in WATCHED or world.rng.random() < 0.8 else newcomers)
        same = bool(world.listed_products) and world.rng.random() < SAME_PRODUCT_SHARE
        photos = world.own_photos(same_product=same)
        example = Example("genuine", brand, world.usual_price(brand), _encoded(photos))
        held = await list_item(seller, example, _currency(world))
        world.publish(photos)
        return "genuine:same product" if same else "genuine", held

    async def fake_listing(kind: str) -> bool:
        seller = world.rng.choice(new_fakers if kind == "watchlist" else fakers)
        brand = world.rng.choice(WATCHED if kind == "watchlist" else ORDINARY)
        price = world.usual_price(brand) * (world.rng.uniform(0.2, 0.4) if kind == "price" else 1)
        if kind.startswith("photo:"):
            photos = [world.reused_photo(kind.removeprefix("photo:"))]
        else:
            photos = _encoded(world.own_photos())
        return await list_item(seller, Example(kind, brand, price, photos), _currency(world))

    results: Counter[tuple[str, bool]] = Counter()
    for _ in range(genuine // 2):  # a history of ordinary listings first
        results[await genuine_listing()] += 1
    edits = list(TRANSFORMS)
    kinds = (
        ["genuine"] * (genuine - genuine // 2)
        + [f"photo:{edits[i % len(edits)]}" for i in range(photo_fakes)]
        + [("price", "watchlist")[i % 2] for i in range(other_fakes)]
    )
    world.rng.shuffle(kinds)
    for kind in kinds:
        if kind == "genuine":
            results[await genuine_listing()] += 1
        else:
            results[kind, await fake_listing(kind)] += 1
    return results


def _currency(world: World) -> str:
    return world.rng.choices(("JPY", "USD", "KRW"), weights=(6, 3, 1))[0]


def _held(results: Counter[tuple[str, bool]], kinds: list[str]) -> str:
    held = sum(results[kind, True] for kind in kinds)
    total = held + sum(results[kind, False] for kind in kinds)
    return f"{held} held of {total} ({held / max(1, total):.3f})"


def report(results: Counter[tuple[str, bool]]) -> str:
    """Per kind of fake and of genuine listing how many were held; photo-reuse and overall recall, precision."""
    kinds = {kind for kind, _ in results}
    photo = [f"photo:{edit}" for edit in TRANSFORMS if f"photo:{edit}" in kinds]
    fakes = [kind for kind in kinds if not kind.startswith("genuine")]
    true_pos = sum(results[kind, True] for kind in fakes)
    false_pos = sum(results[kind, True] for kind in kinds if kind.startswith("genuine"))
    lines = [f"  photo reused, {kind.removeprefix('photo:')}: {_held(results, [kind])}" for kind in photo]
    lines += [f"  fakes by {kind}: {_held(results, [kind])}" for kind in ("price", "watchlist") if kind in kinds]
    lines += [f"  genuine, {kind}: {_held(results, [kind])}" for kind in ("genuine", "genuine:same product")]
    fakes_total = sum(results[kind, held] for kind in fakes for held in (True, False))
    lines.append(f"photo-reuse recall {_held(results, photo)}")
    lines.append(
        f"precision {true_pos / max(1, true_pos + false_pos):.3f}  recall {true_pos / max(1, fakes_total):.3f}"
        f"  ({true_pos} of {fakes_total} fakes held, {false_pos} genuine held)"
    )
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--genuine", type=int, default=300)
    parser.add_argument("--photo-fakes", type=int, default=100, help="spread evenly over the edits (TRANSFORMS)")
    parser.add_argument("--other-fakes", type=int, default=60, help="half price, half watchlist")
    args = parser.parse_args()
    total: Counter[tuple[str, bool]] = Counter()
    for seed in args.seeds:
        started = time.perf_counter()
        async with database("sqlite://:memory:"):
            await Tortoise.generate_schemas()
            results = await evaluate(seed, args.genuine, args.photo_fakes, args.other_fakes)
        total += results
        print(f"seed {seed}: {sum(results.values())} listings, {time.perf_counter() - started:.1f} s")
        print(report(results))
    if len(args.seeds) > 1:
        print(f"seeds {' '.join(map(str, args.seeds))} together:")
        print(report(total))


if __name__ == "__main__":
    use_settings(load_settings())
    asyncio.run(main())
