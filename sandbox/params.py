"""Method parameters as Telegram reads them from a query string, a JSON body or a form.

In forms every value is a string: numbers and booleans arrive as text and complex fields
(`reply_markup`, `entities`, `media`, `prices`, `results`, ...) as JSON strings, so every accessor
accepts both the native JSON value and its text form.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.errors import bad_request

ATTACH_PREFIX = "attach://"


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart body."""

    data: bytes
    filename: str | None
    content_type: str | None


class Params:
    """Typed access to one call's parameters; missing and empty values read as absent."""

    def __init__(self, values: Mapping[str, Any], uploads: Mapping[str, Upload] | None = None) -> None:
        self._values = dict(values)
        self._uploads = dict(uploads or {})

    def has(self, name: str) -> bool:
        return self._values.get(name) not in (None, "") or name in self._uploads

    def raw(self, name: str) -> Any:
        return self._values.get(name)

    def text(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value, ensure_ascii=False)

    def integer(self, name: str) -> int | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def number(self, name: str) -> float | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self._values.get(name)
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        return str(value).strip().lower() in ("true", "1")

    def json_value(self, name: str, error: str | None = None) -> Any:
        """The decoded JSON value of `name` (None when absent); `error` is the 400 reason if unparsable."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(error or f"can't parse {name} JSON object") from None

    def file(self, name: str) -> Upload | str | None:
        """An uploaded file, or the file_id/URL string given instead; `attach://x` names an upload."""
        if name in self._uploads:
            return self._uploads[name]
        value = self.text(name)
        if value is None or value == "":
            return None
        return self.attachment(value)

    def attachment(self, value: str) -> Upload | str:
        """Resolve `attach://<field>` to the upload in that field; other strings pass through."""
        if value.startswith(ATTACH_PREFIX):
            upload = self._uploads.get(value[len(ATTACH_PREFIX) :])
            if upload is None:
                raise bad_request(f"file {value} not found in the request")
            return upload
        return value
