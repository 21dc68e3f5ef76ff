"""The content objects passed between stages. All frozen: a stage never
mutates what the previous stage produced, it returns new objects.

Naming: a *source* is one catalogued text; a *passage* is one citable
paragraph or list item of a source's clean body; *actors*, *events* and
*periods* are the curated knowledge layer from ``sources/*.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

# --- load ---------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str | None = None


@dataclass(frozen=True)
class Container:
    """The larger work a source is a chapter or section of (a book, a report)."""

    title: str
    editors: tuple[str, ...] = ()
    edition: str | None = None      # "2nd ed.", as it is to be cited
    publisher: str | None = None
    place: str | None = None
    pages: str | None = None        # "308–11"


class KeyLines:
    """The line of each field of an entry in its file, for problems located at
    the field they are about (``sources/events/the-id.md:2`` for the title)
    rather than at the entry's first line. ``key_lines``: (field, line)
    pairs, a nested field as ``assessment.date``."""

    def line_of(self, key: str) -> int:
        return dict(getattr(self, "key_lines", ())).get(key) or getattr(self, "line", 0)


@dataclass(frozen=True)
class CatalogEntry(KeyLines):
    """One entry of the catalog (``sources/catalog/<id>.yml``); see ``scripts/schemas/inputs/catalog.schema.json``."""

    id: str
    file: str                       # relative to sources/
    sha256: str
    title: str | None
    authors: tuple[Author, ...]
    publisher: str | None
    venue: str | None
    first_published_in: str | None
    published: str | None           # EDTF, as stated
    language: str
    kind: str
    rights: str | None
    url: str | None
    editor_supplied: tuple[str, ...]
    notes: str | None
    rules: tuple[CleaningRule, ...]
    line: int                       # line of the entry in its file
    sha256_line: int = 0            # line of its sha256 (where a mismatch is fixed)
    file_line: int = 0              # line of its `file:` (where a missing text is fixed)
    #: Source criticism: (field, text) pairs in ASSESSMENT_FIELDS order
    #: (author, kind, date, independence, weaknesses).
    assessment: tuple[tuple[str, str], ...] = ()
    container: Container | None = None  # the larger work, for a chapter or section
    accessed: str | None = None     # day the web page was read (YYYY-MM-DD)
    revision: str | None = None     # the page's revision as its site names it (a wiki's oldid)
    #: (field, reason, note id) for each field in ``editor_supplied``: what a
    #: supplied value rests on (both None: not yet said).
    supplied_why: tuple[tuple[str, str | None, str | None], ...] = ()
    editor_supplied_line: int = 0
    origin: str = ""                # the file it was read from (sources/catalog/<id>.yml)
    key_lines: tuple[tuple[str, int], ...] = ()   # (field, line in its file)
    short_name: str | None = None   # the editors' short name for citations ("Wikipedia, ¶5"), if given
    #: How the editors' prose names it when attributing a claim ("the blog post").
    prose_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawText:
    """The bytes of one source text, decoded; ``lines`` keep their numbers."""

    source_id: str
    path: str                       # relative to the project root
    text: str
    had_bom: bool
    had_crlf: bool
    #: A TEI document's parse (scripts/tei.py: TeiDocument), made once by
    #: validate so that later stages do not parse the XML again; a function
    #: of ``text``, so it takes no part in equality.
    document: object = field(default=None, compare=False, repr=False)

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.text.split("\n"))

    @property
    def line_count(self) -> int:
        """How many lines an editor's viewer shows: a final newline ends the
        last line, it does not start another one."""
        return len(self.lines) - (1 if self.text.endswith("\n") else 0)


@dataclass(frozen=True)
class CleaningRule:
    """A rule of ``sources/cleaning.yml`` or of a catalog entry's ``cleaning``.

    ``action`` is one of: ``drop`` (remove the line), ``drop-rest`` (remove the
    line and all that follows: a footer), ``metadata`` (move the line's value
    into ``field``), ``heading`` (make it a heading of ``level``), ``infobox``
    and ``see-also`` (the following ``- …`` lines become structured content),
    ``caption`` (an image caption kept as a passage).
    """

    id: str
    pattern: str
    action: str
    reason: str
    field: str | None = None
    level: int = 2
    origin: str = "sources/cleaning.yml"
    line: int = 0


# --- clean / segment ----------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A piece of clean body: ``heading``, ``paragraph``, ``list-item`` or ``caption``."""

    kind: str
    text: str
    lines: tuple[int, ...]          # raw line numbers it was made from
    level: int = 0                  # headings only


@dataclass(frozen=True)
class Removed:
    """A raw line the cleaner did not keep in the body, and why."""

    line: int
    text: str
    reason: str
    rule: str


