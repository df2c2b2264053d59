"""Orders in a chat: the list, the card with only the buttons valid now, and the news of each step."""

from collections.abc import Sequence
from datetime import UTC, datetime

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date, format_time

from bot.callbacks import Choice, OrderAction, OrderChat, PromisedStep, ShipToAction, TrackingReport
from bot.presenters.addresses import ship_to_button_label, ship_to_lines
from bot.presenters.buyers import record_line, reviews_button
from bot.presenters.chat import chat_button_label
from bot.presenters.disputes import dispute_buttons, dispute_lines
from bot.presenters.text import BABEL_LOCALE, escape, fit, language, money, price_with_home
from core.config import current_settings
from core.domain.carriers import CARRIERS, OTHER, TrackingStatus
from core.domain.deadlines import Deadline
from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.domain.promises import OrderPromise, Outcome
from core.services.trade.order_cards import OrderCard, OrderLine, ReleasePrompt

STATE_NAMES = {
    OrderState.AWAITING_DEPOSIT: __("⏳ Awaiting the deposit"),
    OrderState.DEPOSIT_PAID: __("🛍 Deposit paid, the buyer is purchasing"),
    OrderState.PURCHASED: __("🧾 Purchased"),
    OrderState.AWAITING_BALANCE: __("⏳ Purchased, awaiting the balance"),
    OrderState.BALANCE_PAID: __("📦 Paid in full, awaiting shipment"),
    OrderState.SHIPPED: __("🚚 Shipped"),
    OrderState.DELIVERED: __("📬 Delivered"),
    OrderState.COMPLETED: __("✅ Completed"),
    OrderState.CANCELLED: __("✖️ Cancelled"),
    OrderState.REFUNDED: __("↩️ Refunded"),
    OrderState.DISPUTED: __("⚠️ In dispute"),
}

DEADLINE_LINES = {
    Deadline.DEPOSIT_BY: __("The deposit is due by {date}, or the order is cancelled"),
    Deadline.PURCHASE_BY: __("The buyer buys the item by {date}"),
    Deadline.BALANCE_BY: __("The balance is due by {date}"),
    Deadline.SHIP_BY: __("Ships by {date}"),
    Deadline.CONFIRM_BY: __("Completes by itself on {date} unless a dispute is opened"),
}

# The steps a customer or a buyer takes from a card; every other action is the system's or a moderator's.
ACTION_LABELS = {
    Action.UPLOAD_RECEIPT: __("🧾 Upload receipt"),
    Action.SHIP: __("🚚 Ship"),
    Action.ASK_DELIVERED: __("📬 Mark delivered"),  # the buyer's: asks the customer
    Action.MARK_DELIVERED: __("📬 It has arrived"),  # the customer's
    Action.CONFIRM_RECEIPT: __("✅ Confirm receipt"),
    Action.OPEN_DISPUTE: __("⚠️ Open dispute"),
    Action.CANCEL: __("✖️ Cancel"),
}
PAY_BUTTONS = {
    PaymentPurpose.DEPOSIT: (Action.PAY_DEPOSIT, __("💳 Pay deposit")),
    PaymentPurpose.BALANCE: (Action.PAY_BALANCE, __("💳 Pay balance")),
}

TRACKING_NAMES = {
    TrackingStatus.IN_TRANSIT: __("🛫 In transit"),
    TrackingStatus.CUSTOMS: __("🛃 At customs"),
    TrackingStatus.DELIVERED: __("📬 Delivered"),
}
# What the buyer may report about a shipped parcel; delivery is the order's own step (Mark delivered).
TRACKING_REPORTS = (TrackingStatus.IN_TRANSIT, TrackingStatus.CUSTOMS)


def _moment(moment: datetime) -> str:
    """A deadline, to the minute, in UTC (the chat does not tell us the user's time zone)."""
    locale = BABEL_LOCALE.get(language(), "en")
    return (
        f"{format_date(moment, 'medium', locale=locale)} {format_time(moment, 'HH:mm', tzinfo=UTC, locale=locale)} UTC"
    )


def _role(viewer: Actor) -> str:
    return _("🛒 buying") if viewer is Actor.CUSTOMER else _("🧳 selling")


def order_line(line: OrderLine) -> str:
    """One compact line of the list: number, role, title, total and state."""
    return " · ".join(
        (
            f"#{line.id}",
            _role(line.viewer),
            escape(fit(line.title, 40)),
            money(line.total),
            str(STATE_NAMES[line.state]),
        )
    )


def orders_text(lines: Sequence[OrderLine]) -> str:
    if not lines:
        return _("You have no orders yet. Browse listings or post a request to start one.")
    return _("<b>Your orders</b>, newest first. Pick one to see it:") + "\n\n" + "\n".join(map(order_line, lines))


