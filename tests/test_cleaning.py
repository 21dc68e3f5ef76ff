"""The cleaner on the real texts: every raw line of every catalogued text is accounted for, and
what it keeps, moves and removes is what an editor reading the raw files
expects. The line numbers and texts below were written down by reading
sources/texts/*.txt (``cat -n``), not taken from the cleaner's output."""

from __future__ import annotations

import pytest

from scripts.errors import ProblemLog
from scripts.model import RawText
from scripts.paths import ProjectPaths
from scripts.stages.clean import clean, to_text
from scripts.stages.load import load
from scripts.stages.validate import validate
from tests.cleaning_checks import accounting_errors, character_errors
from tests.helpers import SOURCE_FILES, catalogued_ids, copy_texts_only, raw_lines

WIKI, RIAC, LSE, BLOG, ASADI = ("wikipedia-iraq-russia-relations", "riac-mamedov-2018", "lse-mahmoudian-2021",
                                "blog-strain-after-iran-iraq-war", "iran-review-asadi-2012")


def load_valid(root):
    log = ProblemLog()
    valid = validate(load(ProjectPaths(root), log), log)
    assert not log.problems, "\n".join(map(str, log.problems))
    return valid


class Cleaned:
    def __init__(self, root, entry, raw, result, generic):
        self.root, self.entry, self.raw, self.result, self.generic = root, entry, raw, result, generic
        self.lines = raw_lines(root / "sources" / entry.file)

    def block_at(self, line: int):
        found = [b for b in self.result.blocks if line in b.lines]
        assert len(found) == 1, f"line {line} is in {len(found)} body blocks"
        return found[0]

    def removed_at(self, line: int):
        found = [r for r in self.result.removed if r.line == line]
        assert len(found) == 1, f"line {line} is removed {len(found)} times"
        return found[0]

    @property
    def body_lines(self) -> set:
        return {n for b in self.result.blocks for n in b.lines}


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory) -> dict[str, Cleaned]:
    root = copy_texts_only(tmp_path_factory.mktemp("cleaning") / "project")
    valid = load_valid(root)
    out = {}
    for entry in valid.catalog:
        raw = valid.texts[entry.id]
        out[entry.id] = Cleaned(root, entry, raw, clean(raw, entry.rules + valid.generic_rules),
                                valid.generic_rules)
    return out


def test_the_catalog_lists_the_texts_these_tests_were_written_for(cleaned):
    # Other texts may be catalogued too (every pull request that adds a source
    # does so); the ones with written-down expectations must still be there.
    assert {i: cleaned[i].entry.file for i in SOURCE_FILES if i in cleaned} == SOURCE_FILES


def test_every_text_on_disk_is_catalogued_and_read(cleaned, texts_only_copy):
    on_disk = {f"texts/{p.name}" for p in (texts_only_copy / "sources" / "texts").glob("*.txt")} | {
        f"documents/{p.name}" for p in (texts_only_copy / "sources" / "documents").glob("*.xml")}
    assert {c.entry.file for c in cleaned.values()} == on_disk


def test_texts_only_copy_needs_no_knowledge_layer(texts_only_copy):
    assert not (texts_only_copy / "sources" / "events").exists()
    valid = load_valid(texts_only_copy)
    catalogued = {entry.id for entry in valid.catalog}
    assert catalogued and set(valid.texts) == catalogued
    assert valid.events == () and valid.actors == ()


# --- every line, once ----------------------------------------------------------------------


@pytest.mark.parametrize("source_id", sorted(SOURCE_FILES))
def test_the_texts_were_read_whole(cleaned, source_id):
    assert len(cleaned[source_id].lines) > 20


# The properties below hold for every catalogued text, not only these five.
@pytest.mark.parametrize("source_id", catalogued_ids())
def test_every_raw_line_is_accounted_for_exactly_once(cleaned, source_id):
    item = cleaned[source_id]
    assert accounting_errors(item.result, len(item.lines)) == []


@pytest.mark.parametrize("source_id", catalogued_ids())
def test_body_keeps_every_character_of_kept_lines_in_order(cleaned, source_id):
    item = cleaned[source_id]
    assert item.result.blocks
    assert character_errors(item.result, item.lines) == []


