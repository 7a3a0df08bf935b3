"""make bench runs every registered benchmark with the demo store and a scratch folder."""

import inspect

from tools import bench


def test_every_registered_benchmark_takes_the_store_and_a_scratch_folder():
    assert sorted(bench.BENCHMARKS) == [
        "density",
        "facility_search",
        "field_import",
        "geocoding",
        "grid_check",
        "hotline_import",
        "postgis",
        "routing",
        "scale",
        "store_write",
    ]
    for name, function in bench.BENCHMARKS.items():
        assert list(inspect.signature(function).parameters) == ["store_path", "scratch"], name
        assert function.__doc__, name  # its first line heads its results
