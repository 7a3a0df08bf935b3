import numpy as np
import pytest
import shapely
from osgeo import ogr

from jiangdu_grid_plugin.core.store import build_store, open_store
from jiangdu_grid_plugin.core.store.sqlite import geometry_blob

TOWN = dict(code="321012100", name="仙女镇", pinyin="Xiannü", town_class=1, area_km2=1.0)


def test_round_trip_through_blobs():
    geometries = [
        shapely.Point(451234.5, 3581234.25),
        shapely.MultiPolygon([shapely.box(0, 0, 10, 5), shapely.box(20, 0, 30, 5)]),
        shapely.Polygon(),
        None,
    ]
    blobs = geometry_blob.encode(geometries, 4549)
    assert blobs[3] is None
    assert blobs[0][:2] == b"GP" and len(blobs[0]) == 29  # point: header + WKB, no envelope
    assert geometry_blob.envelope(blobs[1]) == (0.0, 30.0, 0.0, 5.0)
    assert geometry_blob.is_empty(blobs[2]) and geometry_blob.envelope(blobs[2]) is None
    decoded = geometry_blob.decode(blobs)
    assert decoded[0].equals(geometries[0]) and decoded[1].equals(geometries[1])
    assert decoded[2].is_empty and decoded[3] is None


def test_point_xy_fast_path_agrees_with_shapely():
    rng = np.random.default_rng(3)
    xy = rng.uniform([450000, 3575000], [490000, 3630000], size=(1000, 2))
    blobs = geometry_blob.encode(shapely.points(xy), 4549)
    blobs[5] = None
    blobs[7] = geometry_blob.encode([shapely.box(0, 0, 1, 1)], 4549)[0]  # not a point
    x, y = geometry_blob.point_xy(blobs)
    expected = xy.copy()
    expected[[5, 7]] = np.nan
    np.testing.assert_array_equal(x, expected[:, 0])
    np.testing.assert_array_equal(y, expected[:, 1])


def test_gdal_reads_what_we_write(tmp_path):
    path = tmp_path / "s.gpkg"
    polygon = shapely.Polygon([(450000, 3580000), (451000, 3580000), (450500, 3581000)])
    with build_store(path) as store:
        store.insert("towns", [TOWN], [polygon])
    source = ogr.Open(str(path))
    layer = source.GetLayerByName("towns")
    feature = layer.GetNextFeature()
    assert feature.GetField("name") == "仙女镇"
    geometry = shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToIsoWkb()))
    assert geometry.equals(shapely.MultiPolygon([polygon]))
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "4549"
    # The R-tree answers a spatial filter.
    layer.SetSpatialFilterRect(450400, 3580400, 450600, 3580600)
    assert layer.GetFeatureCount() == 1
    layer.SetSpatialFilterRect(0, 0, 1, 1)
    assert layer.GetFeatureCount() == 0


def test_rtree_triggers_follow_later_writes(tmp_path):
    path = tmp_path / "s.gpkg"
    with build_store(path) as store:
        store.insert("towns", [TOWN], [shapely.box(0, 0, 1, 1)])
    with open_store(path) as store:
        store.insert(
            "towns", [dict(TOWN, code="321012101", name="小纪镇")], [shapely.box(5, 5, 7, 8)]
        )
        assert store.integrity_problems() == []


@pytest.mark.parametrize("blob", [b"XX\x00\x01\x00\x00\x00\x00", b"GP"])
def test_garbage_blobs_are_refused(blob):
    with pytest.raises(geometry_blob.GeometryBlobError):
        geometry_blob.decode([blob])
