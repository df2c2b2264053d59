"""Reporting a fake: from a listing card's button, or about an order's item from the order card's button."""

from aiogram import Bot, F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.callbacks import ListingAction, OrderAction
from bot.handler_registry import Handlers
from bot.keyboards import main_menu
from bot.photo_albums import photo_ids
from bot.presenters.pickers import done_keyboard
from bot.wizard import Answers, Photos, Question, Step, Wizard
from core.services.oversight.reports import MAX_EVIDENCE, check_reason, check_report_target, report_fake
from core.services.people.users import Person

handlers = Handlers(__name__)


class FakeReportWizard(StatesGroup):
    reason = State()
    evidence = State()


def _evidence_question(data: Answers) -> Question:
    kept = len(data.get("evidence", []))
    text = _("<b>Send photos as evidence</b> (up to {max}), one by one or as an album, then press Done.").format(
        max=MAX_EVIDENCE
    )
    if kept:
        text += "\n" + _("Photos so far: {kept}.").format(kept=kept)
    return text, done_keyboard("evidence")


async def _send_report(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    evidence = photo_ids(data, "evidence")
    await report_fake(user.id, data["reason"], evidence, listing_id=data["listing_id"], order_id=data["order_id"])
    await bot.send_message(
        user.telegram_id,
        _("Thank you. Moderators will look at your report."),
        reply_markup=main_menu(),
    )


wizard = Wizard(
    handlers,
    Step(
        FakeReportWizard.reason,
        lambda data: (_("<b>Why do you think it is fake?</b> Describe what looks wrong in a few sentences."), None),
        expects=__("Please describe it in words."),
        read=lambda text, data: {"reason": check_reason(text)},
    ),
    Step(
        FakeReportWizard.evidence,
        _evidence_question,
        expects=__("Please send photos, or press Done."),
        photos=Photos(
            "evidence",
            MAX_EVIDENCE,
            progress=__("Photos: {kept} of at most {max}. Send more, or press Done to send the report."),
            full=__("At most {max} photos, so I did not add {refused} of them. Press Done to send the report."),
        ),
    ),
    finish=_send_report,
)


async def _begin(bot: Bot, user: Person, state: FSMContext, listing_id: int | None, order_id: int | None) -> None:
    data = {"listing_id": listing_id, "order_id": order_id}
    await wizard.start(bot, user, state, data, _("🚩 <b>Report a fake.</b> /cancel stops at any step."))


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
