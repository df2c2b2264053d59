"""Reporting a fake: from a listing card's button, or about an order's item from the order card's button."""

from typing import Any

from aiogram import Bot, F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import Choice, ListingAction, OrderAction
from bot.error_texts import describe
from bot.filters import TYPED
from bot.handler_registry import Handlers
from bot.keyboards import main_menu
from bot.photo_albums import collect_photo, photo_ids
from bot.views.pickers import done_keyboard
from core.errors import InvalidInput
from core.services.reports import MAX_EVIDENCE, check_reason, check_report_target, report_fake
from core.services.users import Person

handlers = Handlers(__name__)


class FakeReportWizard(StatesGroup):
    reason = State()
    evidence = State()


def _question(step: str | None, data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup | None]:
    if step == FakeReportWizard.reason.state:
        return _("<b>Why do you think it is fake?</b> Describe what looks wrong in a few sentences."), None
    kept = len(data.get("evidence", []))
    text = _("<b>Send photos as evidence</b> (up to {max}), one by one or as an album, then press Done.").format(
        max=MAX_EVIDENCE
    )
    if kept:
        text += "\n" + _("Photos so far: {kept}.").format(kept=kept)
    return text, done_keyboard("evidence")


async def _ask(bot: Bot, chat_id: int, state: FSMContext, hint: str = "") -> None:
    text, markup = _question(await state.get_state(), await state.get_data())
    await bot.send_message(chat_id, f"{hint}\n\n{text}" if hint else text, reply_markup=markup)


async def _begin(bot: Bot, user: Person, state: FSMContext, listing_id: int | None, order_id: int | None) -> None:
    await state.set_state(FakeReportWizard.reason)
    await state.set_data({"listing_id": listing_id, "order_id": order_id})
    await _ask(bot, user.telegram_id, state, hint=_("🚩 <b>Report a fake.</b> /cancel stops at any step."))


@handlers.callback_query(ListingAction.filter(F.action == "report"))
async def report_listing(
    query: CallbackQuery, callback_data: ListingAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await check_report_target(user.id, listing_id=callback_data.listing_id)
    await query.answer()
    await _begin(bot, user, state, listing_id=callback_data.listing_id, order_id=None)


@handlers.callback_query(OrderAction.filter(F.action == "report"))
async def report_order(
    query: CallbackQuery, callback_data: OrderAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    """The report button on an order's card: about the item of one of the user's orders."""
    await check_report_target(user.id, order_id=callback_data.order_id)
    await query.answer()
    await _begin(bot, user, state, listing_id=None, order_id=callback_data.order_id)


@handlers.message(FakeReportWizard.reason, TYPED)
async def reason_typed(message: Message, state: FSMContext, bot: Bot) -> None:
    assert message.text
    try:
        reason = check_reason(message.text)
    except InvalidInput as error:
        await _ask(bot, message.chat.id, state, hint=describe(error))
        return
    await state.update_data(reason=reason)
    await state.set_state(FakeReportWizard.evidence)
    await _ask(bot, message.chat.id, state)


@handlers.message(FakeReportWizard.evidence, F.photo)
async def evidence_added(message: Message, state: FSMContext) -> None:
    collected = await collect_photo(message, state, "evidence", MAX_EVIDENCE)
    if collected is None:
        return
    if collected.refused:
        text = _("At most {max} photos, so I did not add {refused} of them. Press Done to send the report.")
    else:
        text = _("Photos: {kept} of at most {max}. Send more, or press Done to send the report.")
    await message.answer(
        text.format(kept=collected.kept, max=MAX_EVIDENCE, refused=collected.refused),
        reply_markup=done_keyboard("evidence"),
    )


@handlers.callback_query(FakeReportWizard.evidence, Choice.filter((F.field == "done") & (F.value == "evidence")))
async def send_report(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    data = await state.get_data()
    # Cleared before anything is awaited: a second press of Done finds nothing left to send.
    await state.clear()
    if "reason" not in data:
        await query.answer(_("This button is no longer available."), show_alert=True)
        return
    evidence = photo_ids(data, "evidence")
    await report_fake(user.id, data["reason"], evidence, listing_id=data["listing_id"], order_id=data["order_id"])
    await query.answer()
    await bot.send_message(
        user.telegram_id,
        _("Thank you. Moderators will look at your report."),
        reply_markup=main_menu(),
    )


@handlers.message(StateFilter(FakeReportWizard), ~F.text.startswith("/"))
async def report_hint(message: Message, state: FSMContext, bot: Bot) -> None:
    """A sticker, voice, photo or text where the step expects something else: say what it expects."""
    if await state.get_state() == FakeReportWizard.evidence.state:
        hint = _("Please send photos, or press Done.")
    else:
        hint = _("Please describe it in words.")
    await _ask(bot, message.chat.id, state, hint=hint)
