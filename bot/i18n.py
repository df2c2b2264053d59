"""The one place bot strings are translated: gettext catalogs in `locales/`, domain `messages`.

Catalogs are compiled here at start when a `.po` is newer than its `.mo`, because aiogram's
`I18n` reads compiled files only.
"""

from aiogram.utils.i18n import I18n

from core.domain.languages import DEFAULT_LANGUAGE, DOMAIN, LOCALES_DIR
from core.translations import compile_catalogs


def locale_of(i18n: I18n, language: str | None) -> str:
    """The catalog to speak to someone whose language is `language`: theirs if we have it, else the default."""
    return language if language in i18n.available_locales else i18n.default_locale


def build_i18n() -> I18n:
    compile_catalogs()
    return I18n(path=LOCALES_DIR, default_locale=DEFAULT_LANGUAGE, domain=DOMAIN)
