"""What the simulated users do: a customer's realistic round through the product, and an echo chat.

The customer's round: open the bot, browse two pages, search, buy one item, pay its deposit, look
at the order and cancel it (the deposit comes back). Buttons are found by what they carry, not by
position, the way a person finds them on screen.
"""

from bench.load import Script, Step
from sandbox.chats import SimUser
from sandbox.driver import Driver
from sandbox.views import ChatMessage


def _latest_with(driver: Driver, user: SimUser, wanted: str) -> tuple[ChatMessage, str]:
    """The newest bot message with a button whose text is `wanted` or whose data starts with it."""
    for message in reversed(driver.messages(user)):
        for row in message.buttons:
            for button in row:
                if button.get("text") == wanted:
                    return message, button["text"]
                if str(button.get("callback_data", "")).startswith(wanted):
                    return message, button["text"]
    raise LookupError(f"no button {wanted!r} in the chat")


def press(wanted: str) -> Step:
    async def act(driver: Driver, user: SimUser) -> object:
        message, text = _latest_with(driver, user, wanted)
        return await driver.press_button(user, message, text)

    return Step(f"press {wanted}", act)


def say(text: str) -> Step:
    async def act(driver: Driver, user: SimUser) -> object:
        return await driver.send_text(user, text)

    return Step(f"say {text}", act)


async def _pay_latest_invoice(driver: Driver, user: SimUser) -> object:
    invoice = next((message for message in reversed(driver.messages(user)) if message.invoice), None)
    if invoice is None:
        raise LookupError("no invoice in the chat")
    outcome = await driver.pay_invoice(user, invoice)
    if not outcome.paid:
        raise LookupError(f"payment {outcome.status}")
    return outcome


PAY = Step("pay the deposit", _pay_latest_invoice, updates=2)


def customer_round(search: str) -> Script:
    return [
        say("/start"),
        say("🔎 Browse"),
        press("🌍 Anywhere"),
        press("Any category"),
        press("More ▶"),
        say(search),
        press("🛒 Buy"),
        press("1"),
        PAY,
        say("/orders"),
        press("o:view:"),
        press("✖️ Cancel"),
        press("✖️ Cancel without a reason"),
    ]


def echo_round() -> Script:
    return [say(f"hello {n}") for n in range(5)]
