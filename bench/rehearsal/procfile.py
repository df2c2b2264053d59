"""Reading a Procfile as Heroku-style platforms do: one `name: command` per line."""

import re
from pathlib import Path

PROCFILE = Path(__file__).resolve().parent.parent.parent / "Procfile"
_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(\S.*)$")


def read_procfile(text: str) -> dict[str, str]:
    """The process types and their commands, in file order; blank lines and `#` comments are skipped.

    ValueError names a line that is not `name: command`, or a name given twice.
    """
    processes: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _LINE.match(line.strip())
        if found is None:
            raise ValueError(f"Procfile line {number} is not `name: command`: {line!r}")
        name, command = found[1], found[2].strip()
        if name in processes:
            raise ValueError(f"Procfile line {number} names {name!r} again")
        processes[name] = command
    return processes