def orders_keyboard(lines: Sequence[OrderLine]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for line in lines:
        builder.button(
            text=f"#{line.id} · {fit(line.title, 30)}", callback_data=OrderAction(action="view", order_id=line.id)
        )
    builder.adjust(1)
    return builder.as_markup()


def order_card(card: OrderCard) -> str:
    """Everything a party needs to know about an order now."""
    price = _("{quantity} × {price}").format(quantity=card.quantity, price=money(card.item_price))
    if card.service_fee.amount:
        price += " + " + _("service fee {fee}").format(fee=money(card.service_fee))
    if card.shipping_fee.amount:
        price += " + " + _("shipping {fee}").format(fee=money(card.shipping_fee))
    lines = [
        _("<b>Order #{id}</b> · {state}").format(id=card.id, state=STATE_NAMES[card.state]),
        f"<b>{escape(card.title)}</b>",
        f"💰 {price}",
        _("Total: {total}").format(total=price_with_home(card.total, card.total_at_home)),
        _("Deposit {deposit} · balance {balance}").format(deposit=money(card.deposit), balance=money(card.balance)),
    ]
    if card.deadline is not None:
        lines.append("📅 " + str(DEADLINE_LINES[card.deadline[0]]).format(date=_moment(card.deadline[1])))
    if card.confirm_promise is not None:
        lines.append("✅ " + promise_text(card.confirm_promise))
    if card.proof_code:
        lines.append("✍️ " + proof_code_instruction(card.proof_code))
    if card.carrier:
        lines.append(
            "🚚 "
            + _("{carrier}, tracking number {tracking}").format(
                carrier=escape(card.carrier), tracking=f"<code>{escape(card.tracking_number or '')}</code>"
            )
        )
        if card.tracking_url:
            lines.append("🔗 " + f'<a href="{escape(card.tracking_url)}">' + _("Track the parcel") + "</a>")
        if card.tracking:
            lines.append(
                _("Latest: {status}, {date}").format(
                    status=TRACKING_NAMES[card.tracking.status], date=_moment(card.tracking.at)
                )
            )
    if card.buyer is not None:
        lines.append(_("Buyer: {record}").format(record=record_line(card.buyer)))
    else:
        lines.append(_("Customer: {name}").format(name=escape(card.customer_name)))
    lines += ship_to_lines(card.ship_to)
    if card.dispute:
        lines += dispute_lines(card.dispute)
    return "\n".join(lines)


def proof_code_instruction(code: str) -> str:
    return _(
        "Purchase proof code: <code>{code}</code>. Write it by hand on paper and photograph it with the receipt."
    ).format(code=code)


def order_keyboard(card: OrderCard) -> InlineKeyboardMarkup | None:
    """Only what this party may do to this order now."""
    builder = InlineKeyboardBuilder()
    if card.payment_due is not None:
        action, label = PAY_BUTTONS[card.payment_due]
        builder.button(text=str(label), callback_data=OrderAction(action=action, order_id=card.id))
    for action in card.actions:
        if action in ACTION_LABELS:
            builder.button(text=str(ACTION_LABELS[action]), callback_data=OrderAction(action=action, order_id=card.id))
    if card.may_report_tracking:
        for status in TRACKING_REPORTS:
            builder.button(
                text=str(TRACKING_NAMES[status]), callback_data=TrackingReport(order_id=card.id, status=status)
            )
    if card.may_report_fake:
        builder.button(text=_("🚩 Report fake"), callback_data=OrderAction(action="report", order_id=card.id))
    if card.may_chat:
        builder.button(text=chat_button_label(card.viewer), callback_data=OrderChat(order_id=card.id))
    if card.ship_to.may_set:
        builder.button(
            text=ship_to_button_label(card.ship_to), callback_data=ShipToAction(action="ask", order_id=card.id)
        )
    if card.buyer is not None:
        reviews_button(builder, card.buyer)
    if card.dispute:
        dispute_buttons(builder, card.dispute)
    builder.adjust(2)
    return builder.as_markup() if builder.buttons else None


def _open_order_button(order_id: int) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("📦 Open order #{id}").format(id=order_id), callback_data=OrderAction(action="view", order_id=order_id)
    )
    return builder


def open_order_keyboard(order_id: int) -> InlineKeyboardMarkup:
    """The button under every notification about an order."""
    return _open_order_button(order_id).as_markup()


def receipt_keyboard(order_id: int) -> InlineKeyboardMarkup:
    """Under the receipt the customer is asked to pay for: the order, or a dispute if it does not look right."""
    builder = _open_order_button(order_id)
    builder.button(
        text=str(ACTION_LABELS[Action.OPEN_DISPUTE]),
        callback_data=OrderAction(action=Action.OPEN_DISPUTE, order_id=order_id),
    )
    return builder.as_markup()


