"""Completeness: the words of a submitted answer, and which key points of the model
answer they seem to cover.

An answer covers a key point when it uses enough of the point's keywords
(casestudy.content.checklist.key_ideas), compared by stem (casestudy.text.words), so
`caches` in the answer meets `caching` in the model. A missed point is hinted as a few
keywords, never as the model's sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casestudy.content import model
from casestudy.content.checklist import key_ideas, prose_words
from casestudy.text.words import stem, tokens

if TYPE_CHECKING:
    from casestudy.submission.check import Report


def answer_tokens(prose: list[str], start: int, end: int, question: str) -> list[tuple[str, int]]:
    """The words of lines `start`..`end` (1-based, end exclusive) of `prose` with their line
    numbers: citations, link targets and Markdown syntax left out, and a block quote that
    only repeats `question` (as the skeleton quotes it) skipped."""
    asked = " ".join(tokens(question))
    lines = list(range(start, end))
    keep: list[tuple[str, int]] = []
    i = 0
    while i < len(lines):
        line = prose[lines[i] - 1]
        if line.lstrip().startswith(">"):
            block = []
            while i < len(lines) and prose[lines[i] - 1].lstrip().startswith(">"):
                block.append(lines[i])
                i += 1
            quoted = " ".join(w for n in block for w in prose_words(prose[n - 1].lstrip().lstrip(">")))
            if asked and asked in quoted and len(quoted.split()) <= len(asked.split()) + 4:
                continue  # the question, quoted as the skeleton does
            for n in block:
                keep += [(w, n) for w in prose_words(prose[n - 1])]
            continue
        keep += [(w, lines[i]) for w in prose_words(line)]
        i += 1
    return keep


def completeness(
    case: model.Case, q: model.Question, label: str, words: list[tuple[str, int]], line: int, report: Report
) -> None:
    """Report how many key points of `q`'s model answer `words` cover, and hint the missed ones."""
    ideas = key_ideas(case, q)
    if not ideas:
        report.add("note", f"{label}: no model answer yet, so completeness was not checked", line)
        return
    have = {stem(w) for w, _ in words}
    missed = [k for k in ideas if not k.covered_by(have)]
    covered = len(ideas) - len(missed)
    report.add("ok" if not missed else "warning", f"{label}: covers {covered} of {len(ideas)} key points of the model answer", line)
    for k in missed:
        report.add("warning", f"{label}: may miss key point {k.index}; think about: {', '.join(k.keywords)}", line)
