"""Photos the admin web fetched from Telegram, kept on disk so a page view does not call the Bot API again.

A bounded diskcache (least recently stored goes first once `PHOTO_CACHE_MB` is reached), shared by every admin web
process on the machine. A Telegram file id always names the same bytes, so an entry never goes stale; each carries
an ETag of its bytes, so a browser that has the photo gets a 304 instead of the bytes again. Identity documents are
never kept here: they are personal data with a retention period of their own.
"""

import asyncio
import hashlib
from dataclasses import dataclass
from pathlib import Path

from diskcache import Cache

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Photo:
    data: bytes
    content_type: str
    etag: str  # quoted, as the header carries it

    @classmethod
    def of(cls, data: bytes, content_type: str) -> "Photo":
        return cls(data, content_type, f'"{hashlib.sha256(data).hexdigest()[:32]}"')


class PhotoCache:
    """Disk reads and writes run in a thread: a photo may be megabytes, and the event loop serves everyone else."""

    def __init__(self, folder: Path, megabytes: int) -> None:
        self._cache = Cache(str(folder), size_limit=megabytes * _MB, eviction_policy="least-recently-stored")

    async def get(self, file_id: str) -> Photo | None:
        found = await asyncio.to_thread(self._cache.get, file_id)
        return Photo(*found) if found else None

    async def keep(self, file_id: str, photo: Photo) -> None:
        await asyncio.to_thread(self._cache.set, file_id, (photo.data, photo.content_type, photo.etag))

    def volume(self) -> int:
        """Bytes on disk."""
        return int(self._cache.volume())

    def close(self) -> None:
        self._cache.close()
