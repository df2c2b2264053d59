"""`python -m sandbox`: run the local Telegram Bot API sandbox."""

import argparse
import asyncio
import contextlib
import logging

from sandbox.app import serve
from sandbox.state import Sandbox

logger = logging.getLogger("sandbox")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--bot-username", default="daigou_sandbox_bot")
    parser.add_argument("--pre-checkout-timeout", type=float, default=10.0, help="seconds (Telegram: 10)")
    parser.add_argument("--flood-limit", type=int, default=None, help="messages per second per chat before 429")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every method call")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(asctime)s %(name)s %(message)s"
    )
    if not args.verbose:
        # Every long poll would otherwise log a line.
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    sandbox = Sandbox(
        bot_username=args.bot_username,
        pre_checkout_timeout=args.pre_checkout_timeout,
        flood_limit=args.flood_limit,
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(sandbox, args.host, args.port))


async def _run(sandbox: Sandbox, host: str, port: int) -> None:
    async with serve(sandbox, host, port) as url:
        print(f"Telegram Bot API sandbox running: set TELEGRAM_API_URL={url}", flush=True)
        print(f"Web chat: {url}/chat (driver API: {url}/sandbox/api/users)", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    main()
