"""geo.py: the map's geometry from the Natural Earth shapes (npm world-atlas) and the battlegroups."""

from __future__ import annotations

import re
import shutil

import pytest
from briefing import geo
from briefing.models import Battlegroup

HOSTS = {"estonia": "Estonia", "poland": "Poland", "bulgaria": "Bulgaria"}


def group(group_id: str, host: str, **fields) -> Battlegroup:
    return Battlegroup(id=group_id, host=host, framework_nation="Canada", established="2017",
                       contributors=[], sources=["s"], **fields)  # fmt: skip


@pytest.fixture
def shapes(tmp_path, monkeypatch):
    """The real shapes, with the projection cache in a fresh folder."""
    if not geo.SHAPES.is_file():
        pytest.fail(f"{geo.SHAPES} missing: run `npm ci`")
    monkeypatch.setattr(geo, "CACHE", tmp_path / "cache")
    return geo.SHAPES


def points(path: str) -> list[tuple[int, int]]:
    """The absolute points of path data made of `M x y l dx dy dx dy … z` rings."""
    out = []
    for ring in re.findall(r"M([^l]+)l([^z]*)z", path):
        start, moves = [int(n) for n in ring[0].split()], [int(n) for n in ring[1].split()]
        x, y = start
        out.append((x, y))
        for dx, dy in zip(moves[::2], moves[1::2], strict=True):
            x, y = x + dx, y + dy
            out.append((x, y))
    return out


def test_one_marker_per_battlegroup_north_to_south_inside_the_view(shapes):
    flank = geo.build_map([group(i, host) for i, host in HOSTS.items()], shapes)
    assert [m.group.host for m in flank.markers] == ["Estonia", "Poland", "Bulgaria"]
    for marker in flank.markers:
        assert 0 < marker.x < flank.width and 0 < marker.y < flank.height
        assert not marker.at_base and marker.stage == "battlegroup"
    assert flank.hosts == set(HOSTS.values())


def test_countries_in_view_are_clipped_to_it(shapes):
    flank = geo.build_map([group("estonia", "Estonia")], shapes)
    names = {c.name for c in flank.countries}
    assert {"Estonia", "Latvia", "Lithuania", "Poland", "Romania", "Bulgaria", "Ukraine", "Belarus", "Russia"} <= names
    assert not names & {"France", "Spain", "Japan", "Canada"}
    for country in flank.countries:
        xs, ys = zip(*points(country.path), strict=True)
        assert min(xs) >= -5 and max(xs) <= flank.width + 5 and min(ys) >= -5 and max(ys) <= flank.height + 5, country.name


def test_a_location_in_the_data_places_the_marker_at_the_base(shapes):
    fallback = geo.build_map([group("estonia", "Estonia")], shapes).markers[0]
    located = group("estonia", "Estonia", location={"lat": 59.0, "lon": 27.0, "sources": ["s"]})
    placed = geo.build_map([located], shapes).markers[0]
    assert placed.at_base and (placed.x, placed.y) != (fallback.x, fallback.y)
    assert placed.x > fallback.x  # 27° E lies east of Estonia's middle


def test_stage_sets_the_marker_and_labels_stay_on_the_map(shapes):
    groups = [group("estonia", "Estonia", stage="brigade"), group("bulgaria", "Bulgaria", stage="announced")]
    flank = geo.build_map(groups, shapes)
    assert [m.stage for m in flank.markers] == ["brigade", "announced"]
    for marker in flank.markers:
        width = 9.5 * len("led by Canada")
        assert (marker.label_x + width if marker.label_anchor == "start" else marker.label_x - width) <= flank.width
    assert set(flank.stages) == {"battlegroup", "brigade", "announced"}


def test_same_input_same_output_with_or_without_the_cache(shapes):
    groups = [group(i, host) for i, host in HOSTS.items()]
    first = geo.build_map(groups, shapes)
    assert list(geo.CACHE.glob("flank-map-*.json"))
    assert geo.build_map(groups, shapes) == first
    for cached in geo.CACHE.glob("flank-map-*.json"):
        cached.write_text("not json", encoding="utf-8")  # a broken cache is projected again
    assert geo.build_map(groups, shapes) == first


def test_a_battlegroup_that_cannot_be_placed_is_listed_not_drawn(shapes):
    flank = geo.build_map([group("atlantis", "Atlantis"), group("poland", "Poland")], shapes)
    assert [m.group.id for m in flank.markers] == ["poland"]
    assert [g.id for g in flank.unplaced] == ["atlantis"]


def test_missing_shapes_say_how_to_get_them(tmp_path):
    with pytest.raises(geo.MapError, match="npm ci"):
        geo.build_map([group("estonia", "Estonia")], tmp_path / "countries-50m.json")


def test_other_shapes_files_are_read_too(shapes, tmp_path):
    copy = tmp_path / "countries.json"
    shutil.copy2(shapes, copy)
    assert geo.build_map([group("poland", "Poland")], copy).markers[0].group.host == "Poland"


def test_labels_of_bases_close_together_do_not_cover_each_other(shapes):
    near = [group("slovakia", "Slovakia", location={"lat": 48.35, "lon": 19.28, "sources": ["s"]}),
            group("hungary", "Hungary", location={"lat": 47.65, "lon": 18.32, "sources": ["s"]})]  # fmt: skip
    first, second = geo.build_map(near, shapes).markers
    assert (first.label_anchor, second.label_anchor) == ("start", "end")  # the later one moves left
    boxes = [geo._label_box(m.x, m.y, f"led by {m.group.framework_nation}", m.label_anchor) for m in (first, second)]
    assert not geo._overlaps(boxes[0], boxes[1:])
