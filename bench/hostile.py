"""Section 4 of ``make bench``: every step that a hostile pull request can
feed a large input is bounded (issue 13). Each case times the step on an
input of size *n* and of size *2n*; linear work gives time(2n)/time(n) ≈ 2
(a quadratic step gives 4, an exponential one never returns).

* an editor's cleaning rule ``(a+)+$`` on a long line (RE2, scripts/patterns.py);
* nested YAML anchors ("billion laughs") and deep nesting: refused with a
  located problem (scripts/yamlio.py), in time proportional to the file;
* the name detector on a capitalized word followed by many spaces
  (scripts/stages/link.py ``CAPITALIZED_RUN``);
* the "covered by a mention" check on one huge paragraph (scripts/spans.py);
* a source page of many one-letter passages through Python-Markdown, the
  pre-checks of a hand-written page full of ``[``, and the sanitiser of
  hand-written pages (issue 24).

``python -m bench.hostile`` prints the table alone.
"""

from __future__ import annotations

import gc
import time

from bench.common import Series, fmt_ratio, fmt_seconds, log, md_table

#: time(2n)/time(n) above this is not linear (noise on a shared machine
#: moves a linear ratio between ~1.6 and ~2.6; quadratic is ~4).
LINEAR_LIMIT = 2.8


def _rule(n: int):
    from scripts.patterns import compile_rule
    pattern = compile_rule("(a+)+$")
    line = "a" * n + "b"
    return lambda: pattern.fullmatch(line)


def _laughs(n: int):
    """*n* lines of nested aliases, each expanding nine times the previous."""
    from scripts.yamlio import parse_yaml
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, n)]
    text = "\n".join(lines) + "\n"

    def step():
        data, problems = parse_yaml(text, "sources/x.yml")
        assert data is None and problems, "the billion laughs were not refused"
    return step


def _nesting(n: int):
    from scripts.yamlio import parse_yaml
    text = "x: " + "[" * n + "]" * n + "\n"

    def step():
        data, problems = parse_yaml(text, "sources/x.yml")
        assert data is None and problems
    return step


def _spaces(n: int):
    from scripts.stages.link import candidate_names
    text = "Word" + " " * n + "x"
    return lambda: list(candidate_names(text))


def _paragraph(n: int):
    """One paragraph of *n* bytes full of capitalized names, half of them
    covered by mentions: the editorial "unknown name" check."""
    from scripts.spans import SpanSet
    from scripts.stages.link import candidate_names
    sentence = "Then Alpha Beta met Gamma Delta in Epsilon Zeta. "
    text = sentence * (n // len(sentence))
    names = list(candidate_names(text))
    covered = SpanSet((s, e) for i, (s, e, _) in enumerate(names) if i % 2)

    def step():
        spans = SpanSet((s, e) for i, (s, e, _) in enumerate(names) if i % 2)
        return [spans.overlaps(s, e) for s, e, _ in candidate_names(text)] and covered
    return step


def _markdown(text: str):
    """Python-Markdown with the site's extensions (mkdocs.yml)."""
    import markdown
    return markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc",
                                         "pymdownx.details", "pymdownx.superfences"]).convert(text)


def _one_letter_paragraphs(n: int):
    """A source page of *n* one-letter passages as scripts/templates/source.html
    writes it (each run of passages one <div class="passages">): Python-Markdown
    scanned the rest of the page after each top-level raw block, so 50,000
    passages, one block each, took minutes."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    passages = "\n".join(f'<div class="passage passage--text" id="p{i}"><a class="passage-number" '
                         f'href="#p{i}">¶{i}</a><p>{letters[i % 26]}</p></div>' for i in range(1, n + 1))
    text = f"## Text\n\n<div class=\"passages\">\n{passages}\n</div>\n"
    return lambda: _markdown(text)


def _docs_brackets(n: int):
    """A hand-written page of *n* ``[``: refused by the pre-checks
    (scripts/docsource.py) in time linear in its size, before Python-Markdown
    (quadratic on it) sees it."""
    from scripts.docsource import markdown_problems
    text = "# Page\n\n" + "[" * n + "\n"

    def step():
        assert markdown_problems(text, "docs/x.md"), "the brackets were not refused"
    return step


def _sanitize(n: int):
    """*n* bytes of hostile HTML through the sanitiser of hand-written pages."""
    from scripts.sanitize import sanitize
    unit = '<p onclick="x">a <img src=//evil/x onerror=y> <a href="javascript:z">b</a></p><!--><svg><a>'
    html = unit * (n // len(unit))
    return lambda: sanitize(html)


#: (what, make(n) → step, n, unit of n)
CASES = [
    ("Cleaning rule `(a+)+$` on one line (RE2)", _rule, 1_000_000, "characters"),
    ("YAML nested anchors (billion laughs), refused", _laughs, 2_000, "lines"),
    ("YAML nesting `[[[…]]]`, refused", _nesting, 200_000, "brackets"),
    ("Name detector: capitalized word + spaces", _spaces, 60_000, "spaces"),
    ("Unknown-name check on one paragraph", _paragraph, 1_900_000, "bytes"),
    ("Source page of one-letter passages (Markdown)", _one_letter_paragraphs, 25_000, "passages"),
    ("Hand-written page of `[`, refused by the pre-checks", _docs_brackets, 120_000, "brackets"),
    ("Sanitiser of hand-written pages on hostile HTML", _sanitize, 400_000, "bytes"),
]


def _time(step, repeats: int) -> Series:
    # The collector paused, as the pipeline runs (scripts/pipeline.py).
    values = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            started = time.process_time()
            step()
            values.append(time.process_time() - started)
    finally:
        if enabled:
            gc.enable()
    return Series(values)


def measure(quick: bool = False) -> list[dict]:
    repeats = 3 if quick else 7
    results = []
    for what, make, n, unit in CASES:
        log(f"[4] {what}…")
        small, large = _time(make(n), repeats), _time(make(2 * n), repeats)
        results.append({"what": what, "n": n, "unit": unit, "small": small, "large": large,
                         "ratio": large.median / small.median if small.median else float("nan")})
    return results


def section_hostile(report, quick: bool) -> None:
    results = measure(quick)
    rows = [[r["what"], f"{r['n']:,} {r['unit']}", r["small"].fmt(), r["large"].fmt(), fmt_ratio(r["ratio"])]
            for r in results]
    worst = max(r["ratio"] for r in results)
    report.data["hostile"] = {r["what"]: {"n": r["n"], "small": r["small"].values, "large": r["large"].values}
                              for r in results}
    report.sections[4] = "\n".join([
        "## 4. Hostile inputs: bounded work\n",
        "Steps that a pull request can feed a huge input (`bench/hostile.py`): CPU time on an input of size "
        f"*n* and *2n* (median of {results[0]['small'].n} runs). Linear work gives a ratio ≈ 2; before issue 13 "
        "the rule never returned, the anchors took 4 minutes and 7.8 GB, the spaces and the paragraph minutes.\n",
        md_table(["Step", "n", "Time at n", "Time at 2n", "time(2n) / time(n)"], rows)])
    report.budget("Hostile inputs: time(2n)/time(n) of every bounded step", f"≈ 2 (≤ {LINEAR_LIMIT})",
                  f"worst {fmt_ratio(worst)}", worst <= LINEAR_LIMIT)


if __name__ == "__main__":
    for r in measure(quick=True):
        print(f"{r['what']:<50} n={r['n']:>9,}  {fmt_seconds(r['small'].median):>9}  "
              f"{fmt_seconds(r['large'].median):>9}  {fmt_ratio(r['ratio'])}")
