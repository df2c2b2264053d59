"""What a buyer sees while listing: each wizard question, photo progress, and their own listings."""

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BuyerMenu, ListingAction
from bot.presenters.pickers import done_keyboard, pick_keyboard, skip_keyboard
from bot.presenters.text import category_name, country_name, escape, fit, money
from core.domain.catalog import CATEGORIES
from core.domain.listings import ListingStatus
from core.services.catalog.listings import MAX_DAYS_TO_SHIP, MAX_PHOTOS, MAX_STOCK, ListingLine
from core.services.runtime.pages import Page

Question = tuple[str, InlineKeyboardMarkup | None]

STATUS_NAMES = {
    ListingStatus.DRAFT: __("draft"),
    ListingStatus.SCREENING: __("being checked"),
    ListingStatus.PENDING_REVIEW: __("waiting for review"),
    ListingStatus.ACTIVE: __("for sale"),
    ListingStatus.SOLD_OUT: __("sold out"),
    ListingStatus.REJECTED: __("rejected"),
    ListingStatus.REMOVED: __("removed"),
}

# The fields an edit can change, with their button labels.
EDITABLE_FIELDS = {
    "title": __("Title"),
    "description": __("Description"),
    "price": __("Price"),
    "quantity": __("Quantity"),
    "days": __("Days to ship"),
    "photos": __("Photos"),
}


def field_question(field: str, countries: list[str] | None = None, local_currency: str | None = None) -> Question:
    """The question for one field of a listing, for the new-listing wizard and for edits alike."""
    if field == "title":
        return _("<b>What is the item called?</b>\ne.g. <i>Porter Tanker shoulder bag, black</i>"), None
    if field == "description":
        return _("<b>Describe it</b>: model, size, colour, condition, what is included."), None
    if field == "category":
        return _("<b>Which category?</b>"), pick_keyboard("category", [(c, category_name(c)) for c in CATEGORIES])
    if field == "brand":
        return _("<b>Which brand?</b> Type it, or Skip."), skip_keyboard("brand")
    if field == "country":
        options = [(c, country_name(c)) for c in countries or []]
        return _("<b>Where do you buy it?</b>"), pick_keyboard("country", options)
    if field == "city":
        return _("<b>In which city?</b> Type it, or Skip."), skip_keyboard("city")
    if field == "price":
        text = _("<b>What does one cost?</b>\nType the price with its currency, e.g. 12800 JPY, ¥12,800 or 12.5 USD.")
        if local_currency:
            text += "\n" + _("A number alone is in {currency}.").format(currency=local_currency)
        return text, None
    if field == "quantity":
        return _("<b>How many can you get?</b> (1 to {max})").format(max=MAX_STOCK), None
    if field == "days":
        text = _("<b>How many days do you need to ship it</b> once the deposit is paid? (1 to {max})")
        return text.format(max=MAX_DAYS_TO_SHIP), None
    if field == "photos":
        text = _("<b>Send 1 to {max} photos</b> of the item, one by one or as an album, then press Done.")
        return text.format(max=MAX_PHOTOS), done_keyboard("photos")
    if field == "proof":
        text = _("<b>Have a receipt or a photo proving where you buy it?</b> Send it (customers see it), or Skip.")
        return text, skip_keyboard("proof")
    raise ValueError(f"no question for {field}")


def preview_keyboard() -> InlineKeyboardMarkup:
    return pick_keyboard("preview", [("publish", _("✅ Publish")), ("cancel", _("✖️ Cancel"))])


def edit_menu(title: str) -> Question:
    text = _("What do you want to change in <b>{title}</b>?").format(title=escape(title))
    return text, pick_keyboard("edit", [(field, str(label)) for field, label in EDITABLE_FIELDS.items()])


def withdraw_confirmation(listing: ListingLine) -> Question:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("🗑 Yes, withdraw it"), callback_data=ListingAction(action="withdraw_confirmed", listing_id=listing.id)
    )
    text = _("Withdraw <b>{title}</b>? Customers will no longer see it; orders already placed go on.")
    return text.format(title=escape(listing.title)), builder.as_markup()


def own_listings(page: Page[ListingLine]) -> Question:
    """The buyer's listings with their status, and Edit / Withdraw buttons for those still shown."""
    if not page.items:
        return _("You have no listings yet. Press New listing in /sell to add one."), None
    lines = [_("<b>Your listings</b>")]
    builder = InlineKeyboardBuilder()
    for listing in page.items:
        status = str(STATUS_NAMES.get(listing.status, listing.status.value))
        lines.append(
            "#{id} · {title} · {price} · {stock} · {status}".format(
                id=listing.id,
                title=escape(fit(listing.title, 40)),
                price=money(listing.price),
                stock=_("{n} in stock").format(n=listing.stock),
                status=status,
            )
        )
        if listing.status is not ListingStatus.REMOVED:
            builder.button(
                text="✏️ " + fit(listing.title, 24), callback_data=ListingAction(action="edit", listing_id=listing.id)
            )
            builder.button(text="🗑", callback_data=ListingAction(action="withdraw", listing_id=listing.id))
    builder.adjust(2)
    if page.next_before is not None:
        older = BuyerMenu(action="listings", before=page.next_before)
        builder.row(InlineKeyboardButton(text=_("Older listings ›"), callback_data=older.pack()))
    return "\n".join(lines), builder.as_markup()
