"""The demo store reproduces the report's figures on a sound geography, on any
calendar and over several years."""

import csv
import filecmp
import sqlite3
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
import shapely

from jiangdu_grid_plugin.core.codes import CommunityCode, FacilityCode, GridCode, TownCode
from jiangdu_grid_plugin.core.demo import build_demo, geography
from jiangdu_grid_plugin.core.demo.__main__ import main
from jiangdu_grid_plugin.core.demo.figures import demo_figures
from jiangdu_grid_plugin.core.demo.timeline import Timeline, Year
from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.timestamps import (
    CHINA_TZ,
    from_datetime_text,
    local_date,
    to_datetime_text,
)
from jiangdu_grid_plugin.core.workflow import due_level
from tests.helpers import ogrinfo, validate_gpkg

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(demo_store):
    with open_store(demo_store) as opened:
        yield opened


@pytest.fixture(scope="module")
def layers(store):
    return {
        name: store.rows(name, with_geometry=True) for name in ("towns", "communities", "grids")
    }


def test_the_reports_figures(store):
    figures = store.figures()
    expected = {
        "towns": 13,
        "grids": 1102,
        "grid_leaders": 1084,
        "grid_officers": 1643,
        "instructors": 612,
        "units": 63,
        "event_categories": 5,
        "catalog_items": 987,
        "facilities": 220_000,
        "incidents_closed": 23_923,
        "incidents_in_progress": 698,
        "superior_incidents": 17,
        "enforcement_powers": 190,
        "enforcement_penalties": 162,
        "enforcement_coercive": 28,
    }
    assert {key: figures[key] for key in expected} == expected
    assert round(figures["closure_rate"], 4) == 0.9717
    assert set(figures["grid_leaders_by_level"]) == {"district", "town", "community", "grid"}
    assert figures["grid_leaders_by_level"]["district"] == 3
    assert figures["grid_leaders_by_level"]["community"] == figures["communities"]
    # Most coded facilities are in the central urban area (仙女镇 and 大桥镇).
    assert figures["facilities_central_urban"] / figures["facilities"] > 0.85


def test_the_workflow_report_gives_the_reports_closure_rate(store):
    from datetime import datetime, timezone

    from jiangdu_grid_plugin.core.workflow_report import report

    as_of = datetime(2019, 11, 25, 12, tzinfo=timezone.utc)
    (district,) = report(store, "district", as_of=as_of, language="zh")
    assert (district["name"], district["closed"], district["in_progress"]) == (
        "江都区",
        23_923,
        698,
    )
    assert f"{district['closure_rate']:.2%}" == "97.17%"
    towns = report(store, "town", as_of=as_of, with_hours=False)
    assert len(towns) == 13
    assert sum(t["closed"] for t in towns) == 23_923
    assert sum(t["in_progress"] for t in towns) == 698


def test_towns_with_published_areas_come_within_5_percent(layers):
    published = {t.name: t.area_km2 for t in geography.TOWNS if t.area_km2}
    areas = {row["name"]: row["geom"].area / 1e6 for row in layers["towns"]}
    for name, area in published.items():
        assert abs(areas[name] / area - 1) < 0.05, name
    assert sum(areas.values()) == pytest.approx(1321.8, abs=0.5)


@pytest.mark.parametrize("level", ["towns", "communities", "grids"])
def test_each_level_tiles_the_district(layers, level):
    district = geography.district_outline()
    polygons = [row["geom"] for row in layers[level]]
    assert all(shapely.is_valid(polygons))
    union = shapely.union_all(polygons)
    assert shapely.symmetric_difference(union, district).area < 1.0  # m2
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(
        shapely.intersection(np.take(polygons, left[pairs]), np.take(polygons, right[pairs]))
    )
    assert overlap.max() < 1e-3  # neighbours share edges exactly


def test_each_unit_lies_in_its_parent(layers):
    by_code = {
        row["code"]: row["geom"] for level in ("towns", "communities") for row in layers[level]
    }
    for row in layers["communities"]:
        assert row["geom"].difference(by_code[row["town_code"]]).area < 1e-3, row["code"]
    for row in layers["grids"]:
        assert row["geom"].difference(by_code[row["community_code"]]).area < 1e-3, row["code"]


