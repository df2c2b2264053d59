"""The Bot API methods the sandbox implements; importing this package registers them all."""

from sandbox.methods import bot_info, edits, files, messages, payments, queries, updates
from sandbox.methods.registry import Described, invoke, method_names

__all__ = [
    "Described",
    "bot_info",
    "edits",
    "files",
    "invoke",
    "messages",
    "method_names",
    "payments",
    "queries",
    "updates",
]
