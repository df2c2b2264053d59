"""A buyer's /earnings (balances, history with fees as amounts), payout methods and prompts; a customer's /refunds."""

from datetime import datetime

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date

from bot.callbacks import EarningsAction, PayoutConfirm
from bot.presenters.pickers import pick_keyboard
from bot.presenters.text import BABEL_LOCALE, escape, fit, language, listed, money
from core.domain.money import Money
from core.domain.payouts import PayoutMethodKind, PayoutStatus
from core.services.money.payouts import Earnings, EarningsLine, PayoutLine, SavedMethod
from core.services.runtime.pages import Page


def _day(moment: datetime) -> str:
    return format_date(moment, "medium", locale=BABEL_LOCALE.get(language(), "en"))


def _amounts(amounts: tuple[Money, ...]) -> str:
    return listed([money(amount) for amount in amounts]) if amounts else money_none()


def money_none() -> str:
    return _("nothing")


def method_kind_name(kind: PayoutMethodKind) -> str:
    return {
        PayoutMethodKind.BANK: _("Bank account"),
        PayoutMethodKind.ALIPAY: _("Alipay"),
        PayoutMethodKind.WECHAT: _("WeChat Pay"),
        PayoutMethodKind.PAYPAL: _("PayPal"),
        PayoutMethodKind.WISE: _("Wise"),
        PayoutMethodKind.OTHER: _("Other"),
    }[kind]


def _line(line: EarningsLine) -> str:
    day = _day(line.at)
    if line.price is not None and line.fee is not None:
        return _("{day} · order #{id} {title}: price {price}, platform fee {fee}, you received {received}").format(
            day=day,
            id=line.order_id,
            title=escape(fit(line.title, 40)),
            price=money(line.price),
            fee=money(line.fee),
            received=money(line.received),
        )
    if line.kind == "bond_release":
        return _("{day} · your bond came back: {received}").format(day=day, received=money(line.received))
    if line.kind == "payout_hold":
        return _("{day} · payout asked for: {amount}").format(
            day=day, amount=money(Money(-line.received.amount, line.received.currency))
        )
    if line.kind == "payout_refused":
        return _("{day} · payout refused, back in your earnings: {received}").format(
            day=day, received=money(line.received)
        )
    return f"{day} · {money(line.received)}"


def history_lines(page: Page[EarningsLine]) -> list[str]:
    return [_line(line) for line in page.items] or [_("Nothing has moved in your earnings yet.")]


def _older(page: Page[EarningsLine], builder: InlineKeyboardBuilder) -> None:
    if page.next_before is not None:
        builder.button(text=_("Older ▸"), callback_data=EarningsAction(action="history", before=page.next_before))


def earnings_view(earnings: Earnings, page: Page[EarningsLine]) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        _("<b>Your earnings</b>"),
        _("Available to pay out: {amounts}").format(amounts=_amounts(earnings.withdrawable)),
    ]
    if earnings.in_dispute_window:
        lines.append(
            _("Held until the dispute window of recent orders passes: {amounts}").format(
                amounts=_amounts(earnings.in_dispute_window)
            )
        )
    lines.append(_("Held in escrow on open orders: {amounts}").format(amounts=_amounts(earnings.in_escrow)))
    if earnings.asked_for:
        lines.append(_("Payouts waiting for a moderator: {amounts}").format(amounts=_amounts(earnings.asked_for)))
    lines += ["", _("<b>History</b>"), *history_lines(page)]
    builder = InlineKeyboardBuilder()
    builder.button(text=_("💸 Ask for a payout"), callback_data=EarningsAction(action="payout"))
    builder.button(text=_("🏦 Payout methods"), callback_data=EarningsAction(action="methods"))
    _older(page, builder)
    builder.adjust(2, 1)
    return "\n".join(lines), builder.as_markup()


def history_view(page: Page[EarningsLine]) -> tuple[str, InlineKeyboardMarkup | None]:
    builder = InlineKeyboardBuilder()
    _older(page, builder)
    return "\n".join(history_lines(page)), builder.as_markup() if page.next_before is not None else None


def methods_view(methods: list[SavedMethod]) -> tuple[str, InlineKeyboardMarkup]:
    lines = [_("<b>Your payout methods</b>")]
    lines += [f"• {method_kind_name(method.kind)}: {escape(fit(method.details, 80))}" for method in methods] or [
        _("None saved yet. Add one to be paid out to it.")
    ]
    lines.append(_("Details are stored encrypted and shown only to the moderators who pay you."))
    builder = InlineKeyboardBuilder()
    for method in methods:
        builder.button(
            text=_("🗑 Delete {kind} {details}").format(
                kind=method_kind_name(method.kind), details=fit(method.details, 16)
            ),
            callback_data=EarningsAction(action="delete_method", id=method.id),
        )
    builder.button(text=_("➕ Add a payout method"), callback_data=EarningsAction(action="add_method"))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def method_kind_question() -> tuple[str, InlineKeyboardMarkup]:
    options = [(kind.value, method_kind_name(kind)) for kind in PayoutMethodKind]
    return _("Where should payouts go? Pick the kind of account."), pick_keyboard("payout_kind", options)


def method_details_question(kind: str) -> str:
    return _(
        "Type the details for {kind} in one message: the account holder's name and the account number, "
        "e-mail or ID (for a bank: the bank's name and SWIFT/IBAN if abroad)."
    ).format(kind=method_kind_name(PayoutMethodKind(kind)))


def amount_question(withdrawable: list[Money]) -> str:
    return _("How much do you want paid out? You can ask for up to {amounts}. Type an amount, e.g. {example}.").format(
        amounts=_amounts(tuple(withdrawable)), example=money(withdrawable[0])
    )


def method_question(methods: list[SavedMethod]) -> tuple[str, InlineKeyboardMarkup]:
    options = [(str(method.id), f"{method_kind_name(method.kind)}: {fit(method.details, 24)}") for method in methods]
    return _("Which payout method?"), pick_keyboard("payout_method", options, columns=1)


def payout_prompt(amount: Money, method: SavedMethod, promise: str) -> tuple[str, InlineKeyboardMarkup]:
    text = _(
        "Ask for a payout of {amount} to {kind} ({details})? It leaves your available earnings now and a "
        "moderator sends it, usually within two working days."
    ).format(amount=money(amount), kind=method_kind_name(method.kind), details=escape(fit(method.details, 60)))
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Yes, pay me {amount}").format(amount=money(amount)), callback_data=PayoutConfirm(promise=promise)
    )
    return text, builder.as_markup()


def payout_asked(payout: PayoutLine) -> str:
    return _("Payout #{id} of {amount} asked for. A moderator will send it and I will tell you here.").format(
        id=payout.id, amount=money(payout.amount)
    )


def _refund_line(refund: PayoutLine) -> str:
    about = _("order #{id}").format(id=refund.order_id) if refund.order_id else _("a payment we could not use")
    if refund.status is PayoutStatus.PAID and refund.decided_at is not None:
        return _("✅ {amount} for {about}: refunded on {day}, reference {reference}").format(
            amount=money(refund.amount), about=about, day=_day(refund.decided_at), reference=escape(refund.reference)
        )
    return _("⏳ {amount} for {about}: due since {day}, a moderator refunds it to the card you paid with").format(
        amount=money(refund.amount), about=about, day=_day(refund.created_at)
    )


def refunds_view(refunds: list[PayoutLine]) -> str:
    lines = [_("<b>Your refunds</b>")]
    lines += [_refund_line(refund) for refund in refunds] or [_("You have no refunds.")]
    return "\n".join(lines)
