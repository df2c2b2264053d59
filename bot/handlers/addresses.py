"""The address book (/addresses: list, add, delete) and where an order ships (pick a saved address or add one).

Adding asks one field at a time, each checked by core as it is typed; the customs details a destination needs
(core/domain/addresses.py) are asked last, and only there. Added while ordering, the new address also becomes
the order's, and the order card follows.
"""

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.callbacks import AddressAction, Choice, ShipToAction
from bot.handler_registry import Handlers
from bot.order_cards import read_card, send_card
from bot.presenters.addresses import (
    CUSTOMS_NAMES,
    DESTINATIONS,
    address_book_keyboard,
    address_book_text,
    ship_to_keyboard,
    ship_to_question,
)
from bot.presenters.pickers import pick_keyboard, skip_keyboard
from bot.presenters.text import country_name
from bot.wizard import Answers, Question, Step, Wizard, step_name
from core.domain.addresses import (
    OPTIONAL_LINES,
    check_address,
    check_cn_id_number,
    check_line,
    check_phone,
    check_postcode,
    customs_fields,
)
from core.domain.catalog import check_country
from core.services.people import addresses
from core.services.people.users import Person
from core.services.trade.order_addresses import ship_order_to

handlers = Handlers(__name__)


class NewAddress(StatesGroup):
    country = State()
    recipient = State()
    phone = State()
    region = State()
    city = State()
    street = State()
    postcode = State()
    note = State()


class Customs(StatesGroup):
    cn_id_number = State()


async def send_address_book(bot: Bot, user: Person) -> None:
    saved = await addresses.saved_addresses(user.id)
    await bot.send_message(user.telegram_id, address_book_text(saved), reply_markup=address_book_keyboard(saved))


@handlers.message(Command("addresses"))
async def address_book(message: Message, user: Person, bot: Bot) -> None:
    await send_address_book(bot, user)


@handlers.callback_query(AddressAction.filter(F.action == "delete"))
async def delete(query: CallbackQuery, callback_data: AddressAction, user: Person, bot: Bot) -> None:
    await addresses.delete_address(user.id, callback_data.address_id)
    if isinstance(query.message, Message):
        saved = await addresses.saved_addresses(user.id)
        await query.message.edit_text(address_book_text(saved), reply_markup=address_book_keyboard(saved))
    await query.answer(_("Address deleted."))


@handlers.callback_query(AddressAction.filter(F.action == "add"))
async def add(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    await new_address.start(bot, user, state, {})
    await query.answer()


# --- where an order ships ----------------------------------------------------------------------


@handlers.callback_query(ShipToAction.filter(F.action == "ask"))
async def ask_ship_to(query: CallbackQuery, callback_data: ShipToAction, user: Person, bot: Bot) -> None:
    saved = await addresses.saved_addresses(user.id)
    order_id = callback_data.order_id
    await bot.send_message(user.telegram_id, ship_to_question(order_id), reply_markup=ship_to_keyboard(order_id, saved))
    await query.answer()


@handlers.callback_query(ShipToAction.filter(F.action == "pick"))
async def pick_ship_to(query: CallbackQuery, callback_data: ShipToAction, user: Person, bot: Bot) -> None:
    await ship_order_to(user.id, callback_data.order_id, callback_data.address_id)
    await send_card(bot, user, await read_card(user, callback_data.order_id))
    await query.answer(_("Saved: order #{id} ships there.").format(id=callback_data.order_id))


@handlers.callback_query(ShipToAction.filter(F.action == "new"))
async def new_ship_to(
    query: CallbackQuery, callback_data: ShipToAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await new_address.start(bot, user, state, {"for_order": callback_data.order_id})
    await query.answer()


# --- adding an address ---------------------------------------------------------------------------


def _country_question(data: Answers) -> Question:
    question = _("Which country does it ship to? Pick one, or type its two-letter code (e.g. FR).")
    return question, pick_keyboard("ship_country", [(code, country_name(code)) for code in DESTINATIONS], columns=3)


def _line(state: State, question: LazyProxy) -> Step:
    """A free-text line of the address, checked as core checks it; an optional one can be skipped."""
    name = step_name(state)
    optional = name in OPTIONAL_LINES
    return Step(
        state,
        lambda data: (str(question), skip_keyboard(name) if optional else None),
        read=lambda text, data: {name: check_line(name, text)},
        skip={name: ""} if optional else None,
    )


def _postcode_question(data: Answers) -> Question:
    return _("Postcode? (Type - if {country} uses none.)").format(country=country_name(data["country"])), None


def _read_postcode(text: str, data: Answers) -> Answers:
    return {"postcode": check_postcode(data["country"], "" if text.strip() == "-" else text)}


async def _save(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    """The whole address checked once more and saved; the order it was added for ships there."""
    address = check_address(
        data["recipient"],
        data["phone"],
        data["country"],
        data.get("region") or "",
        data["city"],
        data["street"],
        data["postcode"],
        data.get("note") or "",
        {name: data[name] for name in customs_fields(data["country"])},
    )
    saved = await addresses.save_address(user.id, address)
    order_id = data.get("for_order")
    if order_id is None:
        await bot.send_message(user.telegram_id, _("Address saved."))
        await send_address_book(bot, user)
        return
    await ship_order_to(user.id, order_id, saved.id)
    said = _("Address saved: order #{id} ships there.").format(id=order_id)
    await send_card(bot, user, await read_card(user, order_id), said)


async def _address_entered(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    """Customs details next where the destination needs them; else saved now."""
    if customs_fields(data["country"]):
        await customs.start(bot, user, state, data)
    else:
        await _save(bot, user, state, data)


new_address = Wizard(
    handlers,
    Step(
        NewAddress.country,
        _country_question,
        expects=__("Please pick a country or type its two-letter code."),
        read=lambda text, data: {"country": check_country(text)},
    ),
    _line(NewAddress.recipient, __("The recipient's full name, as the parcel should say it?")),
    Step(
        NewAddress.phone,
        lambda data: (_("The recipient's phone number, with the country code (e.g. +86 138 0013 8000)?"), None),
        read=lambda text, data: {"phone": check_phone(text)},
    ),
    _line(NewAddress.region, __("Region, province or state? (Skip if there is none.)")),
    _line(NewAddress.city, __("City?")),
    _line(NewAddress.street, __("Street address: street, number, building and flat, on one or more lines?")),
    Step(NewAddress.postcode, _postcode_question, read=_read_postcode),
    _line(NewAddress.note, __("Anything else the address needs there (a district, a landmark)? (Skip if not.)")),
    finish=_address_entered,
)

customs = Wizard(
    handlers,
    Step(
        Customs.cn_id_number,
        lambda data: (
            _(
                "Customs in mainland China need the recipient's {name} for a personal parcel. "
                "It is stored encrypted and shown to the buyer only when the order ships."
            ).format(name=CUSTOMS_NAMES[customs_fields("CN")[0]]),
            None,
        ),
        read=lambda text, data: {"cn_id_number": check_cn_id_number(text)},
    ),
    finish=_save,
)


@handlers.callback_query(NewAddress.country, Choice.filter(F.field == "ship_country"))
async def country_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    await new_address.answer(bot, user, state, lambda: {"country": check_country(callback_data.value)})
    await query.answer()
