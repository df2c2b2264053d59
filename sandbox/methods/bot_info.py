"""getMe, the command menu and the other settings a bot makes about itself."""

import json
import re
from typing import Any

from sandbox.errors import bad_request
from sandbox.limits import MAX_COMMANDS
from sandbox.methods.registry import Call, method

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip


@method("getMe")
async def get_me(call: Call) -> dict[str, Any]:
    return call.bot.identity.me_json()


@method("logOut", "close", "setMyName", "setMyDescription", "setMyShortDescription", "setChatMenuButton")
async def accept(call: Call) -> bool:
    return True


@method("sendChatAction")
async def send_chat_action(call: Call) -> bool:
    call.bot.target_chat(call.params.raw("chat_id"))
    if call.params.text("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


@method("setMyCommands")
async def set_my_commands(call: Call) -> bool:
    commands = call.params.json_value("commands", "can't parse commands JSON object")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND.match(name.lstrip("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("command description must be non-empty" if not description else "BOT_COMMAND_INVALID")
    call.bot.commands[_key(call)] = [
        {"command": c["command"].lstrip("/"), "description": c["description"]} for c in commands
    ]
    return True


@method("getMyCommands")
async def get_my_commands(call: Call) -> list[dict[str, Any]]:
    return call.bot.commands.get(_key(call), [])


@method("deleteMyCommands")
async def delete_my_commands(call: Call) -> bool:
    call.bot.commands.pop(_key(call), None)
    return True


def _key(call: Call) -> str:
    scope = call.params.json_value("scope", "can't parse BotCommandScope JSON object") or {"type": "default"}
    return json.dumps([scope, call.params.text("language_code") or ""], sort_keys=True)
