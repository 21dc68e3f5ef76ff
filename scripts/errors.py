"""Problems found in the inputs, reported as ``path:line: message``.

Every stage reports problems instead of raising on the first one, so that an
editor sees *all* mistakes of a change at once (as Programming Historian's
``validate_yaml`` does). :class:`BuildFailed` carries them out of the pipeline;
the CLI and the MkDocs plugin print them and exit non-zero without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file.

    ``path`` is relative to the project root (``sources/events/the-id.md``), ``line``
    is 1-based (0 when the problem concerns the whole file) and ``message``
    says what is wrong *and* how to fix it.
    """

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BuildFailed(Exception):
    """The inputs have problems; nothing was written."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(set(problems)))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.")
        return "\n".join(lines)


class ProblemLog:
    """Collects problems during a stage; :meth:`raise_if_any` ends the stage."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self._problems.append(Problem(path, line, message))

    def extend(self, problems) -> None:
        self._problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(self._problems)

    def raise_if_any(self) -> None:
        if self._problems:
            raise BuildFailed(self._problems)
