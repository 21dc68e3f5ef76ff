"""The folding step of the name matcher (scripts/folding.py, its table in
scripts/data/folding.yml): spellings of other romanizations and scripts are
one name; links still cover the text exactly as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts.errors import BuildFailed
from scripts.folding import default_folding, load_folding, normalize, normalize_key, normalize_with_map, tokenize
from scripts.matcher import NameMatcher

SAME = [
    ("Ba'ath", "Baath", "Baʿath", "Ba’ath", "Baʿth", "Ba'th", "Baas", "Баас", "بعث"),
    ("Saddam Hussein", "Saddam Husayn", "Ṣaddām Ḥusayn", "Saddam Hussain", "Саддам Хусейн", "صدام حسين"),
    ("Abd al-Karim Qasim", "Abd al Karim Qasim", "Abdul Karim Kassem", "Abd-al-Karim Qassem", "Abdel Karim Kasim",
     "عبد الكريم قاسم"),
    ("Muhammad", "Mohammed", "Mohammad", "Muḥammad"),
    ("Sergei Lavrov", "Sergey Lavrov", "Сергей Лавров"),
    ("Iran–Iraq War", "Iran-Iraq War", "Iran Iraq War"),
    ("Muqtada as-Sadr", "Muqtada al-Sadr", "Moqtada el-Sadr", "Muqtada Sadr"),
    ("Ba'athists", "Baathists", "Baʿthists"),
]


@pytest.mark.parametrize("spellings", SAME, ids=[s[0] for s in SAME])
def test_spellings_of_one_name_fold_alike(spellings):
    keys = {normalize_key(s) for s in spellings}
    assert len(keys) == 1, {s: normalize_key(s) for s in spellings}


DIFFERENT = [
    ("US", "as"),                 # "US-led" is not the article "as-"
    ("Iran", "Iraq"),
    ("Hussein", "Hassan"),
    ("Saddam", "Sadr"),
]


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_names_stay_different(one, other):
    assert normalize_key(one) != normalize_key(other)


def test_english_words_keep_their_meaning():
    # The table applies to names (capitalized words) only: the English word
    # "bath" is not the Baʿth, and "as"/"at" before a space are no articles.
    assert normalize_key("a blood bath") != normalize_key("a blood Bath")
    assert normalize_key("as Sadr said") == "as sadr said"
    assert normalize_key("the US-led coalition") == "the us led coalition"
    assert normalize_key("Russia's") == normalize_key("Russia ' s")


def find(names: dict, text: str):
    matcher = NameMatcher()
    for name, target in names.items():
        matcher.add(name, target)
    return [(m.surface, m.target, text[m.start:m.end]) for m in matcher.find(text)]


def test_links_cover_the_text_as_written():
    text = "In 1958 Abd al-Karim Qasim met the Baʿth; Ṣaddām Ḥusayn’s rise came later."
    found = find({"Abd al Karim Qasim": "qasim", "Ba'ath": "baath", "Saddam Hussein": "saddam"}, text)
    assert found == [("Abd al-Karim Qasim", "qasim", "Abd al-Karim Qasim"), ("Baʿth", "baath", "Baʿth"),
                     ("Ṣaddām Ḥusayn", "saddam", "Ṣaddām Ḥusayn")]


def test_an_article_belongs_to_the_link_of_its_word():
    found = find({"Maliki": "maliki"}, "Prime Minister Nouri al-Maliki spoke.")
    assert found == [("al-Maliki", "maliki", "al-Maliki")]


def test_cyrillic_and_arabic_names_link():
    assert find({"Sergei Lavrov": "lavrov"}, "Министр Сергей Лавров заявил") == [("Сергей Лавров", "lavrov", "Сергей Лавров")]
    assert find({"Saddam Hussein": "saddam"}, "وقع صدام حسين معاهدة") == [("صدام حسين", "saddam", "صدام حسين")]


@given(st.text(alphabet=st.sampled_from(list("abc ʿ'’-–al ḤṢāБaб صد.\n")), max_size=60))
def test_spans_always_index_the_text(text):
    spans, keys = tokenize(text)
    assert len(spans) == len(keys)
    previous_end = 0
    for start, end, surface in spans:
        assert text[start:end] == surface
        assert previous_end <= start < end <= len(text)
        previous_end = end


def test_the_table_is_valid_and_loaded():
    folding = default_folding()
    assert folding.equivalents[folding.fold_word("Hussein")] == folding.fold_word("Husayn")


def test_quotes_fold_their_signs_and_white_space_and_map_back_to_the_text():
    text = "  He said “the Ba’ath — then”\n\tended"
    folded, where = normalize_with_map(text)
    assert folded == 'He said "the Ba\'ath - then" ended'
    assert folded == normalize(text)
    assert len(where) == len(folded)
    # every character that is not a folded sign or a space maps to itself
    for char, index in zip(folded, where, strict=True):
        if char.isalnum():
            assert text[index] == char
    assert text[where[folded.index("Ba")]:].startswith("Ba’ath")
    # ʿ and ʾ are letters in a quote (the name key drops them, the quote keeps them)
    assert normalize("Baʿth") == "Baʿth" and normalize_key("Baʿth") == normalize_key("Baath")


def test_quote_signs_come_from_the_table(tmp_path):
    path = _table(tmp_path, BASE.replace('"’"', '"«»"') + "equivalents: []\n")
    folding = load_folding(path, "scripts/data/folding.yml")
    assert folding.fold_signs("a «b» c") == "a 'b' c"
    assert folding.fold_signs("a ’b’") == "a ’b’"


def _table(tmp_path, text: str):
    path = tmp_path / "folding.yml"
    path.write_text(text, "utf-8")
    return path


BASE = ('apostrophes: "\'"\ndashes: "-"\narticle:\n  always: [al]\n  joined: [as]\n  arabic_prefix: "ال"\n'
        "transliteration: {}\nquote_signs: {\"'\": \"’\"}\n")


def test_a_spelling_in_two_groups_is_reported_at_its_line(tmp_path):
    path = _table(tmp_path, BASE + "equivalents:\n  - [Husayn, Hussein]\n  - [Hasan, Ḥusayn]\n")
    with pytest.raises(BuildFailed) as failure:
        load_folding(path, "scripts/data/folding.yml")
    assert "scripts/data/folding.yml:11: the spelling 'husayn' is already in the group at line 10" in failure.value.report()


def test_a_malformed_table_is_reported_at_its_line(tmp_path):
    path = _table(tmp_path, BASE + "equivalents:\n  - [Husayn, Abd al]\n")
    with pytest.raises(BuildFailed) as failure:
        load_folding(path, "scripts/data/folding.yml")
    assert "scripts/data/folding.yml:10: " in failure.value.report()
    assert "'Abd al' is not valid; it must be one word" in failure.value.report()


def test_two_actors_whose_aliases_fold_alike_are_an_error(project_copy, cli):
    actors = project_copy / "sources/actors/sergei-lavrov.md"
    text = actors.read_text("utf-8")
    old = "name: Sergei Lavrov\nkind: person\naliases: []\n"
    assert old in text
    text = text.replace(old, old.replace("aliases: []", "aliases: [Ṣaddām Ḥusayn]"), 1)
    actors.write_text(text, "utf-8")
    result = cli(project_copy, "check")
    assert result.returncode == 1
    line = text.split("\n").index("aliases: [Ṣaddām Ḥusayn]") + 1
    assert f"sources/actors/sergei-lavrov.md:{line}: actor 'sergei-lavrov': the name 'Ṣaddām Ḥusayn' is already used by " \
           "actor 'saddam-hussein'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("text", "expected"), [
    ("встреча Сергея Лаврова", [("Сергея Лаврова", "lavrov")]),
    ("правительство Саддама Хусейна", [("Саддама Хусейна", "saddam")]),
    ("в России и Ираке", [("России", "russia"), ("Ираке", "iraq")]),
    ("والتقى بصدام حسين", [("بصدام حسين", "saddam")]),
    ("договор Советского Союза", [("Советского Союза", "ussr")]),
    ("помощь Советскому Союзу", [("Советскому Союзу", "ussr")]),
    ("вместе с Советским Союзом", [("Советским Союзом", "ussr")]),
])
def test_inflected_and_prefixed_forms_link(text, expected):
    names = {"Sergei Lavrov": "lavrov", "Saddam Hussein": "saddam", "Россия": "russia", "Iraq": "iraq",
             "Советский Союз": "ussr"}
    assert [(s, t) for s, t, _ in find(names, text)] == expected


def test_inflection_is_tried_only_where_the_word_itself_matches_nothing():
    # "Лаврова" is not cut to "Лавров" when a name "Лаврова" exists.
    assert [(s, t) for s, t, _ in find({"Лаврова": "her", "Lavrov": "him"}, "Лаврова и Лавров")] == \
        [("Лаврова", "her"), ("Лавров", "him")]


def test_regnal_numbers_and_epithets_are_no_surnames():
    from scripts.model import Actor
    from scripts.stages.link import surname_index

    def person(actor_id, name):
        return Actor(actor_id, name, "person", (), (), (), (), (), "", 1)

    index = surname_index((person("peter", "Peter the Great"), person("faisal", "Faisal II"),
                           person("lavrov", "Sergei Lavrov"), person("mill", "John Stuart Mill")))
    assert index == {"lavrov": {"lavrov"}, "mill": {"mill"}}
