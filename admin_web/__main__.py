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
    """Method, path, status and time only: query strings carry searched names and ids. A photo's path is logged as
    its route (`/photo/{file_id}`): with the bot token, a file id fetches the photo, identity documents among them."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        path = request.path
        if isinstance(request, web.Request) and (resource := request.match_info.route.resource) is not None:
            path = resource.canonical if "{file_id}" in resource.canonical else path
        self.logger.info("%s %s %s %.3fs", request.method, path, response.status, time)


def main() -> int:
    try:
        settings = load_settings()
        configure_logging(settings)
        use_settings(settings)
        app = create_app()
    except ConfigError as exc:
        print(f"admin_web: {exc}", file=sys.stderr)
        return 2
    asyncio.run(apply_migrations(settings.database_url.get_secret_value()))
    web.run_app(app, host=settings.admin_host, port=settings.admin_port, access_log_class=AccessLogger)
    return 0


if __name__ == "__main__":
    sys.exit(main())
