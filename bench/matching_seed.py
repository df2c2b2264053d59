"""A realistic market for the matching benchmark: listings in Chinese and English, requests with typos.

Listings are written straight to the tables in bulk (COPY on PostgreSQL, `executemany` on SQLite) with the
listing index (matching's keys and search's) built by the same domain functions the service uses, and the
index's own indexes created after the load, so 1,000,000 listings seed in minutes.
"""

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise import connections

from core.domain.buyers import BuyerStatus
from core.domain.matching import listing_keys
from core.models.purchase_requests import PurchaseRequest
from core.models.users import BuyerProfile, User
from core.services.money.rates import set_rate

BATCH = 20_000
DESCRIPTION = "Bought in store, with receipt."
BUYERS = 1_000

# (English, Chinese) brand names and the categories they sell.
BRANDS = [
    ("Porter", "吉田波特", "bags"),
    ("Shiseido", "资生堂", "beauty"),
    ("Uniqlo", "优衣库", "fashion"),
    ("Muji", "无印良品", "home"),
    ("Sanrio", "三丽鸥", "toys_collectibles"),
    ("Onitsuka Tiger", "鬼冢虎", "shoes"),
    ("Casio", "卡西欧", "watches_jewelry"),
    ("Hermes", "爱马仕", "bags"),
    ("Sony", "索尼", "electronics"),
    ("Asics", "亚瑟士", "shoes"),
    ("SK-II", "SK-II", "beauty"),
    ("Sulwhasoo", "雪花秀", "beauty"),
    ("Gentle Monster", "温柔怪兽", "fashion"),
    ("Nintendo", "任天堂", "electronics"),
    ("Pokemon", "宝可梦", "toys_collectibles"),
    ("Longchamp", "珑骧", "bags"),
    ("Chanel", "香奈儿", "beauty"),
    ("Lancome", "兰蔻", "beauty"),
    ("Prada", "普拉达", "bags"),
    ("Gucci", "古驰", "bags"),
    ("Coach", "蔻驰", "bags"),
    ("Nike", "耐克", "shoes"),
    ("New Balance", "新百伦", "shoes"),
    ("Apple", "苹果", "electronics"),
    ("Dyson", "戴森", "home"),
    ("Le Creuset", "酷彩", "home"),
    ("Lego", "乐高", "toys_collectibles"),
    ("Meiji", "明治", "food"),
    ("Royce", "若翼族", "food"),
    ("Kao", "花王", "health"),
    ("Pigeon", "贝亲", "baby"),
    ("Moony", "尤妮佳", "baby"),
    ("Seiko", "精工", "watches_jewelry"),
    ("Tiffany", "蒂芙尼", "watches_jewelry"),
    ("Innisfree", "悦诗风吟", "beauty"),
    ("Laneige", "兰芝", "beauty"),
    ("Arc'teryx", "始祖鸟", "sports_outdoor"),
    ("Snow Peak", "雪峰", "sports_outdoor"),
    ("Zojirushi", "象印", "home"),
    ("Kindle", "Kindle", "electronics"),
]
ITEMS = {
    "bags": [
        ("shoulder bag", "单肩包"),
        ("tote bag", "托特包"),
        ("backpack", "双肩包"),
        ("wallet", "钱包"),
        ("card case", "卡包"),
    ],
    "beauty": [
        ("serum", "精华液"),
        ("face cream", "面霜"),
        ("sunscreen", "防晒霜"),
        ("lipstick", "口红"),
        ("toner", "爽肤水"),
    ],
    "fashion": [("down jacket", "羽绒服"), ("sunglasses", "墨镜"), ("cashmere scarf", "羊绒围巾"), ("t-shirt", "T恤")],
    "home": [
        ("rice cooker", "电饭煲"),
        ("vacuum cleaner", "吸尘器"),
        ("aroma diffuser", "香薰机"),
        ("cast iron pot", "铸铁锅"),
    ],
    "toys_collectibles": [
        ("plush toy", "毛绒玩具"),
        ("figure", "手办"),
        ("building set", "积木套装"),
        ("card game", "卡牌"),
    ],
    "shoes": [("sneakers", "运动鞋"), ("running shoes", "跑鞋"), ("boots", "靴子")],
    "watches_jewelry": [("watch", "手表"), ("necklace", "项链"), ("bracelet", "手链")],
    "electronics": [("headphones", "耳机"), ("game console", "游戏机"), ("camera", "相机"), ("tablet", "平板")],
    "food": [("chocolate", "巧克力"), ("matcha", "抹茶"), ("green tea", "绿茶")],
    "health": [("eye drops", "眼药水"), ("vitamins", "维生素"), ("heat patch", "暖宝宝")],
    "baby": [("baby bottle", "奶瓶"), ("diapers", "纸尿裤"), ("baby lotion", "婴儿乳液")],
    "sports_outdoor": [("hardshell jacket", "冲锋衣"), ("tent", "帐篷"), ("camping stove", "露营炉")],
}
COLOURS = [
    ("black", "黑色"),
    ("white", "白色"),
    ("navy", "藏青色"),
    ("red", "红色"),
    ("beige", "米色"),
    ("pink", "粉色"),
]
EXTRAS = [
    ("limited edition", "限定款"),
    ("new", "新款"),
    ("Japan only", "日本限定"),
    ("large", "大号"),
    ("mini", "迷你"),
]
COUNTRIES = [
    ("JP", "JPY", 35),
    ("KR", "KRW", 15),
    ("US", "USD", 15),
    ("FR", "EUR", 10),
    ("IT", "EUR", 8),
    ("GB", "GBP", 7),
    ("DE", "EUR", 5),
    ("AU", "AUD", 5),
]
# One major unit of each currency in CNY, the customers' usual budget currency.
CNY_RATES = {"JPY": "0.048", "KRW": "0.0052", "USD": "7.2", "EUR": "7.8", "GBP": "9.1", "AUD": "4.7"}
_MINOR = {"JPY": 1, "KRW": 1, "USD": 100, "EUR": 100, "GBP": 100, "AUD": 100, "CNY": 100}
_COUNTRY_NAMES, _CURRENCIES, _WEIGHTS = zip(*COUNTRIES, strict=True)


