"""Checking a student's filled-in submission: the orchestration of `submission check`.

Pure: functions take text and the `Case` and return a Report. No printing, no files, no
subprocesses (markdownlint's findings are passed in by the caller, see `lint.py`). The
document is read by `reading.py`; its form is checked in `structure.py`, each answer's
completeness in `completeness.py` and its originality in `originality.py`. Findings come
grouped: the details, then each question (words, key ideas, originality), then the file.
"""

from __future__ import annotations

import re
from collections import Counter

from casestudy.content import model
from casestudy.content.checklist import MIN_WORDS, prose_words
from casestudy.content.validate import VARIANT_WORD
from casestudy.submission import structure
from casestudy.submission.completeness import completeness
from casestudy.submission.originality import (
    LONGEST_ANSWER,
    LONGEST_FILE,
    THRESHOLD,
    Index,
    Measure,
    measure,
    model_index,
)
from casestudy.submission.passages import sentences
from casestudy.submission.prose import FRAGMENT, MOSTLY_LIST, checklist_items, fragment_share, spans, split_checklist
from casestudy.submission.reading import BOM, Doc, answer_lines, case_numbered, own_lines, read
from casestudy.submission.report import Detail, Finding, LintIssue, Passage, QuestionResult, Report

__all__ = ["Finding", "LintIssue", "Report", "check", "label", "too_long", "variant_named"]

VARIANT_MARK = re.compile(rf"<!--\s*casestudy-submission\s+variant=\"?({VARIANT_WORD})\"?\s*-->")
Memo = dict[tuple[str, ...], tuple[float, int]]
GUIDE_MARK = re.compile(r"\*\*Study guide, not a submission\.\*\*")
MOSTLY = 60.0  # a file this much the model answers' text, drawn from at least
GUIDE_QUESTIONS = 3  # this many of its questions, is the study guide, or mostly is
SHOWN = 8  # passages listed under one finding


def variant_named(text: str) -> str | None:
    """The variant a skeleton was made for, from its hidden marker."""
    m = VARIANT_MARK.search(text.removeprefix(BOM))
    return m.group(1) if m else None


def too_long(text: str) -> int | None:
    """The words of `text` when there are more than LONGEST_FILE (far more than any real
    submission: checking it would take a minute), else None."""
    count = len(text.split())
    return count if count > LONGEST_FILE else None


def label(n: int, q: model.Question) -> str:
    """How the check names an answer: `Question 3 (Scaling globally)`, and in a variant
    whose numbers are not the case's, which case question it is: `Question 3 (q4, AWS: …)`."""
    return f"Question {n} ({q.title})" if q.number == n else f"Question {n} ({q.id}, {q.title})"


def check(
    text: str,
    case: model.Case,
    variant: model.Variant,
    *,
    threshold: float = THRESHOLD,
    min_words: int = MIN_WORDS,
    lint: list[LintIssue] | None = None,
    lint_note: str = "",
    index: Index | None = None,
    lint_later: bool = False,
) -> Report:
    """Check a submission; `lint` is markdownlint's findings, or None when it did not run
    (then `lint_note` says why). `index` is the model answers' (model_index), when the
    caller checks several files. `lint_later`: markdownlint is still running; its findings
    are added by add_lint."""
    report = Report(variant=variant.name)
    if (words := too_long(text)) is not None:
        report.add(
            "error",
            f"the file has {words:,} words, far more than any submission (at most {LONGEST_FILE:,}); it was not "
            "checked further: cut it down to your answers",
        )
        return report
    if not text.replace("\ufeff", "").strip():  # a byte order mark alone is no text either
        report.add(
            "error",
            "the file is empty (or holds only blank lines); was it saved? Start from "
            "`casestudy submission new --out FILE`",
        )
        return report
    count = len(variant.questions)
    numbers = tuple(case.question(qid).number for qid in variant.questions)
    renumbered = case_numbered(text, count, numbers)
    doc = read(text, count, numbers if renumbered else ())
    index = index if index is not None else model_index(case)
    memo: Memo = {}  # each sentence's closest model sentence, found once for the file and its answer
    whole = _whole(doc, case, variant, index, memo)
    report.overall_share = whole.share
    drawn_from = {m.where.split()[0] for m in whole.matches}
    report.study_guide = bool(GUIDE_MARK.search(text)) or (whole.share >= MOSTLY and len(drawn_from) >= GUIDE_QUESTIONS)
    if report.study_guide:
        report.add(
            "error",
            f"this is the study guide (`casestudy export`), or mostly is: {whole.share:.0f}% of its words are "
            "the model answers' text. Hand in your own words: start from `casestudy submission new --out FILE`",
        )
    structure.check_header(doc, report)
    if renumbered:
        which = "; ".join(
            f"`{'#' * a.heading.level} {a.heading.text}` (line {a.heading.line}) is Question {n} ({variant.questions[n - 1]})"
            for n, a in sorted(doc.answers.items())
        )
        report.add(
            "error",
            f"the questions are numbered as the case numbers them ({', '.join(map(str, numbers))}); number them 1 to "
            f"{count} as the skeleton does: {which}. They are checked as those questions",
        )
    heading_problems = structure.check_reading(doc, report)
    items = checklist_items(case, variant)
    for n, qid in enumerate(variant.questions, 1):
        report.questions.append(_question(doc, case, n, case.question(qid), index, threshold, min_words, items, memo, report))
    structure.check_references(doc, report)
    structure.check_images(doc, report)
    structure.check_heading_order(doc, report, heading_problems)
    if lint_later:
        report.lint_at = len(report.findings)  # add_lint puts markdownlint's findings here
    else:
        structure.check_lint(lint, lint_note, report)
    if whole.words:
        report.passages = _passages(whole)
        flagged = whole.share >= threshold
        details = _details(report.passages) if flagged and not doc.answers else []
        report.add(
            "error" if flagged else "ok",
            f"overall: {whole.share:.0f}% of the file's {whole.words} content words match the model answers "
            f"(must stay under {threshold:g}%)",
            details=details,
        )
    return report


