"""sendMessage, sendPhoto, sendDocument and sendMediaGroup."""

import random
from typing import Any

from sandbox.errors import bad_request
from sandbox.limits import MEDIA_GROUP_SIZE
from sandbox.methods.common import (
    caption_fields,
    deliver,
    destination,
    media_fields,
    message_json,
    text_fields,
)
from sandbox.methods.registry import Call, method

_GROUP_KINDS = {"photo": "photos", "document": "documents"}


@method("sendMessage")
async def send_message(call: Call) -> dict[str, Any]:
    chat = destination(call)
    params = call.params
    fields = text_fields(params.text("text"), params.text("parse_mode"), params.json_value("entities"))
    return message_json(deliver(call, chat, fields))


@method("sendPhoto")
async def send_photo(call: Call) -> dict[str, Any]:
    return await _send_media(call, "photo", "photos")


@method("sendDocument")
async def send_document(call: Call) -> dict[str, Any]:
    return await _send_media(call, "document", "documents")


async def _send_media(call: Call, field: str, kind: str) -> dict[str, Any]:
    chat = destination(call)
    params = call.params
    captions = caption_fields(params.text("caption"), params.text("parse_mode"), params.json_value("caption_entities"))
    fields = {**media_fields(call.bot, params.file(field), kind), **captions}
    return message_json(deliver(call, chat, fields))


@method("sendMediaGroup")
async def send_media_group(call: Call) -> list[dict[str, Any]]:
    chat = destination(call)
    media = call.params.json_value("media", "can't parse media JSON object")
    if not isinstance(media, list) or not all(isinstance(item, dict) for item in media):
        raise bad_request("can't parse media JSON object")
    if not media:
        raise bad_request("there are no messages to send")
    if len(media) > MEDIA_GROUP_SIZE.stop - 1:
        raise bad_request("too many messages to send as an album")
    if len(media) < MEDIA_GROUP_SIZE.start:
        # The documentation's 2-10 rule; this wording is the sandbox's own.
        raise bad_request("media group must include 2-10 items")
    kinds = {item.get("type") for item in media}
    if "document" in kinds and len(kinds) > 1:
        # Telegram refuses such albums; this wording is the sandbox's own.
        raise bad_request("documents can't be mixed with other media types in an album")
    group_id = str(random.randint(10**17, 10**18))
    # Check every item before sending any, so a refused album sends nothing.
    albums = [{**_group_item(call, item), "media_group_id": group_id} for item in media]
    return [message_json(deliver(call, chat, fields)) for fields in albums]


def _group_item(call: Call, item: dict[str, Any]) -> dict[str, Any]:
    kind = item.get("type")
    if kind not in _GROUP_KINDS:
        raise bad_request(f"can't parse InputMedia: type \"{kind}\" can't be used in sendMediaGroup")
    value = item.get("media")
    if not isinstance(value, str) or not value:
        raise bad_request("can't parse InputMedia: media not found")
    captions = caption_fields(item.get("caption"), item.get("parse_mode"), item.get("caption_entities"))
    return {**media_fields(call.bot, call.params.attachment(value), _GROUP_KINDS[kind]), **captions}
