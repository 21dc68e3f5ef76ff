"""Bad inputs are refused where they are, with a hint; odd but legitimate
texts are built and shown literally.

Every case of :data:`CASES` mutates a copy of a project that builds (the
real catalog and texts, the small knowledge layer of tests/fixtures/knowledge/,
and a site/ already built by the Makefile's recipe), then:

* ``python -m scripts check`` exits 1 (run in the test's process, see
  :data:`IN_A_PROCESS_OF_THEIR_OWN` for the cases that are not);
* the Makefile's ``build`` recipe (mkdocs build --strict into site.tmp, swap
  on success) exits non-zero;
* stderr names ``<file>:<line>:`` of the mutation: the expected lines are
  computed from the mutation itself (the line that was changed, or the
  entry it belongs to), never read from the output;
* that message carries a hint (how to fix it), the output has no traceback,
  and the previous site/ is byte-identical afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import (
    SOURCE_FILES,
    Where,
    check_in_process,
    delete_entry_line,
    entry_path,
    find_entry_line,
    insert_entry_line,
    knowledge_copy,
    make_like_build,
    mkdocs_build,
    replace_entry_line,
    run_cli,
    sha256_bytes,
    subprocess_env,
    tree_digest,
)
from tests.integrity import page_content

CATALOG, PERIODS, ACTORS, EVENTS, GLOSSARY = "catalog", "periods", "actors", "events", "glossary"


# --- mutations --------------------------------------------------------------------------------
# Each entry is a file of its own (sources/<kind>/<id>.md, sources/catalog/<id>.yml): a
# mutation names the kind, the line (a full-line regular expression) and, where the line
# is not unique in the kind's files, the entry.


def replace(root: Path, kind: str, pattern: str, new: str, entry: str | None = None,
            after: str | None = None) -> Where:
    return replace_entry_line(root, kind, pattern, new, entry, after)


def insert_after(root: Path, kind: str, pattern: str, new: str, entry: str | None = None) -> Where:
    return insert_entry_line(root, kind, pattern, new, entry)


def line_at(root: Path, kind: str, pattern: str, entry: str | None = None) -> Where:
    return find_entry_line(root, kind, pattern, entry)


def top(kind: str, entry_id: str) -> Where:
    """Line 1 of an entry's file (where problems of the whole entry are reported)."""
    suffix = ".yml" if kind == CATALOG else ".md"
    return Where(1, f"sources/{kind}/{entry_id}{suffix}")


def rename(root: Path, kind: str, entry_id: str, new_id: str) -> Where:
    """Rename an entry's file (its id); return line 1 of the renamed file."""
    old = entry_path(root, kind, entry_id)
    old.rename(old.with_name(old.name.replace(entry_id, new_id, 1)))
    return top(kind, new_id)


def add_source(root: Path, source_id: str, data: bytes) -> Where:
    """Add sources/texts/<id>.txt with *data* and a complete catalog entry with
    its real sha256; return the entry's line 1."""
    (root / "sources" / "texts" / f"{source_id}.txt").write_bytes(data)
    (root / "sources" / CATALOG / f"{source_id}.yml").write_text(
        f"file: texts/{source_id}.txt\nsha256: {sha256_bytes(data)}\n"
        "title: A test text\nauthors: []\npublisher: null\nvenue: null\n"
        "first_published_in: null\npublished: null\nlanguage: en\nkind: other\n"
        "rights: null\nurl: null\neditor_supplied: []\nnotes: null\n"
        "assessment:\n  author: Unknown.\n  kind: A test text.\n  date: Unknown.\n"
        "  independence: Unknown.\n  weaknesses: None known.\ncleaning: []\n", "utf-8")
    return top(CATALOG, source_id)


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], set]       # mutates the copy; returns the acceptable {(path, line)}
    build: bool                         # also run the Makefile's atomic build (slower)

    def __str__(self) -> str:
        return self.id


CASES: list[Case] = []


def case(case_id: str, build: bool = False):
    def register(function):
        CASES.append(Case(case_id, function, build))
        return function
    return register


def line_case(case_id: str, change, *args, build: bool = False, **kwargs) -> None:
    """A case that changes one line (*change* is :func:`replace` or
    :func:`insert_after`, with *args*) and is refused at that line."""
    case(case_id, build)(lambda root: at(change(root, *args, **kwargs)))


