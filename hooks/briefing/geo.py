"""The map of the flank: an SVG drawn at build time from Natural Earth country shapes and the battlegroups.

The shapes come from the npm package `world-atlas` (Natural Earth 1:50m, TopoJSON), read from
node_modules; nothing is fetched. The countries are projected once per process (Lambert conformal
conic, the usual projection for maps of Europe), simplified, clipped to the view and cached; only
the markers are drawn per build. Output is whole numbers and plain decimals: the same input gives the
same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .models import Battlegroup

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
SHAPES = NODE_MODULES / "world-atlas" / "countries-50m.json"
CACHE = NODE_MODULES / ".cache" / "briefing"
# The view, in degrees: from the Gulf of Finland to the western Black Sea.
WEST, EAST, SOUTH, NORTH = 13.0, 31.0, 41.3, 60.3
WIDTH = 480.0  # SVG user units; labels are sized for this width shown at phone size
TOLERANCE = 1.0  # simplification tolerance, in SVG units (under a pixel at the sizes shown)
STAGES = {
    "brigade": "Brigade: a battlegroup scaled up to, or part of, a brigade",
    "battlegroup": "Battlegroup: a battalion-size multinational unit",
    "announced": "Announced: not yet in place",
}


@dataclass(frozen=True)
class Country:
    name: str
    path: str  # SVG path data


@dataclass(frozen=True)
class Marker:
    """One battlegroup on the map: where it is drawn and where its label goes."""

    group: Battlegroup
    x: float
    y: float
    stage: str
    at_base: bool  # False: the data gives no base position, so the marker sits in the host country
    label_x: float
    label_y: float
    label_anchor: str  # "start" (label to the right) or "end" (to the left)


@dataclass(frozen=True)
class FlankMap:
    width: float
    height: float
    countries: tuple[Country, ...]
    hosts: frozenset[str]
    markers: tuple[Marker, ...]  # north to south: the order a keyboard visits them
    unplaced: tuple[Battlegroup, ...] = ()  # no location in the data and a host that is no country on the map
    stages: dict[str, str] = field(default_factory=lambda: dict(STAGES))  # the legend


class MapError(Exception):
    """The map cannot be drawn: the country shapes are missing."""


def _conic(lat1: float = 45.0, lat2: float = 57.0, lat0: float = (SOUTH + NORTH) / 2, lon0: float = (WEST + EAST) / 2):
    """Lambert conformal conic projection (Snyder 1987, eq. 15-1 to 15-3), y pointing down."""
    rad = math.radians
    t = lambda phi: math.tan(math.pi / 4 + rad(phi) / 2)  # noqa: E731
    n = math.log(math.cos(rad(lat1)) / math.cos(rad(lat2))) / math.log(t(lat2) / t(lat1))
    f = math.cos(rad(lat1)) * t(lat1) ** n / n
    rho0 = f / t(lat0) ** n

    def project(lon: float, lat: float) -> tuple[float, float]:
        rho = f / t(lat) ** n
        theta = n * rad(lon - lon0)
        return rho * math.sin(theta), rho * math.cos(theta) - rho0

    return project


@cache
def _frame() -> tuple:
    """The projection scaled to SVG units, and the view's size."""
    project = _conic()
    edge = [(lon, lat) for lon in (WEST, EAST) for lat in (SOUTH, NORTH)] + [((WEST + EAST) / 2, lat) for lat in (SOUTH, NORTH)]
    xs, ys = zip(*(project(lon, lat) for lon, lat in edge), strict=True)
    x0, y0 = min(xs), min(ys)
    scale = WIDTH / (max(xs) - x0)
    height = round((max(ys) - y0) * scale, 1)

    def to_svg(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return (x - x0) * scale, (y - y0) * scale

    return to_svg, height


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as lon/lat points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on one arc; its ends stay, so arcs shared by two countries still meet."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay) or 1e-9
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _clip(ring: list[tuple[float, float]], width: float, height: float, margin: float = 4.0) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of a ring inside the view (plus a margin the frame hides)."""
    edges = [
        (lambda p: p[0] >= -margin, lambda a, b: -margin, 0),
        (lambda p: p[0] <= width + margin, lambda a, b: width + margin, 0),
        (lambda p: p[1] >= -margin, lambda a, b: -margin, 1),
        (lambda p: p[1] <= height + margin, lambda a, b: height + margin, 1),
    ]
    for inside, bound, axis in edges:
        if not ring:
            break
        out = []
        for i, current in enumerate(ring):
            previous = ring[i - 1]
            if inside(current) != inside(previous):
                value = bound(previous, current)
                t = (value - previous[axis]) / (current[axis] - previous[axis])
                other = previous[1 - axis] + t * (current[1 - axis] - previous[1 - axis])
                out.append((value, other) if axis == 0 else (other, value))
            if inside(current):
                out.append(current)
        ring = out
    return ring


def _ring(arc_ids: list[int], arcs: dict[int, list]) -> list[tuple[float, float]]:
    """A ring from its arcs; a negative index (~i) means arc i reversed. Shared end points are dropped."""
    points: list[tuple[float, float]] = []
    for index in arc_ids:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc[1:] if points else arc
    return points


def _path_data(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data in whole units (under a pixel at the sizes shown), relative moves: short and well compressed."""
    parts = []
    for ring in rings:
        points: list[tuple[int, int]] = []
        for x, y in ring:
            point = (round(x), round(y))
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 3:
            moves = " ".join(f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False))
            parts.append(f"M{points[0][0]} {points[0][1]}l{moves}z")
    return "".join(parts)


