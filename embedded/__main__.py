"""`python -m embedded` (`make run`): the whole product locally, with no Telegram account.

The Bot API sandbox with its web chat page, the bot, the admin web and the scheduler in one process, on
SQLite by default; demo data on first start.
"""

import argparse
import asyncio
import contextlib
import logging
import sys

from core.config import ConfigError, load_settings
from core.logs import configure_logging
from embedded.product import Addresses, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m embedded", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="the sandbox's and chat page's port (0: any free)")
    parser.add_argument("--admin-port", type=int, default=None, help="the admin web's port (default: ADMIN_PORT)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings)
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # the chat page's long polls, a line each
        admin_port = settings.admin_port if args.admin_port is None else args.admin_port
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run(settings, Addresses(args.host, args.port, admin_port)))
    except ConfigError as exc:
        print(f"daigou: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"daigou: cannot listen: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
