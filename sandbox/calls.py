"""One Bot API call as Telegram's side carries it out: under the bot's fault plan, and in its journal if kept."""

import asyncio
import logging
from typing import Any

from sandbox.errors import ApiError, too_many_requests
from sandbox.faults import CallFault, NoAnswer
from sandbox.methods import Described, invoke
from sandbox.params import Params
from sandbox.state import BotState

logger = logging.getLogger(__name__)

# How long a call that times out hangs before its connection closes: long enough to be a wait, short
# enough that a simulation does not crawl (a real client gives up after its own timeout).
HANG_SECONDS = 0.3
BAD_GATEWAY = ApiError(502, "Bad Gateway")


async def perform(bot: BotState, name: str, params: Params) -> Any:
    """Run method `name`: its result, an `ApiError`, or `NoAnswer` when the plan says the bot hears nothing."""
    fault = bot.faults.call_fault(name, _chat_id(params)) if bot.faults else None
    if fault in (CallFault.FLOOD, CallFault.SERVER_ERROR, CallFault.TIMEOUT):
        if bot.journal is not None:
            bot.journal.call(name, params, None, done=False, fault=fault)
        if fault is CallFault.FLOOD:
            raise too_many_requests(1)
        if fault is CallFault.SERVER_ERROR:
            raise BAD_GATEWAY
        await asyncio.sleep(HANG_SECONDS)
        raise NoAnswer
    try:
        result = await invoke(bot, name, params)
    except ApiError:
        if bot.journal is not None:
            bot.journal.call(name, params, None, done=False, fault=None)
        raise
    if bot.journal is not None:
        bot.journal.call(name, params, result, done=True, fault=fault)
    if fault is CallFault.LOST_ANSWER:
        raise NoAnswer
    return result


async def answer(bot: BotState, name: str, params: Params) -> tuple[int, dict[str, Any]]:
    """Run method `name` and word the outcome as Telegram's JSON answer: (HTTP status, body).

    `NoAnswer` passes through: whoever carries the call (the HTTP server, or a client in the same process)
    decides what hearing nothing looks like.
    """
    try:
        result = await perform(bot, name, params)
    except ApiError as error:
        logger.info("%s -> %s %s", name, error.error_code, error.description)
        return error.error_code, error.to_json()
    except NoAnswer:
        logger.info("%s -> no answer (injected fault)", name)
        raise
    logger.debug("%s -> ok", name)
    if isinstance(result, Described):
        return 200, {"ok": True, "result": result.result, "description": result.description}
    return 200, {"ok": True, "result": result}


def _chat_id(params: Params) -> int | None:
    try:
        return int(params.raw("chat_id"))
    except (TypeError, ValueError):
        return None
