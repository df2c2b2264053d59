"""`python -m embedded`: the Bot API sandbox, the bot and the scheduler in one process, on SQLite.

The bot talks to the local sandbox instead of Telegram, with a made-up token; people play
customers and buyers through the sandbox's driver API.
"""

import argparse
import asyncio
import contextlib
import logging
import sys

from bot.__main__ import run as run_bot
from core.config import ConfigError, get_settings
from sandbox.app import serve
from sandbox.state import Sandbox

SANDBOX_TOKEN = "1000000001:EmbeddedSandboxToken"
SANDBOX_PROVIDER_TOKEN = "sandbox-provider"


async def run(host: str = "127.0.0.1", port: int = 8081) -> None:
    sandbox = Sandbox(bot_username="daigou_sandbox_bot")
    async with serve(sandbox, host, port) as url:
        print(f"Bot API sandbox: {url} (driver API: {url}/sandbox/api/users)", flush=True)
        settings = get_settings().model_copy(
            update={
                "telegram_api_url": url,
                "bot_token": SANDBOX_TOKEN,
                "payment_provider_token": SANDBOX_PROVIDER_TOKEN,
            }
        )
        await run_bot(settings, run_jobs=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m embedded", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="the sandbox's port (0: any free port)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run(args.host, args.port))
    except ConfigError as exc:
        print(f"daigou: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
