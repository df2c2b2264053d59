"""getUpdates and the webhook methods."""

import re
from typing import Any
from urllib.parse import urlsplit

from sandbox.errors import bad_request, conflict
from sandbox.methods.registry import Call, Described, invoke, method
from sandbox.params import Params
from sandbox.webhook import WebhookConfig

WEBHOOK_ACTIVE = "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@method("getUpdates")
async def get_updates(call: Call) -> list[dict[str, Any]]:
    bot, params = call.bot, call.params
    if bot.webhook is not None:
        raise conflict(WEBHOOK_ACTIVE)
    allowed = _allowed_updates(params)
    if allowed is not None:
        bot.updates.allowed_updates = allowed
    limit = min(max(params.integer("limit") or 100, 1), 100)
    timeout = max(params.integer("timeout") or 0, 0)
    return await bot.updates.poll(params.integer("offset"), limit, timeout)


@method("setWebhook")
async def set_webhook(call: Call) -> Described:
    bot, params = call.bot, call.params
    url = params.text("url") or ""
    if not url:
        return await delete_webhook(call)
    # Telegram insists on HTTPS; a local sandbox has to allow plain HTTP to reach a local bot.
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request("invalid webhook URL specified")
    secret = params.text("secret_token")
    if secret and not _SECRET_TOKEN.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if params.flag("drop_pending_updates"):
        bot.updates.drop_pending()
    config = WebhookConfig(
        url=url,
        secret_token=secret or None,
        max_connections=min(max(params.integer("max_connections") or 40, 1), 100),
        allowed_updates=_allowed_updates(params) or [],
        ip_address=params.text("ip_address"),
    )

    async def run_reply(body: dict[str, Any]) -> None:
        name = str(body.pop("method"))
        await invoke(bot, name, Params(body))

    await bot.set_webhook(config, run_reply)
    return Described(True, "Webhook was set")


@method("deleteWebhook")
async def delete_webhook(call: Call) -> Described:
    had_webhook = call.bot.webhook is not None
    await call.bot.delete_webhook(drop_pending_updates=call.params.flag("drop_pending_updates"))
    return Described(True, "Webhook was deleted" if had_webhook else "Webhook is already deleted")


@method("getWebhookInfo")
async def get_webhook_info(call: Call) -> dict[str, Any]:
    sender = call.bot.webhook
    info: dict[str, Any] = {
        "url": sender.config.url if sender else "",
        "has_custom_certificate": False,
        "pending_update_count": call.bot.updates.pending_count,
    }
    if sender is not None:
        info["max_connections"] = sender.config.max_connections
        if sender.config.allowed_updates:
            info["allowed_updates"] = sender.config.allowed_updates
        if sender.last_error_date is not None:
            info["last_error_date"] = sender.last_error_date
            info["last_error_message"] = sender.last_error_message
    return info


def _allowed_updates(params: Params) -> list[str] | None:
    allowed = params.json_value("allowed_updates", "can't parse allowed_updates JSON array")
    if allowed is None:
        return None
    if not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed):
        raise bad_request("can't parse allowed_updates JSON array")
    return allowed
