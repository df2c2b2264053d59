"""Running Procfile commands as a platform does: `sh -c` with the venv's bin first on PATH, the same settings for
every process, its own $PORT for each web process, its own process group (SIGTERM reaches the whole dyno).

The command runs as `sh -c 'exec COMMAND'`: Debian's sh (dash) keeps itself in front of a lone command, dies of the
SIGTERM at once and reports -15 whatever the product does, where Heroku's `bash -c` and Procfile runners hand the
process over to the command; with `exec` the exit code seen is the product's own.
"""

import asyncio
import os
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.config import Settings

ROOT = Path(__file__).resolve().parent.parent.parent
LOG_FOLDER = ROOT / "var" / "rehearsal"
# The settings a process reads: it gets exactly the ones the rehearsal gives, whatever the shell exported.
_SETTINGS = {name.upper() for name in Settings.model_fields} | {"PORT"}


def platform_env(settings: Mapping[str, str]) -> dict[str, str]:
    """The environment every process starts with: the shell's minus its settings, the venv's bin first on PATH."""
    env = {name: value for name, value in os.environ.items() if name.upper() not in _SETTINGS}
    env["PATH"] = f"{Path(sys.prefix) / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env | dict(settings)


@dataclass
class Running:
    """One process the rehearsal started, and how it ended."""

    name: str  # "bot.2": the Procfile's type and its number, as platforms name dynos
    command: str
    port: int | None
    log_path: Path
    process: asyncio.subprocess.Process
    stopped_in: float | None = None

    @property
    def exit_code(self) -> int | None:
        return self.process.returncode

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


async def start(name: str, command: str, env: Mapping[str, str], port: int | None = None) -> Running:
    """`sh -c command` in the repository, with $PORT when it is a web process; its output in var/rehearsal/."""
    LOG_FOLDER.mkdir(parents=True, exist_ok=True)
    log_path = LOG_FOLDER / f"{name}.log"
    process_env = dict(env) | ({"PORT": str(port)} if port is not None else {})
    with log_path.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            "sh",
            "-c",
            f"exec {command}",
            env=process_env,
            cwd=ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    return Running(name, command, port, log_path, process)


async def run_once(name: str, command: str, env: Mapping[str, str], *, stdin: bytes = b"", within: float = 120) -> int:
    """A one-off command (the release step, an operator's command) to its end; its exit code."""
    LOG_FOLDER.mkdir(parents=True, exist_ok=True)
    with (LOG_FOLDER / f"{name}.log").open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            "sh", "-c", command, env=dict(env), cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=output, stderr=output
        )
        try:
            await asyncio.wait_for(process.communicate(stdin), within)
        except TimeoutError:
            process.kill()
            await process.wait()
    return process.returncode if process.returncode is not None else -1


async def stop(running: Running, within: float) -> None:
    """SIGTERM to the process group, as a platform stops a dyno; SIGKILL after `within` s (exit code then -9)."""
    started = time.monotonic()
    if running.process.returncode is None:
        os.killpg(running.process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(running.process.wait(), within)
        except TimeoutError:
            os.killpg(running.process.pid, signal.SIGKILL)
            await running.process.wait()
    running.stopped_in = time.monotonic() - started
