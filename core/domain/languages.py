"""The languages we speak are the gettext catalogs in `locales/`: a new language is a catalog, not code."""

from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"  # the msgids themselves are English


def N_(message: str) -> str:
    """Mark a message for the catalogs; each front end translates it when it shows it."""
    return message


@cache
def supported_languages() -> tuple[str, ...]:
    found = {po.parent.parent.name for po in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return (DEFAULT_LANGUAGE, *sorted(found - {DEFAULT_LANGUAGE}))


def language_for(telegram_language_code: str | None) -> str:
    """Map Telegram's `language_code` (e.g. `zh-hans`, `en-US`) to a language we speak."""
    primary = (telegram_language_code or "").split("-")[0].lower()
    return primary if primary in supported_languages() else DEFAULT_LANGUAGE


# Where a speaker of a language most likely lives, until we know better (an address).
_HOME_REGIONS = {"zh": "CN", "ja": "JP", "ko": "KR", "en": "US", "fr": "FR", "de": "DE", "it": "IT"}


def home_region(language: str) -> str | None:
    """The country (ISO code) a speaker of `language` most likely lives in, if we can guess one."""
    return _HOME_REGIONS.get(language.split("_")[0].lower())
