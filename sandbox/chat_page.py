"""The web chat page: a Telegram-like client in the browser, over the driver API (see static/chat.js)."""

from pathlib import Path

from aiohttp import web

STATIC_DIR = Path(__file__).with_name("static")
# The page loads its own script and style only, and shows photos from the sandbox itself.
CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'"
ADMIN_URL = web.AppKey("admin_url", str)


def add_chat_page(app: web.Application, admin_url: str | None) -> None:
    """Serve the page at /chat (and / redirects there); `admin_url`, if given, is linked from it."""
    if admin_url:
        app[ADMIN_URL] = admin_url
    app.router.add_get("/", _to_chat)
    app.router.add_get("/chat", _chat_page)
    app.router.add_static("/chat/static/", STATIC_DIR)
    app.router.add_get("/sandbox/api/links", _links)
    app.on_response_prepare.append(_page_headers)


async def _to_chat(request: web.Request) -> web.Response:
    raise web.HTTPFound("/chat")


async def _chat_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "chat.html")


async def _links(request: web.Request) -> web.Response:
    return web.json_response({"admin_url": request.app.get(ADMIN_URL)})


async def _page_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path == "/chat" or request.path.startswith("/chat/"):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
