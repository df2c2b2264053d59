"""The `daigou` command: operators' entry point. Later areas add their subcommands here."""

import argparse
import asyncio
import getpass
import logging
import os
import sys

from core.cli_texts import explain, operator_language
from core.config import ConfigError, current_settings, load_settings, use_settings
from core.db import apply_migrations, database, pending_migrations
from core.domain.moderators import ModeratorRole
from core.errors import DomainError
from core.logs import configure_logging
from core.sealing import SealingError, new_key
from core.services.oversight.moderators import (
    MIN_PASSWORD_LENGTH,
    create_moderator,
    deactivate_moderator,
    moderator_named,
    reactivate_moderator,
)
from core.services.people.sealed_columns import reseal_all

log = logging.getLogger("daigou")


async def _migrate() -> int:
    url = current_settings().database_url.get_secret_value()
    pending = await pending_migrations(url)
    if not pending:
        print("Database is up to date.")
        return 0
    await apply_migrations(url)
    print(f"Applied {len(pending)} migration(s): {', '.join(pending)}")
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass(f"Password (at least {MIN_PASSWORD_LENGTH} characters): ")
    if getpass.getpass("Same password again: ") != password:
        raise DomainError("moderator.passwords_differ")
    return password


async def _create_moderator(username: str, role: ModeratorRole, password: str) -> int:
    url = current_settings().database_url.get_secret_value()
    await apply_migrations(url)
    async with database(url):
        moderator = await create_moderator(username, password, role)
    print(f"Created {moderator.role.value} {moderator.username}.")
    return 0


async def _set_active(username: str, active: bool, reason: str) -> int:
    """From the command line, with no moderator signed in: the audit entry names no moderator."""
    url = current_settings().database_url.get_secret_value()
    await apply_migrations(url)
    async with database(url):
        moderator = await moderator_named(username)
        change = reactivate_moderator if active else deactivate_moderator
        await change(None, moderator.id, reason)
    print(f"{'Reactivated' if active else 'Deactivated'} {moderator.username}.")
    return 0


async def _reseal() -> int:
    url = current_settings().database_url.get_secret_value()
    await apply_migrations(url)
    async with database(url):
        count = await reseal_all()
    print(f"Sealed {count} stored value(s) again with the first key of PERSONAL_DATA_KEYS.")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="daigou", description="Daigou marketplace operations")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply pending database migrations")
    moderator = commands.add_parser("moderator", help="admin web accounts").add_subparsers(dest="action", required=True)
    create = moderator.add_parser("create", help="create a moderator account (asks for the password)")
    create.add_argument("username")
    create.add_argument("--role", choices=[role.value for role in ModeratorRole], default=ModeratorRole.MODERATOR.value)
    create.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    for action, help_text in (
        ("deactivate", "close an account: it can no longer sign in and its sessions end now"),
        ("reactivate", "reopen a closed account"),
    ):
        change = moderator.add_parser(action, help=help_text)
        change.add_argument("username")
        change.add_argument("--reason", default="", help="why, for the audit log")
    personal = commands.add_parser("personal-data", help="the keys sealing personal data (core/sealing.py)")
    keys = personal.add_subparsers(dest="action", required=True)
    keys.add_parser("new-key", help="print a new key to put first in PERSONAL_DATA_KEYS")
    keys.add_parser("reseal", help="seal every stored value again with the first key, before removing an old one")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings)
        use_settings(settings)
        if args.command == "migrate":
            return asyncio.run(_migrate())
        if args.command == "moderator" and args.action == "create":
            password = _read_password(args.password_stdin)
            return asyncio.run(_create_moderator(args.username, ModeratorRole(args.role), password))
        if args.command == "moderator":
            return asyncio.run(_set_active(args.username, args.action == "reactivate", args.reason))
        if args.command == "personal-data" and args.action == "new-key":
            print(new_key())
            return 0
        if args.command == "personal-data":
            return asyncio.run(_reseal())
    except (ConfigError, SealingError) as exc:
        print(f"daigou: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"daigou: {explain(exc, operator_language(os.environ))}", file=sys.stderr)
        return 1
    return 1


if __name__ == "__main__":
    sys.exit(main())