def at(*places) -> set:
    """The acceptable locations: :class:`Where` lines, or a path followed by line numbers."""
    found, path = set(), None
    for place in places:
        if isinstance(place, Where):
            found.add((place.path, int(place)))
        elif isinstance(place, str):
            path = place
        else:
            found.add((path, place))
    return found


# sources/catalog/ -------------------------------------------------------------


line_case("catalog-yaml-colon-in-plain-value", replace, CATALOG, r"kind: encyclopedia article", "kind: encyclopedia: article", build=True)


line_case("catalog-yaml-tab-indentation", replace, CATALOG, r"venue: null", "\tvenue: null", entry="riac-mamedov-2018")


line_case("catalog-authors-not-a-list", replace,
          CATALOG, r"authors: \[\]", "authors: Wikipedia contributors", entry="wikipedia-iraq-russia-relations")


line_case("catalog-unknown-field", insert_after, CATALOG, r"kind: blog post", "colour: red", entry="blog-strain-after-iran-iraq-war")


line_case("catalog-id-written-in-the-file", insert_after, CATALOG, r"file: .*", "id: riac-mamedov-2018", entry="lse-mahmoudian-2021", build=True)


@case("catalog-entry-missing-a-field")
def _(root):
    replace(root, CATALOG, r"language: en", "", entry="iran-review-asadi-2012")
    # Reported where the field belongs: at the field it comes after.
    return at(find_entry_line(root, CATALOG, r"published: .*", "iran-review-asadi-2012"))


line_case("catalog-unknown-kind", replace, CATALOG, r"kind: analysis", "kind: analysys", entry="iran-review-asadi-2012")


line_case("catalog-impossible-published-date", replace, CATALOG, r'published: "2018-05"', 'published: "2018-13-45"')


@case("catalog-id-not-a-slug")
def _(root):
    return at(rename(root, CATALOG, "blog-strain-after-iran-iraq-war", "Blog Strain"))


line_case("catalog-cleaning-rule-bad-regex", replace,
          CATALOG, r"    match: '\(\?P<value>Ruslan Mamedov\)'", "    match: '(?P<value>Ruslan Mamedov'")


@case("catalog-sha256-typo")
def _(root):
    where = line_at(root, CATALOG, r"sha256: [0-9a-f]{64}", entry="riac-mamedov-2018")
    path = root / where.path
    lines = path.read_text("utf-8").split("\n")
    old = lines[where - 1]
    lines[where - 1] = old[:-1] + ("0" if old[-1] != "0" else "1")
    path.write_text("\n".join(lines), "utf-8")
    return at(where)


# sources/periods/ (the fixture layer) ---------------------------------------------


line_case("periods-yaml-duplicate-key", insert_after, PERIODS, r"title: The monarchy", "title: The monarchy again", build=True)


line_case("periods-start-not-text", replace, PERIODS, r'start: "1969"', "start: 1969")


line_case("periods-unknown-field", insert_after, PERIODS, r"title: The Iran–Iraq War", "colour: red")


line_case("periods-id-written-in-the-file", insert_after, PERIODS, r"title: The Iran–Iraq War", "id: baathist-alliance-and-1972-treaty")


line_case("periods-impossible-date", replace, PERIODS, r'end: "1990-08-01"', 'end: "1990-08-45"')


@case("periods-reversed")
def _(root):
    start = line_at(root, PERIODS, r'start: "1994"')
    return at(start, replace(root, PERIODS, r'end: "2002"', 'end: "1991"'))


@case("periods-gap", build=True)
def _(root):
    start = replace(root, PERIODS, r'start: "1969"', 'start: "1970"')
    return at(start, Where(1, start.path), line_at(root, PERIODS, r'end: "1968"'))


@case("periods-overlap")
def _(root):
    start = replace(root, PERIODS, r'start: "1969"', 'start: "1968-06"')
    return at(start, Where(1, start.path), line_at(root, PERIODS, r'end: "1968"'))


line_case("periods-open-end-not-last", replace, PERIODS, r'end: "1990-08-01"', "end: null")


# sources/actors/ (the fixture layer) -----------------------------------------------


