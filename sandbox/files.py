"""Files a bot can send and download: stored bytes behind file_id, file_unique_id and file_path."""

import dataclasses
import io
import itertools
import json
import secrets
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.errors import bad_request

# Telegram's file_id prefixes differ per kind; bots must treat them as opaque anyway.
_ID_PREFIX = {"photos": "AgAC", "documents": "BQAC", "voice": "AwAC", "stickers": "CAAC"}
THUMBNAIL_SIDE = 90
INDEX_FILE = "index.jsonl"


@dataclass(frozen=True)
class StoredFile:
    """One stored file; `kind` is Telegram's folder for it (photos, documents, voice, stickers)."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    def photo_size_json(self) -> dict[str, Any]:
        """The `PhotoSize` object."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "width": self.width,
            "height": self.height,
        }

    def document_json(self) -> dict[str, Any]:
        """The `Document` object."""
        document: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_name:
            document["file_name"] = self.file_name
        if self.mime_type:
            document["mime_type"] = self.mime_type
        document["file_size"] = len(self.data)
        return document

    def file_json(self) -> dict[str, Any]:
        """The `File` object getFile returns."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


class FileStore:
    """A bot's files by file_id and by download path.

    In memory, or also kept in `directory` (the bytes, and an index of one JSON line per file or photo),
    so that file_ids a database holds keep working after a restart, as they do on Telegram.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._photo_groups: dict[str, list[dict[str, Any]]] = {}
        self._directory = directory
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self._load(directory)
        self._numbers = itertools.count(len(self._by_id) + 1)

    def add(
        self,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        size: tuple[int, int] = (0, 0),
    ) -> StoredFile:
        """Store a newly uploaded file: a new file_id and a new file_unique_id, as each upload gets."""
        number = next(self._numbers)
        extension = _extension(kind, file_name)
        stored = StoredFile(
            file_id=f"{_ID_PREFIX.get(kind, 'BQAC')}{secrets.token_urlsafe(24)}",
            file_unique_id=f"AQAD{secrets.token_urlsafe(9)}",
            kind=kind,
            data=data,
            file_path=f"{kind}/file_{number}{extension}",
            file_name=file_name,
            mime_type=mime_type,
            width=size[0],
            height=size[1],
        )
        self._keep(stored)
        if self._directory is not None:
            (self._directory / stored.file_unique_id).write_bytes(data)
            fields = {key: value for key, value in dataclasses.asdict(stored).items() if key != "data"}
            self._append_to_index({"file": fields})
        return stored

    def add_photo(self, data: bytes, width: int, height: int) -> list[dict[str, Any]]:
        """Store a photo; its `PhotoSize` list: a thumbnail when the photo is larger, then the photo.

        The sandbox does not resize, so the thumbnail downloads the same bytes; only its size is scaled.
        """
        sizes = [(width, height)]
        longest = max(width, height)
        if longest > THUMBNAIL_SIDE:
            scale = THUMBNAIL_SIDE / longest
            sizes.insert(0, (max(1, round(width * scale)), max(1, round(height * scale))))
        group = [self.add(data, "photos", size=size).photo_size_json() for size in sizes]
        self._keep_photo(group)
        self._append_to_index({"photo": [size["file_id"] for size in group]})
        return group

    def photo_sizes(self, file_id: str) -> list[dict[str, Any]]:
        """The `PhotoSize` list a photo re-sent by any of its sizes' file_id shows again."""
        return self._photo_groups[file_id]

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def _keep(self, stored: StoredFile) -> None:
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored

    def _keep_photo(self, group: list[dict[str, Any]]) -> None:
        for size in group:
            self._photo_groups[size["file_id"]] = group

    def _append_to_index(self, entry: dict[str, Any]) -> None:
        if self._directory is not None:
            with (self._directory / INDEX_FILE).open("a", encoding="utf-8") as index:
                index.write(json.dumps(entry) + "\n")

    def _load(self, directory: Path) -> None:
        index = directory / INDEX_FILE
        lines = index.read_text(encoding="utf-8").splitlines() if index.exists() else []
        for line in lines:
            entry = json.loads(line)
            if "file" in entry:
                fields = entry["file"]
                self._keep(StoredFile(data=(directory / fields["file_unique_id"]).read_bytes(), **fields))
            else:
                self._keep_photo([self._by_id[file_id].photo_size_json() for file_id in entry["photo"]])

    def existing(self, file_id: str) -> StoredFile:
        """The file a bot re-sends by file_id; a URL or unknown id is refused as Telegram does."""
        stored = self._by_id.get(file_id)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, JPEG, GIF, WebP or BMP image; None if it is not one."""
    try:  # Pillow reads any image; without it the common formats' headers are read.
        from PIL import Image
    except ImportError:
        return _header_size(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # Pillow raises many kinds of error for bad input
        return None


def _header_size(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return abs(width), abs(height)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and len(data) >= 30:
        return _webp_size(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + struct.unpack(">H", data[i + 2 : i + 4])[0]
    return None


def make_png(width: int = 640, height: int = 480, rgb: tuple[int, int, int] = (200, 60, 60)) -> bytes:
    """A valid single-colour PNG, for tests and demos that need a real photo."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _extension(kind: str, file_name: str | None) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1][:8]
    return {"photos": ".jpg", "voice": ".oga", "stickers": ".webp"}.get(kind, "")