def add_lint(report: Report, lint: list[LintIssue] | None, lint_note: str = "") -> None:
    """Add markdownlint's findings to a report made with `lint_later`, where check would
    have put them."""
    found = Report(variant=report.variant)
    structure.check_lint(lint, lint_note, found)
    at = len(report.findings) if report.lint_at is None else report.lint_at
    report.findings[at:at] = found.findings
    report.lint_at = None


def _whole(doc: Doc, case: model.Case, variant: model.Variant, index: Index, memo: Memo) -> Measure:
    """The whole file's prose, measured: everything but the references and the quoted questions."""
    refs = doc.references()
    stop = doc.md.section(refs) if refs else (0, 0)
    heads = {n for h in doc.headings for n in range(h.line, h.end + 1)}
    lines = [
        (n, line) for n, line in doc.lines(1, len(doc.prose) + 1)
        if not stop[0] - 1 <= n < stop[1] and n not in heads and not structure.is_detail(line)
    ]
    for qid in variant.questions:
        lines = own_lines(lines, case.question(qid).text)
    return measure(sentences(lines), index, memo=memo)


def _question(
    doc: Doc, case: model.Case, n: int, q: model.Question, index: Index, threshold: float, min_words: int,
    items: frozenset[str], memo: Memo, report: Report,
) -> QuestionResult:
    result = QuestionResult(n, q.id, q.title)
    name = label(n, q)
    a = doc.answers.get(n)
    if a is None:
        hint = structure.did_you_mean(doc, n, report.suggested)
        report.add("error", f"{name}: no heading for it; add `## Question {n}`{hint}")
        return result
    result.line = line = a.heading.line
    lines, pasted = split_checklist(answer_lines(doc, a, q.text), items)
    if pasted:
        report.add(
            "warning",
            f"{name}: line{'s' * (len(pasted) > 1)} {spans(pasted)} {'are' if len(pasted) > 1 else 'is'} the skeleton's "
            "checklist pasted as text: it lists what to explain, it is not an answer, so it does not count; "
            "explain those ideas in your own sentences",
            pasted[0],
        )
    words = [(w, ln) for ln, text in lines for w in prose_words(text)]
    result.words = count = len(words)
    if count == 0:
        report.add("error", f"{name}: not answered yet", line)
        return result
    if count < min_words:
        report.add("error", f"{name}: only {count} words; a complete answer has at least {min_words}", line)
    else:
        report.add("ok", f"{name}: answered ({count} words)", line)
    short, total = fragment_share(lines, Counter(ln for _, ln in words))
    if total and short >= MOSTLY_LIST * total:
        report.add(
            "warning",
            f"{name}: mostly a bare list of terms ({short} of its {total} words are in items of fewer than "
            f"{FRAGMENT} words); explain the ideas in sentences",
            line,
        )
    result.ideas_found, result.ideas, result.missing = completeness(case, q, name, words, line, report)
    if count > LONGEST_ANSWER:
        report.add(
            "error",
            f"{name}: {count:,} words, far more than any answer (at most {LONGEST_ANSWER:,}); its originality was not "
            "measured (that would take a minute): cut it down to your answer",
            line,
        )
        return result
    found = measure(sentences(lines), index, memo=memo)
    if found.words:
        result.share = found.share
        result.passages = _passages(found)
        _originality(name, found.share, result.passages, threshold, line, report)
    return result


def _passages(found: Measure) -> list[Passage]:
    return [Passage(m.sentence.line, m.sentence.text, m.where) for m in found.matches]


def _details(passages: list[Passage]) -> list[Detail]:
    out: list[Detail] = list(passages[:SHOWN])  # cut to the width they are shown at (Report.lines)
    if len(passages) > SHOWN:
        out.append((None, f"… and {len(passages) - SHOWN} more"))
    return out


def _originality(
    name: str, share: float, passages: list[Passage], threshold: float, line: int, report: Report
) -> None:
    if share >= threshold:
        report.add(
            "error",
            f"{name}: {share:.0f}% of its words match the model answers (must stay under {threshold:g}%); "
            "rewrite these passages in your own words:",
            line,
            details=_details(passages),
        )
    elif passages:
        report.add(
            "note",
            f"{name}: original; {share:.0f}% of its words are close to the model answers (limit {threshold:g}%). "
            "A short shared phrase such as a definition is fine; quote and cite it if it is word for word:",
            line,
            details=_details(passages),
        )
    else:
        report.add("ok", f"{name}: original: {share:.0f}% of its words match the model answers", line)
