"""The sandbox's HTTP server: the Bot API at /bot<token>/<method>, files, the driver's JSON API and the chat page."""

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from sandbox.calls import answer
from sandbox.chat_page import add_chat_page
from sandbox.driver_api import add_driver_routes
from sandbox.errors import NOT_FOUND, ApiError, bad_request
from sandbox.faults import NoAnswer
from sandbox.params import Params, Upload
from sandbox.state import Sandbox

logger = logging.getLogger(__name__)

SANDBOX = web.AppKey("sandbox", Sandbox)
# Telegram takes uploads of up to 50 MB through the Bot API.
MAX_REQUEST_BYTES = 50 * 1024 * 1024


def build_app(sandbox: Sandbox, *, admin_url: str | None = None) -> web.Application:
    """The aiohttp application serving `sandbox`; its chat page links to `admin_url` when given."""
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app[SANDBOX] = sandbox
    app.router.add_route("*", "/bot{token}/{method}", _handle_method)
    app.router.add_get("/file/bot{token}/{path:.+}", _handle_file)
    add_driver_routes(app, sandbox)
    add_chat_page(app, admin_url)
    app.on_shutdown.append(_close_sandbox)
    return app


@asynccontextmanager
async def serve(
    sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0, *, admin_url: str | None = None
) -> AsyncIterator[str]:
    """Run the sandbox on `host:port` (0: any free port) and yield its base URL, e.g. for TELEGRAM_API_URL."""
    runner = web.AppRunner(build_app(sandbox, admin_url=admin_url), shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_host, bound_port = runner.addresses[0][:2]
    try:
        yield f"http://{bound_host}:{bound_port}"
    finally:
        await runner.cleanup()


async def _close_sandbox(app: web.Application) -> None:
    await app[SANDBOX].close()


async def _handle_method(request: web.Request) -> web.Response:
    name = request.match_info["method"]
    try:
        bot = request.app[SANDBOX].bot(request.match_info["token"])
        params = await _read_params(request)
    except ApiError as error:
        logger.info("%s -> %s %s", name, error.error_code, error.description)
        return _json(error.to_json(), status=error.error_code)
    try:
        status, body = await answer(bot, name, params)
    except NoAnswer:
        if request.transport is not None:
            request.transport.close()
        return web.Response()
    return _json(body, status=status)


async def _handle_file(request: web.Request) -> web.Response:
    try:
        bot = request.app[SANDBOX].bot(request.match_info["token"])
    except ApiError as error:
        return _json(error.to_json(), status=error.error_code)
    stored = bot.files.by_path(request.match_info["path"])
    if stored is None:
        return _json(NOT_FOUND.to_json(), status=404)
    return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")


async def _read_params(request: web.Request) -> Params:
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON request body") from None
            if isinstance(body, dict):
                values.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    uploads[key] = Upload(value.file.read(), value.filename, value.content_type)
                else:
                    values[key] = value
    return Params(values, uploads)


def _json(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json",
    )
