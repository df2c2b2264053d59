"""Photos a wizard collects, sent one by one or as albums, kept in the chat's FSM data.

Telegram delivers an album as one message per photo, sharing a `media_group_id`, and the
dispatcher handles them concurrently. Each photo is added on its own (a read-modify-write with
no await in between on the memory storage; Redis storage needs the dispatcher's event isolation
for the same guarantee), and only the album's last photo answers, after a short quiet spell,
so the user gets one reply per album instead of one per photo.
"""

import asyncio
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

ALBUM_QUIET_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class Collected:
    kept: int  # photos collected so far
    refused: int  # photos not added, since the last answer, because `limit` was reached


def photo_ids(data: dict[str, Any], key: str) -> list[str]:
    """The file ids collected under `key`, in the order the user sent them."""
    return [file_id for _, file_id in data.get(key, [])]


async def collect_photo(message: Message, state: FSMContext, key: str, limit: int) -> Collected | None:
    """Add the message's photo under `key` (at most `limit`); None when a later photo of its album answers."""
    assert message.photo
    entry = [message.message_id, message.photo[-1].file_id]
    asked_in = await state.get_state()
    data = await state.get_data()
    photos: list[list[Any]] = data.get(key, [])
    refused: int = data.get(f"{key}.refused", 0)
    if len(photos) < limit:
        photos = sorted([*photos, entry])
    else:
        refused += 1
    latest = max(data.get(f"{key}.latest", 0), message.message_id)
    await state.update_data({key: photos, f"{key}.refused": refused, f"{key}.latest": latest})
    if message.media_group_id:
        await asyncio.sleep(ALBUM_QUIET_SECONDS)
        if await state.get_state() != asked_in:
            return None
        data = await state.get_data()
        if data.get(f"{key}.latest") != message.message_id:
            return None
        photos, refused = data.get(key, []), data.get(f"{key}.refused", 0)
    await state.update_data({f"{key}.refused": 0})
    return Collected(kept=len(photos), refused=refused)
