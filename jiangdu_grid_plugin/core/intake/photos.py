"""Photos of incidents: JPEG or PNG by their bytes (not their names), within the store's
size limit, with the time and place their EXIF data gives where present.

EXIF is read with Pillow when it is installed (Debian's python3-pil, QGIS's own on
Windows); without it photos are still checked and kept, without their EXIF time and
place.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from ..store.intake_rules import PHOTO_MAX_BYTES
from ..text import UserError
from ..timestamps import CHINA_TZ, to_datetime_text
from .texts import text

LOGGER = logging.getLogger(__name__)
_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}
# EXIF tags: the Exif and GPS sub-IFDs, DateTimeOriginal and its offset, DateTime.
_EXIF_IFD, _GPS_IFD, _ORIGINAL, _OFFSET, _DATETIME = 0x8769, 0x8825, 0x9003, 0x9011, 0x0132


class PhotoError(UserError):
    """A photo refused: its file named, and why."""


@dataclass(frozen=True)
class Photo:
    """A photo fit for the store."""

    file_name: str
    media_type: str
    content: bytes
    taken_at: str | None = None  # DATETIME text (UTC), from EXIF
    longitude: float | None = None  # degrees (WGS84 / CGCS2000), from EXIF
    latitude: float | None = None


def media_type(content: bytes) -> str | None:
    """image/jpeg or image/png by the file's first bytes; None for anything else."""
    for signature, kind in _SIGNATURES:
        if content.startswith(signature):
            return kind
    return None


def read_photo(content: bytes, file_name: str, limit: int = PHOTO_MAX_BYTES) -> Photo:
    """The photo, checked (PhotoError names the file and the reason), with its EXIF time
    and place where present."""
    kind = media_type(content)
    if kind is None:
        raise PhotoError(text("photo_type", file=file_name))
    if len(content) > limit:
        raise PhotoError(text("photo_size", file=file_name, size=len(content), limit=limit))
    taken_at, longitude, latitude = exif_of(content)
    return Photo(file_name, kind, content, taken_at, longitude, latitude)


def exif_of(content: bytes) -> tuple[str | None, float | None, float | None]:
    """(time taken as DATETIME text, longitude, latitude) from the photo's EXIF data;
    None for each that is missing, unreadable, or when Pillow is not installed. A time
    without its offset is China time, as a phone in Jiangdu writes it."""
    try:
        from PIL import Image
    except ImportError:
        return None, None, None
    try:
        with Image.open(BytesIO(content)) as image:
            exif = image.getexif()
            details = exif.get_ifd(_EXIF_IFD)
            gps = exif.get_ifd(_GPS_IFD)
            stamp = details.get(_ORIGINAL) or exif.get(_DATETIME)
            offset = details.get(_OFFSET)
    except Exception as error:  # a photo Pillow cannot parse keeps no EXIF
        LOGGER.info("no EXIF read: %s", error)
        return None, None, None
    return _moment(stamp, offset), *_place(gps)


def _moment(stamp, offset) -> str | None:
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.strptime(stamp.strip()[:19], "%Y:%m:%d %H:%M:%S")
        if isinstance(offset, str) and offset.strip():
            moment = datetime.fromisoformat(moment.isoformat() + offset.strip())
        else:
            moment = moment.replace(tzinfo=CHINA_TZ)
    except ValueError:
        return None
    return to_datetime_text(moment)


def _degrees(value, reference, negative: str) -> float | None:
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = degrees + minutes / 60 + seconds / 3600
    return -result if str(reference).upper().startswith(negative) else result


def _place(gps) -> tuple[float | None, float | None]:
    if not gps or 2 not in gps or 4 not in gps:
        return None, None
    latitude = _degrees(gps.get(2), gps.get(1, "N"), "S")
    longitude = _degrees(gps.get(4), gps.get(3, "E"), "W")
    if latitude is None or longitude is None:
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    return longitude, latitude
