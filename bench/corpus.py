"""Synthetic corpora for the scale series, made from the real texts.

A corpus of N sources is a complete project (``sources/``, ``docs/``,
``overrides/``, ``scripts/``, ``mkdocs.yml``) in a temporary folder. Source
*i* is a copy of real text ``i mod 5`` (its clean body, as the pipeline
reads it) with:

* the paragraphs shuffled inside each section;
* up to two real people renamed to synthetic people (new actors, with a
  role citing the synthetic source);
* every year shifted by the same ±1–2 years;
* a unique token ``[sNNNNpMMM]`` at the start of every paragraph, so quotes
  can always be made unique;
* realistic raw-text chrome for the cleaner: a wiki title line, a byline, a
  share widget, a capture-date banner (a source-specific rule), a scraped
  teaser repeating a paragraph (removed as a duplicate), an advertisement,
  one paragraph wrapped over two lines, and a footer (``drop-rest``).

Catalog entries carry the correct sha256. Actors are the real ones (role
sources remapped to the first copy of their text) plus the synthetic
people. Events are up to four real events per copy, re-dated, re-cast and
citing the transformed quote (checked unique, else the paragraph's token is
quoted), plus one event per source quoting a paragraph by its token.
Periods, glossary, cleaning rules and editorial explanations are the real
ones, in the claims format (issue 10): every citation states the event's
date (``says``), each period opens with a synthetic event on its start
date, the editors' prose keeps its text without the inline references to
real passages (its sentences are uncited-sentence queue items, as in any
unfinished corpus), roles cite the first passage of their source with no
term, and one benchmark note stands for every name from outside the texts.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.common import copy_project
from scripts.entryfiles import write_entries

MAX_DERIVED_EVENTS = 4
MAX_RENAMED_PEOPLE = 2
LAST_YEAR = 2025
TAGS = ("diplomacy", "arms-trade", "energy", "trade", "war", "coup", "kurds", "terrorism", "iran",
        "united-states", "sanctions", "treaty", "communism", "intelligence", "economy", "elections",
        "religion")

FIRST = ("Ivan Sergei Yuri Oleg Mikhail Dmitri Pavel Nikolai Andrei Boris Viktor Anatoly Gennady "
         "Ahmed Ali Hassan Hussein Kareem Omar Yusuf Salim Tariq Faris Nabil Samir Adnan Jabbar "
         "Layla Zainab Olga Tatiana Irina Natalia Samira Huda Rana Vera Galina Amal").split()
MIDDLE = ("Petrovich Ivanovich Sergeyevich Nikolayevich Andreyevich Borisovich Viktorovich "
          "Abdul Jafar Kadhim Hamid Rashid Jawad Mahmoud Saleh Hadi Qasim Fadhil").split()
LAST = ("Volkov Sokolov Morozov Lebedev Kozlov Novikov Pavlov Orlov Belov Zaitsev Fedorov Vasiliev "
        "Semenov Golubev Vinogradov Bogdanov Vorobyov Frolov Gusev Titov Kuznetsov Makarov Egorov "
        "al-Janabi al-Dulaimi al-Obeidi al-Rubaie al-Hakim al-Khafaji al-Shammari al-Zubaidi "
        "al-Saadi al-Bayati al-Tamimi al-Jubouri al-Mashhadani al-Hashimi al-Kubaisi al-Rawi "
        "Sharif Mansour Haddad Najjar Karim Aziz Sabri Nouri Jabr Yasin").split()


# ------------------------------------------------------------------ real data


@dataclass
class RealData:
    root: Path
    corpus: object                  # scripts.model.Corpus of the real project
    docs: dict                      # short name → YAML data (plain dicts/lists)
    actor_names: dict               # actor id → [name, *aliases] (plain strings)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_real(root: Path) -> RealData:
    """Run the real project's pipeline in-process (raises BuildFailed)."""
    from scripts.buildinfo import build_info
    from scripts.entryfiles import KINDS, read_entries
    from scripts.paths import YAML_FILES, ProjectPaths
    from scripts.pipeline import run
    from scripts.yamlio import read_yaml_file

    paths = ProjectPaths(root)
    result = run(paths, build_info(root))
    docs = {}
    for name in YAML_FILES:
        path = paths.yaml(name)
        if path.exists():
            data, problems = read_yaml_file(path, name)
            docs[name] = _plain(data) if not problems else None
        else:
            docs[name] = None
    for name, kind in KINDS.items():
        docs[name] = {kind.list_key: read_entries(paths.sources, name)}
    names = {a.id: [a.name, *a.aliases] for a in result.corpus.actors}
    return RealData(root, result.corpus, docs, names)