line_case("actors-yaml-tab-indentation", replace, ACTORS, r"kind: company", "\tkind: company", build=True)


@case("actors-aliases-not-a-list")
def _(root):
    where = replace(root, ACTORS, r"aliases:", "aliases: Tehran", entry="iran")
    delete_entry_line(root, ACTORS, r"  - Tehran", "iran")
    return at(where)


line_case("actors-unknown-field", insert_after, ACTORS, r"name: Rosneft", "wikidata: Q1141123")


@case("actors-id-not-a-slug")
def _(root):
    return at(rename(root, ACTORS, "rosneft", "Rosneft"))


line_case("actors-alias-collision", insert_after, ACTORS, r"  - Putin", "  - Saddam", build=True)


line_case("actors-unknown-kind", replace, ACTORS, r"kind: person", "kind: persn", entry="vladimir-putin")


line_case("actors-role-unknown-source", replace, ACTORS, r"    source: riac-mamedov-2018", "    source: riac-2018")


line_case("actors-role-impossible-date", replace, ACTORS, r'    when: null', '    when: "2018-02-30"', entry="vladimir-putin")


# sources/events/ (the fixture layer) -----------------------------------------------


line_case("events-yaml-colon-in-plain-value", replace, EVENTS, r"title: Friendship treaty", "title: Friendship: treaty")


@case("events-invalid-utf8", build=True)
def _(root):
    path = entry_path(root, EVENTS, "friendship-treaty")
    data = path.read_bytes().split(b"\n")
    data.insert(2, b"# Caf\xe9 notes (saved as Latin-1)")
    path.write_bytes(b"\n".join(data))
    return at("sources/events/friendship-treaty.md", 3)


line_case("events-actors-not-a-list", replace, EVENTS, r"actors: \[soviet-union\]", "actors: soviet-union")


line_case("events-unknown-field-typo", replace, EVENTS, r"title: Friendship treaty", "titel: Friendship treaty")


line_case("events-id-written-in-the-file", insert_after, EVENTS, r"title: .*", "id: friendship-treaty", entry="soviet-arms-embargo")


line_case("events-unknown-actor", replace, EVENTS, r"actors: \[russia\]", "actors: [russia, atlantis]")


line_case("events-unknown-period", replace, EVENTS, r"period: iran-iraq-war", "period: cold-war")


line_case("events-unknown-source", replace,
          EVENTS, r"  - source: wikipedia-iraq-russia-relations", "  - source: encyclopaedia-britannica", entry="diplomatic-relations-established")


line_case("events-impossible-date", replace, EVENTS, r'date: "1972"', 'date: "2020-13-45"')


line_case("events-reversed-interval", replace, EVENTS, r'date: "1991"', 'date: "1990/1980"', build=True)


@case("events-outside-its-period")
def _(root):
    date = replace(root, EVENTS, r'date: "1987"', 'date: "1995"')
    return at(date, line_at(root, EVENTS, r"period: iran-iraq-war"))


line_case("events-quote-not-in-source", replace,
          EVENTS, r'    quote: "Russia sent military personnel.*', '    quote: "Russia sent a fleet of airships to Baghdad in 1733."')


@case("events-quote-in-two-passages", build=True)
def _(root):
    text = (root / "sources" / SOURCE_FILES["riac-mamedov-2018"]).read_text("utf-8").split("\n")
    # Precondition, from the raw text: the quote is in several kept paragraphs.
    assert len({n for n in (25, 31, 41) if "the United States" in text[n - 1]}) == 3
    return at(replace(root, EVENTS, r'    quote: "In 2014, as Islamic State militants neared Baghdad"',
                      '    quote: "the United States"'))


@case("events-disagreement-without-dispute")
def _(root):
    """Two citations whose dates cannot both be true make the event disputed:
    without a `dispute:` block it is refused at the event."""
    replace(root, EVENTS, r'      date: "1991"', '      date: "1989"', entry="soviet-collapse",
            after=r'    quote: "until the union collapsed in 1991"')
    return at(top(EVENTS, "soviet-collapse"))


line_case("events-date-more-precise-than-citations", replace, EVENTS, r'date: "1972"', 'date: "1972-02"')