def test_codes_are_well_formed_unique_and_consistent(layers):
    towns = [TownCode.parse(row["code"]) for row in layers["towns"]]
    assert [t.sequence for t in towns] == list(range(100, 113))
    assert {row["name"]: row["code"] for row in layers["towns"]}["小纪镇"] == "321012101"
    sequences = defaultdict(list)
    for row in layers["communities"]:
        code = CommunityCode.parse(row["code"])
        assert str(code.town) == row["town_code"]
        assert code.is_village == (row["kind"] == "village")
    for row in layers["grids"]:
        code = GridCode.parse(row["code"])
        assert str(code.community) == row["community_code"]
        sequences[row["community_code"]].append(code.sequence)
    assert len({row["code"] for row in layers["grids"]}) == 1102
    for community, numbers in sequences.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), community


def test_grids_are_numbered_west_to_east_north_to_south(layers):
    by_community = defaultdict(list)
    for row in layers["grids"]:
        by_community[row["community_code"]].append(row)
    largest = max(by_community.values(), key=len)
    first, last = (min(largest, key=lambda r: r["code"]), max(largest, key=lambda r: r["code"]))
    assert first["geom"].centroid.y > last["geom"].centroid.y


def test_grids_are_small_where_people_are_many(layers):
    area = np.array([row["geom"].area / 1e6 for row in layers["grids"]])
    density = np.array([row["population"] / (row["geom"].area / 1e6) for row in layers["grids"]])
    urban, rural = density > np.percentile(density, 80), density < np.percentile(density, 20)
    assert np.median(area[urban]) * 4 < np.median(area[rural])
    assert sum(row["population"] for row in layers["grids"]) == pytest.approx(1_020_000, rel=0.01)


@pytest.mark.parametrize("table", ["facilities", "incidents", "enforcement_cases"])
def test_every_point_lies_in_the_grid_its_row_names(store, layers, table):
    grids = [row["geom"] for row in layers["grids"]]
    codes = np.array([row["code"] for row in layers["grids"]])
    points = store.rows(table, ["grid_code"], with_geometry=True)
    point_index, grid_index = shapely.STRtree(grids).query(
        [row["geom"] for row in points], predicate="within"
    )
    assert len(point_index) == len(points)  # each point in exactly one grid
    named = np.array([row["grid_code"] for row in points])
    assert (codes[grid_index] == named[point_index]).all()


def test_facility_codes_match_their_class(store):
    rows = store.rows("facilities", ["code", "class_code", "state", "in_use", "retired_on"])
    for row in rows[::97]:
        assert FacilityCode.parse(row["code"]).class_code == row["class_code"]
    assert {row["state"] for row in rows} == {"intact", "damaged", "lost", "occupied"}
    retired = [row for row in rows if not row["in_use"]]
    assert 0 < len(retired) < 0.01 * len(rows)
    assert all(row["retired_on"] for row in retired)


def test_incident_histories_follow_the_loop(demo_store):
    with sqlite3.connect(demo_store) as db:
        last_step_differs = db.execute(
            "SELECT count(*) FROM incidents i WHERE step != (SELECT to_step FROM incident_steps "
            "s WHERE s.incident_id = i.fid ORDER BY s.at DESC, s.fid DESC LIMIT 1)"
        ).fetchone()[0]
        illegal = db.execute(
            "SELECT count(*) FROM incident_steps s LEFT JOIN workflow_transitions w ON "
            "w.from_step = s.from_step AND w.to_step = s.to_step AND w.actor_role = s.actor_role "
            "WHERE s.from_step IS NOT NULL AND s.escalated_to IS NULL AND w.fid IS NULL"
        ).fetchone()[0]
        # Escalations stay on the step, by the system, and are the only such rows.
        escalations = db.execute(
            "SELECT count(*), sum(from_step = to_step AND actor_role = 'system' AND "
            "to_step IN ('dispatched', 'handled')) FROM incident_steps "
            "WHERE escalated_to IS NOT NULL"
        ).fetchone()
        versions_differ = db.execute(
            "SELECT count(*) FROM incidents i WHERE row_version != "
            "(SELECT count(*) FROM incident_steps s WHERE s.incident_id = i.fid)"
        ).fetchone()[0]
        first_steps = db.execute(
            "SELECT count(*) FROM incident_steps WHERE from_step IS NULL"
        ).fetchone()[0]
        closed_without_time = db.execute(
            "SELECT count(*) FROM incidents WHERE step IN ('closed', 'evaluated') "
            "AND closed_at IS NULL"
        ).fetchone()[0]
        span = db.execute("SELECT min(reported_at), max(updated_at) FROM incidents").fetchone()
    assert (last_step_differs, illegal, closed_without_time, versions_differ) == (0, 0, 0, 0)
    assert escalations[0] > 500 and escalations[1] == escalations[0]
    assert first_steps == 23_923 + 698 + 1_187
    assert span[0] >= "2019-01-31T16:00:00.000Z" and span[1] < "2019-11-25T01:00:00.000Z"


