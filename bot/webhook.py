"""Webhook mode: an aiohttp server that takes Telegram's POSTs for the bot and feeds them to the dispatcher.

Telegram waits for the answer to each POST and sends the update again when the answer is not 2xx,
holding back the chat's later updates meanwhile. An update is answered once it is handled
(bot/intake.py: a payment in it kept first), so a worker killed mid-update leaves it to be sent again;
a copy that another worker is handling right now is answered 503, so Telegram sends it again later. At
most UPDATES_IN_FLIGHT updates are handled at once per worker; beyond that a POST waits for a free slot,
which slows Telegram down instead of piling a burst up in memory. (aiogram's SimpleRequestHandler
answers before handling, keeps nothing first, starts any number of tasks, checks no secret when none is
set, and closes the bot's session at shutdown.)
"""

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.intake import DRAIN_SECONDS, Handled, UpdateIntake
from bot.probes import add_probes

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookIntake:
    """Checks the secret, then answers once the update is taken in and handled (bot/intake.py)."""

    def __init__(self, intake: UpdateIntake, bot: Bot, secret: str) -> None:
        self._intake = intake
        self._bot = bot
        self._secret = secret.encode()

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("refused a webhook call without the right secret token")
            return web.Response(status=401, text="Unauthorized")
        try:
            update = Update.model_validate(await request.json(), context={"bot": self._bot})
        except (ValueError, ValidationError):
            return web.Response(status=400, text="Bad Request: not an update")
        try:
            handled = await (await self._intake.accept(update))
        except Exception:
            # Not acknowledged, so Telegram sends it again: a payment is never answered before it is kept.
            log.exception("could not take update %s; Telegram will send it again", update.update_id)
            return web.Response(status=503, text="Try again")
        if handled is Handled.BUSY:  # another worker has it; should it die, the copy Telegram sends later is ours
            return web.Response(status=503, text="Being handled")
        return web.json_response({})

    async def drain(self, app: web.Application) -> None:
        await self._intake.drain(DRAIN_SECONDS)


async def _health(request: web.Request) -> web.Response:
    """For the load balancer: this worker takes updates (`/health/ready` also asks the database and Redis)."""
    return web.Response(text="ok")


def webhook_app(dispatcher: Dispatcher, bot: Bot, secret: str, max_in_flight: int) -> web.Application:
    intake = WebhookIntake(UpdateIntake(dispatcher, bot, max_in_flight, dispatcher.get("update_claims")), bot, secret)
    app = web.Application()
    app.router.add_post(WEBHOOK_PATH, intake.receive)
    app.router.add_get("/health", _health)
    add_probes(app)
    app.on_shutdown.append(intake.drain)
    return app


async def register_webhook(bot: Bot, dispatcher: Dispatcher, public_url: str, secret: str) -> None:
    """Tell Telegram where to post; every worker does it at start, with the same values."""
    await bot.set_webhook(
        f"{public_url}{WEBHOOK_PATH}",
        secret_token=secret,
        allowed_updates=dispatcher.resolve_used_update_types(),
        drop_pending_updates=False,
    )


@asynccontextmanager
async def serving_webhook(
    dispatcher: Dispatcher, bot: Bot, secret: str, host: str, port: int, max_in_flight: int
) -> AsyncIterator[str]:
    """Take updates on `host:port` (0: a free port) while the block runs; yields the local base URL."""
    runner = web.AppRunner(webhook_app(dispatcher, bot, secret, max_in_flight), access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    # Several workers on one machine may share WEBHOOK_PORT: the kernel spreads connections among them.
    await web.TCPSite(runner, host, port, reuse_port=True).start()
    bound_host, bound_port = runner.addresses[0][:2]
    await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher)
    try:
        yield f"http://{bound_host}:{bound_port}"
    finally:
        await runner.cleanup()
        await dispatcher.emit_shutdown(bot=bot, dispatcher=dispatcher)