@dataclass(frozen=True, slots=True)
class Product:
    brand: int
    item: tuple[str, str]
    colour: tuple[str, str]
    country: int


def _product(rng: random.Random) -> Product:
    brand = rng.randrange(len(BRANDS))
    return Product(
        brand=brand,
        item=rng.choice(ITEMS[BRANDS[brand][2]]),
        colour=rng.choice(COLOURS),
        country=rng.choices(range(len(COUNTRIES)), _WEIGHTS)[0],
    )


def _title(product: Product, rng: random.Random, number: int) -> str:
    en, zh, _ = BRANDS[product.brand]
    extra = rng.choice(EXTRAS)
    model = f"{chr(65 + number % 26)}{number % 9973}"  # a model number: the rare grams real titles have
    if rng.random() < 0.5:
        parts = [en, product.item[0], product.colour[0], extra[0] if rng.random() < 0.4 else "", model]
        return " ".join(part for part in parts if part)
    return f"{zh}{product.item[1]} {product.colour[1]}{extra[1] if rng.random() < 0.4 else ''} {model}"


def _price_cny(rng: random.Random) -> int:
    return int(rng.lognormvariate(6.5, 0.8))  # about 660 CNY, from tens to thousands


def _in_currency(cny: int, currency: str) -> int:
    """A price of `cny` major units of CNY, in minor units of `currency`."""
    return max(1, int(cny / float(CNY_RATES[currency]) * _MINOR[currency]))


