"""What the sending methods share: the destination chat, reply options, captions and media files."""

import copy
import mimetypes
from typing import Any

from sandbox.chats import ChatLog, JsonDict, StoredMessage
from sandbox.errors import bad_request
from sandbox.files import StoredFile, image_size
from sandbox.formatting import format_text
from sandbox.limits import check_caption, check_reply_markup, check_text
from sandbox.methods.registry import Call
from sandbox.params import Params, Upload
from sandbox.state import BotState

MARKUP_ERROR = "can't parse reply keyboard markup JSON object"


def destination(call: Call) -> ChatLog:
    """The chat named by `chat_id`, if the bot may write there."""
    return call.bot.target_chat(call.params.raw("chat_id"))


def reply_markup(params: Params) -> JsonDict | None:
    return check_reply_markup(params.json_value("reply_markup", MARKUP_ERROR))


def deliver(call: Call, chat: ChatLog, fields: JsonDict) -> StoredMessage:
    """Post a checked message from the bot, with the reply options of the call; flood control applies."""
    fields = {**fields, **_reply_to(call.params, chat)}
    markup = reply_markup(call.params)
    call.bot.flood.check(chat.user.id)
    return call.bot.post(chat, fields, markup)


def message_json(message: StoredMessage) -> JsonDict:
    return copy.deepcopy(message.data)


def text_fields(text: str | None, parse_mode: str | None, entities: Any) -> JsonDict:
    """`text` and `entities` of a text message; 400 if empty or over 4096 characters after parsing."""
    formatted = format_text(text, parse_mode, entities)
    check_text(formatted.text)
    fields: JsonDict = {"text": formatted.text}
    if formatted.entities:
        fields["entities"] = formatted.entities
    return fields


def caption_fields(caption: str | None, parse_mode: str | None, entities: Any) -> JsonDict:
    """`caption` and `caption_entities` for a media message; 400 if over 1024 characters."""
    formatted = format_text(caption, parse_mode, entities)
    check_caption(formatted.text)
    fields: JsonDict = {}
    if formatted.text:
        fields["caption"] = formatted.text
        if formatted.entities:
            fields["caption_entities"] = formatted.entities
    return fields


def media_fields(bot: BotState, value: Upload | str | None, kind: str) -> JsonDict:
    """`photo` (a PhotoSize list) or `document` for an upload or an existing file_id."""
    name = "photo" if kind == "photos" else "document"
    if value is None:
        raise bad_request(f"there is no {name} in the request")
    if isinstance(value, Upload):
        return _uploaded(bot, value, kind)
    if value.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")
    stored = bot.files.existing(value)
    if kind == "photos":
        if stored.kind != "photos":
            raise bad_request("type of file mismatch")
        return {"photo": bot.files.photo_sizes(stored.file_id)}
    return {"document": stored.document_json()}


def _uploaded(bot: BotState, upload: Upload, kind: str) -> JsonDict:
    if not upload.data:
        raise bad_request("file must be non-empty")
    if kind == "photos":
        size = image_size(upload.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        return {"photo": bot.files.add_photo(upload.data, *size)}
    mime_type = upload.content_type
    if not mime_type or mime_type == "application/octet-stream":
        mime_type = mimetypes.guess_type(upload.filename or "")[0] or "application/octet-stream"
    stored: StoredFile = bot.files.add(upload.data, kind, file_name=upload.filename, mime_type=mime_type)
    return {"document": stored.document_json()}


def _reply_to(params: Params, chat: ChatLog) -> JsonDict:
    reply = params.json_value("reply_parameters", "can't parse reply parameters JSON object") or {}
    message_id = reply.get("message_id") if isinstance(reply, dict) else None
    if message_id is None:
        message_id = params.integer("reply_to_message_id")
    if not message_id:
        return {}
    replied = chat.messages.get(int(message_id))
    if replied is None:
        if reply.get("allow_sending_without_reply") or params.flag("allow_sending_without_reply"):
            return {}
        raise bad_request("message to be replied not found")
    return {"reply_to_message": {k: v for k, v in message_json(replied).items() if k != "reply_to_message"}}