@pytest.mark.parametrize("source_id", catalogued_ids())
def test_blank_lines_are_blank_and_removed_lines_have_a_reason(cleaned, source_id):
    item = cleaned[source_id]
    assert all(not item.lines[n - 1].strip() for n in item.result.blank_lines)
    for removed in item.result.removed:
        assert removed.text == item.lines[removed.line - 1]
        assert removed.rule and len(removed.reason) >= 15, removed


# Body lines (paragraphs, list items, headings, captions) of each text, by raw line number.
EXPECTED_BODY_LINES = {
    WIKI: {9, 11, 12, 14, 16, 17, 18, 19, 20, 21, 23, 24, 26, 28, 30, 32, 34, 36, 37, 39, 41},
    RIAC: set(range(19, 54, 2)),
    LSE: {10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 45, 47},
    BLOG: {5, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23},
    ASADI: {8, 10, 12, 14, 16},
}


@pytest.mark.parametrize("source_id", sorted(EXPECTED_BODY_LINES))
def test_body_is_exactly_the_article_lines(cleaned, source_id):
    assert cleaned[source_id].body_lines == EXPECTED_BODY_LINES[source_id]


# --- RIAC's scraped teaser --------------------------------------------------------------------


def test_riac_duplicated_opening_paragraphs_are_removed(cleaned):
    item = cleaned[RIAC]
    for early, late in ((10, 19), (12, 49), (14, 51), (16, 53)):
        assert item.lines[early - 1] == item.lines[late - 1], "the raw text changed"
        assert early not in item.body_lines and late in item.body_lines
        removed = item.removed_at(early)
        assert removed.rule == "duplicate-paragraph"
        assert str(late) in removed.reason


def test_riac_kept_order_starts_with_line_19(cleaned):
    blocks = cleaned[RIAC].result.blocks
    assert blocks[0].lines == (19,)
    assert blocks[0].text.startswith("Moscow’s interest in the Middle East")
    assert [b.lines[0] for b in blocks] == sorted(b.lines[0] for b in blocks)


# --- chrome -------------------------------------------------------------------------------------

CHROME = [
    (RIAC, 1, "Читать на русском"),
    (RIAC, 2, "Rate this article"),
    (RIAC, 3, "(votes: 2, rating: 5)"),
    (RIAC, 4, "(2 votes)"),
    (RIAC, 5, "Share this article"),
    (RIAC, 57, "Rate this article"),
    (RIAC, 60, "Share this article"),
    (RIAC, 61, "For business"),
    (RIAC, 62, "For researchers"),
    (RIAC, 63, "For students"),
    (BLOG, 3, "Spread the love"),
    (BLOG, 25, "Leave a Reply"),
    (BLOG, 27, "Your email address will not be published. Required fields are marked *"),
    (LSE, 1, "41.1 C"),
    (LSE, 2, "Wednesday, July 28, 2021"),
    (LSE, 6, "Must read"),
    (LSE, 49, "In this series:"),
    (LSE, 51, "Print Friendly, PDF & Email"),
    (LSE, 53, "- Advertisement -"),
    (LSE, 55, "More articles"),
    (LSE, 58, "Please enter your comment!"),
    (LSE, 59, "Please enter your name here"),
    (LSE, 61, "- Advertisement -"),
    (LSE, 63, "Latest article"),
    (ASADI, 20, "More By Ali Akbar Asadi:"),
    (ASADI, 22, "*Iraq and the Challenge of Balancing Iran, US Relations:"),
    (ASADI, 24, "*Barzani - Talabani Coalition and its Challenges:"),
    (ASADI, 26, "*US and Problem of Emerging Independent Allies in the Middle East:"),
    (ASADI, 28, "طراحی و توسعه آگاهسیستم"),
]


@pytest.mark.parametrize(("source_id", "line", "text"), CHROME, ids=[f"{s[:4]}-{n}" for s, n, _ in CHROME])
def test_site_chrome_is_removed_with_a_reason(cleaned, source_id, line, text):
    item = cleaned[source_id]
    assert item.lines[line - 1].strip() == text, "the raw text changed"
    removed = item.removed_at(line)
    assert len(removed.reason) >= 15
    assert line not in item.body_lines
    assert not any(text in b.text for b in item.result.blocks if len(text) > 12)


def test_blog_teaser_line_is_removed(cleaned):
    item = cleaned[BLOG]
    assert item.lines[0].startswith("ONCE//")
    assert item.removed_at(1).rule == "teaser"