# ------------------------------------------------------------------ transforms


YEAR = re.compile(r"(?<![\d.,$])(1[6-9]\d\d|20[0-2]\d)(?![\ds])")
PLAIN_EDTF = re.compile(r"^(?P<y>\d{4})(?P<rest>(-\d{2}){0,2})(?P<q>[~?%]?)$")


def shift_year_text(text: str, shift: int) -> str:
    def repl(match):
        year = int(match.group(1)) + shift
        return str(year) if year <= LAST_YEAR else match.group(1)
    return YEAR.sub(repl, text)


def shift_edtf(value: str | None, shift: int) -> str | None:
    """Shift the years of a plain EDTF date or interval; keep anything else."""
    if not value:
        return value
    parts = value.split("/")
    out = []
    for part in parts:
        match = PLAIN_EDTF.match(part)
        if not match:
            out.append(part)
            continue
        year = int(match["y"]) + shift
        if year > LAST_YEAR or year < 1000:
            out.append(part)
            continue
        rest = match["rest"]
        if rest.endswith("-02-29"):
            rest = rest[:-3] + "-28"
        out.append(f"{year:04d}{rest}{match['q']}")
    return "/".join(out)


def _name_pattern(names: list[str]) -> re.Pattern | None:
    names = sorted({n for n in names if n and len(n) > 2}, key=len, reverse=True)
    if not names:
        return None
    # Case-insensitive, as the linker folds case ("Abd Al-Karim Qasim"), and a
    # possessive ("Saddam Hussein’s") still renames the whole name.
    return re.compile(r"(?<![\w'’-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.IGNORECASE)


class Transform:
    """Rename people and shift years, the same way in texts, quotes and YAML."""

    def __init__(self, renames: list[tuple[re.Pattern, str]], shift: int):
        self.renames = renames
        self.shift = shift

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return None
        for pattern, new in self.renames:
            text = pattern.sub(new, text)
        return shift_year_text(text, self.shift)


# ------------------------------------------------------------------ names


class NameFactory:
    """Unique synthetic people, never clashing with a real name or alias."""

    def __init__(self, taken_keys: set, taken_ids: set, seed: int):
        from scripts.folding import normalize_key
        self._key = normalize_key
        self.taken = set(taken_keys)
        self.ids = set(taken_ids)
        self.rng = random.Random(seed)

    def person(self) -> tuple[str, str, list[str]]:
        from slugify import slugify
        for _ in range(10000):
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(MIDDLE)} {self.rng.choice(LAST)}"
            key, ident = self._key(name), slugify(name)
            if key in self.taken or ident in self.ids:
                continue
            self.taken.add(key)
            self.ids.add(ident)
            first, middle, last = name.split(" ", 2)
            alias = f"{first[0]}. {middle[0]}. {last}"
            aliases = []
            if self._key(alias) not in self.taken:
                self.taken.add(self._key(alias))
                aliases.append(alias)
            return ident, name, aliases
        raise RuntimeError("ran out of synthetic names")


# ------------------------------------------------------------------ generation


@dataclass
class Generated:
    root: Path
    sources: int
    events: int
    actors: int
    text_bytes: int
    input_bytes: int


def _heading_line(block) -> str:
    marks = "=" * max(2, min(block.level, 4))
    return f"{marks} {block.text} {marks}"


#: The one editors' note of a synthetic corpus: names the texts do not use point to it.
BENCH_NOTE = {"id": "benchmark-names", "kind": "context", "target": None, "text": "Synthetic benchmark data.",
              "references": [{"type": "document", "author": "Portal developers",
                              "title": "The benchmark generator", "identifier": "bench/corpus.py", "year": 2026,
                              "pages": "1",
                              "checked": {"by": "bench/corpus.py", "on": "2026-12-07"}}], "passages": []}
ASSESSMENT = {key: "Synthetic benchmark text." for key in ("author", "kind", "date", "independence", "weaknesses")}


