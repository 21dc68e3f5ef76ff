"""How a build reports problems: to MkDocs' log (``mkdocs build`` stops) or,
under ``mkdocs serve``, printed while the preview goes on answering.

Printed outside MkDocs' logger under serve: in strict mode a logged error
would fail the rebuild as well, and a rebuild that raises leaves every
request waiting until a build succeeds.
"""

from __future__ import annotations

import logging
import sys

from mkdocs.exceptions import PluginError

from scripts.errors import Problem

log = logging.getLogger("mkdocs.plugins.portal")


def _print(line: str) -> None:
    print(f"ERROR   -  {line}", file=sys.stderr, flush=True)


def strict_whatever_the_verbosity(config) -> None:
    """``--quiet`` raises the ``mkdocs`` logger to ERROR, so the warnings that
    ``--strict`` counts were never emitted and a strict build passed with
    broken links (mkdocs#4126). In strict mode warnings are let through
    again (and shown: they are what fails the build)."""
    logger = logging.getLogger("mkdocs")
    if config.strict and logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)


class Reporter:
    """The problems of one build; *serving* under ``mkdocs serve``."""

    def __init__(self, serving: bool = False):
        self.serving = serving
        self.docs_problems: list[Problem] = []

    def begin(self) -> None:
        self.docs_problems = []

    def sources_failed(self, problems, have_result: bool) -> None:
        """Problems in ``sources/``. ``mkdocs build``: log each and stop before
        MkDocs touches the site folder. ``mkdocs serve`` with a good result
        already (*have_result*): print them and return, so the preview goes
        on showing the last good pages."""
        if self.serving and have_result:
            for problem in problems:
                _print(str(problem))
            _print(f"{len(problems)} problem(s) in the sources; the preview still shows "
                   "the last good build. Fix the lines above and save again.")
            return
        for problem in problems:
            log.error(str(problem))
        raise PluginError(f"{len(problems)} problem(s) in the sources; nothing was built. "
                          "Fix the lines above and save again.") from None

    def docs(self, problems) -> bool:
        """Problems in a hand-written page: logged as errors (the build stops
        in :meth:`stop_on_docs_problems`, before anything is written), or
        under ``mkdocs serve`` printed while the page is neutralized. True
        when there were any."""
        for problem in problems:
            if self.serving:
                _print(str(problem))
            else:
                log.error(str(problem))
            self.docs_problems.append(problem)
        return bool(problems)

    def stop_on_docs_problems(self) -> None:
        if self.docs_problems and not self.serving:
            raise PluginError(f"{len(self.docs_problems)} problem(s) in docs/; nothing was built. "
                              "Fix the lines above.")

    def corpus_summary(self, corpus, open_items_logged: int) -> None:
        """The corpus in one line, then the first *open_items_logged* open
        editorial items (a corpus mid-import can have thousands; ``make
        check`` prints them all)."""
        open_items = [item for item in corpus.editorial if not item.explanation]
        log.info(f"portal: {len(corpus.sources)} sources, {len(corpus.passages)} passages, "
                 f"{len(corpus.actors)} actors, {len(corpus.events)} events; "
                 f"editorial queue: {len(open_items)} open (see editors/report.html)")
        for item in open_items[:open_items_logged]:
            log.info(f"  editorial queue: {item.kind}: {item.where}: {item.text}")
        if len(open_items) > open_items_logged:
            log.info(f"  editorial queue: … and {len(open_items) - open_items_logged:,} more: `make check` lists "
                     "them all, editors/report.html shows them")


def keep_serving(builder):
    """``mkdocs serve``'s builder, wrapped: a rebuild that fails is reported
    in one line (never a traceback) and the server goes on answering."""
    def guarded(*args, **kwargs):
        try:
            return builder(*args, **kwargs)
        except (Exception, SystemExit) as error:    # click's Abort, PluginError, anything
            print(f"ERROR   -  the rebuild failed: {str(error).strip() or type(error).__name__}; the preview "
                  "goes on answering. Fix the lines above and save again (`make build` fails until then).",
                  file=sys.stderr, flush=True)
    return guarded