@dataclass(frozen=True)
class MetadataLine:
    field: str
    value: str
    line: int
    rule: str


@dataclass(frozen=True)
class CleanText:
    """The result of cleaning one raw text: nothing of the raw text is lost.

    Every non-blank raw line is in exactly one of ``blocks`` (body),
    ``metadata``, ``infobox``, ``see_also`` or ``removed``.
    """

    source_id: str
    blocks: tuple[Block, ...]
    metadata: tuple[MetadataLine, ...]
    infobox: tuple[tuple[str, str, int], ...]     # (key, value, line)
    see_also: tuple[tuple[str, int], ...]         # (text, line)
    removed: tuple[Removed, ...]
    blank_lines: tuple[int, ...]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    anchor: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Passage:
    """One citable paragraph, list item or caption of a source."""

    id: str                         # "<source>/p<number>", unique in the site
    source_id: str
    number: int
    anchor: str                     # "p<number>"
    kind: str
    text: str
    heading: str | None
    lines: tuple[int, ...]
    years: tuple[int, ...]


@dataclass(frozen=True)
class Section:
    """Either a heading or a passage, in body order (for rendering)."""

    heading: Heading | None = None
    passage: Passage | None = None


@dataclass(frozen=True)
class SourceDocument:
    """A catalogued source after cleaning and segmentation."""

    entry: CatalogEntry
    raw: RawText
    clean: CleanText
    body: tuple[Section, ...]
    passages: tuple[Passage, ...]

    @property
    def id(self) -> str:
        return self.entry.id


# --- knowledge layer ----------------------------------------------------


@dataclass(frozen=True)
class EdtfDate:
    """An EDTF string with the day bounds the EDTF library computed."""

    text: str
    start: date
    end: date
    label: str                      # human reading: "c. 1970", "1986–1988" …
    approximate: bool = False
    uncertain: bool = False


@dataclass(frozen=True)
class Period(KeyLines):
    id: str
    title: str
    start: EdtfDate
    end: EdtfDate | None            # None: ongoing
    summary: str
    line: int
    opened_by: str = ""             # id of the event that opens the period
    summary_line: int = 0
    origin: str = ""                # the file it was read from (sources/periods/<id>.md)
    key_lines: tuple[tuple[str, int], ...] = ()   # (field, line in its file)


@dataclass(frozen=True)
class Role:
    title: str
    when: EdtfDate | None           # None: no text states the term
    source_id: str | None
    passage_id: str | None = None   # the passage that states the role (and the term)
    line: int = 0
    when_line: int = 0


@dataclass(frozen=True)
class Location:
    """Where a place is: ``lat``/``lon`` in degrees (WGS 84) and the reference
    readers see for them (scripts/places.py: a GeoNames feature, or an
    editors' note that cites them)."""

    lat: float
    lon: float
    reference: str
    url: str | None = None
    note: str | None = None         # the note that gives coordinates no gazetteer holds


@dataclass(frozen=True)
class PlaceFacts:
    """What an actor of kind ``place`` adds (``place:`` in its entry): what
    sort of place it is (city, oil field, air base, region …) and, when a
    gazetteer or a note gives them, its coordinates."""

    kind: str
    location: Location | None = None
    line: int = 0


@dataclass(frozen=True)
class Lifespan:
    """The interval in which an actor exists (``exists:``), EDTF as written.
    ``start``/``end`` are the earliest and latest days its two ends allow;
    ``None`` for an open or unknown end (``..`` or empty)."""

    text: str
    start: date | None
    end: date | None
    #: What supports it: passage ids (each year they state) and ``note:<id>``
    #: (a note with a reference, for what no text states).
    support: tuple[str, ...] = ()
    line: int = 0

    def may_overlap(self, start: date, end: date) -> bool:
        """Can the actor exist at some day from *start* to *end*?"""
        return (self.end is None or start <= self.end) and (self.start is None or end >= self.start)


@dataclass(frozen=True)
class Actor(KeyLines):
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    ambiguous_aliases: tuple[str, ...]
    case_sensitive_aliases: tuple[str, ...]
    native_names: tuple[tuple[str, str], ...]   # (lang, text)
    roles: tuple[Role, ...]
    summary: str
    line: int
    name_note: str | None = None    # note that gives the source of a name no text uses
    name_line: int = 0
    summary_line: int = 0
    exists: Lifespan | None = None  # None: one identity at every date
    #: The note supporting each native name, in the order of ``native_names``
    #: (None: no note; the outside-fact check asks for one).
    native_notes: tuple[str | None, ...] = ()
    native_lines: tuple[int, ...] = ()
    place: PlaceFacts | None = None  # kind "place" only: sort of place and coordinates
    origin: str = ""                # the file it was read from (sources/actors/<id>.md)
    key_lines: tuple[tuple[str, int], ...] = ()   # (field, line in its file)
    #: Labels of entries of editions' persons lists that are this person, as
    #: printed ("Qassim, General Abdul Karim"): a document's <persName
    #: corresp> to such an entry names this actor (scripts/tei.py).
    edition_names: tuple[str, ...] = ()
    edition_names_line: int = 0


