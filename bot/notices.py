"""One outbox notice as its recipient sees it: the key's text in their language, its buttons, a photo or an invoice.

Parameters are plain values stored with the notice; each is shown the way its name says:
money in the notice's `currency`, `quote` in italics, `tracking` as code, and so on. Anything
else is user or catalogue text and is escaped.
"""

from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.i18n import locale_of
from bot.invoices import send_invoice
from bot.outbox_keyboards import KEYBOARDS
from bot.outbox_texts import TEXTS, VOCABULARY
from bot.presenters.orders import cancel_outcome_text
from bot.presenters.reviews import stars
from bot.presenters.text import escape, fit, money
from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.promises import Outcome
from core.services.runtime.notifications import Notice

# Notices that are an invoice to pay, not a text.
INVOICES = {"order.balance_invoice": PaymentPurpose.BALANCE}


def _as_money(value: Any, params: dict[str, Any]) -> str:
    return money(Money(int(value), params["currency"]))


def _party(value: Any, params: dict[str, Any]) -> str:
    return _("The customer") if value == "customer" else _("The buyer")


_SHOWN_AS: dict[str, Callable[[Any, dict[str, Any]], str]] = {
    **dict.fromkeys(("amount", "refund", "total", "balance", "deposit", "held", "fee", "earned"), _as_money),
    "excerpt": lambda value, params: escape(fit(str(value), 60)),
    "quote": lambda value, params: f"<i>{escape(str(value))}</i>",
    **dict.fromkeys(
        ("tracking", "proof_code", "reference"), lambda value, params: f"<code>{escape(str(value))}</code>"
    ),
    "stars": lambda value, params: stars(int(value)),
    "by": _party,
    "outcome": lambda value, params: cancel_outcome_text(
        Outcome(value), Money(int(params["deposit"]), params["currency"])
    ),
}


def render(key: str, params: dict[str, Any]) -> str:
    """The notice's text in the current language (see `send`)."""
    shown = {name: _shown(name, value, params) for name, value in params.items()}
    return str(TEXTS[key]).format(**shown).strip()


def _shown(name: str, value: Any, params: dict[str, Any]) -> str:
    if name in _SHOWN_AS:
        return _SHOWN_AS[name](value, params)
    if name in VOCABULARY:
        return str(VOCABULARY[name][value])
    return escape(str(value))


def known(key: str) -> bool:
    return key in TEXTS or key in INVOICES


async def send(bot: Bot, i18n: I18n, notice: Notice) -> None:
    """Send the notice in its recipient's language; raises what Telegram (or a refused invoice) raises."""
    recipient, params, key = notice.recipient, notice.params, notice.key
    with i18n.context(), i18n.use_locale(locale_of(i18n, recipient.language)):
        if key in INVOICES:
            await send_invoice(bot, recipient, int(params["order_id"]), INVOICES[key])
            return
        text = render(key, params)
        keyboard = KEYBOARDS[key](params) if key in KEYBOARDS else None
        if params.get("photo"):
            await bot.send_photo(recipient.telegram_id, params["photo"], caption=text, reply_markup=keyboard)
        else:
            await bot.send_message(recipient.telegram_id, text, reply_markup=keyboard)
