"""Demo data for a first start: exchange rates, buyers in several countries with bonds and listings,
customers with open requests, an admin moderator, and work in each of the moderators' queues (a held listing, a
fake report, a buyer application, a dispute the two sides could not settle, a buyer's payout and a customer's
refund), a buyer with earnings from a completed order, an order whose receipt waits for the customer's balance,
and saved addresses with an order whose buyer sees where to ship it. Everything goes through the
core services, as the bot and the admin web would; photos are drawn locally and uploaded into the sandbox, so
the bot shows them by file_id."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from core import clock
from core.domain.addresses import check_address
from core.domain.buyers import BuyerStatus
from core.domain.invoices import PaymentPurpose
from core.domain.moderators import ModeratorRole
from core.domain.money import Money
from core.domain.order_machine import Actor
from core.models.orders import Order
from core.services.catalog.listings import ListingInput, buy_listing, create_listing
from core.services.catalog.risk import assess_listing
from core.services.money import bonds, payments, payouts
from core.services.oversight import brand_desk, moderation
from core.services.oversight.moderators import create_moderator
from core.services.oversight.reports import report_fake
from core.services.people import addresses, users
from core.services.sourcing.purchase_requests import RequestInput, create_request
from core.services.trade import disputes, order_addresses, orders
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
# A buyer who stopped selling: she took her bond back and asked for it to be paid out (the payout queue's case).
LEAVING_BUYER = DemoBuyer("Mei", "mei_hangzhou", "zh", "CN", "Hangzhou", ("beauty",), Money(50000, "CNY"), ())
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

# Anna's, in London; 张伟's, in Shanghai with the ID number mainland customs need (a well-formed example number).
DEMO_ADDRESSES = (
    check_address("Anna Clarke", "+44 20 7946 0018", "GB", "", "London", "221B Baker Street", "NW1 6XE"),
    check_address(
        "张伟",
        "+86 138 0013 8000",
        "CN",
        "上海市",
        "上海",
        "浦东新区世纪大道 100 号 8 楼",
        "200120",
        customs={"cn_id_number": "11010519491231002X"},
    ),
)

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


async def _verified_buyer(driver: Driver, buyer: DemoBuyer) -> int:
    """The buyer, verified with their bond paid; their user id."""
    user_id = await _person(driver, buyer.first_name, buyer.username, buyer.language)
    document = _photo(driver, "card", (60, 90, 160), f"ID · {buyer.first_name}")
    await users.apply_as_buyer(user_id, [buyer.country], list(buyer.categories), document, cities=[buyer.city])
    await users.decide_buyer(user_id, BuyerStatus.VERIFIED)
    await payments.record_bond_payment(f"demo-bond-{user_id}", user_id, buyer.bond)
    return user_id


async def _seed_buyer(driver: Driver, buyer: DemoBuyer) -> list[int]:
    """The buyer, verified with their bond paid, and their listings published; the listings' ids."""
    user_id = await _verified_buyer(driver, buyer)
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
    await _seed_addresses(driver, anna, zhang, plush=listings[1][0])
    await _seed_moderators_work(driver, admin.id, anna, zhang, porter_bag=listings[0][1], cream=listings[2][0])
    await _seed_receipt_before_balance(driver, anna, serum=listings[0][0])
    await _seed_money_out(driver, anna, zhang, sold=listings[0][0], cancelled=listings[1][0])
    return login


async def _seed_receipt_before_balance(driver: Driver, anna: int, serum: int) -> None:
    """Anna paid the deposit on Yuki's serum and Yuki uploaded the receipt: Anna's chat shows the receipt photo
    with its proof code, then the balance invoice."""
    await _receipt_uploaded(driver, await buy_listing(anna, serum))


async def _seed_addresses(driver: Driver, anna: int, zhang: int, plush: int) -> None:
    """Saved addresses for both customers, and an order paid in full whose buyer (林美) sees where to ship it."""
    await addresses.save_address(anna, DEMO_ADDRESSES[0])
    home = await addresses.save_address(zhang, DEMO_ADDRESSES[1])
    order = await buy_listing(zhang, plush)
    await order_addresses.ship_order_to(zhang, order.id, home.id)
    await _pays(await _receipt_uploaded(driver, order), PaymentPurpose.BALANCE)


async def _receipt_uploaded(driver: Driver, order: Order) -> Order:
    """The customer pays the deposit and the buyer uploads a receipt photo with the order's proof code in it:
    the order now waits for its balance."""
    await _pays(order, PaymentPurpose.DEPOSIT)
    receipt = _photo(driver, "card", (225, 215, 185), f"Receipt · {order.proof_code}")
    return await orders.upload_receipt(order.buyer_id, order.id, receipt)


async def _pays(order: Order, purpose: PaymentPurpose) -> None:
    """The customer pays what is due, as Telegram's successful payment would record it."""
    due = payments.amount_due(order, purpose)
    await payments.record_payment(f"demo-{purpose.value}-{order.id}", order.customer_id, order.id, purpose, due)


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
    await order_addresses.ship_order_to(zhang, order.id, (await addresses.saved_addresses(zhang))[0].id)
    await _pays(order, PaymentPurpose.DEPOSIT)
    dispute = await disputes.open_dispute(zhang, order.id, "已付定金一周，买手不回复，也没有上传购买凭证。")
    await disputes.escalate_now(dispute.id)


async def _seed_money_out(driver: Driver, anna: int, zhang: int, sold: int, cancelled: int) -> None:
    """A buyer with earnings, a payout and a customer refund waiting for a moderator."""
    # Anna's order went all the way: the escrow is released to the buyer, minus the platform fee (/earnings).
    order = await buy_listing(anna, sold)
    await _pays(await _receipt_uploaded(driver, order), PaymentPurpose.BALANCE)
    await orders.ship(order.buyer_id, order.id, "EMS", "EJ123456789JP")
    await orders.mark_delivered(order.id, Actor.CUSTOMER, anna)
    await orders.confirm_receipt(anna, order.id)
    # A buyer's payout: Mei took her bond back into her earnings and asked for it to be paid to her Alipay.
    mei = await _verified_buyer(driver, LEAVING_BUYER)
    returned = await bonds.withdraw_bond(mei)
    method = await payouts.save_method(mei, "alipay", "王美 · mei.wang@example.com")
    await payouts.request_payout(mei, method.id, returned[0], "demo-payout")
    # A customer refund: Zhang cancelled after paying the deposit, which is owed back to the card she paid with.
    order = await buy_listing(zhang, cancelled)
    await _pays(order, PaymentPurpose.DEPOSIT)
    await orders.cancel_order(order.id, Actor.CUSTOMER, zhang, reason="买错了颜色")