@dataclass(frozen=True)
class Predicate:
    """A predicate of claim keys (``sources/claims.yml``)."""

    id: str
    means: str
    ends: str | None = None         # the predicate whose course this one ends
    line: int = 0
    opposes: str | None = None      # the predicate this one contradicts at the same time (an interpretation)


@dataclass(frozen=True)
class ClaimVocabulary:
    """``sources/claims.yml``: predicates, the editors' assessments of
    disagreements by claim key, and how prose names each source."""

    predicates: tuple[Predicate, ...] = ()
    assessments: tuple[tuple[str, str, int], ...] = ()     # (claim key, assessment, line)
    source_names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    display: str = "sources/claims.yml"


@dataclass(frozen=True)
class Derived:
    """Why a citation's ``says`` records what its quote does not state
    (arithmetic, context, a heading), and the passages or notes it rests on."""

    reason: str
    sources: tuple[str, ...]        # passage ids and note:ids (``from:``)
    line: int = 0


@dataclass(frozen=True)
class Says:
    """What one citation states: the date (EDTF, at the text's precision,
    ``X`` for what it leaves open) and any quantities."""

    date: str
    quantities: tuple = ()          # scripts.claims.quantities.Quantity
    line: int = 0                   # line of says.date
    derived: Derived | None = None


@dataclass(frozen=True)
class Citation:
    source_id: str
    quote: str
    line: int
    passage_id: str | None = None   # filled by the link stage
    fragment: str | None = None     # "#p3:~:text=…" filled by the link stage
    says: Says | None = None
    claim: str | None = None        # "subject predicate object" (sources/claims.yml)
    claimant: str | None = None     # whose words the source reports, if not its own
    via: tuple[str, ...] = ()       # who reported them before the source


@dataclass(frozen=True)
class Inferred:
    """Why an event's date is more precise than any citation states it."""

    reason: str
    passages: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class Reading:
    """One side of a dispute: a label, the editors' cited summary, and the
    sources (cited by the event) that hold it."""

    label: str
    summary: str
    sources: tuple[str, ...]
    line: int = 0
    summary_line: int = 0
    citations: tuple[int, ...] = ()     # the citations holding it, numbered from 1 (optional)


@dataclass(frozen=True)
class Dispute:
    kind: str                       # date | quantity | attribution | interpretation
    assessment: str
    readings: tuple[Reading, ...]
    line: int = 0


@dataclass(frozen=True)
class Reference:
    """One work a note cites (scripts/bibliography.py): a book, an article,
    a chapter, a document, a law or a web page; ``text`` is its Chicago form."""

    type: str | None
    title: str | None
    author: str | None = None
    container: str | None = None    # the journal, book or site it is in
    volume: str | None = None       # "33, no. 4"
    edition: str | None = None      # "3rd ed."
    translator: str | None = None
    publisher: str | None = None    # "Cambridge: Cambridge University Press"
    year: int | None = None
    date: str | None = None         # a document's day (ISO)
    pages: str | None = None        # the page or pages that state the fact
    identifier: str | None = None   # URL, DOI, UN symbol, statute citation
    checked_by: str | None = None   # who compared the note with the work
    checked_on: str | None = None   # and when (ISO date)
    text: str = ""                  # the Chicago text (``*…*`` marks italics)

    def with_text(self, text: str) -> Reference:
        return Reference(**{**self.__dict__, "text": text})


@dataclass(frozen=True)
class Note(KeyLines):
    """An editors' note (``sources/notes/<id>.md``) with its published number."""

    id: str
    number: int
    kind: str                       # correction | context | inference | source-criticism
    target: str                     # "<kind>:<id>" as written
    text: str
    references: tuple[str, ...]
    passages: tuple[str, ...]
    line: int = 0
    target_line: int = 0
    #: The references as records (``references`` holds their Chicago text).
    reference_records: tuple[Reference, ...] = ()
    origin: str = ""                # the file it was read from (sources/notes/<id>.md)
    key_lines: tuple[tuple[str, int], ...] = ()   # (field, line in its file)
    corrects: tuple[str, ...] = ()  # a correction: the wrong words of its passage

    @property
    def target_kind(self) -> str:
        return self.target.split(":", 1)[0]

    @property
    def target_id(self) -> str:
        return self.target.split(":", 1)[1] if ":" in self.target else ""


