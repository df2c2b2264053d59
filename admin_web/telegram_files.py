"""Photos people sent the bot, fetched from the Bot API (`getFile`, then the file download)."""

import logging
import re

import aiohttp

from core.config import current_settings

log = logging.getLogger(__name__)
_FILE_ID = re.compile(r"[A-Za-z0-9_\-]{1,255}")
MAX_BYTES = 20 * 1024 * 1024  # the Bot API's own download limit


class FileUnavailable(Exception):
    """No bot token, an unknown file, or the Bot API did not answer."""


async def download(http: aiohttp.ClientSession, file_id: str) -> tuple[bytes, str]:
    """The file's bytes and content type."""
    settings = current_settings()
    if not settings.bot_token or not _FILE_ID.fullmatch(file_id):
        raise FileUnavailable
    base = f"{settings.telegram_api_url}/bot{settings.bot_token.get_secret_value()}"
    files = f"{settings.telegram_api_url}/file/bot{settings.bot_token.get_secret_value()}"
    try:
        async with http.get(f"{base}/getFile", params={"file_id": file_id}) as answer:
            body = await answer.json(content_type=None)
        path = body.get("result", {}).get("file_path") if body.get("ok") else None
        if not path:
            raise FileUnavailable
        async with http.get(f"{files}/{path}") as download_response:
            if download_response.status != 200:
                raise FileUnavailable
            data = await _read_at_most(download_response, MAX_BYTES)
            content_type = download_response.content_type
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        log.warning("Bot API file download failed: %s", type(exc).__name__)
        raise FileUnavailable from None
    if not content_type.startswith("image/"):
        content_type = "image/jpeg" if path.endswith((".jpg", ".jpeg")) else "application/octet-stream"
    return data, content_type


async def _read_at_most(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """The whole body (one `read(n)` returns only what has arrived so far), refused beyond `limit` bytes."""
    data = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        data += chunk
        if len(data) > limit:
            raise FileUnavailable
    return bytes(data)
