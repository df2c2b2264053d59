"""The one place bot strings are translated: gettext catalogs in `locales/`, domain `messages`.

Catalogs are compiled here at start when a `.po` is newer than its `.mo`, because aiogram's
`I18n` reads compiled files only.
"""

from pathlib import Path

from aiogram.utils.i18n import I18n
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from core.domain.languages import DEFAULT_LANGUAGE, DOMAIN, LOCALES_DIR


def compile_catalogs(path: Path = LOCALES_DIR) -> None:
    for po_path in path.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)


def build_i18n() -> I18n:
    compile_catalogs()
    return I18n(path=LOCALES_DIR, default_locale=DEFAULT_LANGUAGE, domain=DOMAIN)
