"""Company logos: PNG, JPEG or WebP, checked by their bytes, stored under DATA_DIR/logos.

No image library is in the lock, so nothing is re-encoded: the type is read from the
file's magic bytes (the name and the browser's Content-Type are ignored), the pixel size
from the header (PNG IHDR, JPEG SOF, WebP VP8/VP8L/VP8X), and files that are too large,
too small or malformed are refused. SVG is refused (it can carry scripts). A stored file
is named by its content hash, so its URL never changes meaning and may be cached long.
"""

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..core.extensions import db
from ..core.translation import gettext as _
from ..models import Company

MAX_BYTES = 512 * 1024
MIN_SIDE, MAX_SIDE = 16, 4096
TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
LOGO_DIR = "logos"


class LogoError(ValueError):
    """A file that is not accepted as a logo; the message is German and user-facing."""


@dataclass(frozen=True)
class LogoInfo:
    """What the bytes of an accepted logo are."""

    kind: str  # png | jpeg | webp
    width: int
    height: int

    @property
    def mimetype(self) -> str:
        return TYPES[self.kind]


def _png_size(data: bytes) -> tuple[int, int]:
    if data[12:16] != b"IHDR":
        raise LogoError(_("Die PNG-Datei ist beschädigt."))
    return struct.unpack(">II", data[16:24])


def _jpeg_size(data: bytes) -> tuple[int, int]:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            raise LogoError(_("Die JPEG-Datei ist beschädigt."))
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    raise LogoError(_("Die JPEG-Datei ist beschädigt."))


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20:21] == b"\x2f":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    raise LogoError(_("Die WebP-Datei ist beschädigt."))


def inspect_logo(data: bytes) -> LogoInfo:
    """The type and size of an uploaded logo; LogoError when it is not acceptable."""
    if not data:
        raise LogoError(_("Bitte wählen Sie eine Bilddatei aus."))
    if len(data) > MAX_BYTES:
        raise LogoError(_("Das Logo darf höchstens %(n)s KB groß sein.", n=MAX_BYTES // 1024))
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind, size = "png", _png_size
    elif data.startswith(b"\xff\xd8\xff"):
        kind, size = "jpeg", _jpeg_size
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind, size = "webp", _webp_size
    else:
        raise LogoError(_("Bitte laden Sie ein Bild im Format PNG, JPEG oder WebP hoch."))
    try:
        width, height = size(data)
    except struct.error as error:
        raise LogoError(_("Die Bilddatei ist beschädigt.")) from error
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise LogoError(
            _(
                "Das Logo muss zwischen %(min)s und %(max)s Pixel breit und hoch sein.",
                min=MIN_SIDE,
                max=MAX_SIDE,
            )
        )
    return LogoInfo(kind, width, height)


def logo_dir(data_dir: str | Path) -> Path:
    """Where logos are stored."""
    return Path(data_dir) / LOGO_DIR


def save_logo(company: Company, data: bytes, data_dir: str | Path) -> LogoInfo:
    """Check and store ``data`` as the company's logo.

    The file is written at once (named by its hash, so writing it twice is harmless);
    the old one stays until ``prune_logos`` runs after the caller's commit.
    """
    info = inspect_logo(data)
    name = f"{hashlib.sha256(data).hexdigest()[:32]}.{info.kind}"
    folder = logo_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        partial = folder / f".{name}.part"
        partial.write_bytes(data)
        partial.replace(target)
    company.logo_file = name
    return info


def remove_logo(company: Company) -> None:
    """Take the company's logo away (the file goes with the next ``prune_logos``)."""
    company.logo_file = None


def prune_logos(data_dir: str | Path) -> int:
    """Delete stored logo files no company points to (after a commit); how many."""
    folder = logo_dir(data_dir)
    if not folder.is_dir():
        return 0
    used = set(
        db.session.execute(
            select(Company.logo_file).where(Company.logo_file.is_not(None))
        ).scalars()
    )
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in used and not path.name.startswith("."):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def logo_mimetype(name: str) -> str | None:
    """The Content-Type of a stored logo file name (None: not a logo name)."""
    stem, _, ext = name.partition(".")
    if len(stem) != 32 or not all(c in "0123456789abcdef" for c in stem):
        return None
    return TYPES.get(ext)
