"""The fixed vocabularies listings and requests are filed under, and their checks."""

import re
from functools import cache

from babel import Locale
from babel.numbers import get_territory_currencies

from core.errors import InvalidInput

CATEGORIES = (
    "bags",
    "fashion",
    "shoes",
    "watches_jewelry",
    "beauty",
    "health",
    "baby",
    "food",
    "electronics",
    "toys_collectibles",
    "books_media",
    "home",
    "sports_outdoor",
    "other",
)


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
