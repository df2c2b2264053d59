"""A local Telegram Bot API for building and testing the bot without Telegram.

An unmodified aiogram `Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))` talks
to it over HTTP; a `Driver` plays the users. `python -m sandbox` runs it standalone.
"""

from sandbox.app import build_app, serve
from sandbox.chats import SimUser
from sandbox.driver import Driver
from sandbox.files import make_png
from sandbox.queries import CallbackAnswer, InlineAnswer
from sandbox.state import Sandbox
from sandbox.views import ChatMessage, PaymentOutcome

__all__ = [
    "CallbackAnswer",
    "ChatMessage",
    "Driver",
    "InlineAnswer",
    "PaymentOutcome",
    "Sandbox",
    "SimUser",
    "build_app",
    "make_png",
    "serve",
]
