"""The map page (``map.md``) and the small maps of place and event pages.

Places are actors of kind ``place`` (their mentions link like any actor's);
their ``place:`` facts say what sort of place each is and, from a gazetteer
or a note, where it is (``scripts/places.py``). The map is SVG drawn at
build time: country shapes are decoration (hidden from screen readers);
each mapped place is a link with its name, focusable with Tab; the list of
places under the map is the version without images and the one screen
readers use. A period filter (``?period=ID``, ``overrides/assets/map.js``)
keeps the places of that period's events, as on the timeline.

In: the render context. Out: the map page, and the markup of small maps.
The layouts are ``scripts/templates/map.html`` and ``_map.html``.
"""

from __future__ import annotations

from markupsafe import Markup

from scripts import places as geo
from scripts.model import Actor, GeneratedPage
from scripts.renderer import references as references_render
from scripts.renderer.html import front_matter
from scripts.urls import page_path, relative

HERE = "map.md"
#: Label boxes: an estimate of the text's width (px per character at the
#: map's 12 px) so that labels do not overlap.
CHAR_PX = 6.6
LABEL_PX = 14


def place_actors(ctx) -> list[Actor]:
    """Every place, by name."""
    return sorted((a for a in ctx.corpus.actors if a.kind == "place"), key=lambda a: (a.name.casefold(), a.id))


def _labelled(markers: list[dict], width: float) -> list[dict]:
    """Each marker with ``lx``, ``ly`` and ``anchor`` for its label: right
    of the dot, else left, else moved down, so that no two labels overlap."""
    boxes: list[tuple] = []
    out = []
    for marker in sorted(markers, key=lambda m: (m["y"], m["x"])):
        w = len(marker["name"]) * CHAR_PX
        choices = []
        for dy in (0, LABEL_PX, -LABEL_PX, 2 * LABEL_PX, -2 * LABEL_PX):
            choices.append((marker["x"] + 9, marker["y"] + 4 + dy, "start", marker["x"] + 9))
            choices.append((marker["x"] - 9, marker["y"] + 4 + dy, "end", marker["x"] - 9 - w))
        def fits(choice):
            _x, ly, _anchor, left = choice
            box = (left, ly - 11, left + w, ly + 3)
            return left >= 0 and box[2] <= width and not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)

        lx, ly, anchor, left = next((c for c in choices if fits(c)), choices[0])
        box = (left, ly - 11, left + w, ly + 3)
        boxes.append(box)
        out.append({**marker, "lx": round(lx, 1), "ly": round(ly, 1), "anchor": anchor})
    return out


def location_reference(ctx, here: str, location) -> Markup:
    """Where a place's coordinates come from, for readers: the editors'
    note by its number, linked ("note 43"), for coordinates no gazetteer
    gives; otherwise the gazetteer's reference as text (the template
    links it to its ``url``). Never the note's id."""
    if location is None:
        return Markup("")
    if location.note is not None and location.note in ctx.notes_by_id:
        return Markup("editors' ") + Markup(references_render.ref_link(ctx, here, f"note:{location.note}"))
    return Markup.escape(location.reference)


def _markers(ctx, here: str, actors: list[Actor]) -> list[dict]:
    return [{"id": a.id, "name": a.name, "kind": a.place.kind if a.place else "place",
             "href": relative(here, page_path("actor", a.id)),
             "location": a.place.location if a.place else None,
             "periods": " ".join(sorted({e.period_id for e in ctx.events_at_place.get(a.id, [])}))}
            for a in actors]


#: Widths of the maps in SVG units: about the width they are shown at on a
#: phone (small maps) and on a desktop (the map page), so that labels and
#: markers keep a readable size (CSS enlarges the labels on phones).
SMALL_WIDTH = 360.0
PAGE_WIDTH = 560.0


def map_markup(ctx, here: str, actors: list[Actor], label: str, small: bool = True,
               frame: tuple | None = None) -> Markup:
    """A map of *actors* (places) for page *here*, framed by *frame* or
    around those with coordinates, or "" when none has any."""
    markers = _markers(ctx, here, actors)
    if not any(m["location"] for m in markers):
        return Markup("")
    data = geo.map_data(markers, width=SMALL_WIDTH if small else PAGE_WIDTH, frame=frame)
    data["markers"] = _labelled(data["markers"], data["width"])
    return Markup(ctx.render("_map.html", map=data, label=label, small=small))


def map_page(ctx) -> GeneratedPage:
    actors = place_actors(ctx)
    frame = geo.region_frame([a.place.location for a in actors if a.place and a.place.location])
    rows = []
    for actor in actors:
        events = ctx.events_at_place.get(actor.id, [])
        location = actor.place.location if actor.place else None
        rows.append({"link": ctx.to(HERE, "actor", actor.id), "id": actor.id,
                     "kind": actor.place.kind if actor.place else "place", "location": location,
                     "outside": location is not None and not geo.in_frame(location, frame),
                     "reference": location_reference(ctx, HERE, location),
                     "periods": " ".join(sorted({e.period_id for e in events})),
                     "events": len(events)})
    periods = [{"id": p.id, "title": p.title} for p in ctx.corpus.periods]
    markdown = ctx.render(
        "map.html",
        front_matter=Markup(front_matter("Map", "Where the events happened: cities, oil fields, air bases and "
                                                "regions named in the sources, on a map and as a list.",
                                         assets=["map"])),
        map=map_markup(ctx, HERE, actors, "Map of the places named in the sources", small=False, frame=frame),
        rows=rows, periods=periods, mapped=sum(1 for r in rows if r["location"]),
        timeline=relative(HERE, "timeline.md"))
    return GeneratedPage(HERE, markdown, "sources/actors/README.md", "Map")
