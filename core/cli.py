"""The `daigou` command: operators' entry point. Later areas add their subcommands here."""

import argparse
import asyncio
import logging
import sys

from core.config import ConfigError, get_settings
from core.db import apply_migrations, pending_migrations

log = logging.getLogger("daigou")


async def _migrate() -> int:
    url = get_settings().database_url
    pending = await pending_migrations(url)
    if not pending:
        print("Database is up to date.")
        return 0
    await apply_migrations(url)
    print(f"Applied {len(pending)} migration(s): {', '.join(pending)}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="daigou", description="Daigou marketplace operations")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply pending database migrations")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        get_settings()
        if args.command == "migrate":
            return asyncio.run(_migrate())
    except ConfigError as exc:
        print(f"daigou: {exc}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
