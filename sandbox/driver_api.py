"""A small JSON API over the driver under /sandbox/api, for a web page that plays users.

    GET  /sandbox/api/bots                                      bots that have called the API
    GET  /sandbox/api/users                                     simulated users
    POST /sandbox/api/users              {first_name, username?, language_code?}
    GET  /sandbox/api/bots/{bot_id}/chats/{user_id}/messages    the chat, both sides, as it stands
    POST /sandbox/api/bots/{bot_id}/chats/{user_id}/messages    {text}: the user sends it
    POST /sandbox/api/bots/{bot_id}/chats/{user_id}/photos      multipart {photo, caption?}: the user sends a photo
    POST /sandbox/api/bots/{bot_id}/chats/{user_id}/press       {message_id, text? | data?}: press a button
    POST /sandbox/api/bots/{bot_id}/chats/{user_id}/reply       {text}: tap a button of the reply keyboard
    POST /sandbox/api/bots/{bot_id}/chats/{user_id}/link        {url}: open a t.me deep link to the bot
    POST /sandbox/api/bots/{bot_id}/chats/{user_id}/pay         {message_id}: pay an invoice (sandbox = provider)
    GET  /sandbox/api/bots/{bot_id}/chats/{user_id}/events      server-sent events: the chat each time it changes
    GET  /sandbox/api/bots/{bot_id}/files/{file_id}             a file's bytes, e.g. a photo to show

Errors come back as {"error": "..."} with status 400 or 404.
"""

import json
from typing import Any

from aiohttp import web

from sandbox.chat_events import stream_chat
from sandbox.driver import Driver
from sandbox.files import image_size
from sandbox.state import Sandbox

PREFIX = "/sandbox/api"


def add_driver_routes(app: web.Application, sandbox: Sandbox) -> None:
    """Mount the driver API on `app`."""
    api = _DriverApi(sandbox)
    app.router.add_get(f"{PREFIX}/bots", api.list_bots)
    app.router.add_get(f"{PREFIX}/users", api.list_users)
    app.router.add_post(f"{PREFIX}/users", api.create_user)
    app.router.add_get(f"{PREFIX}/bots/{{bot_id}}/chats/{{user_id}}/messages", api.chat_history)
    app.router.add_post(f"{PREFIX}/bots/{{bot_id}}/chats/{{user_id}}/messages", api.send_text)
    app.router.add_post(f"{PREFIX}/bots/{{bot_id}}/chats/{{user_id}}/photos", api.send_photo)
    app.router.add_post(f"{PREFIX}/bots/{{bot_id}}/chats/{{user_id}}/press", api.press_button)
    app.router.add_post(f"{PREFIX}/bots/{{bot_id}}/chats/{{user_id}}/reply", api.press_reply_button)
    app.router.add_post(f"{PREFIX}/bots/{{bot_id}}/chats/{{user_id}}/link", api.follow_link)
    app.router.add_post(f"{PREFIX}/bots/{{bot_id}}/chats/{{user_id}}/pay", api.pay_invoice)
    app.router.add_get(f"{PREFIX}/bots/{{bot_id}}/chats/{{user_id}}/events", api.chat_events)
    app.router.add_get(f"{PREFIX}/bots/{{bot_id}}/files/{{file_id}}", api.file)


