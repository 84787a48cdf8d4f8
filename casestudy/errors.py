"""Errors the core raises. Each carries a message ready for the user; `cli` prints it
and turns it into an exit code. The core never prints and never exits."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ExitCode(enum.IntEnum):
    """Every exit code casestudy uses (documented in the README)."""

    OK = 0
    ERROR = 1  # a user mistake or a problem with a file: the message says which
    USAGE = 2  # the command line itself is wrong (Typer/Click's own code)
    INTERRUPTED = 130  # Ctrl-C


SHOWN = 60  # characters of a user's argument repeated in a message


def shorten(text: str, limit: int = SHOWN) -> str:
    """A user's argument as a message repeats it: whole, or its first `limit` characters
    and "…" (a 5,000-character argument would bury the message)."""
    return text if len(text) <= limit else text[:limit] + "…"


class CaseStudyError(Exception):
    """Base error: `str(error)` is the whole message the user sees."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Problem:
    """One problem with a content pack, and where it is.

    `str(problem)` is the line the user sees: `file:line:column: field: message`, each
    part present when known. A content-standard problem is about a question, not a place
    in a file: it is named by its `question` (`q4: key_points: has 2, needs 5–8`), and
    carries its answer's file for tools (`validate --json`)."""

    file: str | None
    line: int | None
    col: int | None
    path: str | None
    message: str
    question: str | None = None

    def __str__(self) -> str:
        if self.question is not None:
            where = self.question
        else:
            where = ":".join(str(part) for part in (self.file, self.line, self.col) if part is not None)
        return ": ".join(part for part in (where, self.path, self.message) if part)


class ContentError(CaseStudyError):
    """The content pack cannot be loaded: a missing file, bad YAML, or invalid data.

    `problems` holds every located problem (each one line when printed)."""

    def __init__(self, message: str, problems: list[Problem] | None = None, *, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.problems = problems or []


class UnknownQuestion(CaseStudyError):
    """A question reference that matches no question of the case."""


class NoMatch(CaseStudyError):
    """A search found nothing (exit 1, as grep does)."""


class NotWritten(CaseStudyError):
    """The question exists but its answer has not been written yet."""


class OutputExists(CaseStudyError):
    """Refusing to overwrite a file without --force."""


class TemplateError(CaseStudyError):
    """A Jinja2 template could not be loaded or rendered."""


class ProgressError(CaseStudyError):
    """The progress store cannot be opened or written."""


class QuizError(CaseStudyError):
    """A quiz cannot start as asked: no items match, no stopped quiz to resume."""


class QuizOptionError(QuizError):
    """An option of `quiz` or `review` given a value it cannot take (`--n 0`, an unknown
    kind, a bad time limit or exam date), or options that do not go together: the command
    line is wrong (exit 2, one line), as for Click's own option errors."""

    exit_code = ExitCode.USAGE
