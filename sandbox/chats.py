"""Simulated users and the private chats they have with a bot."""

import time
from dataclasses import dataclass, field
from typing import Any

from sandbox.signals import Signal

JsonDict = dict[str, Any]


@dataclass
class SimUser:
    """A simulated Telegram user; their private chat with a bot has the same id."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "en"
    last_name: str | None = None

    def to_json(self) -> JsonDict:
        """The `User` object."""
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                user[key] = getattr(self, key)
        return user

    def chat_json(self) -> JsonDict:
        """The private `Chat` object."""
        chat: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass(frozen=True)
class InvoiceTerms:
    """What an invoice message asks for, including the payload only the bot and the provider see."""

    title: str
    description: str
    payload: str
    currency: str
    total_amount: int
    provider_token: str
    start_parameter: str = ""


@dataclass
class StoredMessage:
    """A message as Telegram serialises it (`data`), kept current through edits."""

    data: JsonDict
    from_bot: bool
    invoice: InvoiceTerms | None = None
    # A reply keyboard, its removal or a force reply: the user sees it, but Telegram's Message
    # object only carries inline keyboards in `reply_markup`.
    keyboard: JsonDict | None = None
    paid: bool = False
    update_id: int | None = None

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    @property
    def chat_id(self) -> int:
        return int(self.data["chat"]["id"])


@dataclass
class ChatLog:
    """One user's private chat with one bot, in order; deleted messages are gone from it."""

    user: SimUser
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    started: bool = False
    blocked: bool = False
    reply_keyboard: JsonDict | None = None
    # Every message the bot sent, edited or deleted here: how a load generator knows an answer is complete.
    bot_actions: int = 0
    bot_acted: Signal = field(default_factory=Signal)
    _last_message_id: int = 0

    def add(self, fields: JsonDict, sender: JsonDict, *, from_bot: bool) -> StoredMessage:
        """Append a message with the next message_id, the current date, this chat and `sender`."""
        self._last_message_id += 1
        data = {
            "message_id": self._last_message_id,
            "from": sender,
            "chat": self.user.chat_json(),
            "date": int(time.time()),
            **fields,
        }
        message = StoredMessage(data=data, from_bot=from_bot)
        self.messages[message.message_id] = message
        return message

    def record_bot_action(self) -> None:
        self.bot_actions += 1
        self.bot_acted.notify()

    def bot_messages(self) -> list[StoredMessage]:
        return [message for message in self.messages.values() if message.from_bot]
