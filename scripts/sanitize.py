"""The allow-list sanitiser of hand-written pages' HTML (``docs/``).

Python-Markdown passes raw HTML through, and ``docs/`` comes from pull
requests: a check that *looks for* scripts reads HTML differently from a
browser (abrupt comments, RAWTEXT elements, foreign content, duplicated
attributes …). So the rendered HTML of a hand-written page is *rebuilt* by
nh3 (Rust's ammonia), which parses as browsers do (html5ever) and keeps only
what ``scripts/data/docs_html.yml`` lists; what the reader gets is that
output, whatever the input was.

An editor must learn what was removed, and the strict build fails on it. nh3
does not say what it removed, so the same HTML is also parsed and written
again by nh3 *keeping everything* (every element the HTML, SVG and MathML
standards name, every attribute, every URL); both results are serialisations
of one browser-like parse, and what the first lacks of the second is what was
removed (:func:`sanitize` returns it as :class:`Removal` items). Checks of
values that nh3 cannot express (link hosts, image URLs, classes, reserved ids)
run in its ``attribute_filter`` and are recorded as they happen.

:func:`locate` finds the line of the page's Markdown a removal comes from
(best effort: the first line that contains, case-insensitively, the removed
value, else the attribute's name, else ``<tag``; the first line of the page if
none does: Markdown can produce an element from text that names none of them).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nh3
import yaml

POLICY_FILE = Path(__file__).resolve().parent / "data" / "docs_html.yml"

#: Every element name of HTML, SVG and MathML that a page could contain: the
#: parse that keeps everything keeps these, so that removing any of them is
#: seen. (An element not named here is dropped by both parses, and so is
#: neither published nor reported; a name no standard defines does nothing.)
_KNOWN_ELEMENTS = frozenset("""
a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote
body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div
dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header
hgroup hr html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark
marquee menu menuitem meta meter nav nobr noembed noframes noscript object ol optgroup option output p param
picture plaintext portal pre progress q rb rp rt rtc ruby s samp script search section select slot small
source spacer span strike strong style sub summary sup table tbody td template textarea tfoot th thead time
title tr track tt u ul var video wbr xmp
svg animate animatemotion animatetransform circle clippath defs desc discard ellipse feblend filter
foreignobject g line lineargradient marker mask metadata mpath path pattern polygon polyline radialgradient
rect set stop switch symbol text textpath tspan use view
math maction annotation annotation-xml menclose merror mfenced mfrac mglyph mi mlabeledtr mmultiscripts mn mo
mover mpadded mphantom mroot mrow ms mspace msqrt mstyle msub msubsup msup mtable mtd mtext mtr munder
munderover semantics
""".split())
#: URL schemes the keep-everything parse keeps (nh3 drops any other scheme in
#: both parses: a link with an unknown scheme loses its URL either way).
_ANY_SCHEME = frozenset({"http", "https", "mailto", "tel", "ftp", "ftps", "file", "data", "blob", "javascript",
                         "vbscript", "about", "filesystem", "ws", "wss", "sms", "irc", "news", "feed", "view-source",
                         "intent", "chrome", "jar", "livescript", "mocha", "ms-its", "mhtml", "res", "wyciwyg"})
_MAX_SHOWN = 60


@dataclass(frozen=True)
class Removal:
    """Something the sanitiser removed: ``what`` for the message
    (``<script>``, ``onerror="…" from <img>``), ``needles`` to find its line."""

    what: str
    needles: tuple[str, ...]
    #: (element, attribute) when a value check removed it.
    key: tuple = ()


@dataclass(frozen=True)
class Policy:
    """The allow-list of ``docs_html.yml`` and the hosts links may lead to."""

    tags: frozenset
    attributes: dict
    attribute_values: dict
    removed_with_content: frozenset
    link_schemes: frozenset
    link_hosts: frozenset
    classes: frozenset
    class_patterns: tuple
    reserved_ids: frozenset
    reserved_id_prefixes: tuple

    def with_hosts(self, hosts) -> Policy:
        """The same policy, with links allowed to these hosts too."""
        return Policy(**{**self.__dict__, "link_hosts": self.link_hosts | {h.lower() for h in hosts if h}})

    def with_classes(self, classes) -> Policy:
        """The same policy, with these classes allowed too (those of the portal's own blocks)."""
        return Policy(**{**self.__dict__, "classes": self.classes | frozenset(classes)})


@functools.cache
def load_policy(path: Path = POLICY_FILE) -> Policy:
    """The policy of ``scripts/data/docs_html.yml`` (trusted: code review)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    return Policy(
        tags=frozenset(data["tags"]),
        attributes={tag: frozenset(names) for tag, names in data["attributes"].items()},
        attribute_values={tag: {name: frozenset(values) for name, values in names.items()}
                          for tag, names in data["attribute_values"].items()},
        removed_with_content=frozenset(data["removed_with_content"]),
        link_schemes=frozenset(data["links"]["schemes"]),
        link_hosts=frozenset(h.lower() for h in data["links"]["hosts"]),
        classes=frozenset(data["classes"]["exact"]),
        class_patterns=tuple(re.compile(p) for p in data["classes"]["patterns"]),
        reserved_ids=frozenset(data["ids"]["reserved"]),
        reserved_id_prefixes=tuple(data["ids"]["reserved_prefixes"]),
    )


def _shown(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _MAX_SHOWN else value[:_MAX_SHOWN - 1] + "…"


# ---------------------------------------------------------------- values


def _is_relative(url: str) -> bool:
    """A URL of this site: no scheme, no host (``//host``, ``\\\\host``: browsers
    read backslashes as slashes), no control characters or spaces."""
    if re.search(r"[\x00-\x20\x7f\\]", url):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("//")


def link_allowed(url: str, policy: Policy) -> bool:
    """``<a href>``: relative, ``#fragment``, or an allowed scheme; http(s) only to an allowed host."""
    if _is_relative(url):
        return True
    if re.search(r"[\x00-\x20\x7f\\]", url):
        return False
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in policy.link_schemes:
        return False
    if scheme in ("http", "https"):
        return (parts.hostname or "") in policy.link_hosts and "@" not in parts.netloc
    return True


def class_allowed(name: str, policy: Policy) -> bool:
    return name in policy.classes or any(p.fullmatch(name) for p in policy.class_patterns)


def id_allowed(value: str, policy: Policy) -> bool:
    return bool(value) and value not in policy.reserved_ids and not value.startswith(policy.reserved_id_prefixes)


class _ValueChecks:
    """nh3's ``attribute_filter``: the checks of values it cannot express,
    recording what it removes."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.removed: list[Removal] = []

    def __call__(self, tag: str, name: str, value: str):
        policy = self.policy
        if name == "href" and not link_allowed(value, policy):
            return self._drop(tag, name, value, "a link may lead only to this site or to the hosts of "
                              "README.md's list")
        if name == "src" and not _is_relative(value):
            return self._drop(tag, name, value, "images must be files of the site (a relative URL)")
        if name == "id" and not id_allowed(value, policy):
            return self._drop(tag, name, value, "the site's own templates use this id")
        if name == "class":
            kept = [c for c in value.split() if class_allowed(c, policy)]
            for dropped in (c for c in value.split() if not class_allowed(c, policy)):
                self.removed.append(Removal(f"the class {dropped!r} from <{tag}> (not one of the classes "
                                            "hand-written pages may use: scripts/data/docs_html.yml)",
                                            (dropped,), (tag, name)))
            return " ".join(kept) if kept else None
        return value

    def _drop(self, tag: str, name: str, value: str, why: str):
        self.removed.append(Removal(f'{name}="{_shown(value)}" from <{tag}> ({why})', (value, name), (tag, name)))
        return None


# ---------------------------------------------------------------- parses


class _Inventory(HTMLParser):
    """Elements and attributes of an nh3 serialisation (well-formed: any
    parser reads it as nh3 wrote it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.attributes: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.elements[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value or "")] += 1

    handle_startendtag = handle_starttag


def _inventory(html: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser


def as_browsers_read(html: str) -> str:
    """*html* parsed as a browser parses it and written again, keeping every
    element, attribute and URL (comments aside)."""
    return nh3.clean(html, tags=set(_KNOWN_ELEMENTS), clean_content_tags=set(), attributes={},
                     generic_attribute_prefixes={""}, url_schemes=set(_ANY_SCHEME), link_rel=None,
                     strip_comments=True)


def _sanitized(html: str, policy: Policy, checks: _ValueChecks) -> str:
    plain = {tag: set(names) for tag, names in policy.attributes.items()}
    return nh3.clean(html, tags=set(policy.tags), clean_content_tags=set(policy.removed_with_content),
                     attributes=plain,
                     tag_attribute_values={tag: {name: set(values) for name, values in names.items()}
                                           for tag, names in policy.attribute_values.items()},
                     attribute_filter=checks, url_schemes=set(policy.link_schemes), link_rel=None,
                     strip_comments=True)


def sanitize(html: str, policy: Policy | None = None) -> tuple[str, list[Removal]]:
    """The HTML of a hand-written page as it may be published, and what was
    removed from it (empty when the page needed nothing removed)."""
    policy = policy or load_policy()
    checks = _ValueChecks(policy)
    clean = _sanitized(html, policy, checks)
    removed = list(checks.removed)
    whole = as_browsers_read(html)
    if whole == clean and not removed:
        return clean, []
    before, after = _inventory(whole), _inventory(clean)
    for tag, count in (before.elements - after.elements).items():
        removed.append(Removal(f"<{tag}>" + (f" ({count} times)" if count > 1 else ""), (f"<{tag}",)))
    filtered = {r.key for r in checks.removed}
    for (tag, name, value), _count in (before.attributes - after.attributes).items():
        if tag not in after.elements or (tag, name) in filtered:
            continue        # its element went (reported above), or the filter said why
        what = f'{name}="{_shown(value)}" from <{tag}>' if value else f"{name} from <{tag}>"
        removed.append(Removal(what, tuple(n for n in (value, name) if n)))
    if not removed:
        # The two parses differ in something neither inventory shows.
        removed.append(Removal("markup that browsers would read otherwise than it looks", ()))
    return clean, removed


def locate(removal: Removal, markdown: str) -> int:
    """The 1-based line of *markdown* a removal most likely comes from (see the module's docstring)."""
    lowered = markdown.lower()
    for needle in removal.needles:
        needle = needle.lower().strip()
        if len(needle) >= 2:
            at = lowered.find(needle[:_MAX_SHOWN])
            if at >= 0:
                return lowered.count("\n", 0, at) + 1
    return 1


def text_only(html: str) -> str:
    """HTML reduced to its text (entities kept escaped): for page titles
    and table-of-contents entries, which templates print as HTML."""
    text = nh3.clean(html, tags=set(), clean_content_tags={"script", "style"}, strip_comments=True)
    # nh3 leaves quotes as they are in text; some templates print titles in attributes.
    return text.replace('"', "&quot;")
