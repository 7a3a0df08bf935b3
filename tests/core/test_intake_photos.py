"""Photos: JPEG or PNG by their bytes, within the size limit, with their EXIF time and
place where present (Pillow), and still kept without Pillow."""

from __future__ import annotations

import sys
from io import BytesIO

import pytest

from jiangdu_grid_plugin.core.intake.photos import PhotoError, media_type, read_photo


def jpeg(exif: dict | None = None, size=(64, 48)) -> bytes:
    """A small JPEG with EXIF tags: {tag: value}, sub-IFDs as dicts."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    tags = Image.Exif()
    for tag, value in (exif or {}).items():
        tags[tag] = value
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=tags)
    return buffer.getvalue()


def png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    return buffer.getvalue()


GPS = {1: "N", 2: (32.0, 26.0, 30.0), 3: "E", 4: (119.0, 33.0, 36.0)}


def test_a_phone_photo_gives_its_time_and_place():
    photo = read_photo(jpeg({0x8769: {0x9003: "2019:11:25 09:14:00"}, 0x8825: GPS}), "a.jpg")
    assert (photo.media_type, photo.file_name) == ("image/jpeg", "a.jpg")
    assert photo.taken_at == "2019-11-25T01:14:00.000Z"  # China time, without an offset
    assert photo.latitude == pytest.approx(32 + 26 / 60 + 30 / 3600)
    assert photo.longitude == pytest.approx(119 + 33 / 60 + 36 / 3600)


def test_an_offset_in_the_exif_is_used_and_south_and_west_are_negative():
    photo = read_photo(
        jpeg(
            {
                0x8769: {0x9003: "2019:11:25 09:14:00", 0x9011: "+00:00"},
                0x8825: {**GPS, 1: "S", 3: "W"},
            }
        ),
        "b.jpg",
    )
    assert photo.taken_at == "2019-11-25T09:14:00.000Z"
    assert photo.latitude < 0 and photo.longitude < 0


def test_a_photo_without_exif_keeps_none():
    photo = read_photo(png(), "c.png")
    assert (photo.media_type, photo.taken_at, photo.longitude) == ("image/png", None, None)


def test_only_jpeg_and_png_within_the_limit_are_photos():
    assert media_type(b"GIF89a....") is None
    with pytest.raises(PhotoError, match=r"clip\.gif: not a JPEG or PNG image") as refused:
        read_photo(b"GIF89a" + bytes(10), "clip.gif")
    assert refused.value.text("zh") == "clip.gif：不是JPEG或PNG图片"
    content = jpeg(size=(400, 300))
    with pytest.raises(PhotoError, match=f"big.jpg: {len(content):,} bytes, more than the 1,000"):
        read_photo(content, "big.jpg", limit=1000)


def test_without_pillow_photos_are_kept_without_exif(monkeypatch):
    content = jpeg({0x8825: GPS})
    monkeypatch.setitem(sys.modules, "PIL", None)
    photo = read_photo(content, "d.jpg")
    assert (photo.media_type, photo.taken_at, photo.latitude) == ("image/jpeg", None, None)
