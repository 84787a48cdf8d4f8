"""The outcome of checking one submission: findings grouped by question, the numbers per
question, and the shapes they are shown in (lines, a summary, JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CUT = 100  # characters of a passage shown into a file, a pipe or JSON
SHORTEST_CUT = 30  # ... and at least this many on a terminal, however narrow (then wrapped)


@dataclass(frozen=True)
class Finding:
    level: str  # "error", "warning", "ok" or "note"
    message: str
    line: int | None = None
    details: tuple[Detail, ...] = ()  # shown under it, indented: a passage, or (line, text)


@dataclass(frozen=True)
class LintIssue:
    line: int
    rule: str
    message: str


@dataclass(frozen=True)
class Passage:
    line: int
    text: str  # the student's own text
    source: str  # where it is from: `q7 §2`

    def quoted(self, cut: int = CUT) -> str:
        """`"its text" — like q7 §2`, the text cut to `cut` characters (… at the end),
        between words where one ends in the last third."""
        return f"\"{cut_between_words(self.text, cut)}\" — like {self.source}"


def cut_between_words(text: str, cut: int) -> str:
    """`text` in at most `cut` characters: whole, or cut after its last word that fits
    (mid-word only when no word ends in the last third), with … at the end."""
    if len(text) <= cut:
        return text
    head = text[: cut - 1]
    space = head.rfind(" ")
    if not text[cut - 1].isspace() and space >= (cut * 2) // 3:  # else it ends with a whole word
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


Detail = Passage | tuple[int | None, str]


def _detail(d: Detail, cut: int = CUT) -> tuple[int | None, str]:
    return (d.line, d.quoted(cut)) if isinstance(d, Passage) else d


@dataclass
class QuestionResult:
    number: int
    id: str
    title: str
    line: int | None = None  # its heading, None when not found
    words: int = 0
    ideas_found: int = 0
    ideas: int = 0
    missing: list[str] = field(default_factory=list)
    share: float | None = None  # originality, None when not measured
    passages: list[Passage] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Question {self.number}"


@dataclass
class Report:
    variant: str | None  # None: the file was not checked (see batch.unreadable)
    findings: list[Finding] = field(default_factory=list)
    overall_share: float = 0.0
    questions: list[QuestionResult] = field(default_factory=list)
    study_guide: bool = False
    passages: list[Passage] = field(default_factory=list)  # of the whole file
    suggested: set[int] = field(default_factory=set)  # lines of headings named as meant for a question
    lint_at: int | None = None  # where markdownlint's findings go, while it is still running

    def add(self, level: str, message: str, line: int | None = None, details: list[Detail] | None = None) -> None:
        self.findings.append(Finding(level, message, line, tuple(details or ())))

    def count(self, level: str) -> int:
        return sum(f.level == level for f in self.findings)

    @property
    def failed(self) -> bool:
        return self.count("error") > 0

    def lines(self, shown: str, *, errors_only: bool = False, width: int | None = None) -> list[tuple[str, str]]:
        """(level, text) per finding, `error: FILE:LINE: message`, each detail under it as
        `  FILE:LINE: text` (level "detail"). A passage is cut to CUT characters, or with a
        terminal's `width` to what fits on its line (at least SHORTEST_CUT)."""
        out = []
        for f in self.findings:
            if errors_only and f.level != "error":
                continue
            where = f"{shown}:{f.line}" if f.line else shown
            out.append((f.level, f"{f.level}: {where}: {f.message}"))
            for d in f.details:
                cut = CUT
                if width is not None and isinstance(d, Passage):
                    cut = max(SHORTEST_CUT, width - len(f"  {shown}:{d.line}: {Passage(d.line, '', d.source).quoted()}"))
                line, text = _detail(d, cut)
                out.append(("detail", f"  {shown}:{line}: {text}" if line else f"  {text}"))
        return out

    def summary(self, shown: str) -> str:
        errors, warnings = self.count("error"), self.count("warning")
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        verdict = "fix the errors before you hand it in" if errors else "ready to hand in"
        return f"{shown}: {counts}; {verdict}."

    def summary_lines(self, shown: str) -> list[str]:
        """One line a question: words, key ideas covered, originality; then the verdict."""
        out = [f"{shown}: {f.message}" for f in self.findings if self.study_guide and f.message.startswith("this is the study guide")]
        for q in self.questions:
            if q.line is None:
                out.append(f"{shown}: {q.label} ({q.id}): not found")
                continue
            ideas = f"ideas {q.ideas_found}/{q.ideas}" if q.ideas else "ideas -"
            share = f"{q.share:.0f}% matches the model answers" if q.share is not None else "originality -"
            out.append(f"{shown}:{q.line}: {q.label} ({q.id}): {q.words} words, {ideas}, {share}")
        return out + [self.summary(shown)]

    def as_json(self, shown: str) -> dict[str, Any]:
        return {
            "file": shown,
            "variant": self.variant,
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "ready": not self.failed,
            "study_guide": self.study_guide,
            "overall_match_percent": round(self.overall_share, 1),
            "questions": [
                {
                    "number": q.number, "id": q.id, "title": q.title, "line": q.line, "words": q.words,
                    "ideas_found": q.ideas_found, "ideas": q.ideas, "ideas_missing": q.missing,
                    "match_percent": None if q.share is None else round(q.share, 1),
                    "passages": [{"line": p.line, "text": p.text, "source": p.source} for p in q.passages],
                }
                for q in self.questions
            ],
            "findings": [
                {"level": f.level, "line": f.line, "message": f.message,
                 "details": [{"line": line, "text": text} for line, text in map(_detail, f.details)]}
                for f in self.findings
            ],
        }
