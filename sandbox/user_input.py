"""The message fields a Telegram client would send for a user's text, photos, files and stickers."""

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sandbox.files import FileStore, image_size, make_png
from sandbox.html_entities import utf16_len
from sandbox.limits import MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH

JsonDict = dict[str, Any]

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
FALLBACK_PHOTO_SIZE = (1280, 960)


def text_fields(text: str) -> JsonDict:
    """`text`, with the bot_command entity Telegram marks when the text starts with a command."""
    if not text.strip():
        raise ValueError("a Telegram client does not send an empty message")
    if utf16_len(text) > MAX_TEXT_LENGTH:
        raise ValueError(f"a Telegram client splits text over {MAX_TEXT_LENGTH} characters; send parts")
    fields: JsonDict = {"text": text}
    command = _COMMAND.match(text)
    if command:
        fields["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}]
    return fields


def caption_fields(caption: str | None) -> JsonDict:
    if not caption:
        return {}
    if utf16_len(caption) > MAX_CAPTION_LENGTH:
        raise ValueError(f"a caption is at most {MAX_CAPTION_LENGTH} characters")
    return {"caption": caption}


def photo_fields(files: FileStore, data: bytes | None) -> JsonDict:
    """`photo`: the PhotoSize list of a stored image (a generated PNG when `data` is None)."""
    data = make_png() if data is None else data
    width, height = image_size(data) or FALLBACK_PHOTO_SIZE
    return {"photo": files.add_photo(data, width, height)}


def document_fields(files: FileStore, data: bytes, file_name: str, mime_type: str) -> JsonDict:
    stored = files.add(data, "documents", file_name=file_name, mime_type=mime_type)
    return {"document": stored.document_json()}


def sticker_fields(files: FileStore, emoji: str) -> JsonDict:
    stored = files.add(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "stickers", mime_type="image/webp", size=(512, 512))
    return {
        "sticker": {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.data),
        }
    }


def voice_fields(files: FileStore, data: bytes, duration: int) -> JsonDict:
    stored = files.add(data, "voice", mime_type="audio/ogg")
    return {
        "voice": {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(stored.data),
        }
    }


def start_payload(url: str, bot_username: str) -> str | None:
    """The `start` payload of a deep link to this bot (t.me or tg://resolve); None if it has none.

    ValueError for a link to another bot or a payload Telegram would not pass on (over 64 characters
    or outside A-Z a-z 0-9 _ -).
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    # tg://resolve?domain=<bot>&start=... or https://t.me/<bot>?start=...
    username = query.get("domain", [""])[0] if parts.scheme == "tg" else parts.path.strip("/").split("/")[0]
    if username.lower() != bot_username.lower():
        raise ValueError(f"{url} does not lead to @{bot_username}")
    payload = query.get("start", [None])[0]
    if payload is not None and not _START_PAYLOAD.match(payload):
        raise ValueError(f"Telegram would not pass the start payload {payload!r} (1-64 of A-Z a-z 0-9 _ -)")
    return payload
