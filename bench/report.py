"""What every benchmark records beside its numbers (machine, date, command), and its own section of the file."""

import os
import platform
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS_FILE = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
_TITLE = "# Benchmarks\n\nWritten by the scripts in `bench/`; each one rewrites only the part between its markers.\n"


def _cpu() -> str:
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    except OSError:
        found = None
    return found[1].strip() if found else platform.processor() or platform.machine()


def _memory() -> str:
    try:
        found = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    except OSError:
        found = None
    return f"{int(found[1]) / 1024 / 1024:.0f} GiB RAM" if found else "RAM unknown"


def machine(command: str, **extra: str) -> list[tuple[str, str]]:
    """Facts that make two runs comparable, as (name, value) rows."""
    return [
        ("Date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Command", f"`{command}`"),
        ("Machine", f"{_cpu()}, {os.cpu_count()} CPUs, {_memory()}"),
        ("System", platform.platform()),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        *extra.items(),
    ]


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines) + "\n"


def publish(section: str, title: str, command: str, body: str) -> None:
    """Print a benchmark's section (its title, the machine's facts and `body`) and write it to its place."""
    facts = markdown_table(["", ""], [[name, value] for name, value in machine(command)])
    text = f"## {title}\n\n{facts}\n{body}"
    print(text)
    write_section(section, text)


def write_section(name: str, text: str, path: Path = BENCHMARKS_FILE) -> None:
    """Replace the text between `<!-- name -->` and `<!-- /name -->` (added at the end the first time)."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    current = path.read_text() if path.exists() else _TITLE
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(current)
