"""The buyer's bond screen: what is held, how much it lets them take on, and the buttons to top it up."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BondAction
from bot.presenters.text import listed, money
from core.config import current_settings
from core.domain.money import Money
from core.services.money.bonds import BondStanding


def _limit_line(standing: BondStanding) -> str:
    exposure = standing.exposure
    if exposure is None:
        return _("Your open orders cannot be added up right now: an exchange rate is missing.")
    if not exposure.limited:
        return _("Open orders: {open}.").format(open=money(exposure.open_orders))
    return _("Open orders: {open} of the {limit} your bond allows ({multiple}× the bond).").format(
        open=money(exposure.open_orders), limit=money(exposure.limit), multiple=exposure.multiple.normalize()
    )


def bond_view(standing: BondStanding) -> tuple[str, InlineKeyboardMarkup]:
    held = _("Held: {amounts}").format(amounts=listed([money(amount) for amount in standing.held]))
    lines = [
        _("<b>Your security bond</b>"),
        held if standing.held else _("You have not posted a bond yet."),
        _limit_line(standing),
        "",
        _(
            "The bond lets you take orders and shows customers you stand behind your items: moderators may "
            "take from it to compensate a customer for a counterfeit. You can take it back once you have no "
            "open orders and none completed in the last {days} days."
        ).format(days=current_settings().dispute_window_days),
    ]
    builder = InlineKeyboardBuilder()
    for amount in standing.top_ups:
        builder.button(
            text=_("➕ {amount}").format(amount=money(amount)),
            callback_data=BondAction(action="pay", amount=int(amount.major)),
        )
    builder.button(text=_("✍️ Another amount"), callback_data=BondAction(action="other"))
    if standing.held:
        builder.button(text=_("↩️ Take the bond back"), callback_data=BondAction(action="withdraw"))
    builder.adjust(len(standing.top_ups), 1, 1)
    return "\n".join(lines), builder.as_markup()


def withdraw_question(held: list[Money]) -> tuple[str, InlineKeyboardMarkup]:
    text = _("Take back your whole bond of {amounts}? It goes to your earnings.").format(
        amounts=listed([money(amount) for amount in held])
    )
    if current_settings().bond_exposure_multiple:  # the limit is on: no bond, no room for orders
        text += "\n" + _("You cannot take new orders until you post a bond again.")
    builder = InlineKeyboardBuilder()
    builder.button(text=_("↩️ Yes, take it back"), callback_data=BondAction(action="withdraw_confirmed"))
    return text, builder.as_markup()
