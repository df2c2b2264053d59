"""What a simulated user sees: messages as they stand now, and how a payment ended."""

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

from sandbox.chats import StoredMessage

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class ChatMessage:
    """A snapshot of one message in a chat, taken after any edits so far.

    `reply_markup` is the inline keyboard; `keyboard` is a reply keyboard (or its removal, or a force
    reply) sent with the message, which Telegram shows below the input field instead.
    """

    message_id: int
    chat_id: int
    from_bot: bool
    text: str | None
    caption: str | None
    entities: list[JsonDict]
    photo: list[JsonDict]
    document: JsonDict | None
    reply_markup: JsonDict | None
    keyboard: JsonDict | None
    invoice: JsonDict | None
    successful_payment: JsonDict | None
    paid: bool
    media_group_id: str | None
    edited: bool
    update_id: int | None
    raw: JsonDict = field(repr=False)
    inline_message_id: str | None = None

    @classmethod
    def of(cls, stored: StoredMessage, inline_message_id: str | None = None) -> "ChatMessage":
        data = copy.deepcopy(stored.data)
        return cls(
            message_id=stored.message_id,
            chat_id=stored.chat_id,
            from_bot=stored.from_bot,
            text=data.get("text"),
            caption=data.get("caption"),
            entities=data.get("entities") or data.get("caption_entities") or [],
            photo=data.get("photo") or [],
            document=data.get("document"),
            reply_markup=data.get("reply_markup"),
            keyboard=copy.deepcopy(stored.keyboard),
            invoice=data.get("invoice"),
            successful_payment=data.get("successful_payment"),
            paid=stored.paid,
            media_group_id=data.get("media_group_id"),
            edited="edit_date" in data,
            update_id=stored.update_id,
            raw=data,
            inline_message_id=inline_message_id,
        )

    @property
    def content(self) -> str:
        """The text, or the caption of a media message ("" if neither)."""
        return self.text or self.caption or ""

    @property
    def buttons(self) -> list[list[JsonDict]]:
        """The inline keyboard's rows of buttons."""
        return list((self.reply_markup or {}).get("inline_keyboard", []))

    def button_texts(self) -> list[str]:
        """Every inline button's text, row by row."""
        return [button["text"] for row in self.buttons for button in row]

    def button(self, text: str) -> JsonDict:
        """The inline button labelled exactly `text`; LookupError naming the ones there are."""
        for row in self.buttons:
            for button in row:
                if button.get("text") == text:
                    return button
        raise LookupError(f"no button {text!r} on message {self.message_id}; it has {self.button_texts()}")

    def to_json(self) -> JsonDict:
        """A compact form for the sandbox's HTTP API."""
        return {
            "message_id": self.message_id,
            "from_bot": self.from_bot,
            "date": self.raw.get("date"),
            "text": self.text,
            "caption": self.caption,
            "entities": self.entities,
            "photo": self.photo,
            "document": self.document,
            "reply_markup": self.reply_markup,
            "keyboard": self.keyboard,
            "invoice": self.invoice,
            "successful_payment": self.successful_payment,
            "paid": self.paid,
            "edited": self.edited,
        }


@dataclass(frozen=True)
class PaymentOutcome:
    """How paying an invoice ended: `paid`, `declined` by the bot, or `timed_out` without an answer."""

    status: Literal["paid", "declined", "timed_out"]
    error_message: str | None = None
    successful_payment: JsonDict | None = None
    message: ChatMessage | None = None

    @property
    def paid(self) -> bool:
        return self.status == "paid"
