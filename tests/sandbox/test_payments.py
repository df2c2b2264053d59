"""Invoices: the driver plays the provider (pre-checkout, then the successful payment)."""

import asyncio

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import LabeledPrice, Message, PreCheckoutQuery

from sandbox import Driver
from tests.polling import polling


def payment_bot(
    decide: dict[str, str | None], payments: list[Message], queries: list[PreCheckoutQuery] | None = None
) -> Dispatcher:
    """A bot that invoices on /pay <payload> and answers pre-checkout with `decide[payload]` (None = ok).

    It never answers for the payload "silent".
    """
    dispatcher = Dispatcher()

    @dispatcher.message(F.text.startswith("/pay "))
    async def invoice(message: Message) -> None:
        payload = (message.text or "").split(" ", 1)[1]
        prices = [LabeledPrice(label="Deposit", amount=3000), LabeledPrice(label="Fee", amount=200)]
        await message.answer_invoice("Deposit", "Order deposit", payload, "JPY", prices, provider_token="sandbox")

    @dispatcher.pre_checkout_query()
    async def check(query: PreCheckoutQuery) -> None:
        if queries is not None:
            queries.append(query)
        if query.invoice_payload == "silent":
            return
        reason = decide.get(query.invoice_payload)
        await query.answer(ok=reason is None, error_message=reason)

    @dispatcher.message(F.successful_payment)
    async def paid(message: Message) -> None:
        payments.append(message)
        await message.answer("Payment received")

    return dispatcher


async def test_a_paid_invoice_brings_the_bot_a_successful_payment(bot: Bot, driver: Driver) -> None:
    payments: list[Message] = []
    alice = driver.create_user("Alice")
    async with polling(payment_bot({}, payments), bot):
        await driver.send_text(alice, "/pay order-1:deposit")
        invoice = await driver.next_message(alice)
        outcome = await driver.pay_invoice(alice, invoice)
        thanks = await driver.next_message(alice)

    assert invoice.invoice == {
        "title": "Deposit",
        "description": "Order deposit",
        "start_parameter": "",
        "currency": "JPY",
        "total_amount": 3200,
    }
    assert outcome.paid and thanks.text == "Payment received"
    assert outcome.successful_payment is not None
    charge = payments[0].successful_payment
    assert charge is not None
    assert (charge.currency, charge.total_amount, charge.invoice_payload) == ("JPY", 3200, "order-1:deposit")
    assert charge.telegram_payment_charge_id == outcome.successful_payment["telegram_payment_charge_id"]
    assert charge.provider_payment_charge_id
    with pytest.raises(ValueError, match="already paid"):
        await driver.pay_invoice(alice, invoice)


async def test_every_payment_has_its_own_charge_id(bot: Bot, driver: Driver) -> None:
    payments: list[Message] = []
    alice = driver.create_user("Alice")
    async with polling(payment_bot({}, payments), bot):
        for payload in ("a", "b"):
            await driver.send_text(alice, f"/pay {payload}")
            assert (await driver.pay_invoice(alice, await driver.next_message(alice))).paid
        await driver.wait_for(lambda: len(payments) == 2)

    charges = {
        message.successful_payment.telegram_payment_charge_id for message in payments if message.successful_payment
    }
    assert len(charges) == 2


async def test_a_refused_pre_checkout_takes_no_money(bot: Bot, driver: Driver) -> None:
    payments: list[Message] = []
    alice = driver.create_user("Alice")
    async with polling(payment_bot({"sold-out": "Sorry, this item just sold out"}, payments), bot):
        await driver.send_text(alice, "/pay sold-out")
        outcome = await driver.pay_invoice(alice, await driver.next_message(alice))
        await asyncio.sleep(0.1)

    assert outcome.status == "declined" and outcome.error_message == "Sorry, this item just sold out"
    assert payments == []
    assert all(message.successful_payment is None for message in driver.history(alice))


async def test_an_unanswered_pre_checkout_times_out_and_a_late_answer_is_refused(bot: Bot, driver: Driver) -> None:
    payments: list[Message] = []
    queries: list[PreCheckoutQuery] = []
    dispatcher = payment_bot({}, payments, queries)
    alice = driver.create_user("Alice")
    async with polling(dispatcher, bot):
        await driver.send_text(alice, "/pay silent")
        outcome = await driver.pay_invoice(alice, await driver.next_message(alice), answer_within=0.3)

        with pytest.raises(
            TelegramBadRequest, match="query is too old and response timeout expired or query ID is invalid"
        ):
            await bot.answer_pre_checkout_query(queries[0].id, ok=True)

    assert outcome.status == "timed_out" and not outcome.paid
    assert payments == []


@pytest.mark.parametrize(
    ("currency", "amount", "refusal"),
    [
        ("MOP", 12000, "Bad Request: CURRENCY_INVALID"),  # a real currency Telegram payments do not take
        ("XAU", 3, "Bad Request: CURRENCY_INVALID"),
        ("JPY", 108, "Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID"),  # Telegram's least in yen is 109
        ("USD", 1_000_001, "Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID"),  # and its most in dollars 10,000.00
    ],
)
async def test_an_invoice_telegram_would_refuse_is_refused_with_its_words(
    bot: Bot, driver: Driver, currency: str, amount: int, refusal: str
) -> None:
    alice = driver.create_user("Alice")
    await driver.send_text(alice, "/start")
    prices = [LabeledPrice(label="Deposit", amount=amount)]

    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_invoice(alice.id, "Deposit", "Order 1", "order:1:deposit", currency, prices, provider_token="p")

    assert refused.value.message == refusal
    assert driver.messages(alice) == []


async def test_an_invoice_at_telegrams_limits_is_sent(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice")
    await driver.send_text(alice, "/start")
    for currency, amount in (("JPY", 109), ("USD", 1_000_000)):
        prices = [LabeledPrice(label="Deposit", amount=amount)]
        await bot.send_invoice(alice.id, "Deposit", "Order 1", "order:1:deposit", currency, prices, provider_token="p")

    assert [message.invoice["total_amount"] for message in driver.messages(alice)] == [109, 1_000_000]
