"""Telegram's documented limits, answered with Telegram's own descriptions."""

import json
import math
import time
from collections import defaultdict, deque
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from sandbox.errors import bad_request, too_many_requests
from sandbox.html_entities import utf16_len

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INVOICE_PAYLOAD_BYTES = 128
MAX_CALLBACK_ANSWER_LENGTH = 200
MEDIA_GROUP_SIZE = range(2, 11)
MAX_INLINE_RESULTS = 50
MAX_COMMANDS = 100

_BUTTON_ACTIONS = frozenset(
    {
        "url", "callback_data", "web_app", "login_url", "switch_inline_query",
        "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
        "callback_game", "pay",
    }
)  # fmt: skip
_URL_SCHEMES = frozenset({"http", "https", "tg", "ton"})


def check_text(text: str) -> None:
    """A message text must be 1-4096 characters after entity parsing."""
    if not text:
        raise bad_request("message text is empty")
    if utf16_len(text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")


def check_caption(caption: str) -> None:
    """A caption may be empty but not longer than 1024 characters."""
    if utf16_len(caption) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")


def check_invoice_payload(payload: str | None) -> None:
    """An invoice payload must be 1-128 bytes."""
    if not payload or len(payload.encode()) > MAX_INVOICE_PAYLOAD_BYTES:
        raise bad_request("INVOICE_PAYLOAD_INVALID")


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """The markup if Telegram would accept it: inline keyboard, reply keyboard, removal or force reply."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        check_inline_keyboard(markup)
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse reply keyboard markup JSON object")
        for button in (button for row in rows for button in row):
            if not (isinstance(button, str) or (isinstance(button, dict) and isinstance(button.get("text"), str))):
                raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
    elif not (markup.get("remove_keyboard") is True or markup.get("force_reply") is True):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def check_inline_keyboard(markup: dict[str, Any]) -> None:
    """Every button has a text and one action; callback_data is 1-64 bytes; URLs are valid."""
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard markup JSON object")
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict) or not isinstance(button.get("text"), str):
            raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
        if not _BUTTON_ACTIONS & button.keys():
            raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and (not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES):
            raise bad_request("BUTTON_DATA_INVALID")
        url = button.get("url")
        if url is not None and not _valid_url(url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _valid_url(url: Any) -> bool:
    if not isinstance(url, str) or not url:
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in _URL_SCHEMES and bool(parts.netloc or parts.scheme.lower() == "tg")


class FloodGate:
    """Per-chat message rate: more than `per_second` messages within one second gets a 429."""

    def __init__(self, per_second: int | None) -> None:
        self.per_second = per_second
        self._sent: defaultdict[int, deque[float]] = defaultdict(deque)

    def check(self, chat_id: int) -> None:
        """Count one message to `chat_id`, or refuse it with `retry_after` when over the limit."""
        if self.per_second is None:
            return
        now = time.monotonic()
        window = self._sent[chat_id]
        while window and now - window[0] >= 1.0:
            window.popleft()
        if len(window) >= self.per_second:
            raise too_many_requests(max(1, math.ceil(1.0 - (now - window[0]))))
        window.append(now)


@cache
def _invoice_amounts() -> dict[str, tuple[int, int]]:
    # Telegram's table, the very file the product checks its prices against (core/domain/telegram_currencies.md).
    table = json.loads(files("core.domain").joinpath("telegram_currencies.json").read_text(encoding="utf-8"))
    return {code: (int(entry["min_amount"]), int(entry["max_amount"])) for code, entry in table.items()}


def check_invoice_total(currency: str, total: int) -> None:
    """An invoice in a currency Telegram payments take, for a total within its limits (smallest units)."""
    if currency not in _invoice_amounts():
        raise bad_request("CURRENCY_INVALID")  # believed to be Telegram's answer; not seen
    low, high = _invoice_amounts()[currency]
    if not low <= total <= high:
        raise bad_request("CURRENCY_TOTAL_AMOUNT_INVALID")