def _says(date: str, source_id: str) -> dict:
    """A synthetic citation's date: the real event's, shifted with the text's
    years, which the quote need not give (the editors' inference, with its
    reason, as the format allows)."""
    return {"date": date, "derived": {"reason": "Synthetic benchmark citation: the event's date, shifted with "
                                                "the text's years.", "from": [f"{source_id}/p1"]}}


def generate(real: RealData, count: int, dst: Path, seed: int = 1) -> Generated:
    """Write a synthetic project of *count* sources into *dst* (new folder)."""
    from scripts.claims.references import plain
    from scripts.dates import parse_edtf
    from scripts.folding import normalize, normalize_key

    bases = sorted(real.corpus.sources, key=lambda s: s.id)
    passages_of = {s.id: [] for s in bases}
    for item in real.corpus.passages:
        passages_of[item.passage.source_id].append(item)
    actors_by_id = {a.id: a for a in real.corpus.actors}
    people_of = {}
    for source in bases:
        seen = []
        for item in passages_of[source.id]:
            for actor_id in item.actor_ids:
                if actors_by_id[actor_id].kind == "person" and actor_id not in seen:
                    seen.append(actor_id)
        people_of[source.id] = seen
    events_of = {s.id: [] for s in bases}
    for event in (real.docs.get("events") or {}).get("events", []):
        for source_id in {c.get("source") for c in event.get("citations") or []}:
            if source_id in events_of:
                events_of[source_id].append(event)

    taken = set()
    for actor in real.corpus.actors:
        for name in (actor.name, *actor.aliases, *actor.ambiguous_aliases):
            taken.add(normalize_key(name))
    names = NameFactory(taken, set(actors_by_id), seed)

    copy_project(dst, parts=("mkdocs.yml", "docs", "overrides", "scripts"))
    texts = dst / "sources" / "texts"
    texts.mkdir(parents=True)
    catalog, events, new_actors = [], [], []
    first_copy = {}
    text_bytes = 0
    for i in range(count):
        base = bases[i % len(bases)]
        rng = random.Random(seed * 1_000_003 + i)
        source_id = f"syn-{i:04d}-{base.id}"[:60].rstrip("-")
        first_copy.setdefault(base.id, source_id)
        shift = rng.choice((-2, -1, 1, 2))
        renames, cast = [], {}
        people = list(people_of[base.id])
        rng.shuffle(people)
        for actor_id in people[:MAX_RENAMED_PEOPLE]:
            pattern = _name_pattern(real.actor_names[actor_id])
            if pattern is None:
                continue
            ident, name, aliases = names.person()
            renames.append((pattern, name))
            cast[actor_id] = ident
            real_actor = actors_by_id[actor_id]
            role_title = real_actor.roles[0].title if real_actor.roles else "Official"
            new_actors.append({"id": ident, "name": name, "kind": "person", "aliases": aliases,
                               "roles": [{"title": role_title, "when": None, "source": source_id,
                                          "passage": f"{source_id}/p1"}],
                               "name_note": BENCH_NOTE["id"],
                               "summary": f"A synthetic counterpart of {real_actor.name} in the benchmark "
                                          f"source {source_id}."})
        transform = Transform(renames, shift)

        # Body: sections in order, passages shuffled inside each section, tokens.
        sections, current = [], [None, []]
        for block in base.clean.blocks:
            if block.kind == "heading":
                sections.append(current)
                current = [block, []]
            else:
                current[1].append(block)
        sections.append(current)
        lines, passage_texts, number = [], [], 0
        for heading, blocks in sections:
            if heading is not None:
                lines.append(_heading_line(heading))
            blocks = list(blocks)
            rng.shuffle(blocks)
            for block in blocks:
                number += 1
                token = f"[s{i:04d}p{number:03d}]"
                text = f"{token} {transform(block.text)}"
                passage_texts.append((token, text))
                lines.append(f"- {text}" if block.kind == "list-item" else text)
        # Raw-text chrome around the body (exercises every kind of cleaning rule).
        title = transform(base.entry.title or "Untitled") + f" (synthetic copy {i})"
        head = [f"= {title} =", f"Captured on 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
        if base.entry.authors:
            head.append(f"By {base.entry.authors[0].name}")
        head.append("Share this article")
        paragraphs = [k for k, line in enumerate(lines) if line.startswith("[") and len(line) > 80]
        if paragraphs:
            head.append(lines[rng.choice(paragraphs)])          # scraped teaser: a duplicate
        long_ones = [k for k in paragraphs if re.search(r" [a-z]\w+ .{50,}$", lines[k])]
        if long_ones:
            k = rng.choice(long_ones)
            cut = [m.start() for m in re.finditer(r" (?=[a-z])", lines[k]) if 40 < m.start() < len(lines[k]) - 50]
            if cut:
                at = cut[len(cut) // 2]
                lines[k] = lines[k][:at] + "\n" + lines[k][at + 1:]
        middle = len(lines) // 2
        lines.insert(middle, "Advertisement")
        footer = ["Related articles", "More by this publisher", "Subscribe to our newsletter"]
        raw = "\n\n".join(head + lines + footer) + "\n"
        data = raw.encode("utf-8")
        text_bytes += len(data)
        (texts / f"{source_id}.txt").write_bytes(data)
        catalog.append({
            "id": source_id, "file": f"texts/{source_id}.txt", "sha256": hashlib.sha256(data).hexdigest(),
            "title": title, "authors": [{"name": a.name, "affiliation": a.affiliation} for a in base.entry.authors],
            "publisher": base.entry.publisher, "venue": base.entry.venue,
            "first_published_in": base.entry.first_published_in,
            "published": shift_edtf(base.entry.published, shift), "language": base.entry.language,
            "kind": base.entry.kind, "rights": None, "url": None, "editor_supplied": [],
            "notes": f"Synthetic benchmark text made from {base.id}: paragraphs shuffled, people renamed, "
                     f"years shifted by {shift:+d}.",
            "assessment": dict(ASSESSMENT),
            "cleaning": [
                {"id": "capture-date", "match": r"Captured on \d{4}-\d{2}-\d{2}", "action": "drop",
                 "reason": "Date of capture (benchmark chrome)."},
                {"id": "footer", "match": "Related articles", "action": "drop-rest",
                 "reason": "Related-article links and newsletter box (benchmark chrome)."},
            ]})

        # Events: real events re-dated and re-cast, plus one quoting a token.
        normalized = [normalize(text) for _, text in passage_texts]

        def unique(quote: str) -> bool:
            key = normalize(quote)
            return bool(key) and sum(1 for norm in normalized if key in norm) == 1

        def token_quote() -> str:
            # Words without a year: a quote's "by 2016" would contradict the date it is cited for.
            for _ in range(20):
                token, text = passage_texts[rng.randrange(len(passage_texts))]
                quote = " ".join(text.split()[:9])
                if not re.search(r"\d{3}", quote[len(token):]):
                    break
            return quote

        chosen = events_of[base.id]
        if len(chosen) > MAX_DERIVED_EVENTS:
            picks = sorted(rng.sample(range(len(chosen)), MAX_DERIVED_EVENTS))
            chosen = [chosen[k] for k in picks]
        for event in chosen:
            citations = []
            for cite in event.get("citations") or []:
                if cite.get("source") != base.id:
                    continue
                quote = transform(cite["quote"])
                # Every citation says the event's date; a quote that says
                # another ("since 1997", "by 1958") gives way to a token.
                same = (cite.get("says") or {}).get("date") == event["date"]
                citations.append({"source": source_id, "quote": quote if same and unique(quote) else token_quote(),
                                  "says": _says(shift_edtf(event["date"], shift), source_id)})
            date = parse_edtf(shift_edtf(event["date"], shift))
            actors = []
            for actor_id in event.get("actors") or []:
                actor_id = cast.get(actor_id, actor_id)
                span = actors_by_id[actor_id].exists if actor_id in actors_by_id else None
                if span is not None and not span.may_overlap(date.start, date.end):
                    continue            # the shifted date falls outside the actor's existence
                if actor_id not in actors:
                    actors.append(actor_id)
            derived = {"id": f"{event['id'][:48].rstrip('-')}-s{i:04d}", "title": transform(event["title"]),
                       "date": shift_edtf(event["date"], shift), "actors": actors,
                       "tags": list(event.get("tags") or []), "summary": transform(plain(event["summary"])),
                       "citations": citations}
            events.append(derived)
        year = rng.randint(1950, 2020)
        note_date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append({"id": f"syn-{i:04d}-note", "title": f"Dated note of synthetic source {i}",
                       "date": note_date,
                       "actors": sorted(set(cast.values()))[:1] + ["iraq"] if "iraq" in actors_by_id else sorted(set(cast.values()))[:1],
                       "tags": sorted(rng.sample(TAGS, 2)),
                       "summary": f"A benchmark event citing a paragraph of {source_id} by its token.",
                       "citations": [{"source": source_id, "quote": token_quote(), "says": _says(note_date, source_id)}]})
        if i == 0:
            # Each real period opens with an event on its start date (quoting a token of source 0).
            periods = []
            for period in (real.docs.get("periods") or {}).get("periods", []):
                opener = f"syn-opens-{period['id']}"[:60].rstrip("-")
                events.append({"id": opener, "title": f"Opening of {period['title']}", "date": period["start"],
                               "actors": [], "tags": [], "summary": "A benchmark event that opens a period.",
                               "citations": [{"source": source_id, "quote": token_quote(),
                                              "says": _says(period["start"], source_id)}]})
                periods.append({**period, "opened_by": opener, "summary": plain(period["summary"])})

    # Real actors (role sources remapped to the first copy of their text), then synthetic ones.
    actors = []
    for actor in (real.docs.get("actors") or {}).get("actors", []):
        actor = {**actor, "summary": plain(actor["summary"])}
        # Renamed people and outside names are missing from the synthetic texts.
        actor["name_note"] = BENCH_NOTE["id"]
        roles = []
        for role in actor.get("roles") or []:
            source = first_copy.get((role.get("passage") or "").split("/")[0] or role.get("source"))
            if source is not None:
                roles.append({"title": role["title"], "when": None, "source": source, "passage": f"{source}/p1"})
        actor["roles"] = roles
        # The synthetic corpus has one note: it stands for every note and
        # passage that a native name or an actor's dates rest on.
        actor["native_names"] = [{**n, "note": BENCH_NOTE["id"]} if isinstance(n, dict) else n
                                 for n in actor.get("native_names") or []]
        if isinstance(actor.get("exists"), dict):
            actor["exists"] = {**actor["exists"], "support": [f"note:{BENCH_NOTE['id']}"]}
        actors.append({k: actor[k] for k in ("id", "name", "name_note", "kind", "exists", "aliases",
                                             "ambiguous_aliases", "case_sensitive_aliases", "native_names",
                                             "roles", "summary")
                       if k in actor})
    actors += new_actors
    glossary = []
    for term in (real.docs.get("glossary") or {}).get("terms", []):
        glossary.append({"term": term["term"], "expansion": term["expansion"], "expansion_note": BENCH_NOTE["id"],
                         "note": plain(term.get("note") or "") or None})

    out = dst / "sources"
    for name, entries in (("catalog", catalog), ("actors", actors), ("events", events), ("periods", periods),
                          ("glossary", glossary)):
        write_entries(out, name, entries)
    # The home page's overview cites passages of the real texts: keep its words, not the references.
    home = dst / "docs" / "index.md"
    if home.is_file():
        from scripts.claims.references import REF_GROUP
        home.write_text(REF_GROUP.sub("", home.read_text("utf-8")), "utf-8")
    # The note gives every name and glossary term that rests on it (check outside-name).
    named = sorted({a["name"] for a in actors if a.get("name_note") == BENCH_NOTE["id"]})
    terms = sorted({t["term"] for t in glossary})
    note = {**BENCH_NOTE, "target": f"source:{catalog[0]['id']}",
            "text": f"{BENCH_NOTE['text']} The names of its actors, which its texts need not write: "
                    + "; ".join(named) + ". The terms of its glossary: " + "; ".join(terms) + "."}
    write_entries(out, "notes", [note])
    src = real.root / "sources" / "cleaning.yml"
    if src.exists():
        (out / "cleaning.yml").write_bytes(src.read_bytes())
    shutil.copytree(real.root / "sources" / "editorial", out / "editorial", dirs_exist_ok=True)
    input_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return Generated(dst, count, len(events), len(actors), text_bytes, input_bytes)