@dataclass(frozen=True)
class Event(KeyLines):
    id: str
    title: str
    date: EdtfDate
    period_id: str
    actors: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    dispute: Dispute | None
    citations: tuple[Citation, ...]
    line: int
    inferred: Inferred | None = None
    date_line: int = 0
    summary_line: int = 0
    places: tuple[str, ...] = ()    # ids of the places (actors of kind "place") where it happened
    origin: str = ""                # the file it was read from (sources/events/<id>.md)
    key_lines: tuple[tuple[str, int], ...] = ()   # (field, line in its file)

    @property
    def disputed(self) -> bool:
        """Computed: the build requires a dispute block exactly where the
        citations disagree or editors declare an interpretive dispute."""
        return self.dispute is not None


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    expansion: str
    note: str
    line: int
    expansion_note: str | None = None
    expansion_line: int = 0
    note_line: int = 0
    origin: str = ""                # the file it was read from (sources/glossary/<slug>.md)


@dataclass(frozen=True)
class Mention:
    """An actor named in a passage: ``start``/``end`` index its text.
    ``how`` says how it was resolved: ``name`` (a name of one actor),
    ``context`` (an ambiguous name the paragraph or source decides),
    ``date`` (a name several actors carry in turn, decided by the date of
    its sentence, passage or citing events), ``surname`` or ``pin``."""

    actor_id: str
    start: int
    end: int
    surface: str
    how: str = "name"


@dataclass(frozen=True)
class Pin:
    """An editor's decision for one occurrence of words in a passage
    (``sources/pins/<source-id>.yml``): link it to ``actor``, or to nothing
    (``actor`` None)."""

    passage_id: str
    words: str
    occurrence: int | None          # 1 = the first occurrence; None: the words occur once
    actor_id: str | None
    why: str
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class TermUse:
    term: str
    start: int
    end: int


@dataclass(frozen=True)
class LinkedPassage:
    passage: Passage
    mentions: tuple[Mention, ...]
    terms: tuple[TermUse, ...]
    events: tuple[str, ...]
    pins: tuple[Pin, ...] = ()

    @cached_property
    def actor_ids(self) -> tuple[str, ...]:
        """The actors mentioned, in order of first mention (computed once:
        pages, indexes and exports ask for it of every passage, again and
        again; a frozen dataclass can hold it, its fields are unchanged)."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.actor_id, None)
        return tuple(seen)


@dataclass(frozen=True)
class EditorialItem:
    kind: str                       # "undated-sentence", "unknown-name", "unused-alias", "ambiguous-name", "possible-alias", "unfinished-source"
    where: str                      # passage id or yml path:line
    text: str
    explanation: str | None = None


@dataclass(frozen=True)
class Corpus:
    """Everything after the link stage: the one shared context of the render
    stage (as Pelican's context), so that any page can link to any other."""

    sources: tuple[SourceDocument, ...]
    periods: tuple[Period, ...]
    actors: tuple[Actor, ...]
    events: tuple[Event, ...]
    glossary: tuple[GlossaryTerm, ...]
    passages: tuple[LinkedPassage, ...]
    editorial: tuple[EditorialItem, ...]
    build: BuildInfo
    notes: tuple[Note, ...] = ()
    #: Disagreements computed across events by claim key (scripts.claims.keys.KeyDispute),
    #: with the editors' assessment of each by key ("" when not yet assessed).
    key_disputes: tuple = ()
    key_assessments: tuple[tuple[str, str], ...] = ()
    vocabulary: ClaimVocabulary = ClaimVocabulary()


@dataclass(frozen=True)
class BuildInfo:
    date: date
    commit: str
    version: str
    site_url: str
    repo_url: str | None


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page for MkDocs: ``path`` is relative to ``docs/``."""

    path: str
    markdown: str
    edit_path: str | None           # project-relative file (and #L line) that produces it
    title: str


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page file of the site (``data/…``, ``assets/…``).

    *markdown_target*: a Markdown link of a page points at it (the downloads
    page's ``[CSV](data/events.csv)``), so MkDocs must know it to resolve
    the link. The others (the citation files of each source, paragraph,
    event and period, linked only from HTML the renderer writes) are
    written into the site folder by :mod:`scripts.writer`: handed to
    MkDocs they were nine of its ten files, and every pass MkDocs makes over
    its file list took that much longer."""

    path: str
    content: bytes
    markdown_target: bool = True


@dataclass(frozen=True)
class BuildResult:
    pages: tuple[GeneratedPage, ...]
    files: tuple[GeneratedFile, ...]
    corpus: Corpus
    timings: tuple[tuple[str, float], ...] = field(default=())
    blocks: dict = field(default_factory=dict)   # <!-- portal:NAME --> → HTML
    problems: tuple = ()            # run(keep_going=True): the problems, nothing exported or rendered