def test_the_moves_districts_make_in_plausible_proportions(demo_store):
    with sqlite3.connect(demo_store) as db:
        labels = dict(db.execute("SELECT move, label_zh FROM workflow_transitions"))
        moves = dict(db.execute("SELECT move, count(*) FROM incident_steps GROUP BY move"))
        hotline_closed = db.execute(
            "SELECT count(*) FROM incidents WHERE source = 'hotline_12345' AND step IN "
            "('closed', 'evaluated')"
        ).fetchone()[0]
        suspended_open = db.execute(
            "SELECT count(*), count(deadline_at) FROM incidents WHERE step = 'suspended'"
        ).fetchone()
    assert {labels[m] for m in ("send_back", "reassign", "request_extension", "suspend")} == {
        "退回",
        "改派",
        "延期申请",
        "挂账",
    }
    assert {labels["resume"], labels["follow_up"]} == {"恢复", "回访"}
    dispatches = moves["dispatch"]
    assert 0.015 < moves["send_back"] / dispatches < 0.04
    assert 0.003 < moves["reassign"] / dispatches < 0.03
    assert 0.02 < moves["request_extension"] / dispatches < 0.06
    assert moves["approve_extension"] > 2 * moves["refuse_extension"] > 0
    assert 0 < moves["resume"] <= moves["suspend"] < 0.02 * dispatches
    assert 0.6 < moves["follow_up"] / hotline_closed < 0.95
    assert 0 < moves["rework"] < 0.1 * moves["follow_up"]
    assert suspended_open[0] > 0 and suspended_open[1] == 0  # no clock while suspended


def test_personal_data_uses_the_unassigned_140_block(store):
    phones = [row["phone"] for row in store.rows("officers", ["phone"])]
    assert len(set(phones)) == len(phones) == 1084 + 1643 + 612
    assert all(p.startswith("140") and len(p) == 11 for p in phones)


