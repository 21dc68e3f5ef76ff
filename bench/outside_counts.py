"""Counts for issue 19 items 6–7 and issue 21 item 6, checked from outside
the build: wrong-era identities, undecided names, unnoted outside facts,
references without pages or older than what they attest.

    .venv/bin/python bench/outside_counts.py [PROJECT_ROOT]

The intervals below are the measurement's own reference (general
knowledge, not the portal's data), so that a wrong identity is counted
whatever the portal's ``exists`` says: a mention or an event actor is
wrong-era when no date of its sentence (else of its paragraph, else of the
events citing the paragraph) falls inside the interval of the actor it
links to (certainly wrong, not merely undecided).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bibliography import unpaged  # noqa: E402
from scripts.buildinfo import build_info  # noqa: E402
from scripts.folding import name_key  # noqa: E402
from scripts.paths import ProjectPaths  # noqa: E402
from scripts.pipeline import run  # noqa: E402
from scripts.stages.link import _sentences  # noqa: E402
from scripts.timescope import date_intervals  # noqa: E402

REFERENCE = {
    "rus-merchants": (date(750, 1, 1), date(1240, 12, 31)),
    "russian-empire": (date(1721, 11, 2), date(1917, 9, 14)),
    "soviet-union": (date(1922, 12, 30), date(1991, 12, 26)),
    "russia": (date(1991, 12, 25), date(9999, 12, 31)),
}


def _fits(actor: str, intervals) -> bool:
    start, end = REFERENCE[actor]
    return all(s <= end and e >= start for s, e in intervals)


def main(root: Path) -> None:
    corpus = run(ProjectPaths(root), build_info(root)).corpus
    events = {e.id: e for e in corpus.events}
    wrong, likely, counted = [], [], 0
    for item in corpus.passages:
        text = item.passage.text
        sentences = [(s, e, date_intervals(t)) for s, e, t in _sentences(text)]
        whole = [i for _s, _e, found in sentences for i in found]
        cited = [(events[e].date.start, events[e].date.end) for e in item.events if e in events]
        for mention in item.mentions:
            if mention.actor_id not in REFERENCE:
                continue
            counted += 1
            here = next((f for s, e, f in sentences if s <= mention.start < max(e, s + 1)), [])
            # Certainly wrong: no date of its own sentence falls in the actor's
            # interval. Likely wrong: the sentence has no date, and no date of
            # the paragraph (else of the citing events) does.
            line = f"{item.passage.id}: {mention.surface!r} → {mention.actor_id}"
            if here and not any(_fits(mention.actor_id, [interval]) for interval in here):
                wrong.append(line)
            context = next((c for c in (whole, cited) if c), None)
            if not here and context and not any(_fits(mention.actor_id, [interval]) for interval in context):
                likely.append(line)
    for event in corpus.events:
        for actor in event.actors:
            if actor in REFERENCE and not _fits(actor, [(event.date.start, event.date.end)]):
                wrong.append(f"event {event.id} ({event.date.text}) lists {actor}")
    print(f"mentions of the four identities looked at: {counted}")
    print(f"wrong-era identities: {len(wrong)} certain (the sentence's dates), {len(likely)} likely "
          "(the paragraph's or citing events' dates)")
    for line in wrong:
        print("    certain:", line)
    for line in likely:
        print("    likely: ", line)
    empire = sum(1 for p in corpus.passages if "russian-empire" in p.actor_ids)
    print(f"passages linked to the Russian Empire: {empire}")
    undecided = [i for i in corpus.editorial if i.kind == "ambiguous-name"]
    print(f"ambiguous-name queue items: {len(undecided)}")
    texts = [unicodedata.normalize("NFC", s.raw.text).casefold() for s in corpus.sources]
    unnoted = [f"{a.id}: {t}" for a in corpus.actors
               for (_l, t), n in zip(a.native_names, a.native_notes or (None,) * len(a.native_names), strict=True)
               if n is None and not any(re.search(rf"(?<!\w){re.escape(t.casefold())}(?!\w)", x) for x in texts)]
    print(f"native names no text writes, without a note: {len(unnoted)} (of "
          f"{sum(len(a.native_names) for a in corpus.actors)})")
    passages = [name_key(p.passage.text) for p in corpus.passages]

    def together(term) -> bool:
        short, long = name_key(term.term), name_key(term.expansion)
        def has(words, key):
            return any(words[i:i + len(key)] == key for i in range(len(words) - len(key) + 1))
        return any(has(w, long) and (has(w, short) or set(short) <= {x.rstrip("s") for x in long} | set(long))
                   for w in passages)
    unquoted = [t.term for t in corpus.glossary if t.expansion_note is None and not together(t)]
    print(f"glossary identifications neither quoted with their term nor noted: {len(unquoted)} {unquoted}")
    records = [r for n in corpus.notes for r in n.reference_records]
    print(f"note references: {len(records)}; as text only (unstructured): "
          f"{sum(1 for r in records if r.type is None)}; book/article/chapter without pages: "
          f"{sum(1 for r in records if unpaged(r))}; checked: {sum(1 for r in records if r.checked_by)}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
