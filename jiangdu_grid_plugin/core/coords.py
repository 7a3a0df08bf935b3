"""Chinese web-map coordinates: WGS84/CGCS2000, GCJ-02 and BD-09, vectorised over numpy.

GCJ-02 (火星坐标, used by Amap/Gaode and Tencent) shifts WGS84 by a smooth offset computed on
the Krasovsky 1940 ellipsoid; the offset is a few hundred metres around Jiangdu and is
applied only inside China's rough bounding box, outside which GCJ-02 equals WGS84. BD-09
(Baidu) adds a further rotation and scaling to GCJ-02. PROJ knows neither, so they live
here. The forward formulas are public; each inverse is solved by fixed-point iteration,
which converges to well under a millimetre in a few steps because the offsets change
slowly. CGCS2000 (EPSG:4490) and WGS84 agree to centimetres here and are treated as one.

All functions take and return longitude and latitude in degrees, as floats or arrays of
any shape; NaN stays NaN.
"""

from __future__ import annotations

from enum import Enum

import numpy as np

_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
_BD_FACTOR = np.pi * 3000.0 / 180.0


class CoordinateSystem(str, Enum):
    """The coordinate systems a Chinese spreadsheet's longitude/latitude can be in."""

    WGS84 = "wgs84"  # also CGCS2000 (EPSG:4490)
    GCJ02 = "gcj02"
    BD09 = "bd09"


def in_china(lon, lat):
    """True where GCJ-02 applies an offset (the rough box the public formula uses)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return (lon >= 72.004) & (lon <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)


def _offset(lon, lat):
    x = lon - 105.0
    y = lat - 35.0
    waves = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + waves
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + waves
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    radlat = lat / 180.0 * np.pi
    magic = 1.0 - _KRASOVSKY_EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_KRASOVSKY_A * (1.0 - _KRASOVSKY_EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_KRASOVSKY_A / sqrtmagic * np.cos(radlat) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon, lat):
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlon, dlat = _offset(lon, lat)
    inside = in_china(lon, lat)
    return np.where(inside, lon + dlon, lon), np.where(inside, lat + dlat, lat)


def gcj02_to_bd09(lon, lat):
    x = np.asarray(lon, dtype=float)
    y = np.asarray(lat, dtype=float)
    z = np.hypot(x, y) + 0.00002 * np.sin(y * _BD_FACTOR)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _BD_FACTOR)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _invert(forward, lon, lat, tolerance_deg=1e-10, max_steps=30):
    """Solve forward(x) = (lon, lat) for x by fixed-point iteration from x = (lon, lat).

    1e-10 degrees is about 0.01 mm. Points that are NaN stay NaN and do not hold up the
    loop.
    """
    target_lon = np.asarray(lon, dtype=float)
    target_lat = np.asarray(lat, dtype=float)
    x, y = target_lon.copy(), target_lat.copy()
    for _ in range(max_steps):
        fx, fy = forward(x, y)
        ex, ey = target_lon - fx, target_lat - fy
        x, y = x + ex, y + ey
        err = np.nanmax(np.abs(np.concatenate([np.ravel(ex), np.ravel(ey)])), initial=0.0)
        if err < tolerance_deg:
            break
    return x, y


def gcj02_to_wgs84(lon, lat):
    return _invert(wgs84_to_gcj02, lon, lat)


def bd09_to_gcj02(lon, lat):
    return _invert(gcj02_to_bd09, lon, lat)


def wgs84_to_bd09(lon, lat):
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon, lat):
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


_CONVERSIONS = {
    (CoordinateSystem.WGS84, CoordinateSystem.GCJ02): wgs84_to_gcj02,
    (CoordinateSystem.WGS84, CoordinateSystem.BD09): wgs84_to_bd09,
    (CoordinateSystem.GCJ02, CoordinateSystem.WGS84): gcj02_to_wgs84,
    (CoordinateSystem.GCJ02, CoordinateSystem.BD09): gcj02_to_bd09,
    (CoordinateSystem.BD09, CoordinateSystem.WGS84): bd09_to_wgs84,
    (CoordinateSystem.BD09, CoordinateSystem.GCJ02): bd09_to_gcj02,
}


def convert(lon, lat, source: CoordinateSystem | str, target: CoordinateSystem | str):
    """Longitude and latitude converted from `source` to `target` (any of the three)."""
    source, target = CoordinateSystem(source), CoordinateSystem(target)
    if source == target:
        return np.asarray(lon, dtype=float).copy(), np.asarray(lat, dtype=float).copy()
    return _CONVERSIONS[(source, target)](lon, lat)
