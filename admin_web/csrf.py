"""Every POST carries the form token bound to its session (or to the login page's nonce)."""

import hmac

from aiohttp import web
from aiohttp.typedefs import Handler

from admin_web.i18n import _
from admin_web.keys import CSRF_TOKEN


@web.middleware
async def csrf(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        expected = request.get(CSRF_TOKEN)
        sent = (await request.post()).get("csrf_token")
        if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
            raise web.HTTPForbidden(text=_("The form expired or came from elsewhere: reload the page and try again."))
    return await handler(request)
