import numpy as np
import prcoords
import pytest

from jiangdu_grid_plugin.core import coords

# Thousands of points over and around the district (lon 119.46-119.91, lat 32.30-32.80).
RNG = np.random.default_rng(7)
LON = RNG.uniform(119.40, 119.95, 3000)
LAT = RNG.uniform(32.25, 32.85, 3000)
METRES_PER_DEGREE = 111_000.0


def test_wgs84_to_gcj02_matches_prcoords():
    lon, lat = coords.wgs84_to_gcj02(LON, LAT)
    expected = np.array([prcoords.wgs_gcj(prcoords.Coords(b, a)) for a, b in zip(LON, LAT)])
    assert np.max(np.abs(lon - expected[:, 1])) < 1e-12
    assert np.max(np.abs(lat - expected[:, 0])) < 1e-12
    # The offset here is a few hundred metres: more than many grids are wide.
    shift = np.hypot(
        (lon - LON) * METRES_PER_DEGREE * np.cos(np.radians(32.5)), (lat - LAT) * METRES_PER_DEGREE
    )
    assert shift.min() > 400 and shift.max() < 700


def test_gcj02_to_bd09_matches_prcoords():
    lon, lat = coords.gcj02_to_bd09(LON, LAT)
    expected = np.array([prcoords.gcj_bd(prcoords.Coords(b, a)) for a, b in zip(LON, LAT)])
    assert np.max(np.abs(lon - expected[:, 1])) < 1e-12
    assert np.max(np.abs(lat - expected[:, 0])) < 1e-12


@pytest.mark.parametrize(
    ("forward", "inverse"),
    [
        (coords.wgs84_to_gcj02, coords.gcj02_to_wgs84),
        (coords.gcj02_to_bd09, coords.bd09_to_gcj02),
        (coords.wgs84_to_bd09, coords.bd09_to_wgs84),
    ],
)
def test_inverses_round_trip_to_better_than_a_centimetre(forward, inverse):
    lon, lat = inverse(*forward(LON, LAT))
    error_m = np.hypot(lon - LON, lat - LAT) * METRES_PER_DEGREE
    assert error_m.max() < 0.01


def test_inverse_agrees_with_prcoords_precise_inverse():
    gcj_lon, gcj_lat = coords.wgs84_to_gcj02(LON[:200], LAT[:200])
    lon, lat = coords.gcj02_to_wgs84(gcj_lon, gcj_lat)
    expected = np.array(
        [prcoords.gcj_wgs_bored(prcoords.Coords(b, a)) for a, b in zip(gcj_lon, gcj_lat)]
    )
    # prcoords' own iteration stops at about a millimetre.
    assert np.max(np.hypot(lon - expected[:, 1], lat - expected[:, 0])) * METRES_PER_DEGREE < 0.005


def test_outside_china_is_left_alone_and_nan_stays_nan():
    lon = np.array([2.35, -74.0, np.nan, 119.6])
    lat = np.array([48.85, 40.7, 32.4, np.nan])
    out_lon, out_lat = coords.wgs84_to_gcj02(lon, lat)
    assert out_lon[:2].tolist() == [2.35, -74.0] and out_lat[:2].tolist() == [48.85, 40.7]
    assert np.isnan(out_lon[2]) and np.isnan(out_lat[3])
    back_lon, _back_lat = coords.gcj02_to_wgs84(lon, lat)
    assert back_lon[:2].tolist() == [2.35, -74.0]


def test_convert_by_name_and_scalars():
    lon, lat = coords.convert(119.6, 32.4, "wgs84", coords.CoordinateSystem.BD09)
    expected = prcoords.wgs_bd(prcoords.Coords(32.4, 119.6))
    assert float(lon) == pytest.approx(expected.lon, abs=1e-12)
    assert float(lat) == pytest.approx(expected.lat, abs=1e-12)
    same = coords.convert([1.0], [2.0], "gcj02", "gcj02")
    assert same[0].tolist() == [1.0] and same[1].tolist() == [2.0]
    with pytest.raises(ValueError):
        coords.convert(1, 2, "wgs84", "mars")