def carriers_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for carrier in CARRIERS:
        builder.button(text=carrier.name, callback_data=Choice(field="carrier", value=carrier.code))
    builder.button(text=_("Other…"), callback_data=Choice(field="carrier", value=OTHER))
    builder.adjust(3)
    return builder.as_markup()


def cancel_question(promise: OrderPromise) -> str:
    """The cancel prompt: what cancelling does now, and how to confirm it."""
    return "\n".join(
        (
            _("Cancel order #{id}?").format(id=promise.order_id),
            promise_text(promise),
            "",
            _("To confirm, send the reason in a message, or press a button below."),
        )
    )


def cancel_keyboard(promise: OrderPromise) -> InlineKeyboardMarkup:
    """Confirming from these buttons does what this prompt said, or nothing (the button carries the promise)."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✖️ Cancel without a reason"),
        callback_data=PromisedStep(action=Action.CANCEL, order_id=promise.order_id, promise=promise.digest),
    )
    builder.button(text=_("↩️ Keep the order"), callback_data=Choice(field="cancel", value="keep"))
    builder.adjust(1)
    return builder.as_markup()


def release_question(prompt: ReleasePrompt) -> str:
    """Asked before confirming receipt: the money it releases for good, to whom, and what the buyer receives."""
    promise, buyer = prompt.promise, escape(prompt.buyer_name)
    held = money(promise.held)
    if promise.fee.amount:
        share = _(
            "{amount} is everything still held for this order (what you paid, less any refund): {buyer} receives "
            "{to_buyer} and the platform keeps its fee of {fee}."
        ).format(amount=held, buyer=buyer, to_buyer=money(promise.to_buyer), fee=money(promise.fee))
    else:
        share = _(
            "{amount} is everything still held for this order (what you paid, less any refund), all of it for {buyer}."
        ).format(amount=held, buyer=buyer)
    return "\n".join(
        (
            "<b>" + _("Confirm receipt of order #{id}?").format(id=promise.order_id) + "</b>",
            _("This releases {amount} to {buyer}; you cannot undo it.").format(amount=held, buyer=buyer),
            share,
            "",
            _(
                "Confirm only once the item has arrived and is as described. If it is not, keep waiting and open "
                "a dispute from the order."
            ),
        )
    )


def release_keyboard(promise: OrderPromise) -> InlineKeyboardMarkup:
    """Releasing from this button does what the prompt said, or nothing (the button carries the promise)."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Release {amount}").format(amount=money(promise.held)),
        callback_data=PromisedStep(action=Action.CONFIRM_RECEIPT, order_id=promise.order_id, promise=promise.digest),
    )
    builder.button(text=_("⏳ Keep waiting"), callback_data=Choice(field="release", value="wait"))
    builder.adjust(1)
    return builder.as_markup()


def delivery_question(order_id: int) -> str:
    """Asked before the customer marks an order delivered: what that shortens, and that no money moves."""
    days = current_settings().confirm_days_after_delivery
    return "\n".join(
        (
            "<b>" + _("Has order #{id} arrived?").format(id=order_id) + "</b>",
            _(
                "If you have it, press Yes: the order then completes by itself {days} days later unless you open a "
                "dispute, and the money stays held until you confirm receipt."
            ).format(days=days),
        )
    )


def delivery_keyboard(order_id: int, promise: str, answers_buyer: bool) -> InlineKeyboardMarkup:
    """Yes carries the prompt's promise (`OrderPromise.digest`). Not yet answers the buyer's question when they
    asked one (`answers_buyer`); else it only closes the prompt."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("📬 Yes, it arrived"),
        callback_data=PromisedStep(action=Action.MARK_DELIVERED, order_id=order_id, promise=promise),
    )
    not_yet = (
        OrderAction(action=Action.NOT_YET_DELIVERED, order_id=order_id)
        if answers_buyer
        else Choice(field="delivered", value="wait")
    )
    builder.button(text=_("⏳ Not yet"), callback_data=not_yet)
    builder.adjust(1)
    return builder.as_markup()


def promise_text(promise: OrderPromise) -> str:
    """What the step a prompt asks about does with the money."""
    if promise.outcome is Outcome.RELEASE:
        return _("Confirming receipt completes the order and releases {total} to the buyer.").format(
            total=money(promise.held)
        )
    return cancel_outcome_text(promise.outcome, promise.deposit)


def cancel_outcome_text(outcome: Outcome, deposit: Money) -> str:
    """What a cancel does with the money, said the same way to both sides."""
    if outcome is Outcome.REFUND:
        return _("The deposit of {deposit} is refunded to the customer in full.").format(deposit=money(deposit))
    if outcome is Outcome.DEPOSIT_TO_BUYER:
        return _(
            "The buyer has already bought the item, so the deposit of {deposit} goes to the buyer; "
            "nothing more is charged."
        ).format(deposit=money(deposit))
    return _("Nothing had been paid, so no money moves.")