class _DriverApi:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def list_bots(self, request: web.Request) -> web.Response:
        return web.json_response(
            [
                {
                    "id": bot.identity.id,
                    "username": bot.identity.username,
                    "first_name": bot.identity.first_name,
                }
                for bot in self.sandbox.bots.values()
            ]
        )

    async def list_users(self, request: web.Request) -> web.Response:
        return web.json_response([user.to_json() for user in self.sandbox.users.values()])

    async def create_user(self, request: web.Request) -> web.Response:
        body = await _body(request)
        first_name = body.get("first_name")
        if not isinstance(first_name, str) or not first_name.strip():
            raise _error(400, "first_name is required")
        user = self.sandbox.create_user(
            first_name.strip(),
            username=body.get("username") or None,
            language_code=body.get("language_code") or "en",
        )
        return web.json_response(user.to_json(), status=201)

    async def chat_history(self, request: web.Request) -> web.Response:
        driver, user_id = self._driver(request), _user_id(request, self.sandbox)
        return web.json_response([message.to_json() for message in driver.history(user_id)])

    async def chat_events(self, request: web.Request) -> web.StreamResponse:
        driver, user_id = self._driver(request), _user_id(request, self.sandbox)
        return await stream_chat(request, driver, user_id)

    async def send_text(self, request: web.Request) -> web.Response:
        driver, user_id = self._driver(request), _user_id(request, self.sandbox)
        text = (await _body(request)).get("text")
        if not isinstance(text, str):
            raise _error(400, "text is required")
        try:
            message = await driver.send_text(user_id, text)
        except ValueError as error:
            raise _error(400, str(error)) from None
        return web.json_response(message.to_json(), status=201)

    async def send_photo(self, request: web.Request) -> web.Response:
        driver, user_id = self._driver(request), _user_id(request, self.sandbox)
        if request.content_type != "multipart/form-data":
            raise _error(400, "send the photo as multipart/form-data")
        form = await request.post()
        photo, caption = form.get("photo"), form.get("caption")
        if not isinstance(photo, web.FileField):
            raise _error(400, "photo (a file) is required")
        data = photo.file.read()
        if image_size(data) is None:
            raise _error(400, "that file is not an image Telegram would send as a photo")
        try:
            message = await driver.send_photo(user_id, data, caption=caption if isinstance(caption, str) else None)
        except ValueError as error:
            raise _error(400, str(error)) from None
        return web.json_response(message.to_json(), status=201)

    async def press_reply_button(self, request: web.Request) -> web.Response:
        driver, user_id = self._driver(request), _user_id(request, self.sandbox)
        text = (await _body(request)).get("text")
        if not isinstance(text, str):
            raise _error(400, "text is required")
        try:
            message = await driver.press_reply_button(user_id, text)
        except LookupError as error:
            raise _error(404, str(error)) from None
        return web.json_response(message.to_json(), status=201)

    async def follow_link(self, request: web.Request) -> web.Response:
        driver, user_id = self._driver(request), _user_id(request, self.sandbox)
        url = (await _body(request)).get("url")
        if not isinstance(url, str):
            raise _error(400, "url is required")
        try:
            message = await driver.follow_link(user_id, url)
        except ValueError as error:
            raise _error(400, str(error)) from None
        return web.json_response(message.to_json(), status=201)

    async def pay_invoice(self, request: web.Request) -> web.Response:
        driver, user_id = self._driver(request), _user_id(request, self.sandbox)
        message_id = (await _body(request)).get("message_id")
        if not isinstance(message_id, int):
            raise _error(400, "message_id is required")
        try:
            outcome = await driver.pay_invoice(user_id, message_id)
        except LookupError as error:
            raise _error(404, str(error)) from None
        except ValueError as error:
            raise _error(400, str(error)) from None
        return web.json_response({"status": outcome.status, "error_message": outcome.error_message})

    async def press_button(self, request: web.Request) -> web.Response:
        driver, user_id = self._driver(request), _user_id(request, self.sandbox)
        body = await _body(request)
        message_id = body.get("message_id")
        if not isinstance(message_id, int):
            raise _error(400, "message_id is required")
        try:
            answer = await driver.press_button(user_id, message_id, body.get("text"), data=body.get("data"))
        except LookupError as error:
            raise _error(404, str(error)) from None
        except ValueError as error:
            raise _error(400, str(error)) from None
        return web.json_response(
            {
                "answered": answer.answered,
                "text": answer.text,
                "show_alert": answer.show_alert,
                "url": answer.url,
            }
        )

    async def file(self, request: web.Request) -> web.Response:
        stored = self._driver(request).bot.files.get(request.match_info["file_id"])
        if stored is None:
            raise _error(404, "no such file")
        return web.Response(body=stored.data, content_type=stored.mime_type or "image/png")

    def _driver(self, request: web.Request) -> Driver:
        try:
            bot = self.sandbox.bot_by_id(int(request.match_info["bot_id"]))
        except ValueError:
            bot = None
        if bot is None:
            raise _error(404, "no such bot; a bot appears once it calls the Bot API")
        return Driver(self.sandbox, bot.token)


def _user_id(request: web.Request, sandbox: Sandbox) -> int:
    try:
        user_id = int(request.match_info["user_id"])
    except ValueError:
        user_id = 0
    if user_id not in sandbox.users:
        raise _error(404, "no such user")
    return user_id


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise _error(400, "send a JSON object") from None
    if not isinstance(body, dict):
        raise _error(400, "send a JSON object")
    return body


def _error(status: int, message: str) -> web.HTTPException:
    error_class = web.HTTPNotFound if status == 404 else web.HTTPBadRequest
    return error_class(text=json.dumps({"error": message}), content_type="application/json")
