"""Wiring: the Bot, the Dispatcher with its storage, middlewares and routers, in one place."""

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import DisabledEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.utils.i18n import I18n

from bot.chat_isolation import ChatIsolation
from bot.chat_state import ChatStates
from bot.handlers import register_handlers
from bot.i18n import build_i18n
from bot.middlewares.errors import ExplainDomainErrors
from bot.middlewares.flood import FloodControl
from bot.middlewares.metrics import CountFloodWaits, NameHandler, TimeUpdates
from bot.middlewares.responses import KeepResponseTypes
from bot.middlewares.users import UserLanguageMiddleware, UserMiddleware
from bot.update_claims import MemoryClaims, RedisClaims, UpdateClaims
from core.config import current_settings

# The events a person causes; each gets the user loaded and their language set.
_USER_EVENTS = ("message", "callback_query", "inline_query", "chosen_inline_result", "pre_checkout_query")


def build_bot(token: str, session: BaseSession | None = None) -> Bot:
    """A bot speaking HTML to TELEGRAM_API_URL (the sandbox or Telegram)."""
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(current_settings().telegram_api_url))
    session.middleware(KeepResponseTypes())
    session.middleware(CountFloodWaits())
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def _storage() -> tuple[BaseStorage, BaseEventIsolation, UpdateClaims]:
    """Chat state and update claims in Redis when REDIS_URL is set (shared by every worker), else in memory.

    With Redis, updates of one chat are handled one at a time across workers, so a photo
    album (several updates at once) lands in one wizard state (pre-checkout queries excepted).
    """
    if redis_url := current_settings().redis_url:
        redis_storage = RedisStorage.from_url(redis_url.get_secret_value())
        return redis_storage, ChatIsolation(redis_storage.create_isolation()), RedisClaims(redis_storage.redis)
    return ChatStates(), DisabledEventIsolation(), MemoryClaims()


def build_dispatcher(i18n: I18n | None = None, flood_control: FloodControl | None = None) -> Dispatcher:
    storage, isolation, claims = _storage()
    # The intake (bot/intake.py) claims each update with `update_claims` before handling it.
    dispatcher = Dispatcher(storage=storage, events_isolation=isolation, update_claims=claims)
    dispatcher.update.outer_middleware(TimeUpdates())
    root = Router(name="root")
    for name, observer in root.observers.items():
        if name not in ("update", "error"):
            observer.middleware(NameHandler())  # first, so the handler is named even when an inner one refuses
    for event in _USER_EVENTS:
        root.observers[event].outer_middleware(UserMiddleware())
    UserLanguageMiddleware(i18n or build_i18n()).setup(root)
    flood = flood_control or FloodControl()
    for event in ("message", "callback_query"):
        root.observers[event].outer_middleware(flood)
        root.observers[event].middleware(ExplainDomainErrors())
    register_handlers(root)
    dispatcher.include_router(root)
    return dispatcher
