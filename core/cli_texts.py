"""What the `daigou` command says when core refuses, in the operator's language (codes: core/refusals.py)."""

from collections.abc import Mapping

from core.domain.languages import DEFAULT_LANGUAGE, N_, language_for
from core.errors import DomainError
from core.refusals import shown_params
from core.translations import catalog_for

TEXTS: dict[str, str] = {
    "moderator.exists": N_("a moderator named {username} exists already"),
    "moderator.bad_username": N_("the username must be 3-64 letters, digits, dots, dashes or underscores"),
    "moderator.password_too_short": N_("the password must have at least {min} characters"),
    "moderator.passwords_differ": N_("the two passwords differ"),
    "moderator.not_found": N_("there is no moderator with that username"),
    "moderator.already_inactive": N_("that moderator is deactivated already"),
    "moderator.already_active": N_("that moderator is active already"),
    "text.too_long": N_("the reason is too long: at most {max} characters"),
}


def operator_language(environ: Mapping[str, str]) -> str:
    """The language of the first locale variable set, read as gettext reads them (`zh_CN.UTF-8` is zh)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return language_for(environ[name].split(":")[0].split(".")[0].replace("_", "-"))
    return DEFAULT_LANGUAGE


def explain(error: DomainError, language: str) -> str:
    """The translated sentence for `error`; one no operator should meet is shown by its code."""
    text = TEXTS.get(error.code)
    if text is None:
        return error.code
    return catalog_for(language).gettext(text).format(**shown_params(error, lambda amount: amount.format(language)))
