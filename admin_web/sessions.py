"""Who is asking: the signed session cookie, resolved to a moderator; everyone else goes to /login."""

import secrets

from aiohttp import web
from aiohttp.typedefs import Handler

from admin_web.i18n import accepted_language, use_language
from admin_web.keys import CSRF_TOKEN, LANGUAGE, MODERATOR, SESSION_TOKEN, SESSIONS, SIGNER
from core.config import current_settings
from core.domain.languages import supported_languages
from core.services.oversight.moderator_sessions import resume_session, set_session_language

SESSION_COOKIE = "daigou_admin"
LOGIN_NONCE_COOKIE = "daigou_login"
PUBLIC_PREFIXES = ("/login", "/static/", "/health", "/metrics")


def _secure(request: web.Request) -> bool:
    """Over HTTPS (a trusted proxy's `X-Forwarded-Proto` counts), or served anywhere but this machine's loopback."""
    return request.secure or current_settings().admin_host not in ("127.0.0.1", "localhost")


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="Strict", secure=_secure(request), path="/")


def start_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    set_cookie(request, response, SESSION_COOKIE, request.app[SIGNER].sign_cookie(token))


async def _session_token(request: web.Request) -> str | None:
    token = request.app[SIGNER].unsign_cookie(request.cookies.get(SESSION_COOKIE, ""))
    if token is None:
        return None
    resumed = await resume_session(token, request.app[SESSIONS])
    if resumed is None:
        return None
    session, moderator = resumed
    request[MODERATOR] = moderator
    request[SESSION_TOKEN] = token
    request[CSRF_TOKEN] = request.app[SIGNER].csrf_token(token)
    chosen = request.query.get("lang")
    if chosen in supported_languages() and chosen != session.language:
        await set_session_language(token, chosen, request.app[SESSIONS])
        session.language = chosen
    request[LANGUAGE] = session.language or accepted_language(request.headers.get("Accept-Language", ""))
    return token


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    token = await _session_token(request)
    if token is None:
        chosen = request.query.get("lang", "")
        header = request.headers.get("Accept-Language", "")
        request[LANGUAGE] = chosen if chosen in supported_languages() else accepted_language(header)
        nonce = request.cookies.get(LOGIN_NONCE_COOKIE)
        if nonce:
            request[CSRF_TOKEN] = request.app[SIGNER].csrf_token(f"login:{nonce}")
    use_language(request[LANGUAGE])
    if token is None and not request.path.startswith(PUBLIC_PREFIXES):
        raise web.HTTPSeeOther("/login")
    return await handler(request)


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)
