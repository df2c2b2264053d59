"""The admin web's languages: the bot's gettext catalogs (`locales/`, domain `messages`).

The language of a request is chosen by `?lang=` (kept in the session), else Accept-Language;
a ContextVar carries it to templates and to `_()` in Python alike.
"""

from contextvars import ContextVar
from typing import Any

from babel.support import LazyProxy

from core.domain.languages import DEFAULT_LANGUAGE, supported_languages
from core.translations import catalog_for

_language: ContextVar[str] = ContextVar("admin_language", default=DEFAULT_LANGUAGE)


def use_language(language: str) -> None:
    _language.set(language if language in supported_languages() else DEFAULT_LANGUAGE)


def current_language() -> str:
    return _language.get()


def gettext(message: str) -> str:
    return catalog_for(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog_for(_language.get()).ngettext(singular, plural, n)


_ = gettext


def __(message: str) -> Any:
    """Translated when shown, in the language of the request showing it (for module-level texts)."""
    return LazyProxy(gettext, message, enable_cache=False)


def accepted_language(header: str) -> str:
    """The best language we speak for an Accept-Language header."""
    choices: list[tuple[float, str]] = []
    for part in header.split(","):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.split("-")[0].lower()
        if primary in supported_languages():
            choices.append((quality, primary))
    return max(choices, key=lambda choice: choice[0])[1] if choices else DEFAULT_LANGUAGE
