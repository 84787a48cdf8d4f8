"""Completeness: the words of a submitted answer, and which key ideas of the model answer
they mention.

Each key point of a model answer carries a few ideas written by its author (a term and its
accepted variants; casestudy.content.checklist.key_ideas), and an idea counts as mentioned
when every word of one of its variants is in the answer, compared by stem with spelling
folded on both sides (casestudy.text.words), so `caches` meets `caching` and `optimize`
meets `optimise`. What is missing is one line per question, named by the ideas (and the
key point, numbered as on the `show` page), never by the model's sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casestudy.content import model
from casestudy.content.checklist import answer_stems, key_ideas, prose_words
from casestudy.submission.reading import own_lines

if TYPE_CHECKING:
    from casestudy.submission.report import Report


def answer_tokens(prose: list[str], start: int, end: int, question: str) -> list[tuple[str, int]]:
    """The words of lines `start`..`end` (1-based, end exclusive) of `prose` with their line
    numbers: citations, link targets and Markdown syntax left out, and a block quote that
    only repeats `question` (as the skeleton quotes it) skipped."""
    lines = [(n, prose[n - 1]) for n in range(start, end)]
    return [(w, n) for n, line in own_lines(lines, question) for w in prose_words(line)]


def completeness(
    case: model.Case, q: model.Question, label: str, words: list[tuple[str, int]], line: int, report: Report
) -> tuple[int, int, list[str]]:
    """Report in one line how many key ideas of `q`'s model answer `words` mention, naming
    the ones not found; return (found, all, the missing ones as shown)."""
    points = key_ideas(case, q)
    if not points:
        report.add("note", f"{label}: no model answer yet, so completeness was not checked", line)
        return 0, 0, []
    have = answer_stems([w for w, _ in words])
    total = sum(len(k.ideas) for k in points)
    missing = [f"{i.shown} (key point {k.index})" for k in points for i in k.missing(have)]
    found = total - len(missing)
    counted = f"{label}: covers {found} of {total} key ideas of the model answer"
    if not missing:
        report.add("ok", counted, line)
    else:
        level = "warning" if 2 * found < total else "note"
        report.add(level, f"{counted}; not found: {', '.join(missing)}", line)
    return found, total, missing
