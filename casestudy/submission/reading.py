"""Reading a submission: its prose lines, where each question's answer is, and the fences
that swallow what follows them.

The document is read by casestudy.text.markdown (markdown-it-py). A question's answer is
found by its heading's text at any level (`Question 4`, `Question 4:`, `Q4`, `4.`), and
runs to the next question, the references, or the next heading of its level or higher.
A fence that is never closed turns the rest of the file into code; it is reported at the
line it opens, with the headings it swallowed, and the file is then read as if it closed
just before the first of them, so the rest is still checked.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from casestudy.content.checklist import prose_words
from casestudy.text import markdown
from casestudy.text.words import tokens

BOM = markdown.BOM
QUESTION = re.compile(r"^(?:\*\*|__)?(?:question|q)\s*\.?\s*(\d+)\b|^(\d+)\s*[.):](?:\s|$)", re.I)
REFERENCES = re.compile(r"^(references?|reference list|bibliography|sources|works cited)\s*:?$", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING_LINE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Swallowed:
    """A fence never closed: where it opens and the headings it hides."""

    line: int
    marker: str
    headings: list[tuple[int, str]]


@dataclass
class Answer:
    number: int
    heading: markdown.Heading
    start: int  # first line of its answer (after the heading)
    end: int  # the line after its last


@dataclass
class Doc:
    md: markdown.Document
    prose: list[str]  # the document's lines, comments and fenced code blanked
    swallowed: list[Swallowed] = field(default_factory=list)
    answers: dict[int, Answer] = field(default_factory=dict)
    extra: list[tuple[markdown.Heading, str]] = field(default_factory=list)  # (heading, why not used)

    @property
    def headings(self) -> list[markdown.Heading]:
        return self.md.headings

    def references(self) -> markdown.Heading | None:
        return next((h for h in self.headings if REFERENCES.match(h.plain or h.text)), None)

    def lines(self, start: int, end: int) -> list[tuple[int, str]]:
        """(line number, prose) for lines `start`..`end` (end exclusive)."""
        return [(n, self.prose[n - 1]) for n in range(start, min(end, len(self.prose) + 1))]


def question_number(h: markdown.Heading) -> int | None:
    """The question a heading names (`Question 4`, `Question 4:`, `Q4`, `4.`), or None."""
    m = QUESTION.match((h.plain or h.text).strip())
    return int(m.group(1) or m.group(2)) if m else None


@functools.lru_cache(maxsize=2)
def read(text: str, questions: int, numbers: tuple[int, ...] = ()) -> Doc:
    """A submission read for checking, its answers to questions 1..`questions` located;
    `numbers`, when given, are the heading numbers meaning questions 1, 2, … (a file that
    numbers its questions as the case does: 2, 3, 4, 7, 8). The last few are kept (the
    check, then the class view, read each file): a Doc is not changed after it is made."""
    text = text.removeprefix(BOM)
    md = markdown.read(text)
    swallowed = []
    for fence in md.unclosed:
        hidden = [(n, md.lines[n - 1].strip()) for n in range(fence.start + 1, fence.end + 1)
                  if n - 1 < len(md.lines) and _HEADING_LINE.match(md.lines[n - 1])]
        if hidden:
            swallowed.append(Swallowed(fence.start, _marker(md.lines[fence.start - 1]), hidden))
    code_before: set[int] = set()
    if swallowed:  # read again as if each such fence closed before the first heading it hid
        lines = md.lines[:]
        for s in swallowed:
            first = s.headings[0][0]
            code_before |= set(range(s.line, first))
            for n in range(s.line, first):
                lines[n - 1] = ""
        md = markdown.read("\n".join(lines) + "\n")
    no_comments = _COMMENT.sub(lambda m: "\n" * (len(markdown.split_lines(m.group(0) + ".")) - 1), text)
    code = md.fenced() | code_before
    prose = ["" if n in code else line for n, line in enumerate(markdown.split_lines(no_comments), 1)]
    prose += [""] * (len(md.lines) - len(prose))
    doc = Doc(md, prose[: len(md.lines)], swallowed)
    _locate(doc, questions, numbers or tuple(range(1, questions + 1)))
    return doc


def _marker(line: str) -> str:
    bare = line.lstrip(" \t>")
    return bare[: len(bare) - len(bare.lstrip(bare[:1]))] if bare else "```"


def case_numbered(text: str, questions: int, numbers: tuple[int, ...]) -> bool:
    """Does `text` number its questions as the case does (`numbers`: the case's number of
    questions 1, 2, …; a variant's are not 1 to n), rather than 1 to `questions`?"""
    if numbers == tuple(range(1, questions + 1)):
        return False
    used = {n for h in read(text, questions).headings if (n := question_number(h)) is not None}
    ours = used & set(range(1, questions + 1))
    return any(n > questions for n in used & set(numbers)) and len(used & set(numbers)) > len(ours)


def _locate(doc: Doc, questions: int, numbers: tuple[int, ...]) -> None:
    refs = doc.references()
    position = {m: i for i, m in enumerate(numbers, 1)}
    named = [(h, question_number(h)) for h in doc.headings]
    for h, m in named:
        if m is None:
            continue
        n = position.get(m, m if numbers[0] == 1 else 0)
        if n in doc.answers:
            doc.extra.append((h, f"Question {n} has a second heading; only the first is checked"))
        elif not 1 <= n <= questions:
            doc.extra.append((h, f"there is no Question {m}: this variant has {questions} questions"))
        else:
            doc.answers[n] = Answer(n, h, h.end + 1, len(doc.md.lines) + 1)
    stops = [h for h, m in named if m is not None] + ([refs] if refs else [])
    for a in doc.answers.values():
        later = [h.line for h in doc.headings if h.line > a.heading.line and (h.level <= a.heading.level or h in stops)]
        a.end = min(later, default=len(doc.md.lines) + 1)


def answer_lines(doc: Doc, a: Answer, question: str) -> list[tuple[int, str]]:
    """The prose lines of an answer, without a block quote that only repeats the question
    (as the skeleton quotes it)."""
    return own_lines(doc.lines(a.start, a.end), question)


def own_lines(lines: list[tuple[int, str]], question: str) -> list[tuple[int, str]]:
    """`lines` without a block quote that only repeats `question`."""
    asked = " ".join(tokens(question))
    keep: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        if lines[i][1].lstrip().startswith(">"):
            block = []
            while i < len(lines) and lines[i][1].lstrip().startswith(">"):
                block.append(lines[i])
                i += 1
            quoted = " ".join(w for _, line in block for w in prose_words(line.lstrip().lstrip(">")))
            if not (asked and asked in quoted and len(quoted.split()) <= len(asked.split()) + 4):
                keep += block
            continue
        keep.append(lines[i])
        i += 1
    return keep
