"""`python -m admin_web`: the moderators' web app on ADMIN_HOST:ADMIN_PORT."""

import asyncio
import sys

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from admin_web.app import create_app
from core.config import ConfigError, load_settings, use_settings
from core.db import apply_migrations
from core.logs import configure_logging


class AccessLogger(AbstractAccessLogger):
    """Method, path, status and time only: query strings carry searched names and ids."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %.3fs", request.method, request.path, response.status, time)


def main() -> int:
    try:
        settings = load_settings()
        configure_logging(settings)
        use_settings(settings)
        app = create_app()
    except ConfigError as exc:
        print(f"admin_web: {exc}", file=sys.stderr)
        return 2
    asyncio.run(apply_migrations(settings.database_url))
    web.run_app(app, host=settings.admin_host, port=settings.admin_port, access_log_class=AccessLogger)
    return 0


if __name__ == "__main__":
    sys.exit(main())