# sources/glossary/ (the fixture layer) ---------------------------------------------


line_case("glossary-duplicate-term", replace, GLOSSARY, r"term: ISIS", "term: UN", build=True)


# sources/texts/ -------------------------------------------------------------------------


@case("text-invalid-utf8", build=True)
def _(root):
    add_source(root, "latin-one", b"A first line.\n\nA second line with a caf\xe9 in it.\n")
    return at("sources/texts/latin-one.txt", 3)


@case("text-control-character")
def _(root):
    add_source(root, "binary-junk", b"Line one.\nLine two.\nLine \x00three.\n")
    return at("sources/texts/binary-junk.txt", 3)


@case("text-only-whitespace")
def _(root):
    add_source(root, "blank-text", b"  \n\t\n   \r\n\n")
    return at("sources/texts/blank-text.txt", 0, 1)


@case("text-of-20-mb", build=True)
def _(root):
    line = b"A line of a capture that went badly wrong and kept on going.\n"
    add_source(root, "huge-text", line * (20 * 1024 * 1024 // len(line) + 1))
    return at("sources/texts/huge-text.txt", 0, 1)


@case("text-without-catalog-entry", build=True)
def _(root):
    (root / "sources" / "texts" / "stray.txt").write_text("A text nobody catalogued.\n", "utf-8")
    return at("sources/texts/stray.txt", 0, 1)


@case("text-file-missing", build=True)
def _(root):
    (root / "sources" / SOURCE_FILES["lse-mahmoudian-2021"]).unlink()
    return at(top(CATALOG, "lse-mahmoudian-2021"), line_at(root, CATALOG, r"file: .*", entry="lse-mahmoudian-2021"))


@case("text-changed-after-cataloguing", build=True)
def _(root):
    path = root / "sources" / SOURCE_FILES["riac-mamedov-2018"]
    path.write_bytes(path.read_bytes() + b"A line added later.\n")
    sha = line_at(root, CATALOG, r"sha256: [0-9a-f]{64}", entry="riac-mamedov-2018")
    return at("sources/" + SOURCE_FILES["riac-mamedov-2018"], 0, 1) | at(sha)


# issue 13: inputs an attacker would try -----------------------------------------------------------


def append_lines(root: Path, kind: str, entry_id: str, lines: list[str]) -> list[Where]:
    """Append *lines* to an entry's file; return where they are."""
    path = entry_path(root, kind, entry_id)
    text = path.read_text("utf-8").rstrip("\n") + "\n"
    first = text.count("\n") + 1
    path.write_text(text + "\n".join(lines) + "\n", "utf-8")
    return [Where(n, f"sources/{kind}/{path.name}") for n in range(first, first + len(lines))]


line_case("catalog-cleaning-rule-look-ahead", replace,
          CATALOG, r"    match: '\(\?P<value>Ruslan Mamedov\)'", "    match: '(?P<value>Ruslan(?= )) Mamedov'")


@case("catalog-nested-too-deep", build=True)
def _(root):
    return at(*append_lines(root, CATALOG, "riac-mamedov-2018", ["deep: " + "[" * 5000 + "]" * 5000]))


@case("catalog-billion-laughs", build=True)
def _(root):
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return at(*append_lines(root, CATALOG, "riac-mamedov-2018", lines))


@case("catalog-list-as-key")
def _(root):
    return at(*append_lines(root, CATALOG, "riac-mamedov-2018", ["? [a, b]", ": 1"]))


@case("periods-only-a-comment", build=True)
def _(root):
    entry_path(root, PERIODS, "iran-iraq-war").write_text("# to be written\n", "utf-8")
    return at(top(PERIODS, "iran-iraq-war"))


@case("periods-empty-front-matter-and-body")
def _(root):
    entry_path(root, PERIODS, "iran-iraq-war").write_text("---\n---\n", "utf-8")
    return at("sources/periods/iran-iraq-war.md", 1, 2)


line_case("periods-end-in-year-9999", replace, PERIODS, r"end: null", 'end: "9999"', build=True)


line_case("periods-start-before-year-1", replace, PERIODS, r'start: "1733"', 'start: "-0500"')


line_case("actors-c1-control-in-name", replace, ACTORS, r"name: Vladimir Putin", 'name: "Vladimir\\x9b Putin"', build=True)


line_case("actors-bidi-override-in-alias", replace, ACTORS, r"  - Putin", '  - "\\u202ePutin"')


line_case("actors-zero-width-space-in-alias", replace, ACTORS, r"  - Putin", '  - "Pu\\u200btin"')


line_case("actors-number-as-key", insert_after, ACTORS, r"name: Vladimir Putin", "1: one")


@case("events-reserved-id", build=True)
def _(root):
    return at(rename(root, EVENTS, "friendship-treaty", "index"))


line_case("events-reserved-tag", replace, EVENTS, r"tags: \[war\]", "tags: [war, index]", entry="iran-iraq-war-begins")


line_case("events-title-over-two-lines", replace, EVENTS, r"title: Friendship treaty", 'title: "Friendship\\n# treaty"')


line_case("events-date-in-year-9999", replace, EVENTS, r'date: "1972"', 'date: "9999"')


line_case("glossary-newline-in-expansion", replace,
          GLOSSARY, r"expansion: United Nations", 'expansion: "United\\n<img src=x onerror=alert(1)> Nations"', build=True)


@case("glossary-file-is-a-symbolic-link")
def _(root):
    outside = root.parent / "outside.txt"
    outside.write_text("---\nterm: secret line\nexpansion: x\n---\n", "utf-8")
    path = entry_path(root, GLOSSARY, "UN")
    path.unlink()
    path.symlink_to(outside)
    return at("sources/glossary/un.md", 0, 1)


line_case("glossary-bracket-in-term", replace, GLOSSARY, r"term: ISIS", "term: IS]IS")


@case("text-symbolic-link", build=True)
def _(root):
    outside = root.parent / "outside.txt"
    outside.write_bytes(b"A secret line from outside the repository.\n")
    add_source(root, "linked", b"placeholder\n")
    (root / "sources" / "texts" / "linked.txt").unlink()
    (root / "sources" / "texts" / "linked.txt").symlink_to(outside)
    return at("sources/texts/linked.txt", 0, 1)


@case("text-named-pipe")
def _(root):
    add_source(root, "piped", b"placeholder\n")
    (root / "sources" / "texts" / "piped.txt").unlink()
    os.mkfifo(root / "sources" / "texts" / "piped.txt")
    return at("sources/texts/piped.txt", 0, 1)


@case("text-is-a-folder")
def _(root):
    add_source(root, "folder", b"placeholder\n")
    (root / "sources" / "texts" / "folder.txt").unlink()
    (root / "sources" / "texts" / "folder.txt").mkdir()
    return at("sources/texts/folder.txt", 0, 1)


@case("text-utf-16")
def _(root):
    add_source(root, "wide", "A text saved as UTF-16.\n".encode("utf-16"))
    return at("sources/texts/wide.txt", 0, 1)


@case("text-c1-control-character")
def _(root):
    add_source(root, "c-one", "Line one.\nLine \x9btwo.\n".encode())
    return at("sources/texts/c-one.txt", 2)


# --- the checks ---------------------------------------------------------------------------------

#: A hint says how to fix it: an imperative after the complaint (after ";", ". ", ":" or "(").
HINT = re.compile(r"[;:.(]\s.*\b(add|use|remove|set|write|rename|correct|swap|give|split|convert|move|copy|"
                  r"lengthen|extend|fix|create|restore|save|escape|re-export|delete|replace|check|quote|put|start|"
                  r"end|did you mean|allowed fields)\b", re.IGNORECASE)


def located_messages(output: str, expected: set) -> list[str]:
    """The messages of *output* that begin at one of the expected locations."""
    found = []
    for line in output.splitlines():
        for path, number in expected:
            prefix = f"{path}:{number}: "
            if prefix in line:
                found.append(line[line.index(prefix) + len(prefix):])
    return found


def assert_refused(result, expected: set) -> None:
    assert result.returncode != 0, result.describe()
    assert "Traceback" not in result.output, result.describe()
    messages = located_messages(result.stderr, expected)
    assert messages, (f"no message at any of {sorted(expected)}\n" + result.describe())
    assert any(len(m) >= 40 and HINT.search(m) for m in messages), \
        "the message says what is wrong but not how to fix it:\n" + "\n".join(messages)


@pytest.fixture(scope="session")
def good_project(tmp_path_factory) -> Path:
    """A copy that passes ``check``: the real texts and catalog, and the
    fixture knowledge layer."""
    return knowledge_copy(tmp_path_factory.mktemp("good"), passing=lambda root: run_cli(root, "check"))


@pytest.fixture(scope="session")
def good_project_built(good_project, tmp_path_factory) -> Path:
    """The same, with a site/ made by the Makefile's build recipe."""
    root = tmp_path_factory.mktemp("good-built") / "project"
    shutil.copytree(good_project, root, symlinks=True)
    built = make_like_build(root)
    assert built.returncode == 0, built.describe()
    assert (root / "site" / "index.html").is_file() and not (root / "site.tmp").exists()
    return root


def test_there_are_enough_hostile_cases():
    assert len(CASES) >= 28
    assert len({c.id for c in CASES}) == len(CASES)
    assert IN_A_PROCESS_OF_THEIR_OWN <= {c.id for c in CASES}
    touched = {c.id.split("-")[0] for c in CASES}
    assert touched == {"catalog", "periods", "actors", "events", "glossary", "text"}
    assert {c.id.split("-")[0] for c in CASES if c.build} == touched


@pytest.mark.slow
def test_the_good_project_builds_and_the_recipe_swaps_site(good_project_built, tmp_path):
    """The baseline: the recipe replaces an existing site/ when the build succeeds."""
    root = tmp_path / "project"
    shutil.copytree(good_project_built, root, symlinks=True)
    (root / "site" / "stale.html").write_text("old", "utf-8")
    built = make_like_build(root)
    assert built.returncode == 0, built.describe()
    assert not (root / "site" / "stale.html").exists()
    assert (root / "site" / "index.html").is_file()
    assert not (root / "site.tmp").exists() and not (root / "site.previous").exists()


#: The cases whose ``check`` runs as the command an editor types, a process
#: of its own (the others run it in the test's process, a third of the
#: cost): inputs that, were their bound lost, would block or exhaust the
#: process that reads them (a subprocess ends at its timeout).
IN_A_PROCESS_OF_THEIR_OWN = {"text-named-pipe", "text-of-20-mb", "catalog-billion-laughs", "catalog-nested-too-deep"}


@pytest.mark.parametrize("bad", [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.build else [])
                                 for c in CASES])
def test_bad_input_is_refused_at_its_line_with_a_hint(bad: Case, request, tmp_path):
    """``check`` for every case; for the cases marked ``build``, also the
    Makefile's atomic build, which must leave the previous site/ as it was."""
    root = tmp_path / "project"
    shutil.copytree(request.getfixturevalue("good_project_built" if bad.build else "good_project"), root,
                    symlinks=True)
    before = tree_digest(root / "site") if bad.build else None
    expected = bad.mutate(root)
    assert expected and all(isinstance(line, int) for _path, line in expected)

    checked = run_cli(root, "check") if bad.id in IN_A_PROCESS_OF_THEIR_OWN else check_in_process(root)
    assert checked.returncode == 1, checked.describe()
    assert_refused(checked, expected)
    outside = root.parent / "outside.txt"
    if outside.exists():                # nothing about a file outside the repository is printed
        assert "secret line" not in checked.output and sha256_bytes(outside.read_bytes()) not in checked.output

    if bad.build:
        built = make_like_build(root)
        assert_refused(built, expected)
        assert tree_digest(root / "site") == before, "a failed build changed the previous site/"
        assert not (root / "site.previous").exists()


# --- odd but legitimate texts ---------------------------------------------------------------------

ODD_LINES = [
    "Odd characters in a captured page",
    "# not a heading",
    "| a | b |",
    "{{ config.site_name }}",
    "{% raw %}",
    "<!-- comment -->",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "*emphasis* and __strong__ and `code` and [a link](https://example.org) stay as typed.",
    "&amp; &lt;b&gt; are entities, not tags.",
]
ODD_TITLE = 'A *title* with <b>tags</b>, "quotes", {{ braces }} and | pipes'


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory):
    """A copy with one extra text: BOM, CRLF line endings and Markdown/Jinja/
    HTML-looking lines; and a second with plain LF and no BOM."""
    root = knowledge_copy(tmp_path_factory.mktemp("odd"))
    crlf = ("\ufeff" + "\r\n\r\n".join(ODD_LINES) + "\r\n").encode("utf-8")
    add_source(root, "odd-crlf-bom", crlf)
    add_source(root, "odd-lf", ("\n\n".join(ODD_LINES) + "\n").encode("utf-8"))
    replace(root, CATALOG, r"title: A test text", f"title: '{ODD_TITLE}'", entry="odd-crlf-bom")
    replace(root, CATALOG, r"editor_supplied: \[\]", f"editor_supplied: [{{field: kind, reason: '{ODD_REASON}'}}]",
            entry="odd-crlf-bom")
    site = root.parent / "site"
    result = mkdocs_build(root, site, env=subprocess_env())
    assert result.returncode == 0, result.describe()
    return site


