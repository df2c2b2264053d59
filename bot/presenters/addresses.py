"""Shipping addresses in a chat: the address book, the choice of where an order ships, and the card's lines."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import AddressAction, ShipToAction
from bot.presenters.text import country_name, escape, fit
from core.domain.addresses import Address, CustomsField, ShipToShown
from core.services.people.addresses import SavedAddressView
from core.services.trade.order_addresses import ShipTo

CUSTOMS_NAMES = {CustomsField.CN_ID_NUMBER: __("ID card number (居民身份证号)")}
# Common destinations, offered as buttons; any other is typed as its two-letter code.
DESTINATIONS = ("CN", "HK", "TW", "JP", "KR", "SG", "US", "GB", "AU", "CA")


def _masked(value: str) -> str:
    """All but the first four and last four characters hidden: enough for its owner to recognise it."""
    return value[:4] + "*" * max(len(value) - 8, 0) + value[-4:]


def address_lines(address: Address, masked: bool = False) -> list[str]:
    """An address as a label would be written; customs details masked in the customer's own lists."""
    place = ", ".join(part for part in (address.city, address.region) if part)
    lines = [
        f"{escape(address.recipient)} · {escape(address.phone)}",
        *map(escape, address.street.splitlines()),
        f"{escape(place)} {escape(address.postcode)}".strip(),
        escape(country_name(address.country)),
    ]
    if address.note:
        lines.append(escape(address.note))
    for name, value in address.customs.items():
        shown = _masked(value) if masked else value
        lines.append(f"{CUSTOMS_NAMES[CustomsField(name)]}: <code>{escape(shown)}</code>")
    return lines


def _short(address: Address) -> str:
    return fit(f"{address.recipient} · {address.city}, {address.country}", 40)


def address_book_text(saved: Sequence[SavedAddressView]) -> str:
    if not saved:
        return _("<b>Your addresses</b>\nNo saved address yet. Add one, and pick it when you order.")
    blocks = [
        f"<b>{number}.</b> " + "\n".join(address_lines(view.address, masked=True))
        for number, view in enumerate(saved, 1)
    ]
    return _("<b>Your addresses</b>, picked from when you order:") + "\n\n" + "\n\n".join(blocks)


def address_book_keyboard(saved: Sequence[SavedAddressView]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for number, view in enumerate(saved, 1):
        builder.button(
            text=_("🗑 Delete {number}").format(number=number),
            callback_data=AddressAction(action="delete", address_id=view.id),
        )
    builder.button(text=_("➕ Add an address"), callback_data=AddressAction(action="add"))
    builder.adjust(3)
    return builder.as_markup()


def ship_to_keyboard(order_id: int, saved: Sequence[SavedAddressView]) -> InlineKeyboardMarkup:
    """One button per saved address, and a new one: where the order ships."""
    builder = InlineKeyboardBuilder()
    for view in saved:
        builder.button(
            text="📍 " + _short(view.address),
            callback_data=ShipToAction(action="pick", order_id=order_id, address_id=view.id),
        )
    builder.button(text=_("➕ New address"), callback_data=ShipToAction(action="new", order_id=order_id))
    builder.adjust(1)
    return builder.as_markup()


def ship_to_question(order_id: int) -> str:
    return _("📍 Where should order #{id} ship to? Pick a saved address or add a new one.").format(id=order_id)


def ship_to_lines(ship_to: ShipTo) -> list[str]:
    """What the order card says about where it ships."""
    if ship_to.shown is ShipToShown.ADDRESS and ship_to.address is not None:
        return ["📍 " + _("<b>Ships to</b>"), *address_lines(ship_to.address)]
    if ship_to.shown is ShipToShown.NOT_GIVEN:
        return ["📍 " + _("No address given yet.")]
    if ship_to.shown is ShipToShown.AFTER_BALANCE:
        return ["📍 " + _("The shipping address shows here once the balance is paid.")]
    if ship_to.shown is ShipToShown.PURGED:
        days = ship_to.kept_days or 0
        deleted = ngettext(
            "The shipping address was deleted {days} day after the order ended.",
            "The shipping address was deleted {days} days after the order ended.",
            days,
        )
        return ["📍 " + deleted.format(days=days)]
    return []


def give_address_keyboard(order_id: int) -> InlineKeyboardMarkup:
    """Under the reminder that an order has nowhere to ship yet: the saved addresses, or a new one."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📍 Give address"), callback_data=ShipToAction(action="ask", order_id=order_id))
    return builder.as_markup()


def ship_to_button_label(ship_to: ShipTo) -> str:
    return _("📍 Change address") if ship_to.shown is ShipToShown.ADDRESS else _("📍 Give address")
