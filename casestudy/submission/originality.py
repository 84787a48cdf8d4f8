"""Originality: how much of a submitted answer is copied from the model answers.

Copying is measured in 6-word shingles (casestudy.text.words): the share of an answer's
6-word phrases that also occur in some model answer's prose, and the passages they
cover, so the student sees what to rewrite.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from casestudy.content import model
from casestudy.content.checklist import prose_words
from casestudy.text.markdown import read
from casestudy.text.words import SHINGLE, shingles

if TYPE_CHECKING:
    from casestudy.submission.check import Report

THRESHOLD = 20.0


def model_texts(a: model.AnswerFile) -> list[str]:
    """All the prose of a model answer, one string per field (so no shingle spans two)."""
    out = [a.tldr, *a.key_points]
    for s in a.sections:
        out += [s.heading, *_unfenced(s.body).split("\n\n")]
    for t in a.tables:
        out += [t.title, " ".join(t.columns), *(" ".join(row) for row in t.rows), t.caption]
    for d in a.diagrams:
        out += [d.title, d.caption]
    for n in a.numbers:
        out += [n.measures, n.note]
    for m in a.misconceptions:
        out += [m.claim, m.correction]
    for g in a.glossary:
        out += [g.definition]
    for r in a.related:
        out.append(r.why)
    for item in a.quiz:
        out += [item.prompt, item.explanation, item.hint]
        if isinstance(item, model.MCQ):
            out += item.options
        elif isinstance(item, (model.Flashcard, model.ShortAnswer)):
            out.append(item.answer)
    return [t for t in out if t and t.strip()]


def model_shingles(case: model.Case) -> set[tuple[str, ...]]:
    """Every 6-word phrase of every model answer in `case`."""
    found: set[tuple[str, ...]] = set()
    for q in case.questions:
        if q.answer is not None:
            for text in model_texts(q.answer):
                found |= shingles(prose_words(text))
    return found


def _unfenced(text: str) -> str:
    """`text` with its fenced code blocks blanked (code is not prose)."""
    if "```" not in text and "~~~" not in text:
        return text
    doc = read(text)
    code = doc.fenced()
    return "\n".join("" if n in code else line for n, line in enumerate(doc.lines, 1))


def originality(
    label: str,
    tokens: list[tuple[str, int]],
    copied: set[tuple[str, ...]],
    threshold: float,
    report: Report,
    line: int,
) -> tuple[int, int]:
    """Report the share of the answer's shingles found in `copied` and the passages they
    cover; return (matching shingles, all shingles)."""
    plain = [w for w, _ in tokens]
    total = max(0, len(plain) - SHINGLE + 1)
    if not total:
        return 0, 0
    hits = [i for i in range(total) if tuple(plain[i : i + SHINGLE]) in copied]
    share = 100.0 * len(hits) / total
    flagged = share >= threshold
    if not hits:
        report.add("ok", f"{label}: original: 0% of its 6-word phrases match the model answers", line)
        return 0, total
    report.add(
        "error" if flagged else "warning",
        f"{label}: {share:.0f}% of its 6-word phrases match the model answers (must stay under {threshold:g}%); "
        "rewrite these passages in your own words:",
        line,
    )
    for start, stop in runs(hits):
        passage = plain[start:stop]
        shown = " ".join(passage if len(passage) <= 30 else passage[:30] + ["…"])
        report.add("error" if flagged else "warning", f"{label}: matches a model answer: \"{shown}\"", tokens[start][1])
    return len(hits), total


def runs(hits: Iterable[int]) -> list[tuple[int, int]]:
    """Shingle starts → word spans [start, stop) that are covered by matching shingles."""
    spans: list[tuple[int, int]] = []
    for i in hits:
        if spans and i <= spans[-1][1]:
            spans[-1] = (spans[-1][0], i + SHINGLE)
        else:
            spans.append((i, i + SHINGLE))
    return spans
