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

#: Target size (issue 22, WCAG 2.5.8): on a phone every marker is a link
#: with a 24 × 24 CSS px area of its own. The dots of nearby places (Basra,
#: Umm Qasr, Al-Faw) are a few px apart there, so the area is the marker's
#: label: a box at least TARGET_PX high and wide, with the label in it,
#: beside its dot or moved away along a leader line; no two boxes overlap,
#: and none covers a dot. The sizes are in CSS px at PHONE_PX, the width the
#: map is shown at on a 360 px phone (the page's margins taken off); the map
#: only grows from there.
TARGET_PX = 26
PHONE_PX = 328
#: Width of a character of a label, as a share of the font size (Roboto,
#: the theme's font, averages under 0.6 em a letter in mixed case; a margin).
CHAR_EM = 0.62
#: Radius of a dot's own target (SVG units) that boxes keep clear of, and
#: the gap between a dot and its box.
DOT_CLEARANCE = 9.0
BOX_GAP = 4.0


def place_actors(ctx) -> list[Actor]:
    """Every place, by name."""
    return sorted((a for a in ctx.corpus.actors if a.kind == "place"), key=lambda a: (a.name.casefold(), a.id))


def _distance(x: float, y: float, left: float, top: float, w: float, h: float) -> float:
    """From point (x, y) to the nearest point of a box."""
    dx = max(left - x, 0.0, x - (left + w))
    dy = max(top - y, 0.0, y - (top + h))
    return (dx * dx + dy * dy) ** 0.5


def _labelled(markers: list[dict], width: float, height: float, label_font: float) -> list[dict]:
    """Each marker with its label box (``box``: x, y, w, h, the marker's own
    target on a phone), its label's position inside it (``lx``, ``ly``,
    ``anchor``) and, when the box is away from the dot, a leader line
    (``leader``: x1, y1, x2, y2). *label_font* is the label's size on a
    phone in SVG units (portal.css enlarges the map page's labels there)."""
    target = TARGET_PX * width / PHONE_PX
    dots = [(m["x"], m["y"]) for m in markers]
    boxes: list[tuple] = []
    out = []
    # Crowded dots first: they need the room near them, which a lone dot's
    # label can leave them by moving a little.
    crowd = {id(m): sum(1 for x, y in dots if abs(x - m["x"]) < 2 * target and abs(y - m["y"]) < 2 * target)
             for m in markers}
    for marker in sorted(markers, key=lambda m: (-crowd[id(m)], m["y"], m["x"])):
        x, y = marker["x"], marker["y"]
        w = min(max(target, len(marker["name"]) * CHAR_EM * label_font + 8), width)
        h = target
        choices = []
        for row in range(-6, 7):
            top = y - h / 2 + row * (h + 1)
            for column in range(4):
                shift = DOT_CLEARANCE + BOX_GAP + column * target
                choices.append((x + shift, top, "start"))
                choices.append((x - shift - w, top, "end"))
            # A label too long for either side: the box as near as the map's
            # edges allow (a leader line joins it to its dot).
            choices.append((min(max(x - w / 2, 0.0), width - w), top, "start"))
        # The nearest free place: beside the dot when there is room.
        choices.sort(key=lambda c: (_distance(x, y, c[0], c[1], w, h), c[2] == "end"))

        def fits(choice):
            left, top, _anchor = choice
            box = (left, top, left + w, top + h)
            return (left >= 0 and top >= 0 and box[2] <= width and box[3] <= height
                    and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                                for b in boxes)
                    and not any(box[0] - DOT_CLEARANCE < dx < box[2] + DOT_CLEARANCE
                                and box[1] - DOT_CLEARANCE < dy < box[3] + DOT_CLEARANCE for dx, dy in dots))

        def own(choice):
            # No other dot is nearer the box than the marker's own: a label
            # is read as the name of the dot next to it.
            left, top, _anchor = choice
            mine = _distance(x, y, left, top, w, h)
            return all(_distance(dx, dy, left, top, w, h) > mine for dx, dy in dots if (dx, dy) != (x, y))

        # The first free place that reads as the marker's own, else the first free one.
        chosen = fallback = None
        for choice in choices:
            if fits(choice):
                fallback = fallback or choice
                if own(choice):
                    chosen = choice
                    break
        left, top, anchor = chosen or fallback or choices[0]
        boxes.append((left, top, left + w, top + h))
        near_x = left + 4 if anchor == "start" else left + w - 4
        leader = None
        if _distance(x, y, left, top, w, h) > DOT_CLEARANCE + BOX_GAP + 1:
            # To the nearest point of the box's edge.
            leader = {"x1": x, "y1": y, "x2": round(min(max(x, left), left + w), 1),
                      "y2": round(min(max(y, top), top + h), 1)}
        out.append({**marker, "lx": round(near_x, 1), "ly": round(top + h / 2, 1), "anchor": anchor,
                    "box": {"x": round(left, 1), "y": round(top, 1), "w": round(w, 1), "h": round(h, 1)},
                    "leader": leader})
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
#: Font size of the labels on a phone, in SVG units (portal.css).
SMALL_LABEL = 12.0
PAGE_LABEL_PHONE = 24.0


def map_markup(ctx, here: str, actors: list[Actor], label: str, small: bool = True,
               frame: tuple | None = None) -> Markup:
    """A map of *actors* (places) for page *here*, framed by *frame* or
    around those with coordinates, or "" when none has any."""
    markers = _markers(ctx, here, actors)
    if not any(m["location"] for m in markers):
        return Markup("")
    data = geo.map_data(markers, width=SMALL_WIDTH if small else PAGE_WIDTH, frame=frame)
    data["markers"] = _labelled(data["markers"], data["width"], data["height"],
                                SMALL_LABEL if small else PAGE_LABEL_PHONE)
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
