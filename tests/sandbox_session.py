"""An aiogram session that calls the Bot API sandbox in the same process, with no HTTP in between.

The bot's side is aiogram's own: `BaseSession.prepare_value` turns every field into the text an
`AiohttpSession` would put in its form, files become uploads, and `check_response` reads the sandbox's JSON
answer into results and `TelegramAPIError`s. Only the transport is gone, so a bot story waits for nothing but
the bot. What cannot happen without a network is worded as aiohttp would: hearing nothing
(`NoAnswer`, a fault plan's lost answer or timeout) is a `TelegramNetworkError`, as is running out of time.
Tests of the HTTP path itself (polling and webhooks over real HTTP) use `AiohttpSession` against `serve`.
"""

import asyncio
import json
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile
from aiohttp import ClientResponseError, RequestInfo
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from sandbox import Sandbox
from sandbox.calls import answer
from sandbox.errors import NOT_FOUND, ApiError
from sandbox.faults import NoAnswer
from sandbox.params import Params, Upload

# Where aiogram thinks the files are: only `stream_content` reads these URLs, and it never leaves the process.
BASE = "http://sandbox.in-process"
# What aiohttp's multipart form says of an uploaded file's type, so the sandbox guesses it from the name.
UPLOAD_TYPE = "application/octet-stream"


class SandboxSession(BaseSession):
    """Sends a bot's calls straight to `sandbox` (see the module's docstring)."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__(api=TelegramAPIServer.from_base(BASE))
        self.sandbox = sandbox

    async def close(self) -> None:
        """Nothing to close: there is no connection."""

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's signature)
    ) -> TelegramType:
        params = await self._params(bot, method)
        try:
            async with asyncio.timeout(self.timeout if timeout is None else timeout):
                status, body = await self._answer(bot.token, method.__api_method__, params)
        except TimeoutError as error:
            raise TelegramNetworkError(method=method, message="Request timeout error") from error
        except NoAnswer as error:
            raise TelegramNetworkError(method=method, message="ServerDisconnectedError: Server disconnected") from error
        content = json.dumps(body, ensure_ascii=False)
        return self.check_response(bot=bot, method=method, status_code=status, content=content).result

    async def _answer(self, token: str, name: str, params: Params) -> tuple[int, dict[str, Any]]:
        try:
            bot = self.sandbox.bot(token)
        except ApiError as error:  # a malformed token
            return error.error_code, error.to_json()
        return await answer(bot, name, params)

    async def _params(self, bot: Bot, method: TelegramMethod[TelegramType]) -> Params:
        """The call's fields as the sandbox's HTTP server would read them from `AiohttpSession`'s form."""
        files: dict[str, InputFile] = {}
        values = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:  # the form leaves out empty fields too
                values[key] = prepared
        uploads = {
            key: Upload(b"".join([chunk async for chunk in file.read(bot)]), file.filename or key, UPLOAD_TYPE)
            for key, file in files.items()
        }
        return Params(values, uploads)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 (aiogram's signature)
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """A file the bot downloads (`Bot.download`), from `/file/bot<token>/<path>` as the HTTP server has it."""
        token, _, path = url.removeprefix(f"{BASE}/file/bot").partition("/")
        try:
            stored = self.sandbox.bot(token).files.by_path(path)
            if stored is None:
                raise NOT_FOUND
        except ApiError as error:
            if raise_for_status:
                request = RequestInfo(URL(url), "GET", CIMultiDictProxy(CIMultiDict()))
                raise ClientResponseError(request, (), status=error.error_code, message=error.description) from None
            yield json.dumps(error.to_json()).encode()
            return
        for start in range(0, len(stored.data), chunk_size):
            yield stored.data[start : start + chunk_size]
