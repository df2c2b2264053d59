"""What a person does in the chat, as the rehearsal plays them: press the button they see, pay the invoice they got,
and wait for the product (several processes away) to answer. Every wait has a limit and says what it waited for."""

import asyncio
import time
from collections.abc import Awaitable, Callable

from core.domain.invoices import PaymentPurpose
from core.domain.order_machine import OrderState
from core.models.orders import Order
from sandbox.chats import SimUser
from sandbox.driver import Driver
from sandbox.views import ChatMessage

WAIT = 20.0  # seconds for any one answer: two CPUs are shared with other work


class StepFailed(Exception):
    """The product did not do what a person waited for."""


async def press(driver: Driver, user: SimUser, label: str) -> None:
    """Press the button whose text starts with `label` on the newest message showing one, once it is shown."""

    def shown() -> tuple[ChatMessage, str] | None:
        for message in reversed(driver.messages(user)):
            for row in message.buttons:
                for button in row:
                    if str(button.get("text", "")).startswith(label) and "callback_data" in button:
                        return message, str(button["callback_data"])
        return None

    try:
        message, data = await driver.wait_for(shown, WAIT)
    except TimeoutError:
        raise StepFailed(f"{user.first_name} never saw a button {label!r}") from None
    if not (await driver.press_button(user, message, data=data, within=WAIT)).answered:
        raise StepFailed(f"{user.first_name} pressed {label!r} and the bot did not answer within {WAIT} s")


async def open_card(driver: Driver, user: SimUser, order_id: int) -> None:
    """/orders, then the order's button: its card, with the steps that person may take now."""
    driver.mark_read(user)
    await driver.send_text(user, "/orders")
    await driver.next_message(user, WAIT)
    await press(driver, user, f"#{order_id} ")


async def pay(driver: Driver, user: SimUser, order_id: int, purpose: PaymentPurpose, then: OrderState) -> None:
    """Pay the order's invoice for `purpose` once it arrives (the sandbox plays the provider); the order must then
    reach the state `then`."""
    payload = f"order:{order_id}:{purpose.value}"

    def invoice() -> ChatMessage | None:
        for message in reversed(driver.messages(user)):
            stored = driver.bot.chat(user).messages.get(message.message_id)
            if stored and stored.invoice and stored.invoice.payload == payload and not stored.paid:
                return message
        return None

    try:
        found = await driver.wait_for(invoice, WAIT)
    except TimeoutError:
        raise StepFailed(f"{user.first_name} never got the invoice {payload}") from None
    outcome = await driver.pay_invoice(user, found)
    if not outcome.paid:
        raise StepFailed(f"{user.first_name}'s payment of {payload} was {outcome.status} {outcome.error_message or ''}")
    await reaches(order_id, then)


async def until(what: str, condition: Callable[[], Awaitable[object]]) -> None:
    """Poll the database until `condition()` is truthy; StepFailed naming `what` after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while not await condition():
        if time.monotonic() > deadline:
            raise StepFailed(f"waited {WAIT} s for {what}")
        await asyncio.sleep(0.1)


async def reaches(order_id: int, state: OrderState) -> None:
    async def there() -> bool:
        return (await Order.get(id=order_id)).state is state

    await until(f"order #{order_id} to be {state.value}", there)
