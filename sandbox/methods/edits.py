"""Editing and deleting messages the bot sent (or, for deletions, received)."""

import time
from typing import Any

from sandbox.chats import JsonDict, StoredMessage
from sandbox.errors import bad_request
from sandbox.methods.common import caption_fields, media_fields, message_json, reply_markup, text_fields
from sandbox.methods.registry import Call, method

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
_MEDIA_KINDS = {"photo": "photos", "document": "documents"}


@method("editMessageText")
async def edit_message_text(call: Call) -> JsonDict | bool:
    message = _editable(call)
    if "text" not in message.data:
        raise bad_request("there is no text in the message to edit")
    params = call.params
    fields = text_fields(params.text("text"), params.text("parse_mode"), params.json_value("entities"))
    return _apply(call, message, {"entities": None, **fields})


@method("editMessageCaption")
async def edit_message_caption(call: Call) -> JsonDict | bool:
    message = _editable(call)
    if not _has_media(message):
        raise bad_request("there is no caption in the message to edit")
    params = call.params
    captions = caption_fields(params.text("caption"), params.text("parse_mode"), params.json_value("caption_entities"))
    return _apply(call, message, {"caption": None, "caption_entities": None, **captions})


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(call: Call) -> JsonDict | bool:
    return _apply(call, _editable(call), {})


@method("editMessageMedia")
async def edit_message_media(call: Call) -> JsonDict | bool:
    message = _editable(call)
    if not _has_media(message):
        raise bad_request("there is no media in the message to edit")
    media = call.params.json_value("media", "can't parse InputMedia JSON object")
    if not isinstance(media, dict) or media.get("type") not in _MEDIA_KINDS or not isinstance(media.get("media"), str):
        raise bad_request("can't parse InputMedia JSON object")
    value = call.params.attachment(media["media"])
    content = {
        "photo": None,
        "document": None,
        "caption": None,
        "caption_entities": None,
        **media_fields(call.bot, value, _MEDIA_KINDS[media["type"]]),
        **caption_fields(media.get("caption"), media.get("parse_mode"), media.get("caption_entities")),
    }
    return _apply(call, message, content)


@method("deleteMessage")
async def delete_message(call: Call) -> bool:
    message = call.bot.find_message(call.params.raw("chat_id"), call.params.integer("message_id"))
    if message is None:
        raise bad_request("message to delete not found")
    _delete(call, message)
    return True


@method("deleteMessages")
async def delete_messages(call: Call) -> bool:
    ids = call.params.json_value("message_ids", "can't parse message identifiers JSON array")
    if not isinstance(ids, list) or not ids:
        raise bad_request("message identifiers are not specified")
    for message_id in ids:
        message = call.bot.find_message(call.params.raw("chat_id"), message_id)
        if message is not None:
            _delete(call, message)
    return True


def _delete(call: Call, message: StoredMessage) -> None:
    chat = call.bot.chats[message.chat_id]
    del chat.messages[message.message_id]
    chat.record_bot_action()
    call.bot.changed.notify()


def _editable(call: Call) -> StoredMessage:
    params = call.params
    inline_message_id = params.text("inline_message_id")
    if inline_message_id:
        inline = call.bot.inline_messages.get(inline_message_id)
        if inline is None:
            raise bad_request("MESSAGE_ID_INVALID")
        return inline
    if not params.has("chat_id"):
        raise bad_request("chat_id is empty")
    if not params.integer("message_id"):
        raise bad_request("message identifier is not specified")
    message = call.bot.find_message(params.raw("chat_id"), params.integer("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _has_media(message: StoredMessage) -> bool:
    return "photo" in message.data or "document" in message.data


def _apply(call: Call, message: StoredMessage, content: dict[str, Any]) -> JsonDict | bool:
    """Replace `content` keys (None removes one) and the inline keyboard, unless nothing changes."""
    markup = reply_markup(call.params)
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("can't parse inline keyboard markup JSON object")
    wanted = {**content, "reply_markup": markup}
    data = message.data
    if all((data.get(key) or None) == (value or None) for key, value in wanted.items()):
        raise bad_request(NOT_MODIFIED)
    for key, value in wanted.items():
        if value:
            data[key] = value
        else:
            data.pop(key, None)
    data["edit_date"] = int(time.time())
    if not call.params.has("inline_message_id"):
        call.bot.chats[message.chat_id].record_bot_action()
    call.bot.changed.notify()
    # Messages sent through inline mode live in other people's chats: Telegram only says True.
    return True if call.params.has("inline_message_id") else message_json(message)
