"""Checking a student's filled-in submission: the findings, the report and `check`.

Pure: functions take text and the `Case` and return findings. No printing, no files, no
subprocesses (markdownlint's findings are passed in by the caller, see `lint.py`). The
document is read by casestudy.text.markdown; completeness and originality are measured in
`completeness.py` and `originality.py`; here are the header, references, images, heading
order and markdownlint findings, and the orchestration.

`check` shows which key points an answer seems to miss only as a few keywords, and
measures how much of the answer is copied from the model answers (6-word shingles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casestudy.content import model
from casestudy.content.checklist import MIN_WORDS
from casestudy.submission.completeness import answer_tokens, completeness
from casestudy.submission.originality import THRESHOLD, model_shingles, originality
from casestudy.text import markdown
from casestudy.text.words import tokens

VARIANT_MARK = re.compile(r"<!--\s*casestudy-submission\s+variant=\"?([A-Za-z0-9_-]+)\"?\s*-->")
BOM = markdown.BOM

# --- findings -------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    level: str  # "error", "warning", "ok" or "note"
    message: str
    line: int | None = None


@dataclass(frozen=True)
class LintIssue:
    line: int
    rule: str
    message: str


@dataclass
class Report:
    variant: str
    findings: list[Finding] = field(default_factory=list)
    overall_share: float = 0.0

    def add(self, level: str, message: str, line: int | None = None) -> None:
        self.findings.append(Finding(level, message, line))

    def count(self, level: str) -> int:
        return sum(f.level == level for f in self.findings)

    @property
    def failed(self) -> bool:
        return self.count("error") > 0

    def lines(self, shown: str) -> list[tuple[str, str]]:
        """(level, text) per finding: `error: FILE:LINE: message`."""
        out = []
        for f in self.findings:
            where = f"{shown}:{f.line}" if f.line else shown
            out.append((f.level, f"{f.level}: {where}: {f.message}"))
        return out

    def summary(self, shown: str) -> str:
        errors, warnings = self.count("error"), self.count("warning")
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        verdict = "fix the errors before you hand it in" if errors else "ready to hand in"
        return f"{shown}: {counts}; {verdict}."


# --- reading the submission ------------------------------------------------------------

_QUESTION = re.compile(r"^question\s+(\d+)\b", re.I)
_REFERENCES = re.compile(r"^(references?|reference list|bibliography|sources|works cited)\s*:?$", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_FIELD = re.compile(r"^(name|matric(?:\s*no\.?|ulation\s+(?:no\.?|number))?|group)\s*:\s*(.*)$", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass
class _Doc:
    md: markdown.Document
    prose: list[str]  # the document's lines, comments and fenced code blanked

    @property
    def headings(self) -> list[markdown.Heading]:
        return self.md.headings


def _read(text: str) -> _Doc:
    md = markdown.read(text)  # a byte order mark (Notepad's) is not part of the title
    no_comments = _COMMENT.sub(lambda m: "\n" * (len((m.group(0) + ".").splitlines()) - 1), text.removeprefix(BOM))
    code = md.fenced()
    prose = ["" if n in code else line for n, line in enumerate(no_comments.splitlines(), 1)]
    prose += [""] * (len(md.lines) - len(prose))  # one entry per line the reader numbers
    return _Doc(md, prose)


def variant_named(text: str) -> str | None:
    """The variant a skeleton was made for, from its hidden marker."""
    m = VARIANT_MARK.search(text.removeprefix(BOM))
    return m.group(1) if m else None


# --- the check ------------------------------------------------------------------------


def check(
    text: str,
    case: model.Case,
    variant: model.Variant,
    *,
    threshold: float = THRESHOLD,
    min_words: int = MIN_WORDS,
    lint: list[LintIssue] | None = None,
    lint_note: str = "",
) -> Report:
    """Check a submission; `lint` is markdownlint's findings, or None when it did not run
    (then `lint_note` says why)."""
    doc = _read(text)
    report = Report(variant=variant.name)
    _check_header(doc, report)
    copied = model_shingles(case)
    total = matched = 0
    found: dict[int, markdown.Heading] = {}
    h: markdown.Heading | None
    for h in doc.headings:
        if (m := _QUESTION.match(h.text)) is not None:
            n = int(m.group(1))
            if n in found:
                report.add("warning", f"Question {n} has a second heading; only the first is checked", h.line)
            elif not 1 <= n <= len(variant.questions):
                report.add("warning", f"Question {n} is not a question of the {variant.name} variant ({len(variant.questions)} questions)", h.line)
            else:
                found[n] = h
    for n, qid in enumerate(variant.questions, 1):
        q = case.question(qid)
        h = found.get(n)
        if h is None:
            report.add("error", f"Question {n} ({q.title}): heading `## Question {n}` is missing")
            continue
        words = answer_tokens(doc.prose, *doc.md.section(h), q.text)
        count = len(words)
        label = f"Question {n} ({q.title})"
        if count == 0:
            report.add("error", f"{label}: not answered yet", h.line)
            continue
        if count < min_words:
            report.add("error", f"{label}: only {count} words; a complete answer has at least {min_words}", h.line)
        else:
            report.add("ok", f"{label}: answered ({count} words)", h.line)
        completeness(case, q, label, words, h.line, report)
        m_here, t_here = originality(label, words, copied, threshold, report, h.line)
        matched += m_here
        total += t_here
    _check_references(doc, report)
    _check_images(doc, report)
    _check_heading_order(doc, report)
    _check_lint(lint, lint_note, report)
    share = 100.0 * matched / total if total else 0.0
    report.overall_share = share
    if total:
        level = "error" if share >= threshold else "ok"
        report.add(
            level,
            f"overall: {share:.0f}% of {total} 6-word phrases match the model answers "
            f"(must stay under {threshold:g}%)",
        )
    return report


def _check_header(doc: _Doc, report: Report) -> None:
    fields: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(doc.prose, 1):
        item = _LIST_ITEM.match(line)
        body = (item.group(1) if item else line).replace("**", "").replace("__", "").strip()
        m = _FIELD.match(body)
        if m:
            key = m.group(1).lower().split()[0][:6]
            fields.setdefault(key, (i, m.group(2).strip()))
    for key, shown, level in (("name", "Name", "error"), ("matric", "Matric No.", "error"), ("group", "Group", "note")):
        if key not in fields:
            if level == "error":
                report.add("error", f"no **{shown}:** line; add `- **{shown}:** …` under the title")
            continue
        line_no, value = fields[key]
        if _blank(value):
            if level == "error":
                report.add("error", f"**{shown}** is not filled in", line_no)
            else:
                report.add("note", f"**{shown}** is blank; fill it in if you work in a group", line_no)
        else:
            report.add("ok", f"**{shown}** filled in", line_no)


def _blank(value: str) -> bool:
    value = value.strip().strip("*_").strip()
    return not value or value.lower().startswith("(your") or not re.search(r"[^\W_]", value)


def _check_references(doc: _Doc, report: Report) -> None:
    h = next((h for h in doc.headings if _REFERENCES.match(h.text)), None)
    if h is None:
        report.add("error", "no `## References` section; list every source you cite")
        return
    start, end = doc.md.section(h)
    entries: list[tuple[int, str]] = []
    for n in range(start, end):
        line = doc.prose[n - 1]
        if not line.strip():
            continue
        if m := _LIST_ITEM.match(line):
            entries.append((n, m.group(1)))
        elif entries and line.startswith((" ", "\t")):
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + line.strip())
        else:
            entries.append((n, line.strip()))
    if not entries:
        report.add("error", "References: no sources listed yet", h.line)
        return
    bad = 0
    for n, entry in entries:
        if not (_is_link(entry) or _is_citation(entry)):
            bad += 1
            report.add("error", "References: this entry is neither a link nor a full citation (author, year, title)", n)
    if not bad:
        report.add("ok", f"References: {len(entries)} sources, each a link or a citation", h.line)


def _is_link(entry: str) -> bool:
    return bool(re.search(r"https?://\S+|\]\([^)]+\)|\bdoi:\s*\S+|\bwww\.\S+", entry, re.I))


def _is_citation(entry: str) -> bool:
    return bool(re.search(r"\b(19|20)\d{2}[a-z]?\b", entry)) and len(tokens(entry)) >= 4


def _check_images(doc: _Doc, report: Report) -> None:
    found = [(image.line, 0, "an image has no alt text; describe it: ![what it shows](file.png)")
             for image in doc.md.images if not image.text.strip()]
    for n, line in enumerate(doc.prose, 1):
        for m in re.finditer(r"<img\b[^>]*>", line, re.I):
            if not re.search(r"\balt\s*=\s*(\"[^\"]+\"|'[^']+')", m.group(0)):
                found.append((n, 1, "an <img> has no alt text; add alt=\"what it shows\""))
    for n, _, message in sorted(found):
        report.add("error", message, n)


def _check_heading_order(doc: _Doc, report: Report) -> None:
    if not doc.headings:
        report.add("error", "no headings; start with `# Title` and a `## Question N` per answer")
        return
    first = doc.headings[0]
    problems = 0
    if first.level != 1:
        problems += 1
        report.add("warning", f"the first heading is level {first.level}; start with a `# Title`", first.line)
    for prev, h in zip(doc.headings, doc.headings[1:]):
        if h.level > prev.level + 1:
            problems += 1
            report.add(
                "error",
                f"heading level skips from {'#' * prev.level} to {'#' * h.level}; use {'#' * (prev.level + 1)} here",
                h.line,
            )
    if not problems:
        report.add("ok", f"headings: {len(doc.headings)}, in order")


# markdownlint rules `check` already reports in its own words
_OWN_RULES = {"MD001", "MD045"}


def _check_lint(lint: list[LintIssue] | None, note: str, report: Report) -> None:
    if lint is None:
        report.add("note", note or "markdownlint did not run; Markdown style was not checked")
        return
    shown = [i for i in lint if i.rule not in _OWN_RULES]
    for issue in shown:
        report.add("warning", f"Markdown: {issue.rule} {issue.message}", issue.line)
    if not shown:
        report.add("ok", "Markdown: markdownlint finds no problems")