def test_asadi_footer_removes_everything_after_more_by(cleaned):
    item = cleaned[ASADI]
    removed = {r.line for r in item.result.removed}
    assert {n for n in range(20, len(item.lines) + 1) if item.lines[n - 1].strip()} <= removed


# --- structure ---------------------------------------------------------------------------------

HEADINGS = [
    (WIKI, 11, "History", 2),
    (WIKI, 26, "Iraq–Soviet Union relations", 3),
    (WIKI, 36, "Iraqi occupation of Kuwait", 4),
    (WIKI, 39, "Present", 3),
    (LSE, 14, "1- The Rise of the Islamic Republic and the Beginning of the Russo-Iranian Conflict of "
              "Interest in Iraq (1979–1991)", 2),
    (LSE, 26, "2- The Fall of the Soviet Union and the Emergence of Iran and Russia’s Common Threat in "
              "Iraq (1991–2011)", 2),
    (LSE, 32, "3- Arab Spring: From Common Threat Back to Conflict of Interest (2011–2021)", 2),
    (BLOG, 8, "Context before the 1990s", 2),
    (BLOG, 9, "Peak Alliance (1970s)", 3),
    (BLOG, 12, "Strained Relations (mid-1970s onward)", 3),
    (BLOG, 14, "Continued Soviet Ties (1980s)", 3),
    (BLOG, 16, "Key Events leading to the early 1990s", 2),
    (BLOG, 17, "Soviet Arms Embargo (1987-88)", 3),
    (BLOG, 19, "Soviet Collapse (1991)", 3),
    (BLOG, 21, "Gulf War (1990-1991)", 3),
]


@pytest.mark.parametrize(("source_id", "line", "text", "level"), HEADINGS,
                         ids=[f"{s[:4]}-{n}" for s, n, _, _ in HEADINGS])
def test_headings(cleaned, source_id, line, text, level):
    block = cleaned[source_id].block_at(line)
    assert (block.kind, block.text, block.level, block.lines) == ("heading", text, level, (line,))


def test_only_those_lines_are_headings(cleaned):
    found = {(s, b.lines[0]) for s, c in cleaned.items() for b in c.result.blocks if b.kind == "heading"}
    assert found == {(s, n) for s, n, _, _ in HEADINGS}


@pytest.mark.parametrize(("line", "start"), [
    (17, "Iraq was, first of all, the closest of all the Arab nations"),
    (18, "Although different from the other Arab states of the Mashreq"),
    (19, "The Iraqi Communist Party, which was formally founded in 1934"),
    (20, "Finally, Iraq's economic potential and relative wealth"),
    (21, "Within two years, Russian-Iraqi trade increased by 52 percent"),
])
def test_wikipedia_bullets_are_list_items(cleaned, line, start):
    block = cleaned[WIKI].block_at(line)
    assert block.kind == "list-item" and block.lines == (line,)
    assert block.text.startswith(start)


def test_wikipedia_wrapped_lines_23_24_are_one_paragraph(cleaned):
    block = cleaned[WIKI].block_at(23)
    assert block.kind == "paragraph" and block.lines == (23, 24)
    assert "supported Baghdad politically against the United States since 1994, including" in block.text


def test_wikipedia_infobox_is_structured(cleaned):
    result = cleaned[WIKI].result
    assert list(result.infobox) == [("Filetype", "svg", 4), ("Map", "Iraq–Russia Locator.svg", 5),
                                    ("Mission1", "Embassy of Iraq, Moscow", 6),
                                    ("Mission2", "Embassy of Russia, Baghdad", 7)]
    assert any(m.field == "infobox" and m.line == 3 for m in result.metadata)


def test_wikipedia_see_also_is_structured(cleaned):
    result = cleaned[WIKI].result
    assert list(result.see_also) == [("Ar-Rashid revolt", 45), ("Foreign relations of Iraq", 46),
                                     ("Foreign relations of Russia", 47),
                                     ("Soviet Union and the Iran–Iraq War", 48),
                                     ("List of ambassadors of Russia to Iraq", 49), ("Scheherazade", 50)]
    assert any(m.field == "see-also" and m.line == 43 for m in result.metadata)


def test_wikipedia_has_nothing_to_remove(cleaned):
    assert cleaned[WIKI].result.removed == ()


