"""Signing in and out, and the admin-only guard."""

from collections.abc import Awaitable, Callable
from functools import wraps

import aiohttp_jinja2
from aiohttp import web

from admin_web.errors import explain
from admin_web.i18n import _
from admin_web.keys import LANGUAGE, MODERATOR, SESSION_TOKEN, SESSIONS, SIGNER
from admin_web.sessions import LOGIN_NONCE_COOKIE, SESSION_COOKIE, new_login_nonce, set_cookie, start_cookie
from core.domain.moderators import ModeratorRole
from core.errors import Forbidden, Throttled
from core.services.oversight.moderator_sessions import end_session, start_session
from core.services.oversight.moderators import authenticate

routes = web.RouteTableDef()
View = Callable[[web.Request], Awaitable[web.StreamResponse]]


def admin_only(view: View) -> View:
    @wraps(view)
    async def guarded(request: web.Request) -> web.StreamResponse:
        if request[MODERATOR].role is not ModeratorRole.ADMIN:
            raise web.HTTPForbidden(text=_("Only admins may open this page."))
        return await view(request)

    return guarded


def _login_page(request: web.Request, error: str = "", status: int = 200) -> web.StreamResponse:
    nonce = request.cookies.get(LOGIN_NONCE_COOKIE) or new_login_nonce()
    context = {"error": error, "csrf_token": request.app[SIGNER].csrf_token(f"login:{nonce}")}
    response = aiohttp_jinja2.render_template("login.html", request, context, status=status)
    set_cookie(request, response, LOGIN_NONCE_COOKIE, nonce)
    return response


@routes.get("/login", name="login")
async def login_form(request: web.Request) -> web.StreamResponse:
    if MODERATOR in request:
        raise web.HTTPSeeOther("/")
    return _login_page(request)


def _client_ip(request: web.Request) -> str:
    return request.remote or "unknown"


@routes.post("/login")
async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    try:
        moderator = await authenticate(
            str(form.get("username", "")), str(form.get("password", "")), _client_ip(request)
        )
    except (Throttled, Forbidden) as refused:
        return _login_page(request, explain(refused), status=429 if isinstance(refused, Throttled) else 401)
    if SESSION_TOKEN in request:
        await end_session(request[SESSION_TOKEN], request.app[SESSIONS])
    token = await start_session(moderator.id, request[LANGUAGE], request.app[SESSIONS])
    response = web.HTTPSeeOther("/")
    start_cookie(request, response, token)
    response.del_cookie(LOGIN_NONCE_COOKIE, path="/")
    raise response


@routes.post("/logout", name="logout")
async def logout(request: web.Request) -> web.StreamResponse:
    await end_session(request[SESSION_TOKEN], request.app[SESSIONS])
    response = web.HTTPSeeOther("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response
