"""Playing Telegram users against a bot: what tests (and the web chat page) do and see.

    sandbox = Sandbox(pre_checkout_timeout=1)
    driver = sandbox.driver(TOKEN)
    alice = driver.create_user("Alice", username="alice", language_code="en")
    await driver.send_text(alice, "/start")
    menu = await driver.next_message(alice)
    answer = await driver.press_button(alice, menu, "Browse")

Every user action becomes an update for the bot (getUpdates or webhook), exactly as Telegram would
send it; the driver then reads the bot's answers from the chat.
"""

import asyncio
import copy
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sandbox.chats import ChatLog, JsonDict, SimUser, StoredMessage
from sandbox.faults import FaultPlan
from sandbox.formatting import format_text
from sandbox.journal import Journal
from sandbox.queries import CallbackAnswer, InlineAnswer, new_query_id
from sandbox.state import BotState, Sandbox
from sandbox.user_input import (
    caption_fields,
    document_fields,
    photo_fields,
    start_payload,
    sticker_fields,
    text_fields,
    voice_fields,
)
from sandbox.views import ChatMessage, PaymentOutcome
from sandbox.webhook import Balancer

T = TypeVar("T")
UserRef = SimUser | int
MessageRef = ChatMessage | int


class Driver:
    """Simulated users of one bot (the one behind `token`)."""

    def __init__(self, sandbox: Sandbox, token: str) -> None:
        self.sandbox = sandbox
        self.bot: BotState = sandbox.bot(token)
        self._read_up_to: dict[int, int] = {}

    # --- users -------------------------------------------------------------------------------

    def create_user(
        self,
        first_name: str = "Alice",
        *,
        username: str | None = None,
        language_code: str | None = "en",
        last_name: str | None = None,
        user_id: int | None = None,
        started: bool = False,
    ) -> SimUser:
        """A new user with an empty private chat with the bot.

        The bot cannot write first unless `started`: the user pressed Start before (say, before a restart).
        """
        user = self.sandbox.create_user(
            first_name, username=username, language_code=language_code, last_name=last_name, user_id=user_id
        )
        self.bot.chat(user).started = started
        return user

    def user(self, user: UserRef) -> SimUser:
        """The user behind a `SimUser` or a user id."""
        if isinstance(user, SimUser):
            return user
        return self.sandbox.users[user]

    def block_bot(self, user: UserRef, blocked: bool = True) -> None:
        """The user blocks (or unblocks) the bot: sends to them get 403 "bot was blocked by the user"."""
        self.bot.chat(self.user(user)).blocked = blocked

    # --- what users send -----------------------------------------------------------------------

    async def send_text(self, user: UserRef, text: str, *, reply_to: int | None = None) -> ChatMessage:
        """The user sends `text`; a leading /command gets its bot_command entity."""
        return self._send(user, text_fields(text), reply_to)

    async def send_photo(self, user: UserRef, data: bytes | None = None, *, caption: str | None = None) -> ChatMessage:
        """The user sends a photo (`data`, or a generated PNG), stored so the bot can getFile it."""
        return self._send(user, {**photo_fields(self.bot.files, data), **caption_fields(caption)})

    async def send_album(
        self, user: UserRef, photos: list[bytes | None], *, caption: str | None = None
    ) -> list[ChatMessage]:
        """The user sends 2-10 photos as one album: one message each, sharing a media_group_id."""
        if not 2 <= len(photos) <= 10:
            raise ValueError("an album has 2-10 photos")
        group = str(secrets.randbelow(10**18))
        sent = []
        for index, data in enumerate(photos):
            fields = {**photo_fields(self.bot.files, data), "media_group_id": group}
            sent.append(self._send(user, {**fields, **(caption_fields(caption) if index == 0 else {})}))
        return sent

    async def send_document(
        self,
        user: UserRef,
        data: bytes,
        *,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> ChatMessage:
        """The user sends a file (a receipt, say) that the bot can getFile and download."""
        return self._send(
            user, {**document_fields(self.bot.files, data, file_name, mime_type), **caption_fields(caption)}
        )

    async def send_sticker(self, user: UserRef, emoji: str = "🙂") -> ChatMessage:
        """The user sends a sticker: input most bots do not expect."""
        return self._send(user, sticker_fields(self.bot.files, emoji))

    async def send_voice(self, user: UserRef, data: bytes = b"OggS\x00voice", *, duration: int = 2) -> ChatMessage:
        """The user sends a voice note: input most bots do not expect."""
        return self._send(user, voice_fields(self.bot.files, data, duration))

    async def follow_link(self, user: UserRef, url: str) -> ChatMessage:
        """The user opens a deep link to the bot, `https://t.me/<bot>?start=<payload>`: "/start <payload>"."""
        payload = start_payload(url, self.bot.identity.username)
        return await self.send_text(user, f"/start {payload}" if payload else "/start")

    async def press_reply_button(self, user: UserRef, text: str) -> ChatMessage:
        """The user taps a button of the reply keyboard now shown, which sends its text."""
        chat = self.bot.chat(self.user(user))
        keyboard = chat.reply_keyboard
        if keyboard is None:
            raise LookupError("no reply keyboard is shown in this chat")
        labels = [
            button if isinstance(button, str) else button["text"] for row in keyboard["keyboard"] for button in row
        ]
        if text not in labels:
            raise LookupError(f"no reply button {text!r}; the keyboard has {labels}")
        if keyboard.get("one_time_keyboard"):
            chat.reply_keyboard = None
        return await self.send_text(user, text)

    async def press_button(
        self,
        user: UserRef,
        message: MessageRef,
        text: str | None = None,
        *,
        data: str | None = None,
        within: float = 5.0,
    ) -> CallbackAnswer:
        """The user presses the inline button labelled `text` on `message`; returns the bot's answer.

        `data` instead of `text` sends that callback data whether or not a button carries it, as a
        modified client replaying or forging a button would. A URL button sends nothing to the bot and
        answers with its `url`. Unanswered within `within` seconds: `answered` is False.
        """
        sender = self.user(user)
        stored, inline_message_id = self._pressable(sender, message)
        if data is None:
            if text is None:
                raise ValueError("say which button: its text, or data= for forged callback data")
            button = ChatMessage.of(stored).button(text)
            if "url" in button:
                return CallbackAnswer(answered=False, url=button["url"])
            if "callback_data" not in button:
                raise ValueError(f"button {text!r} is not a callback button: {button}")
            data = button["callback_data"]
        query_id = new_query_id()
        pending = self.bot.callback_answers.open(query_id, self.sandbox.callback_query_timeout)
        query: JsonDict = {
            "id": query_id,
            "from": sender.to_json(),
            "chat_instance": self.bot.chat_instance(stored.chat_id),
            "data": data,
        }
        if inline_message_id:
            query["inline_message_id"] = inline_message_id
        else:
            query["message"] = copy.deepcopy(stored.data)
        if self.bot.updates.push("callback_query", query) is None:
            return CallbackAnswer(answered=False)
        try:
            return await asyncio.wait_for(asyncio.shield(pending), within)
        except TimeoutError:
            return CallbackAnswer(answered=False)

    async def inline_query(
        self, user: UserRef, query: str, *, offset: str = "", within: float = 5.0
    ) -> InlineAnswer | None:
        """The user types `@bot query` in some chat; the bot's answer, or None if it gave none in time."""
        query_id = new_query_id()
        pending = self.bot.inline_answers.open(query_id, self.sandbox.callback_query_timeout)
        payload = {
            "id": query_id,
            "from": self.user(user).to_json(),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        if self.bot.updates.push("inline_query", payload) is None:
            return None
        try:
            return await asyncio.wait_for(asyncio.shield(pending), within)
        except TimeoutError:
            return None

    async def choose_inline_result(
        self, user: UserRef, answer: InlineAnswer, result_id: str, *, into: UserRef | None = None
    ) -> ChatMessage:
        """The user picks a result: it is sent, via the bot, into their chat with `into` (or Saved Messages).

        The message lives in a chat the bot is not in; its buttons work through `inline_message_id`
        (another user can `press_button` on it or `follow_link` its URL buttons).
        """
        sender = self.user(user)
        result = answer.result(result_id)
        content = result.get("input_message_content") or {}
        if "message_text" in content:
            formatted = format_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
            fields: JsonDict = {"text": formatted.text}
            if formatted.entities:
                fields["entities"] = formatted.entities
        elif result.get("type") == "photo" and result.get("photo_file_id"):
            fields = {"photo": self.bot.files.photo_sizes(result["photo_file_id"])}
            fields.update(caption_fields(result.get("caption")))
        else:
            raise ValueError(f"the sandbox sends articles and cached photos, not {result}")
        target = self.user(into) if into is not None else sender
        data: JsonDict = {
            "message_id": secrets.randbelow(10**6) + 1,
            "from": sender.to_json(),
            "chat": target.chat_json(),
            "date": int(time.time()),
            **fields,
            "via_bot": self.bot.identity.sender_json(),
        }
        if result.get("reply_markup"):
            data["reply_markup"] = result["reply_markup"]
        inline_message_id = secrets.token_urlsafe(18)
        self.bot.inline_messages[inline_message_id] = StoredMessage(data=data, from_bot=False)
        self.bot.changed.notify()
        return ChatMessage.of(self.bot.inline_messages[inline_message_id], inline_message_id)

    async def pay_invoice(
        self,
        user: UserRef,
        message: MessageRef,
        *,
        answer_within: float | None = None,
        before_charge: Callable[[], Awaitable[None]] | None = None,
    ) -> PaymentOutcome:
        """The user pays an invoice; the sandbox plays the provider.

        The bot gets a pre_checkout_query and must answer within `answer_within` s (the sandbox's
        `pre_checkout_timeout` by default, 10 s on Telegram). On ok, the chat gets the user's service
        message with `successful_payment` (sent to the bot as a message update). `before_charge` runs
        between the bot's ok and the charge, as when the world moves on in that moment (a deadline passes).
        """
        payer = self.user(user)
        stored = self._stored(payer, message)
        terms = stored.invoice
        if terms is None:
            raise ValueError(f"message {stored.message_id} is not an invoice")
        if stored.paid:
            raise ValueError(f"invoice {stored.message_id} is already paid; Telegram shows its receipt instead")
        limit = self.sandbox.pre_checkout_timeout if answer_within is None else answer_within
        query_id = new_query_id()
        pending = self.bot.pre_checkout_answers.open(query_id, limit)
        query = {
            "id": query_id,
            "from": payer.to_json(),
            "currency": terms.currency,
            "total_amount": terms.total_amount,
            "invoice_payload": terms.payload,
        }
        if self.bot.updates.push("pre_checkout_query", query) is None:
            return PaymentOutcome("timed_out")
        try:
            answer = await asyncio.wait_for(asyncio.shield(pending), limit)
        except TimeoutError:
            self.bot.pre_checkout_answers.close(query_id)
            return PaymentOutcome("timed_out")
        if not answer.ok:
            return PaymentOutcome("declined", error_message=answer.error_message)
        if before_charge is not None:
            await before_charge()
        payment = {
            "currency": terms.currency,
            "total_amount": terms.total_amount,
            "invoice_payload": terms.payload,
            "telegram_payment_charge_id": self.bot.new_charge_id(),
            "provider_payment_charge_id": f"provider_{secrets.token_hex(8)}",
        }
        stored.paid = True
        receipt = self.bot.receive(payer, {"successful_payment": payment})
        return PaymentOutcome("paid", successful_payment=payment, message=ChatMessage.of(receipt))

    def balance_webhook(self, backends: list[str], *, copies: int = 1) -> None:
        """Put a load balancer in front of the bot's webhook workers.

        Updates then go to `backends` (full URLs), `copies` of each at once to workers in turn, instead
        of to the URL set with setWebhook, as when several workers sit behind one public address.
        """
        self.bot.balancer = Balancer(backends, copies)

    def inject_faults(self, plan: FaultPlan | None) -> None:
        """From now on, fail some of the bot's calls and disturb its updates as `plan` says (None: no faults)."""
        self.bot.faults = plan
        self.bot.updates.faults = plan

    def keep_journal(self) -> Journal:
        """Record from now on every update delivered to the bot, which it acknowledged, and every call it makes."""
        if self.bot.journal is None:
            self.bot.journal = self.bot.updates.journal = Journal()
        return self.bot.journal

    async def redeliver(self, update_id: int) -> None:
        """Send an already delivered update again with its update_id, as after a lost confirmation."""
        try:
            self.bot.updates.redeliver(update_id)
        except KeyError:
            raise LookupError(f"no update {update_id} was ever sent to the bot") from None

    # --- what users see ------------------------------------------------------------------------

    def history(self, user: UserRef) -> list[ChatMessage]:
        """The whole chat as it stands: both sides, in order, edits applied, deleted messages gone."""
        return [ChatMessage.of(message) for message in self._chat(user).messages.values()]

    def messages(self, user: UserRef) -> list[ChatMessage]:
        """The bot's messages in the chat as they stand."""
        return [ChatMessage.of(message) for message in self._chat(user).bot_messages()]

    def message(self, user: UserRef, message_id: int) -> ChatMessage:
        """One message as it stands now; LookupError if it was deleted."""
        return ChatMessage.of(self._stored(self.user(user), message_id))

    def refreshed(self, message: ChatMessage) -> ChatMessage:
        """`message` as it stands now, also for one shared through inline mode; LookupError if deleted."""
        if message.inline_message_id:
            return ChatMessage.of(self.bot.inline_messages[message.inline_message_id], message.inline_message_id)
        return self.message(message.chat_id, message.message_id)

    def last_message(self, user: UserRef) -> ChatMessage:
        """The bot's latest message in the chat as it stands."""
        bot_messages = self._chat(user).bot_messages()
        if not bot_messages:
            raise LookupError("the bot has sent nothing to this chat")
        return ChatMessage.of(bot_messages[-1])

    def reply_keyboard(self, user: UserRef) -> JsonDict | None:
        """The reply keyboard shown under the input field, if any."""
        return self._chat(user).reply_keyboard

    def mark_read(self, user: UserRef) -> None:
        """Make `next_message` wait for messages the bot sends from now on."""
        bot_messages = self._chat(user).bot_messages()
        self._read_up_to[self.user(user).id] = bot_messages[-1].message_id if bot_messages else 0

    async def next_message(self, user: UserRef, within: float = 5.0) -> ChatMessage:
        """The bot's next message to this user not yet returned here, waiting up to `within` seconds.

        Returns each bot message once, in order (skipping deleted ones); TimeoutError if none comes.
        """
        chat_user = self.user(user)

        def unread() -> ChatMessage | None:
            seen = self._read_up_to.get(chat_user.id, 0)
            for message in self._chat(chat_user).bot_messages():
                if message.message_id > seen:
                    self._read_up_to[chat_user.id] = message.message_id
                    return ChatMessage.of(message)
            return None

        try:
            return await self.wait_for(unread, within)
        except TimeoutError:
            shown = [message.content[:60] for message in self.messages(chat_user)[-3:]]
            raise TimeoutError(
                f"the bot sent {chat_user.first_name} nothing new within {within} s; its last messages: {shown}"
            ) from None

    async def wait_for(self, condition: Callable[[], T | None], within: float = 5.0) -> T:
        """Re-check `condition` on every chat change until it returns something truthy.

        TimeoutError after `within` seconds.
        """
        deadline = time.monotonic() + within
        while True:
            value = condition()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {within} s")
            await self.bot.changed.wait(remaining)

    # --- internals ---------------------------------------------------------------------------

    def _chat(self, user: UserRef) -> ChatLog:
        return self.bot.chat(self.user(user))

    def _send(self, user: UserRef, fields: JsonDict, reply_to: int | None = None) -> ChatMessage:
        sender = self.user(user)
        if reply_to is not None:
            replied = self._stored(sender, reply_to)
            fields = {
                **fields,
                "reply_to_message": {k: v for k, v in replied.data.items() if k != "reply_to_message"},
            }
        return ChatMessage.of(self.bot.receive(sender, fields))

    def _stored(self, user: SimUser, message: MessageRef) -> StoredMessage:
        message_id = message.message_id if isinstance(message, ChatMessage) else message
        stored = self._chat(user).messages.get(message_id)
        if stored is None:
            raise LookupError(f"message {message_id} is not in {user.first_name}'s chat (deleted?)")
        return stored

    def _pressable(self, user: SimUser, message: MessageRef) -> tuple[StoredMessage, str | None]:
        if isinstance(message, ChatMessage) and message.inline_message_id:
            return self.bot.inline_messages[message.inline_message_id], message.inline_message_id
        return self._stored(user, message), None
