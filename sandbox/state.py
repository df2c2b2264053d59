"""The sandbox's world: simulated users and, per bot token, a bot with its chats, files and updates."""

import itertools
import logging
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sandbox.chats import ChatLog, JsonDict, SimUser, StoredMessage
from sandbox.errors import UNAUTHORIZED, bad_request, forbidden
from sandbox.faults import FaultPlan
from sandbox.files import FileStore
from sandbox.journal import Journal
from sandbox.limits import FloodGate
from sandbox.queries import CallbackAnswer, InlineAnswer, PendingAnswers, PreCheckoutAnswer
from sandbox.signals import Signal
from sandbox.updates import UpdateQueue
from sandbox.webhook import Balancer, ReplyHandler, WebhookConfig, WebhookSender, direct

if TYPE_CHECKING:
    from sandbox.driver import Driver

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"^(\d{1,20}):[A-Za-z0-9_-]{1,100}$")
# Real user ids passed 2**32 long ago; starting above it catches 32-bit columns.
_FIRST_USER_ID = 7_000_000_001


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is: its id comes from the token's numeric prefix."""

    id: int
    username: str
    first_name: str

    def sender_json(self) -> JsonDict:
        """The `User` in `from` of the bot's messages."""
        return {"id": self.id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def me_json(self) -> JsonDict:
        """What getMe returns."""
        return {
            **self.sender_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }


class BotState:
    """Everything Telegram keeps for one bot."""

    def __init__(self, sandbox: "Sandbox", token: str, identity: BotIdentity) -> None:
        self.sandbox = sandbox
        self.token = token
        self.identity = identity
        self.updates = UpdateQueue()
        self.webhook: WebhookSender | None = None
        self.balancer: Balancer | None = None
        self.chats: dict[int, ChatLog] = {}
        self.files = FileStore(None if sandbox.files_dir is None else sandbox.files_dir / str(identity.id))
        self.commands: dict[str, list[JsonDict]] = {}
        self.callback_answers: PendingAnswers[CallbackAnswer] = PendingAnswers()
        self.inline_answers: PendingAnswers[InlineAnswer] = PendingAnswers()
        self.pre_checkout_answers: PendingAnswers[PreCheckoutAnswer] = PendingAnswers()
        self.inline_messages: dict[str, StoredMessage] = {}
        self.flood = FloodGate(sandbox.flood_limit)
        # Set by a driver for simulations (Driver.inject_faults, Driver.keep_journal); None otherwise.
        self.faults: FaultPlan | None = None
        self.journal: Journal | None = None
        self.changed = Signal()
        self._charges = itertools.count(1)

    def chat(self, user: SimUser) -> ChatLog:
        """The user's private chat with this bot, created empty on first use."""
        if user.id not in self.chats:
            self.chats[user.id] = ChatLog(user)
        return self.chats[user.id]

    def target_chat(self, chat_id: Any) -> ChatLog:
        """The chat a bot sends to, refused as Telegram refuses unknown and unstarted chats."""
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        try:
            user = self.sandbox.users.get(int(chat_id))
        except (TypeError, ValueError):
            user = None
        if user is None:
            raise bad_request("chat not found")
        chat = self.chats.get(user.id)
        if chat is None or not chat.started:
            raise forbidden("bot can't initiate conversation with a user")
        if chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def find_message(self, chat_id: Any, message_id: Any) -> StoredMessage | None:
        try:
            chat = self.chats.get(int(chat_id))
            return chat.messages.get(int(message_id)) if chat else None
        except (TypeError, ValueError):
            return None

    def post(self, chat: ChatLog, fields: JsonDict, markup: JsonDict | None = None) -> StoredMessage:
        """Add a message from the bot to `chat`, with its (already checked) reply markup."""
        if markup is not None and "inline_keyboard" in markup:
            fields = {**fields, "reply_markup": markup}
        message = chat.add(fields, self.identity.sender_json(), from_bot=True)
        chat.record_bot_action()
        if markup is not None and "inline_keyboard" not in markup:
            message.keyboard = markup
            if "keyboard" in markup:
                chat.reply_keyboard = markup
            elif markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        self.changed.notify()
        return message

    def receive(self, user: SimUser, fields: JsonDict) -> StoredMessage:
        """Add a message from the user to their chat and send it to the bot as a `message` update."""
        chat = self.chat(user)
        chat.started = True
        message = chat.add(fields, user.to_json(), from_bot=False)
        message.update_id = self.updates.push("message", message.data)
        self.changed.notify()
        return message

    def new_charge_id(self) -> str:
        return f"sandbox_charge_{self.identity.id}_{next(self._charges)}_{secrets.token_hex(4)}"

    def chat_instance(self, chat_id: int) -> str:
        """Telegram's stable id for "this chat", sent with every callback query from it."""
        return str((chat_id * 2654435761 + self.identity.id) % 10**18)

    async def set_webhook(self, config: WebhookConfig, on_reply: ReplyHandler) -> None:
        await self.delete_webhook(drop_pending_updates=False)
        self.updates.abort_poll("terminated by setWebhook request")
        self.updates.allowed_updates = config.allowed_updates
        self.webhook = WebhookSender(
            self.updates,
            config,
            on_reply,
            retry_delay=self.sandbox.webhook_retry_delay,
            max_retry_delay=self.sandbox.webhook_max_retry_delay,
            route=self._webhook_route,
        )
        self.webhook.start()

    def _webhook_route(self, url: str) -> list[str]:
        return self.balancer.targets() if self.balancer else direct(url)

    async def delete_webhook(self, *, drop_pending_updates: bool) -> None:
        if self.webhook is not None:
            await self.webhook.stop()
            self.webhook = None
        if drop_pending_updates:
            self.updates.drop_pending()

    async def close(self) -> None:
        self.updates.close()
        if self.webhook is not None:
            await self.webhook.stop()


class Sandbox:
    """A local Telegram: any well-formed token is a bot; users are simulated through a `Driver`.

    `pre_checkout_timeout` is how long a bot has to answer a pre-checkout query (10 s on Telegram);
    `callback_query_timeout` how long a callback or inline query stays answerable; `flood_limit`, when
    set, is how many messages per second one chat accepts before 429s; `webhook_retry_delay` is the
    first pause before a failed webhook delivery is retried (doubling up to `webhook_max_retry_delay`, 30 s by
    default); `files_dir`, when set, is where bots' files are kept across restarts (in memory only otherwise).
    """

    def __init__(
        self,
        *,
        bot_username: str = "daigou_sandbox_bot",
        bot_first_name: str = "Daigou",
        pre_checkout_timeout: float = 10.0,
        callback_query_timeout: float = 15.0,
        flood_limit: int | None = None,
        webhook_retry_delay: float = 1.0,
        webhook_max_retry_delay: float = 30.0,
        files_dir: Path | None = None,
    ) -> None:
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.pre_checkout_timeout = pre_checkout_timeout
        self.callback_query_timeout = callback_query_timeout
        self.flood_limit = flood_limit
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_max_retry_delay = webhook_max_retry_delay
        self.files_dir = files_dir
        self.users: dict[int, SimUser] = {}
        self.bots: dict[str, BotState] = {}
        self.closed = False
        self._user_ids = itertools.count(_FIRST_USER_ID)

    def bot(self, token: str) -> BotState:
        """The bot behind `token`, created on first use; 401 Unauthorized for a malformed token."""
        if token not in self.bots:
            match = _TOKEN.match(token)
            if match is None:
                raise UNAUTHORIZED
            identity = BotIdentity(int(match.group(1)), self.bot_username, self.bot_first_name)
            self.bots[token] = BotState(self, token, identity)
            logger.info("bot %s (@%s) joined the sandbox", identity.id, identity.username)
        return self.bots[token]

    def bot_by_id(self, bot_id: int) -> BotState | None:
        return next((bot for bot in self.bots.values() if bot.identity.id == bot_id), None)

    def create_user(
        self,
        first_name: str,
        *,
        username: str | None = None,
        language_code: str | None = "en",
        last_name: str | None = None,
        user_id: int | None = None,
    ) -> SimUser:
        """A new simulated user (ids are unique and above 2**32 unless `user_id` is given)."""
        if user_id is None:
            # Users restored with their old ids (say, after a restart) keep them; new ones go around.
            user_id = next(id_ for id_ in self._user_ids if id_ not in self.users)
        if user_id in self.users:
            raise ValueError(f"user {user_id} already exists")
        user = SimUser(user_id, first_name, username, language_code, last_name)
        self.users[user_id] = user
        return user

    def driver(self, token: str) -> "Driver":
        """The driver that plays users against the bot behind `token`."""
        from sandbox.driver import Driver

        return Driver(self, token)

    async def close(self) -> None:
        """End long polls, webhook deliveries and live chat pages, so the server can stop at once."""
        self.closed = True
        for bot in self.bots.values():
            bot.changed.notify()
            await bot.close()