def test_lse_image_caption_is_kept_as_caption(cleaned):
    block = cleaned[LSE].block_at(10)
    assert block.kind == "caption"
    assert block.text.startswith("Russia’s vaunted S-400") and block.text.endswith("Source: National Interest")


METADATA = [
    (WIKI, 1, "title", "Iraq–Russia relations"),
    (RIAC, 6, "author", "Ruslan Mamedov"),
    (RIAC, 8, "affiliation", "Ph.D. in History, Scientific Advisor of The Evgeny Primakov Center"),
    (RIAC, 55, "first_published_in", "Al-Monitor"),
    (LSE, 4, "title", "Russia and Iran’s Relations in Iraq"),
    (LSE, 8, "author", "Arman Mahmoudian"),
    (ASADI, 1, "title", "Iraq and Russia: Motivations for Interaction in New Conditions"),
    (ASADI, 3, "published", "Thursday, October 25, 2012"),
    (ASADI, 5, "author", "Ali Akbar Asadi"),
    (ASADI, 6, "affiliation", "PhD Candidate, University of Allameh Tabatabaei & Expert on Middle East Issues"),
    (ASADI, 18, "keywords", "Iraq, Russia, Interaction, Weapons Deal"),
]


@pytest.mark.parametrize(("source_id", "line", "field", "value"), METADATA,
                         ids=[f"{s[:4]}-{n}" for s, n, _, _ in METADATA])
def test_bibliographic_lines_become_metadata(cleaned, source_id, line, field, value):
    found = [m for m in cleaned[source_id].result.metadata if m.line == line]
    assert len(found) == 1, f"line {line} is not metadata"
    assert found[0].field == field
    assert found[0].value.startswith(value)
    assert "First published in" not in found[0].value and "Key Words" not in found[0].value


# --- idempotence ----------------------------------------------------------------------------------


@pytest.mark.parametrize("source_id", catalogued_ids())
def test_cleaning_is_idempotent(cleaned, source_id):
    item = cleaned[source_id]
    rules = item.entry.rules + item.generic
    once = item.result
    again = clean(RawText(source_id, "again.txt", to_text(once), False, False), rules)
    assert [(b.kind, b.text, b.level) for b in again.blocks] == [(b.kind, b.text, b.level) for b in once.blocks]
    assert again.removed == ()


# --- a text the rules have never seen --------------------------------------------------------------

NEW_TEXT = """\
Moscow and Baghdad sign a memorandum on energy

By Jane Example

Officials of both governments met in Baghdad on Tuesday and signed a memorandum on energy cooperation.

The memorandum was prepared over several months and
covers the whole of the oil and gas sector, according to the ministry.

- exploration blocks in the south of the country;
- a pipeline to the Turkish border;
* training for Iraqi engineers in Russian universities.

Share this article

Neither side gave a figure for the value of the agreement.
"""


def test_unknown_text_passes_through_with_only_rule_named_lines_dropped(texts_only_copy):
    valid = load_valid(texts_only_copy)
    result = clean(RawText("new", "new.txt", NEW_TEXT, False, False), valid.generic_rules)
    lines = NEW_TEXT.split("\n")
    assert accounting_errors(result, len(lines)) == []
    assert character_errors(result, lines) == []
    assert [(r.line, r.rule) for r in result.removed] == [(14, "share-widget")]
    assert [(m.line, m.field, m.value) for m in result.metadata] == [(3, "author", "Jane Example")]
    assert [(b.kind, b.lines) for b in result.blocks] == [
        ("paragraph", (1,)), ("paragraph", (5,)), ("paragraph", (7, 8)),
        ("list-item", (10,)), ("list-item", (11,)), ("list-item", (12,)), ("paragraph", (16,))]
    assert result.blocks[2].text == ("The memorandum was prepared over several months and covers the whole of "
                                     "the oil and gas sector, according to the ministry.")
    assert result.blocks[5].text == "training for Iraqi engineers in Russian universities."


def test_dry_run_cli_shows_what_the_cleaner_does(texts_only_copy, tmp_path):
    from tests.helpers import run_cli

    text = tmp_path / "new.txt"
    text.write_text(NEW_TEXT, "utf-8")
    result = run_cli(texts_only_copy, "dry-run", text)           # the command an editor types
    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.output
    assert "line   14  DROPPED  'Share this article'" in result.stdout
    assert "METADATA author: Jane Example" in result.stdout
    assert "kept: 7 passages, 0 headings" in result.stdout
