"""`python -m admin_web`: the moderators' web app on ADMIN_HOST:ADMIN_PORT."""

import asyncio
import logging
import sys

from aiohttp import web

from admin_web.app import create_app
from core.config import ConfigError, get_settings
from core.db import apply_migrations


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = get_settings()
        app = create_app(settings)
    except ConfigError as exc:
        print(f"admin_web: {exc}", file=sys.stderr)
        return 2
    asyncio.run(apply_migrations(settings.database_url))
    web.run_app(app, host=settings.admin_host, port=settings.admin_port, access_log_format='%a "%r" %s %Tfs')
    return 0


if __name__ == "__main__":
    sys.exit(main())