@pytest.mark.slow
@pytest.mark.parametrize("source_id", ["odd-crlf-bom", "odd-lf"])
@pytest.mark.parametrize("number", range(1, len(ODD_LINES) + 1))
def test_odd_text_is_shown_literally(odd_site, source_id, number):
    html = (odd_site / "sources" / f"{source_id}.html").read_text("utf-8")
    texts, _tags = page_content(html)
    expected = ODD_LINES[number - 1]
    assert f"p{number}" in texts, f"passage p{number} is missing"
    shown = texts[f"p{number}"]
    assert expected in shown, f"p{number} shows {shown!r}"
    assert "\ufeff" not in shown and "\r" not in shown
    assert f"p{len(ODD_LINES) + 1}" not in texts


@pytest.mark.slow
@pytest.mark.parametrize("source_id", ["odd-crlf-bom", "odd-lf"])
def test_odd_text_injects_no_markup(odd_site, source_id):
    html = (odd_site / "sources" / f"{source_id}.html").read_text("utf-8")
    _texts, tags = page_content(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;!-- comment --&gt;" in html
    assert not any("onerror" in attrs for _tag, attrs in tags)
    assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in tags)
    assert "<script>alert(1)" not in html
    assert "Iraq–Russia Relations: A Source-Based Portal" not in _texts.get("p4", "")