def test_the_file_passes_gdal_and_sqlite_checks(store, demo_store):
    result = validate_gpkg(demo_store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert store.integrity_problems() == []
    info = ogrinfo(demo_store, "-al", "-so")
    assert info.returncode == 0 and "Warning" not in info.stderr, info.stderr
    assert info.stdout.count("Feature Count") == 25  # 23 tables and the two activity views
    town_view = info.stdout[info.stdout.index("Layer name: town_activity") :]
    assert "Geometry: Multi Polygon\nFeature Count: 13\n" in town_view


def test_the_tiling_is_deterministic(layers):
    again = geography.build(np.random.default_rng(2019), 1102)
    stored = sorted(round(row["geom"].area, 3) for row in layers["grids"])
    assert sorted(round(g.area, 3) for g in again.grids) == stored


# A demo as of another day, with a history: two years ending on a leap day (the year
# before it ends on 28 February).

AS_OF = date(2024, 2, 29)
CLOCK = datetime(2024, 2, 29, 9, tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def history_store(tmp_path_factory):
    """Two years as of AS_OF at full size (about half a minute)."""
    path = tmp_path_factory.mktemp("history") / "demo.gpkg"
    build_demo(path, as_of=AS_OF, years=2)
    return path


@pytest.fixture(scope="module")
def history(history_store):
    with open_store(history_store) as opened:
        yield opened


def test_the_timeline_keeps_the_reports_shape():
    (trial,) = Timeline().periods()
    assert trial == Year(
        1, datetime(2019, 2, 1, tzinfo=CHINA_TZ), datetime(2019, 11, 25, 9, tzinfo=CHINA_TZ), True
    )
    assert Timeline().platform_start == date(2019, 1, 1)
    first, second = Timeline(AS_OF, 2).periods()
    assert (first.start, first.end, first.is_last) == (
        datetime(2022, 5, 7, tzinfo=CHINA_TZ),
        datetime(2023, 2, 28, 9, tzinfo=CHINA_TZ),
        False,
    )
    assert (second.start, second.end, second.is_last) == (first.end, CLOCK, True)
    with pytest.raises(ValueError, match="1 to 30 years, not 0"):
        Timeline(AS_OF, 0)


def test_the_last_year_as_of_another_day_has_the_reports_figures(history):
    figures, years = demo_figures(history)
    expected = {
        "grids": 1102,
        "grid_leaders": 1084,
        "grid_officers": 1643,
        "instructors": 612,
        "facilities": 220_000,
        "incidents_closed": 23_923,
        "incidents_in_progress": 698,
        "incidents_rejected": 1_187,
        "superior_incidents": 17,
        "enforcement_cases": 3_846,
    }
    assert {key: figures[key] for key in expected} == expected
    assert round(figures["closure_rate"], 4) == 0.9717
    assert [(y["number"], y["end"]) for y in years] == [
        (1, datetime(2023, 2, 28, 9, tzinfo=CHINA_TZ)),
        (2, CLOCK),
    ]
    # The whole record holds more: the first year, and the officers who have left.
    whole = history.figures()
    assert whole["incidents"] == sum(y["incidents"] for y in years) > 25_808
    assert whole["grid_officers"] == 1643 + sum(y["officers_left"] for y in years) > 1643


def test_the_earlier_year_is_smaller_settled_and_less_by_hotline(history):
    _, (first, last) = demo_figures(history)
    assert 0.5 * last["incidents"] < first["incidents"] < last["incidents"]
    assert first["in_progress"] == 0 and first["closure_rate"] == 1.0
    assert first["hotline_share"] < last["hotline_share"]
    assert round(last["hotline_share"], 2) == 0.27
    assert 0 < first["enforcement_cases"] < last["enforcement_cases"]
    assert first["officers_left"] > 50 and last["officers_left"] == 0


def test_its_clock_stops_on_the_as_of_day(history):
    assert history.info()["demo_as_of"] == "2024-02-29T01:00:00.000Z"
    assert history.activity_period() == (date(2022, 5, 7), AS_OF)
    clock = to_datetime_text(CLOCK)
    latest = max(row["at"] for row in history.rows("incident_steps", ["at"]))
    assert "2024-02-29T00:00:00.000Z" < latest < clock
    decided = max(row["decided_on"] for row in history.rows("enforcement_cases", ["decided_on"]))
    assert decided <= AS_OF.isoformat()


def test_at_its_clock_some_open_incidents_are_overdue_most_are_not(history):
    def district(moment):
        (row,) = history.workflow_counts("district", None, None, to_datetime_text(moment), False)
        return row

    now, tomorrow = district(CLOCK), district(CLOCK + timedelta(days=1))
    assert now["in_progress"] == tomorrow["in_progress"] == 698
    assert 20 < now["overdue"] < 698 / 4
    assert tomorrow["overdue"] > 2 * now["overdue"]  # it lives on: deadlines keep passing


def test_escalations_are_those_the_morning_run_makes(history, history_store):
    run = datetime.combine(AS_OF, time(8, 30), CHINA_TZ)
    overdue = history.overdue_incidents(to_datetime_text(run))
    assert len(overdue) > 20
    hours = {code: item["deadline_hours"] for code, item in history.catalog_items().items()}
    for incident in overdue:
        deadline = from_datetime_text(incident["deadline_at"])
        due = due_level(deadline, hours[incident["catalog_code"]], run)
        assert incident["escalation"] == due, incident["ticket"]
    with sqlite3.connect(history_store) as db:
        times = {
            row[0]
            for row in db.execute(
                "SELECT DISTINCT strftime('%H:%M', at, '+8 hours') FROM incident_steps "
                "WHERE escalated_to IS NOT NULL"
            )
        }
        escalated_but_settled = db.execute(
            "SELECT count(*) FROM incidents WHERE escalation IS NOT NULL AND step NOT IN "
            "('dispatched', 'handled')"
        ).fetchone()[0]
    assert times == {"08:30"}
    assert escalated_but_settled == 0


def test_earlier_boundaries_are_grid_versions_and_old_reports_name_them(history):
    versions = history.rows("grid_versions", with_geometry=True)
    assert versions and {v["change"] for v in versions} == {"changed"}
    first, _ = Timeline(AS_OF, 2).periods()
    change_days = history.grid_change_days()
    assert all(first.start.date() < day < first.end.date() for day in change_days)
    assert len(history.active_grids()) == 1102
    points = [
        (local_date(from_datetime_text(row["reported_at"])), row["grid_code"], row["geom"])
        for row in history.rows("incidents", ["grid_code", "reported_at"], with_geometry=True)
    ] + [
        (date.fromisoformat(row["decided_on"]), row["grid_code"], row["geom"])
        for row in history.rows("enforcement_cases", ["grid_code", "decided_on"], True)
    ]
    epochs = [first.start.date(), *change_days, date(2100, 1, 1)]
    now = {g["code"]: g["geom"] for g in history.active_grids()}
    renamed = 0
    for start, end in zip(epochs, epochs[1:]):
        tiling = {g["code"]: g["geom"] for g in history.grids_in_force(start)}
        mine = [p for p in points if start <= p[0] < end]
        assert all(tiling[code].contains(point) for _, code, point in mine)
        renamed += sum(not now[code].contains(point) for _, code, point in mine)
    assert renamed > 0  # some reports lie where another grid is now


def test_officers_come_and_go_and_report_only_while_in_post(history_store):
    with sqlite3.connect(history_store) as db:
        patrols, outside = db.execute(
            "SELECT count(*), sum(NOT EXISTS (SELECT 1 FROM assignments a WHERE "
            "a.officer_id = s.officer_id AND a.scope_code = i.grid_code AND a.valid_from <= "
            "date(i.reported_at, '+8 hours') AND (a.valid_to IS NULL OR "
            "date(i.reported_at, '+8 hours') < a.valid_to))) FROM incidents i "
            "JOIN incident_steps s ON s.incident_id = i.fid AND s.from_step IS NULL "
            "WHERE i.source = 'patrol' AND s.actor_role = 'grid_officer'"
        ).fetchone()
        handed_over = db.execute(
            "SELECT count(*) FROM assignments a JOIN assignments b ON a.scope_code = "
            "b.scope_code AND a.valid_to = b.valid_from AND a.officer_id != b.officer_id "
            "WHERE a.role = 'grid_officer' AND b.role = 'grid_officer'"
        ).fetchone()[0]
        phones = db.execute("SELECT count(*) - count(DISTINCT phone) FROM officers").fetchone()
    assert patrols > 10_000 and outside == 0
    assert handed_over > 50
    assert phones == (0,)


def test_the_summary_gives_the_last_year_and_a_line_per_year(history_store, capsys):
    assert main(["summary", str(history_store)]) == 0
    out = capsys.readouterr().out
    assert "the last year (2023-02-28 09:00 to 2024-02-29 09:00 China time)" in out
    assert "incidents closed (办结)                                     23,923  ok" in out
    assert "closure rate (办结率)                                       97.17%  ok" in out
    lines = out[out.index("by year") :].splitlines()
    assert lines[2].split()[:3] == ["1", "2022-05-07", "2023-02-28"]
    assert lines[3].split()[:8] == [
        "2",
        "2023-02-28",
        "2024-02-29",
        "25,808",
        "23,923",
        "698",
        "1,187",
        "97.17%",
    ]


def test_the_hotline_sample_calls_in_after_the_clock(history_store, tmp_path, capsys):
    sample = tmp_path / "hotline.csv"
    assert main(["hotline", str(history_store), str(sample)]) == 0
    out = capsys.readouterr().out
    assert "  imported               24\n" in out
    assert "  possible_duplicate      1\n" in out
    with open(sample, encoding="gb18030", newline="") as handle:
        rows = list(csv.DictReader(handle))
    times = [row["来电时间"] for row in rows if row["来电时间"].startswith("2024/")]
    assert len(times) == 29 and min(times) == "2024/02/29 09:00"
    assert rows[0]["工单编号"] == "12345-20240229-0001"


def test_a_build_is_the_same_to_the_byte(tmp_path):
    paths = [tmp_path / f"{name}.gpkg" for name in "ab"]
    for path in paths:  # small: a hundredth of the activity
        build_demo(path, as_of=AS_OF, years=2, scale=0.01)
    assert filecmp.cmp(*paths, shallow=False)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--as-of", "2023-02-29", "'2023-02-29' is not a day: write it as YYYY-MM-DD"),
        ("--years", "0", "'0': give a whole number from 1 to 30"),
    ],
)
def test_bad_build_options_are_refused(tmp_path, capsys, option, value, message):
    with pytest.raises(SystemExit) as exit:
        main(["build", str(tmp_path / "demo.gpkg"), option, value])
    assert exit.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "demo.gpkg").exists()
