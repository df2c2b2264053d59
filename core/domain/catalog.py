"""The fixed vocabularies listings and requests are filed under, and their checks."""

import re
from functools import cache

from babel import Locale
from babel.numbers import get_territory_currencies

from core.domain.languages import N_
from core.errors import InvalidInput

# Category codes and their names (English msgids, translated by the bot and the admin web alike).
CATEGORY_NAMES = {
    "bags": N_("Bags"),
    "fashion": N_("Fashion"),
    "shoes": N_("Shoes"),
    "watches_jewelry": N_("Watches & jewellery"),
    "beauty": N_("Beauty"),
    "health": N_("Health"),
    "baby": N_("Baby"),
    "food": N_("Food"),
    "electronics": N_("Electronics"),
    "toys_collectibles": N_("Toys & collectibles"),
    "books_media": N_("Books & media"),
    "home": N_("Home"),
    "sports_outdoor": N_("Sports & outdoor"),
    "other": N_("Other"),
}
CATEGORIES = tuple(CATEGORY_NAMES)


# CLDR names some two-letter regions that are not countries one can buy in.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _country_codes() -> frozenset[str]:
    codes = (code for code in Locale("en").territories if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code))
    return frozenset(codes) - _NOT_COUNTRIES


def check_country(code: str) -> str:
    """An ISO 3166-1 alpha-2 country code, upper-case."""
    canonical = code.strip().upper()
    if canonical not in _country_codes():
        raise InvalidInput("catalog.unknown_country", country=code)
    return canonical


def check_category(code: str) -> str:
    canonical = code.strip().lower()
    if canonical not in CATEGORIES:
        raise InvalidInput("catalog.unknown_category", category=code)
    return canonical


def local_currency(country: str) -> str | None:
    """The currency shops in `country` price in (CLDR), or None when that is not one currency."""
    currencies = get_territory_currencies(check_country(country))
    return currencies[0] if len(currencies) == 1 else None
