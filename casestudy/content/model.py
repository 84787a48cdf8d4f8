"""The typed content model: what a case and its answers are made of.

Pure data (msgspec Structs). No I/O here: `content.py` reads YAML and builds these.
Every Struct forbids unknown fields, so a typo such as `anwser:` is an error, not a
silently ignored key.
"""

# No `from __future__ import annotations`: msgspec would evaluate every annotation string
# (a compile each) the first time a process checks, converts or decodes these types.

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple, Union

import msgspec


# Subclasses repeat `frozen=True`: msgspec inherits it, but type checkers follow
# PEP 681 and do not (msgspec issue #657).
class _Base(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


# --- citations: `[@key]`, the one definition every reader of content uses --------

_KEY = "[A-Za-z0-9_.:-]"  # the characters a reference key may have: one place
KEY_RULE = "use letters, digits and _ . : - only"
CITATION_RULE = "a citation is one key in brackets, such as [@key] [@other]"


class Citation(NamedTuple):
    """`[@key]` at text[start:end]; key is None for a malformed one (`[@]`, `[@@x]`, `[@a; @b]`)."""

    start: int
    end: int
    key: str | None


def is_key(text: str) -> bool:
    """Whether `text` may be a reference key (and so be cited as `[@text]`)."""
    return re.fullmatch(f"{_KEY}+", text) is not None


# A citation: `[@`, key characters, `]`. Linear: a key holds no `[`, so the runs tried
# from two `[@` never overlap, and each is scanned once forwards and once back.
CITATION = re.compile(rf"\[@({_KEY}+)\]")
# Every `[@`: then the longest run of key characters, then a `]` if there is one. Nothing
# after the run can fail, so the engine never backtracks.
_CITATION_SCAN = re.compile(rf"\[@({_KEY}*)(\]?)")


def iter_citations(text: str) -> Iterator[Citation]:
    """Every `[@` in `text`, in order: a citation, or a malformed one (key None).

    Linear time: a line of 30,000 `[@` costs what any 60 KB line costs (the pattern it
    replaced backtracked, 12 s for that line)."""
    for match in _CITATION_SCAN.finditer(text):
        key, closed = match.group(1, 2)
        if key and closed:
            yield Citation(match.start(), match.end(), key)
        else:
            yield Citation(match.start(), match.start() + 2, None)


def citation_keys(text: str) -> list[str]:
    """The keys cited in `text`, in order (malformed citations left out)."""
    return CITATION.findall(text)


def malformed_citations(text: str) -> int:
    """How many `[@` in `text` do not start a citation `[@key]`."""
    return text.count("[@") - len(citation_keys(text))


def replace_citations(text: str, replace: Callable[[str], str]) -> str:
    """`text` with each well-formed `[@key]` replaced by `replace(key)`; the rest as it is."""
    if "[@" not in text:
        return text
    return CITATION.sub(lambda m: replace(m.group(1)), text)


# --- the case file: answers/<case>/case.yaml -------------------------------------


class Source(_Base, frozen=True):
    """The article the case study is set on."""

    title: str
    author: str
    url: str
    year: int


class Variant(_Base, frozen=True):
    """A question set the case is set in (the full nine, or a shorter version)."""

    name: str
    title: str
    questions: list[str]
    description: str = ""


class Outline(_Base, frozen=True):
    """One question as the case lists it, written or not."""

    id: str
    slug: str
    title: str
    question: str
    aliases: list[str] = []
    tags: list[str] = []


class CaseFile(_Base, frozen=True):
    id: str
    title: str
    course: str
    source: Source
    overview: str
    version: str
    questions: list[Outline]
    variants: list[Variant]


# --- an answer file: answers/<case>/qN-<slug>.yaml --------------------------------


class Section(_Base, frozen=True):
    id: str
    heading: str
    body: str


class Table(_Base, frozen=True):
    id: str
    title: str
    section: str
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""


class Diagram(_Base, frozen=True):
    id: str
    title: str
    section: str
    mermaid: str
    drawing: str
    caption: str = ""


class Number(_Base, frozen=True):
    figure: str
    measures: str
    year: int
    ref: str
    note: str = ""


class Misconception(_Base, frozen=True):
    claim: str
    correction: str
    ref: str


class Reference(_Base, frozen=True):
    key: str
    title: str
    publisher: str
    year: int
    url: str
    primary: bool = False  # the original publisher's own URL, never a third-party copy
    note: str = ""  # for students: what the source is and why it is cited
    provenance: str = ""  # for maintainers: where the text was read, copies, doubts


class Related(_Base, frozen=True):
    id: str
    why: str


class Term(_Base, frozen=True):
    term: str
    definition: str


class KeyIdea(_Base, frozen=True):
    """One idea a short answer should mention, and the words that show it."""

    idea: str
    keywords: list[str]


class _Item(_Base, frozen=True, tag_field="kind"):
    id: str
    prompt: str
    explanation: str
    section: str
    hint: str = ""

    @property
    def kind(self) -> str:
        """mcq, tf, flashcard or short."""
        return str(self.__struct_config__.tag)  # msgspec types a tag as str | int | None


class MCQ(_Item, frozen=True, tag="mcq", kw_only=True):
    options: list[str]
    answer: str


class TrueFalse(_Item, frozen=True, tag="tf", kw_only=True):
    answer: bool


class Flashcard(_Item, frozen=True, tag="flashcard", kw_only=True):
    answer: str


class ShortAnswer(_Item, frozen=True, tag="short", kw_only=True):
    answer: str
    key_ideas: list[KeyIdea]


QuizItem = Union[MCQ, TrueFalse, Flashcard, ShortAnswer]
KINDS = ("mcq", "tf", "flashcard", "short")


class AnswerFile(_Base, frozen=True):
    id: str
    tldr: str
    key_points: list[str]
    sections: list[Section]
    tables: list[Table]
    diagrams: list[Diagram]
    numbers: list[Number]
    misconceptions: list[Misconception]
    references: list[Reference]
    related: list[Related]
    glossary: list[Term]
    quiz: list[QuizItem]
    updated: str = ""
    # One entry per key point, in order: the ideas an answer shows it by, each a term
    # and its accepted variants, e.g. [circuit breaker, breaker trips, open circuit].
    key_ideas: list[list[list[str]]] = []


# --- what the rest of the program sees --------------------------------------------


class Question(msgspec.Struct, frozen=True, kw_only=True):
    """A question of the case: its outline, and its answer once one is written."""

    outline: Outline
    answer: AnswerFile | None = None
    path: str = ""

    @property
    def id(self) -> str:
        return self.outline.id

    @property
    def number(self) -> int:
        return int(self.outline.id[1:])

    @property
    def slug(self) -> str:
        return self.outline.slug

    @property
    def title(self) -> str:
        return self.outline.title

    @property
    def text(self) -> str:
        return self.outline.question

    @property
    def written(self) -> bool:
        return self.answer is not None


class Case(msgspec.Struct, frozen=True, kw_only=True):
    meta: CaseFile
    questions: list[Question]
    root: str = ""

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def variant(self, name: str) -> Variant:
        for v in self.meta.variants:
            if v.name == name:
                return v
        raise KeyError(name)
