"""Demo data for a first start: exchange rates, buyers in several countries with bonds and listings,
customers with open requests, an admin moderator, and work in each of the moderators' queues (a held listing, a
fake report, a buyer application and a dispute the two sides could not settle). Everything goes through the
core services, as the bot and the admin web would; photos are drawn locally and uploaded into the sandbox, so
the bot shows them by file_id."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from core import clock
from core.domain.buyers import BuyerStatus
from core.domain.invoices import PaymentPurpose
from core.domain.moderators import ModeratorRole
from core.domain.money import Money
from core.services.catalog.listings import ListingInput, buy_listing, create_listing
from core.services.catalog.risk import assess_listing
from core.services.money import payments
from core.services.oversight import brand_desk, moderation
from core.services.oversight.moderators import create_moderator
from core.services.oversight.reports import report_fake
from core.services.people import users
from core.services.sourcing.purchase_requests import RequestInput, create_request
from core.services.trade import disputes
from embedded.demo_photos import RGB, Shape, product_photo
from sandbox import Driver

DEMO_MODERATOR = "demo-admin"


@dataclass(frozen=True)
class DemoListing:
    title: str
    description: str
    category: str
    brand: str
    price: Money
    quantity: int
    days_to_ship: int
    shape: Shape
    colour: RGB


@dataclass(frozen=True)
class DemoBuyer:
    first_name: str
    username: str
    language: str
    country: str
    city: str
    categories: tuple[str, ...]
    bond: Money
    listings: tuple[DemoListing, ...]


@dataclass(frozen=True)
class DemoCustomer:
    first_name: str
    username: str
    language: str
    wants: str
    country: str
    category: str
    budget: Money


@dataclass(frozen=True)
class Login:
    username: str
    password: str


BUYERS = (
    DemoBuyer(
        "Yuki",
        "yuki_tokyo",
        "en",
        "JP",
        "Tokyo",
        ("beauty", "bags"),
        Money.from_major("3000", "CNY"),
        (
            DemoListing(
                "Shiseido Ultimune serum 75ml",
                "Japanese version, bought at the Ginza flagship; receipt kept.",
                "beauty",
                "Shiseido",
                Money(12800, "JPY"),
                5,
                5,
                "bottle",
                (200, 40, 60),
            ),
            DemoListing(
                "Porter Tanker shoulder bag",
                "Sage green, from the Porter store in Omotesando.",
                "bags",
                "Porter",
                Money(24200, "JPY"),
                2,
                7,
                "bag",
                (80, 110, 70),
            ),
        ),
    ),
    DemoBuyer(
        "林美",
        "lin_mei_osaka",
        "zh",
        "JP",
        "Osaka",
        ("toys_collectibles", "food"),
        Money(20000, "JPY"),
        (
            DemoListing(
                "宝可梦中心 皮卡丘毛绒公仔",
                "大阪宝可梦中心限定款，全新带吊牌。",
                "toys_collectibles",
                "Pokémon Center",
                Money(3300, "JPY"),
                10,
                4,
                "plush",
                (235, 190, 40),
            ),
            DemoListing(
                "白色恋人 24枚装",
                "北海道直送，保质期两个月以上。",
                "food",
                "Ishiya",
                Money(2900, "JPY"),
                20,
                3,
                "box",
                (90, 140, 200),
            ),
        ),
    ),
    DemoBuyer(
        "Ji-woo",
        "jiwoo_seoul",
        "en",
        "KR",
        "Seoul",
        ("beauty",),
        Money.from_major("3000", "CNY"),
        (
            DemoListing(
                "Sulwhasoo Concentrated Ginseng cream 60ml",
                "Duty-free price, from the Myeongdong store.",
                "beauty",
                "Sulwhasoo",
                Money(98000, "KRW"),
                4,
                6,
                "box",
                (170, 120, 60),
            ),
        ),
    ),
    DemoBuyer(
        "Camille",
        "camille_paris",
        "en",
        "FR",
        "Paris",
        ("bags", "fashion"),
        Money.from_major("3000", "CNY"),
        (
            DemoListing(
                "Longchamp Le Pliage Original tote, M",
                "Navy, from the Saint-Honoré boutique.",
                "bags",
                "Longchamp",
                Money.from_major("135", "EUR"),
                3,
                8,
                "bag",
                (30, 45, 90),
            ),
        ),
    ),
    DemoBuyer(
        "Jake",
        "jake_nyc",
        "en",
        "US",
        "New York",
        ("shoes", "electronics"),
        Money.from_major("3000", "CNY"),
        (
            DemoListing(
                "New Balance 990v6, grey, US 9",
                "Made in USA, bought at the Flatiron store.",
                "shoes",
                "New Balance",
                Money.from_major("199.99", "USD"),
                2,
                10,
                "shoe",
                (130, 130, 140),
            ),
        ),
    ),
)

WATCHED_BRAND = "Louis Vuitton"

# Held for review by the risk engine: new, under-bonded, and selling a watched brand.
SUSPICIOUS_BUYER = DemoBuyer(
    "Ren",
    "ren_ginza",
    "en",
    "JP",
    "Tokyo",
    ("bags",),
    Money(5000, "JPY"),
    (
        DemoListing(
            "Louis Vuitton Speedy 30, brand new",
            "Bought today in Ginza, half the boutique price.",
            "bags",
            WATCHED_BRAND,
            Money(98000, "JPY"),
            3,
            5,
            "bag",
            (120, 80, 40),
        ),
    ),
)

# What a moderator would have set: prices show in the customer's currency, and bonds (in yuan) cover orders in any.
RATES = (("CNY", "JPY", "21"), ("CNY", "KRW", "190"), ("EUR", "CNY", "7.8"), ("USD", "CNY", "7.2"))

CUSTOMERS = (
    DemoCustomer(
        "Anna",
        "anna_demo",
        "en",
        "Tokyo Banana, 8 pieces, best before at least a month away",
        "JP",
        "food",
        Money(3000, "JPY"),
    ),
    DemoCustomer(
        "张伟", "zhang_wei_demo", "zh", "雪花秀 滋阴水乳套装，韩国免税店版", "KR", "beauty", Money(250000, "KRW")
    ),
)


def _photo(driver: Driver, shape: Shape, colour: RGB, label: str) -> str:
    """Upload a drawn photo into the sandbox as a user would; the file_id the bot may send it by."""
    data = product_photo(shape, colour, label)
    return str(driver.bot.files.add_photo(data, 640, 480)[-1]["file_id"])


async def _person(driver: Driver, first_name: str, username: str, language: str) -> int:
    """A simulated person who has started the bot, registered as the bot does on first contact; their user id."""
    sim = driver.create_user(first_name, username=username, language_code=language, started=True)
    user, _ = await users.register_contact(sim.id, first_name, username=username, language_code=language)
    return user.id


async def _seed_buyer(driver: Driver, buyer: DemoBuyer) -> list[int]:
    """The buyer, verified with their bond paid, and their listings published; the listings' ids."""
    user_id = await _person(driver, buyer.first_name, buyer.username, buyer.language)
    document = _photo(driver, "card", (60, 90, 160), f"ID · {buyer.first_name}")
    await users.apply_as_buyer(user_id, [buyer.country], list(buyer.categories), document, cities=[buyer.city])
    await users.decide_buyer(user_id, BuyerStatus.VERIFIED)
    await payments.record_bond_payment(f"demo-bond-{user_id}", user_id, buyer.bond)
    listing_ids = []
    for item in buyer.listings:
        photo = _photo(driver, item.shape, item.colour, item.brand)
        fields = ListingInput(
            title=item.title,
            description=item.description,
            category=item.category,
            country=buyer.country,
            price=item.price,
            quantity=item.quantity,
            days_to_ship=item.days_to_ship,
            photo_file_ids=[photo],
            brand=item.brand,
            city=buyer.city,
        )
        listing_ids.append((await create_listing(user_id, fields)).id)
    return listing_ids