def listings(count: int, seed: int = 7) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of listing rows: (id, buyer_id, title, category, brand, country, price, currency)."""
    rng = random.Random(seed)
    for first in range(1, count + 1, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, count + 1)):
            product = _product(rng)
            currency = _CURRENCIES[product.country]
            en, _, category = BRANDS[product.brand]
            batch.append(
                (
                    n,
                    n % BUYERS + 1,
                    _title(product, rng, n),
                    category,
                    en,
                    _COUNTRY_NAMES[product.country],
                    _in_currency(_price_cny(rng), currency),
                    currency,
                )
            )
        yield batch


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1 :] if rng.random() < 0.5 else word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def requests(count: int, seed: int = 11) -> list[PurchaseRequest]:
    """What customers ask for: a brand and an item, in English with a typo in a third of the words, or in Chinese."""
    rng = random.Random(seed)
    found = []
    for n in range(count):
        product = _product(rng)
        en, zh, category = BRANDS[product.brand]
        if rng.random() < 0.5:
            words = f"{en} {product.item[0]}".split()
            text = " ".join(_typo(word, rng) if rng.random() < 0.33 else word for word in words)
        else:
            text = rng.choice([f"{zh} {product.item[1]}", f"求购{zh}{product.item[1]}", f"{product.item[1]} {zh}"])
        found.append(
            PurchaseRequest(
                id=n + 1,
                customer_id=0,
                text=text,
                country=_COUNTRY_NAMES[product.country],
                category=category if rng.random() < 0.5 else None,
                budget=_price_cny(rng) * 2 * _MINOR["CNY"],
                currency="CNY",
                quantity=1,
            )
        )
    return found


async def _buyers() -> None:
    now = datetime.now(UTC)
    await User.bulk_create(
        [
            User(id=n, telegram_id=10**9 + n, first_name=f"Buyer {n}", referral_code=f"b{n:07d}")
            for n in range(1, BUYERS + 1)
        ],
    )
    await BuyerProfile.bulk_create(
        [
            BuyerProfile(
                user_id=n,
                status=BuyerStatus.VERIFIED,
                countries=[_COUNTRY_NAMES[n % len(COUNTRIES)]],
                categories=[BRANDS[n % len(BRANDS)][2]],
                id_document_file_id="-",
                decided_at=now,
            )
            for n in range(1, BUYERS + 1)
        ]
    )
    for currency, rate in CNY_RATES.items():
        await set_rate(currency, "CNY", rate, "bench")


_LISTING_COLUMNS = (
    "id",
    "buyer_id",
    "title",
    "category",
    "brand",
    "country",
    "price",
    "currency",
    "description",
    "stock",
    "days_to_ship",
    "status",
    "created_at",
    "updated_at",
)


async def seed(count: int) -> None:
    """`count` published listings of 1,000 buyers, indexed for matching; exchange rates into CNY."""
    await _buyers()
    client = connections.get("default")
    postgres = client.capabilities.dialect == "postgres"
    indexes = await _drop_indexes(client, postgres)
    counts: Counter[int] = Counter()
    gram_id = 0
    now = datetime.now(UTC) - timedelta(days=1)
    for batch in listings(count):
        rows = [(*row, DESCRIPTION, 3, 7, "active", now, now) for row in batch]
        grams = []
        for listing_id, _, title, _, brand, country, _, _ in batch:
            for key in listing_keys(country, title, brand, DESCRIPTION):
                gram_id += 1
                grams.append((gram_id, key, listing_id))
                counts[key] += 1
        await _load(client, postgres, "listings", _LISTING_COLUMNS, rows)
        await _load(client, postgres, "listing_grams", ("id", "key", "listing_id"), grams)
    await _load(client, postgres, "listing_gram_counts", ("key", "listings"), list(counts.items()))
    for statement in indexes:
        await client.execute_script(statement)
    if postgres:
        await client.execute_script("VACUUM ANALYZE")  # what autovacuum does shortly after a bulk load
        # A million listings leave over a gigabyte of written pages on their way to the disk; flushed during
        # the timings, they made every query (an exchange-rate lookup as much as a match) twice as slow.
        await client.execute_script("CHECKPOINT")
    else:
        await client.execute_script("ANALYZE")


async def _drop_indexes(client: Any, postgres: bool) -> list[str]:
    """Drop the matching index's own indexes before the load; returns the statements that recreate them."""
    if postgres:
        rows = await client.execute_query_dict(
            "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'listing_grams' "
            "AND indexname NOT LIKE '%pkey'"
        )
    else:
        rows = await client.execute_query_dict(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'listing_grams' "
            "AND sql IS NOT NULL"
        )
    for row in rows:
        await client.execute_script(f'DROP INDEX "{row["name"]}"')
    return [row["sql"] for row in rows]


async def _load(client: Any, postgres: bool, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    if postgres:
        async with client.acquire_connection() as connection:
            await connection.execute("SET session_replication_role = replica")  # no foreign key checks while loading
            await connection.copy_records_to_table(table, records=rows, columns=columns)
            await connection.execute("SET session_replication_role = DEFAULT")
        return
    names = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" for _ in columns)
    await client.execute_many(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', [_sqlite(row) for row in rows])


def _sqlite(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(value.isoformat(sep=" ") if isinstance(value, datetime) else value for value in row)
