"""The abbreviations lists of documentary editions feed the glossary
(scripts/renderer/document.py: edition_abbreviations; glossary.html block
edition_abbreviations; document.html block abbreviations): each
abbreviation a document uses (``<gloss target>``) with the expansion its
volume's list gives, cited to that volume; entries no document uses are
left out; every value escaped. From the invented memorandum of
tests/fixtures/tei/: nothing here assumes FRUS, the corpus or a count."""

from __future__ import annotations

from types import SimpleNamespace

from scripts.renderer.document import document_extras, edition_abbreviations
from scripts.renderer.templates import environment
from scripts.tei import read_tei
from tests.helpers import FIXTURES

MEMORANDUM = FIXTURES / "tei" / "memorandum-conversation.xml"
UNUSED = (b'<item><hi rend="strong"><term xml:id="t_ZZZ1">ZZZ</term>,</hi> A term no document uses</item>\n'
          b'                </list>')


def source(source_id: str, data: bytes):
    return SimpleNamespace(id=source_id, entry=SimpleNamespace(file=f"documents/{source_id}.xml"),
                           raw=SimpleNamespace(text=data.decode(), path=f"sources/documents/{source_id}.xml",
                                               document=None))


def with_unused_term(data: bytes) -> bytes:
    return data.replace(b"</list>", UNUSED, 1)


def test_only_used_abbreviations_with_the_lists_wording_and_volume():
    data = with_unused_term(MEMORANDUM.read_bytes())
    found = edition_abbreviations([source("memo-a", data), source("memo-b", data),
                                   SimpleNamespace(id="text", entry=SimpleNamespace(file="texts/text.txt"))])
    assert found == [{"term": "QRS", "expansion": "Office of Quiet Research Studies",
                      "volume": "Synthetic Series, 1999, vol. II, Second Test Region",
                      "source_ids": ["memo-a", "memo-b"]}]


def test_document_page_and_glossary_escape_the_list():
    data = with_unused_term(MEMORANDUM.read_bytes()).replace(
        b"Office of Quiet Research Studies", b"Office &lt;img src=x onerror=alert(1)&gt;\n&amp;lt;b&amp;gt;")
    env = environment()
    page = env.get_template("document.html")
    context = document_extras(read_tei(data, "x.xml"))
    html = "".join(page.blocks["abbreviations"](page.new_context({"document": context})))
    assert "ZZZ" not in html and "<img" not in html
    assert '<abbr title="Office &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;">QRS</abbr>' in html
    glossary = env.get_template("glossary.html")
    items = [{**item, "documents": [{"href": "../sources/memo.html", "text": "doc. 7"}]}
             for item in edition_abbreviations([source("memo", data)])]
    html = "".join(glossary.blocks["edition_abbreviations"](glossary.new_context({"editions": items})))
    assert "<img" not in html and "Office &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;" in html
    assert '<a href="../sources/memo.html">doc. 7</a>' in html
    assert "<cite>Synthetic Series, 1999, vol. II, Second Test Region</cite>" in html