async def _seed_customer(driver: Driver, customer: DemoCustomer) -> int:
    user_id = await _person(driver, customer.first_name, customer.username, customer.language)
    wish = RequestInput(
        text=customer.wants,
        country=customer.country,
        budget=customer.budget,
        quantity=1,
        deadline=clock.now() + timedelta(days=30),
        category=customer.category,
    )
    await create_request(user_id, wish)
    return user_id


async def seed_demo_data(driver: Driver) -> Login | None:
    """Fill an empty database with the demo; None (and nothing added) when it has people in it already."""
    if await users.anyone_registered():
        return None
    login = Login(DEMO_MODERATOR, secrets.token_urlsafe(12))
    admin = await create_moderator(login.username, login.password, ModeratorRole.ADMIN)
    for base, quote, rate in RATES:  # as the admin would set them: each with its audit entry
        await moderation.set_rate(admin.id, base, quote, rate)
    listings = [await _seed_buyer(driver, buyer) for buyer in BUYERS]
    anna, zhang = [await _seed_customer(driver, customer) for customer in CUSTOMERS]
    await _seed_moderators_work(driver, admin.id, anna, zhang, porter_bag=listings[0][1], cream=listings[2][0])
    return login


async def _seed_moderators_work(
    driver: Driver, admin_id: int, anna: int, zhang: int, porter_bag: int, cream: int
) -> None:
    """One case in each queue, made as the people would make them, so a new moderator sees work."""
    # A held listing: a buyer verified today, whose bond would not cover the price, lists a watched brand.
    await brand_desk.watch_brand(admin_id, WATCHED_BRAND, "Demo: counterfeits reported elsewhere")
    for listing_id in await _seed_buyer(driver, SUSPICIOUS_BUYER):
        await assess_listing(listing_id)
    # A fake report on a published listing.
    await report_fake(
        anna, "The stitching in the photo does not look like Porter's; the tag font is wrong.", listing_id=porter_bag
    )
    # A buyer application.
    applicant = await _person(driver, "Lucas", "lucas_milan", "en")
    document = _photo(driver, "card", (60, 90, 160), "ID · Lucas")
    await users.apply_as_buyer(applicant, ["IT"], ["fashion", "bags"], document, cities=["Milan"])
    # A dispute the two sides did not settle: the deposit paid, then no word from the buyer.
    order = await buy_listing(zhang, cream)
    deposit = payments.amount_due(order, PaymentPurpose.DEPOSIT)
    await payments.record_payment(f"demo-deposit-{order.id}", zhang, order.id, PaymentPurpose.DEPOSIT, deposit)
    dispute = await disputes.open_dispute(zhang, order.id, "已付定金一周，买手不回复，也没有上传购买凭证。")
    await disputes.escalate_now(dispute.id)