#: What a supplied catalogue field rests on, as an editor might paste it.
ODD_REASON = "read on <img src=x onerror=alert(1)> &lt;script&gt; {{ 7*7 }} [[note:x]]"


@pytest.mark.slow
def test_odd_supplied_reason_is_shown_literally(odd_site):
    """The reason a supplied catalogue field rests on is shown as typed, in
    the source's record, never as markup."""
    html = (odd_site / "sources" / "odd-crlf-bom.html").read_text("utf-8")
    texts, tags = page_content(html)
    assert "(supplied by the editors: read on &lt;img src=x onerror=alert(1)&gt; &amp;lt;script&amp;gt; " \
           "{{ 7*7 }} [[note:x]])" in html
    assert not any("onerror" in attrs for _tag, attrs in tags)


@pytest.mark.slow
def test_odd_title_is_shown_literally(odd_site):
    """The title of a source (its catalog file) is shown as typed: in the page's
    <h1>, in the header bar and in the meta description (which must stay
    one well-formed attribute)."""
    html = (odd_site / "sources" / "odd-crlf-bom.html").read_text("utf-8")
    texts, tags = page_content(html)
    h1_ids = [attrs.get("id") for tag, attrs in tags if tag == "h1" and attrs.get("id")]
    assert any(texts.get(i, "").strip().rstrip("¶").strip() == ODD_TITLE for i in h1_ids), \
        [texts.get(i) for i in h1_ids]
    descriptions = [attrs for tag, attrs in tags if tag == "meta" and attrs.get("name") == "description"]
    assert len(descriptions) == 1
    assert set(descriptions[0]) == {"name", "content"}, descriptions[0]
    assert descriptions[0]["content"].endswith(ODD_TITLE)
    # Outside <title> (RCDATA: never markup) and JSON-LD, the title's tags are text.
    body = re.sub(r"<title>.*?</title>|<script[^>]*>.*?</script>", "", html, flags=re.DOTALL)
    assert "<b>tags</b>" not in body
