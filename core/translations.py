"""The gettext catalogs in `locales/`, compiled for the bot, the admin web and the `daigou` command alike."""

from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from core.domain.languages import DEFAULT_LANGUAGE, DOMAIN, LOCALES_DIR


def compile_catalogs(path: Path = LOCALES_DIR) -> None:
    """Compile each `.po` newer than its `.mo`: gettext readers load compiled files only."""
    for po_path in path.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)


@cache
def catalog_for(language: str) -> NullTranslations:
    """The compiled catalog of `language`; the msgids themselves for the default language."""
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    compile_catalogs()
    return Translations.load(str(LOCALES_DIR), [language], DOMAIN)
