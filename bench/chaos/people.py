"""A simulated person in their chat with the bot: each step pushes an update, then waits (a while) for an answer.

Buttons are pressed by the callback data they carry (bot/callbacks.py), on the newest message that has them,
as a person taps the button they see; a step whose button is not there is not offered and returns False. A
wait that runs out is not an error here: the bot may be down or the answer lost, which the invariants judge
afterwards from the sandbox's journal.

People keep a person's pace: the bot's flood control (bot/middlewares/flood.py: 10 at once, then 2 a second)
drops what comes faster, as designed, so only a deliberate flood (`types_quickly`) goes beyond it, after which
the person pays at once but rests before any other step, as one told to slow down would.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiogram.filters.callback_data import CallbackData

from bot.callbacks import OrderAction, PromisedStep
from bot.token_bucket import TokenBucket
from sandbox.chats import SimUser
from sandbox.driver import Driver
from sandbox.journal import Journal
from sandbox.views import ChatMessage, PaymentOutcome

log = logging.getLogger(__name__)

ANSWER_WAIT = 1.5  # seconds a person waits for the bot before going on anyway (a restart takes ~0.5 s)
PRE_CHECKOUT_WAIT = 2.0  # the sandbox's limit for answering a pre-checkout query (10 s on Telegram)
PACE = (1.8, 8)  # updates a second, and at once: a little under what flood control allows
# After a flood, flood control's bucket (10 at 2 a second) is full again in 5 s; a person told "You are going too
# fast" waits that long before their next step, payments excepted (flood control never holds a payment up).
FLOOD_REST = 5.0


@dataclass
class Person:
    driver: Driver
    journal: Journal
    user: SimUser
    account_id: int  # the core User
    busy: asyncio.Lock  # held through a wizard of several steps, so two never interleave in one chat
    pace: TokenBucket = field(default_factory=lambda: TokenBucket(*PACE, time.monotonic))
    rests_until: float = 0.0  # after a flood: no step but paying before then

    @property
    def name(self) -> str:
        return self.user.first_name

    async def _answered(self, since: float, query_id: str | None = None) -> bool:
        """Whether the bot called anything about this chat (or answered this query) after `since`, waiting a while."""
        deadline = time.monotonic() + ANSWER_WAIT
        while time.monotonic() < deadline:
            for call in reversed(self.journal.calls):
                if call.at < since:
                    break
                if (call.query_id == query_id) if query_id else (call.chat_id == self.user.id):
                    return True
            await asyncio.sleep(0.02)
        log.info("%s had no answer within %s s", self.name, ANSWER_WAIT)
        return False

    async def _keep_pace(self, paying: bool = False) -> None:
        if not paying:
            await asyncio.sleep(max(0.0, self.rests_until - time.monotonic()))
        await asyncio.sleep(self.pace.reserve())

    async def says(self, text: str) -> bool:
        await self._keep_pace()
        since = time.monotonic()
        await self.driver.send_text(self.user, text)
        return await self._answered(since)

    async def sends_photo(self) -> bool:
        await self._keep_pace()
        since = time.monotonic()
        await self.driver.send_photo(self.user)
        return await self._answered(since)

    async def types_quickly(self, texts: list[str]) -> list[int]:
        """Several messages at once, without waiting for answers (a flood); their update ids."""
        self.pace.pause(0.5)  # flood control's bucket is empty now: the person's next step waits for a token
        self.rests_until = time.monotonic() + FLOOD_REST
        sent = [await self.driver.send_text(self.user, text) for text in texts]
        return [message.update_id for message in sent if message.update_id is not None]

    def _carrying(self, data: str) -> ChatMessage | None:
        for message in reversed(self.driver.messages(self.user)):
            if any(button.get("callback_data") == data for row in message.buttons for button in row):
                return message
        return None

    async def presses(self, button: CallbackData) -> bool:
        """Press the newest button carrying this data; False when no message shows it."""
        data = button.pack()
        message = self._carrying(data)
        if message is None:
            return False
        await self._keep_pace()
        since = time.monotonic()
        await self.driver.press_button(self.user, message, data=data, within=0)
        query_id = self._last_query_id(since)
        return query_id is not None and await self._answered(since, query_id)

    def _last_query_id(self, since: float) -> str | None:
        for push in reversed(self.journal.pushes):
            if push.at < since:
                return None
            query = push.update.get("callback_query")
            if query and query["from"]["id"] == self.user.id:
                return str(query["id"])
        return None

    async def confirms_prompt(self, order_id: int, action: str) -> bool:
        """Press the confirming button of the newest prompt for this step on this order (it carries the prompt's
        promise, so its data is known only from the message); False when no message shows one."""
        prefix = PromisedStep(action=action, order_id=order_id, promise="").pack()
        for message in reversed(self.driver.messages(self.user)):
            for row in message.buttons:
                for button in row:
                    data = str(button.get("callback_data", ""))
                    if data.startswith(prefix):
                        return await self.presses(PromisedStep.unpack(data))
        return False

    async def presses_on_card(self, order_id: int, action: str) -> bool:
        """Press an order's button, opening its card first if no message shows it: from a notice's "open" button
        if one is there, else from /orders."""
        button, card = OrderAction(action=action, order_id=order_id), OrderAction(action="view", order_id=order_id)
        if self._carrying(button.pack()) is None:
            if self._carrying(card.pack()) is None:
                await self.says("/orders")
            await self.presses(card)
        return await self.presses(button)

    def invoice(self, payload: str) -> ChatMessage | None:
        """The newest unpaid invoice in the chat with this payload."""
        for message in reversed(self.driver.messages(self.user)):
            stored = self.driver.bot.chat(self.user).messages.get(message.message_id)
            if stored and stored.invoice and stored.invoice.payload == payload and not stored.paid:
                return message
        return None

    async def invoice_arrives(self, payload: str, within: float = ANSWER_WAIT) -> ChatMessage | None:
        try:
            return await self.driver.wait_for(lambda: self.invoice(payload), within)
        except TimeoutError:
            return None

    async def pays(
        self, invoice: ChatMessage, before_charge: Callable[[], Awaitable[None]] | None = None
    ) -> PaymentOutcome:
        """Pay an invoice (the sandbox plays the provider); when charged, wait for the bot's word on it."""
        await self._keep_pace(paying=True)
        outcome = await self.driver.pay_invoice(
            self.user, invoice, answer_within=PRE_CHECKOUT_WAIT, before_charge=before_charge
        )
        if outcome.paid and outcome.message is not None:
            await self._answered(time.monotonic())
        return outcome