def _countries(shapes: Path) -> tuple[tuple[Country, ...], dict[str, tuple[float, float]]]:
    """The countries in view, from the cache in node_modules/.cache when the shapes and this code are unchanged.

    Projecting the shapes takes a quarter of a second; reading the cache, a millisecond.
    """
    data = shapes.read_bytes()
    key = hashlib.sha256(data + Path(__file__).read_bytes()).hexdigest()[:20]
    cached = CACHE / f"flank-map-{key}.json"
    try:
        countries, centres = json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        countries, centres = _project_countries(json.loads(data))
        with contextlib.suppress(OSError):  # a read-only checkout just projects again next time
            CACHE.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps([countries, centres]), encoding="utf-8")
            partial.replace(cached)
    return tuple(Country(*c) for c in countries), {name: tuple(xy) for name, xy in centres.items()}


def _project_countries(topology: dict) -> tuple[list, dict]:
    """Every country in view as [name, SVG path data], and each one's centre."""
    to_svg, height = _frame()
    arcs = _decode_arcs(topology)
    projected: dict[int, list] = {}
    countries, centres = [], {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        ids = {i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring}
        if not any(_near_view(arcs[i]) for i in ids):
            continue
        for i in ids - projected.keys():
            projected[i] = _simplify([to_svg(*p) for p in _clamp(arcs[i])], TOLERANCE)
        rings = [[_ring(ring, projected) for ring in polygon] for polygon in polygons]
        clipped = [_clip(ring, WIDTH, height) for polygon in rings for ring in polygon]
        clipped = [ring for ring in clipped if len(ring) >= 3]
        if not clipped:
            continue
        name = geometry["properties"]["name"]
        countries.append([name, _path_data(clipped)])
        centres[name] = _centre(max((polygon[0] for polygon in rings), key=_area))
    return sorted(countries), centres


# A box well beyond the view: shapes are clamped to it before projecting, so a far-off coast (Russia's
# Pacific) costs nothing and a conic projection never meets a pole. Arcs are short, so clamping changes
# nothing inside the view.
BOX = (WEST - 10, EAST + 10, SOUTH - 6, NORTH + 6)


def _near_view(arc: list[tuple[float, float]]) -> bool:
    return any(WEST - 2 <= lon <= EAST + 2 and SOUTH - 2 <= lat <= NORTH + 2 for lon, lat in arc)


def _clamp(arc: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The arc's points moved into BOX, consecutive repeats dropped."""
    west, east, south, north = BOX
    out: list[tuple[float, float]] = []
    for lon, lat in arc:
        point = (min(max(lon, west), east), min(max(lat, south), north))
        if not out or out[-1] != point:
            out.append(point)
    return out


def _area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _centre(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """The centroid of a ring (the shoelace formula): where a marker goes when no base position is known."""
    cross = [(x0 * y1 - x1 * y0, x0 + x1, y0 + y1) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)]
    area = sum(c for c, _, _ in cross) / 2
    return sum(c * sx for c, sx, _ in cross) / (6 * area), sum(c * sy for c, _, sy in cross) / (6 * area)


def _label_box(x: float, y: float, label: str, anchor: str) -> tuple[float, float, float, float]:
    """The box a two-line label takes (left, top, right, bottom): about 9.5 units a character, 45 units high."""
    width = 9.5 * len(label)
    left = x + 12 if anchor == "start" else x - 12 - width
    return left, y - 22, left + width, y + 23


def _overlaps(box: tuple[float, float, float, float], others: list[tuple[float, float, float, float]]) -> bool:
    return any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in others)


def _place_label(x: float, y: float, label: str, placed: list[tuple[float, float, float, float]]) -> tuple[float, str]:
    """Labels go right of the marker unless they would run off the map or cover a label placed before them
    (markers are placed north to south); then left, where that fits."""
    sides = ["start", "end"]
    if x + 12 + 9.5 * len(label) > WIDTH:
        sides.reverse()
    fitting = [side for side in sides if _label_box(x, y, label, side)[0] >= 0 and _label_box(x, y, label, side)[2] <= WIDTH]
    anchor = next((side for side in fitting if not _overlaps(_label_box(x, y, label, side), placed)), (fitting or sides)[0])
    placed.append(_label_box(x, y, label, anchor))
    return (x + 12, anchor) if anchor == "start" else (x - 12, anchor)


def build_map(battlegroups: list[Battlegroup], shapes: Path = SHAPES) -> FlankMap:
    """The map's geometry: countries in view, host countries, and one marker per battlegroup."""
    if not shapes.is_file():
        raise MapError(f"{shapes} is missing: run `npm ci` (the map's country shapes come from the npm package world-atlas)")
    countries, centres = _countries(shapes)
    to_svg, height = _frame()
    points, unplaced = [], []
    for group in battlegroups:
        if group.location:
            (x, y), at_base = to_svg(group.location.lon, group.location.lat), True
        elif group.host in centres:
            (x, y), at_base = centres[group.host], False
        else:  # no base position and no country of that name: the caption lists it instead
            unplaced.append(group)
            continue
        points.append((round(y, 1), round(x, 1), group, at_base))
    markers, placed = [], []
    for y, x, group, at_base in sorted(points, key=lambda p: (p[0], p[1])):
        label_x, anchor = _place_label(x, y, max(group.host, "led by " + group.framework_nation, key=len), placed)
        markers.append(Marker(group, x, y, group.stage or "battlegroup", at_base, round(label_x, 1), round(y - 3, 1), anchor))
    hosts = frozenset(g.host for g in battlegroups)
    return FlankMap(WIDTH, height, countries, hosts, tuple(markers), tuple(unplaced))
