"""What /sell shows: an invitation to apply, the application's status, or the verified buyer's menu."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BuyerMenu
from bot.presenters.text import category_name, country_name, escape, listed
from core.domain.buyers import BuyerStatus
from core.services.people.users import BuyerAccount


def _button(text: str, action: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=text, callback_data=BuyerMenu(action=action))
    return builder.as_markup()


def buyer_menu(account: BuyerAccount) -> tuple[str, InlineKeyboardMarkup]:
    text = _("<b>Your buyer account</b> · ✅ verified\nYou buy in: {countries}\nCategories: {categories}").format(
        countries=escape(listed([country_name(c) for c in account.countries])),
        categories=escape(listed([category_name(c) for c in account.categories])),
    )
    builder = InlineKeyboardBuilder()
    builder.button(text=_("➕ New listing"), callback_data=BuyerMenu(action="new_listing"))
    builder.button(text=_("📋 My listings"), callback_data=BuyerMenu(action="listings"))
    builder.button(text=_("📨 Requests feed"), callback_data=BuyerMenu(action="feed"))
    builder.button(text=_("🔗 My referral link"), callback_data=BuyerMenu(action="referral"))
    builder.button(text=_("🛡 My bond"), callback_data=BuyerMenu(action="bond"))
    builder.button(text=_("💰 Earnings"), callback_data=BuyerMenu(action="earnings"))
    builder.adjust(2)
    return text, builder.as_markup()


def account_view(account: BuyerAccount | None) -> tuple[str, InlineKeyboardMarkup | None]:
    if account is None:
        text = _(
            "<b>Sell on Daigou</b>\n"
            "Live abroad? Buy items in your country for customers at home, and earn on every order.\n\n"
            "Apply once: tell me where you buy and what, and send a photo of your identity document. "
            "A moderator checks it, and then you can list items and answer requests."
        )
        return text, _button(_("📝 Apply to become a buyer"), "apply")
    reason = escape(account.decision_reason or "-")
    if account.status is BuyerStatus.VERIFIED:
        return buyer_menu(account)
    if account.status is BuyerStatus.APPLIED:
        return _("Your application is waiting for a moderator. Send /sell later to see the decision."), None
    if account.status is BuyerStatus.REJECTED:
        text = _("Your application was not accepted.\nReason: {reason}\n\nYou can apply again.").format(reason=reason)
        return text, _button(_("📝 Apply again"), "apply")
    if account.status is BuyerStatus.SUSPENDED:
        return _("Your buyer account is suspended.\nReason: {reason}").format(reason=reason), None
    return _("Your buyer account is closed.\nReason: {reason}").format(reason=reason), None
