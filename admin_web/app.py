"""The admin web application: middlewares, templates, routes, and the resources it holds while running."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web
from redis.asyncio import Redis

from admin_web import auth, i18n
from admin_web.audit_details import audit_details
from admin_web.csrf import csrf
from admin_web.errors import domain_errors
from admin_web.flash import flash
from admin_web.keys import CSRF_TOKEN, HTTP, LANGUAGE, MODERATOR, NOTICE, PHOTO_CACHE, SESSIONS, SIGNER
from admin_web.photo_cache import PhotoCache
from admin_web.proxies import TrustedProxies
from admin_web.security import security_headers
from admin_web.sessions import sessions
from admin_web.signing import Signer
from admin_web.templating import FILTERS
from admin_web.views import view_routes
from core.config import ConfigError, current_settings, revealed
from core.db import database
from core.domain.languages import supported_languages
from core.services.oversight.moderator_sessions import DATABASE_SESSIONS
from core.services.oversight.session_stores import RedisSessions

STATIC_DIR = Path(__file__).with_name("static")


async def _template_context(request: web.Request) -> dict[str, Any]:
    return {
        "moderator": request.get(MODERATOR),
        "csrf_token": request.get(CSRF_TOKEN, ""),
        "language": request.get(LANGUAGE, "en"),
        "languages": supported_languages(),
        "query": dict(request.query),
        "path": request.path,
        "notice": i18n.gettext(request[NOTICE]) if NOTICE in request else "",
    }


def _database(database_url: str) -> Any:
    async def open_database(app: web.Application) -> AsyncIterator[None]:
        async with database(database_url):
            yield

    return open_database


def _session_store(redis_url: str | None) -> Any:
    """Sessions in Redis when REDIS_URL is set, so every admin web process knows every sign-in; else in the database."""

    async def open_session_store(app: web.Application) -> AsyncIterator[None]:
        if not redis_url:
            app[SESSIONS] = DATABASE_SESSIONS
            yield
            return
        redis = Redis.from_url(redis_url)
        app[SESSIONS] = RedisSessions(redis)
        try:
            yield
        finally:
            await redis.aclose()

    return open_session_store


async def _photo_cache(app: web.Application) -> AsyncIterator[None]:
    settings = current_settings()
    app[PHOTO_CACHE] = PhotoCache(settings.photo_cache_dir, settings.photo_cache_mb)
    yield
    app[PHOTO_CACHE].close()


async def _http_client(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
        app[HTTP] = session
        yield


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, however many apps it builds (the tests build one per story).

    Jinja still reads each template and compares its checksum, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


def create_app(*, open_database: bool = True) -> web.Application:
    """The app; `open_database=False` when the caller (a test) has the ORM open already."""
    settings = current_settings()
    if not settings.secret_key:
        raise ConfigError("Invalid setting SECRET_KEY: required to sign the admin web's sessions (32+ characters)")
    proxies = [TrustedProxies(settings.trusted_proxies).middleware] if settings.trusted_proxies else []
    app = web.Application(middlewares=[*proxies, security_headers, sessions, csrf, flash, domain_errors])
    app[SIGNER] = Signer(settings.secret_key.get_secret_value())
    filters: dict[str, Callable[..., Any]] = {**FILTERS, "audit_details": audit_details}
    environment = aiohttp_jinja2.setup(
        app,
        loader=jinja2.PackageLoader("admin_web", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_COMPILED_TEMPLATES,
        context_processors=[_template_context],
        filters=filters,
    )
    environment.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    if open_database:
        app.cleanup_ctx.append(_database(settings.database_url.get_secret_value()))
    app.cleanup_ctx.append(_session_store(revealed(settings.redis_url)))
    app.cleanup_ctx.append(_http_client)
    app.cleanup_ctx.append(_photo_cache)
    app.add_routes(auth.routes)
    app.add_routes(view_routes())
    app.router.add_static("/static/", STATIC_DIR, name="static")
    return app
