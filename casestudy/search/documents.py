"""What search indexes: every piece of a case as a document with its question and section."""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec

from casestudy.content import model

# Where a hit was found, as a student reads it; also the order the kinds are listed in.
KINDS = (
    "question", "tl;dr", "key point", "section", "table", "figure", "diagram",
    "misconception", "glossary", "quiz",
)

_MARKUP = re.compile(r"\*\*|__|`|\s*\[@[^\]]*\]|[\x00-\x08\x0b-\x1f\x7f]")


class Document(msgspec.Struct, frozen=True):
    """One searchable piece. `heading` outranks `lead`, which outranks `body` (bm25 weights)."""

    qid: str
    kind: str
    heading: str
    lead: str
    body: str
    section: str = ""  # the section's id, when the piece belongs to one
    section_number: int = 0  # its position in the answer (1-based), 0 when none


def plain(text: str) -> str:
    """Text as it reads: citations, emphasis marks and control characters left out."""
    return " ".join(_MARKUP.sub("", text).split())


def documents(case: model.Case) -> Iterator[Document]:
    """Every piece of every question, written or not, in reading order."""
    for q in case.questions:
        yield Document(q.id, "question", plain(q.title), plain(q.text), " ".join(q.outline.aliases))
        if q.answer is not None:
            yield from _answer(q.id, q.answer)


def _answer(qid: str, answer: model.AnswerFile) -> Iterator[Document]:
    numbers = {s.id: n for n, s in enumerate(answer.sections, 1)}

    def doc(kind: str, heading: str, lead: str, body: str, section: str = "") -> Document:
        return Document(qid, kind, plain(heading), plain(lead), plain(body), section, numbers.get(section, 0))

    yield doc("tl;dr", "", answer.tldr, "")
    for point in answer.key_points:
        yield doc("key point", "", point, "")
    for s in answer.sections:
        yield doc("section", s.heading, "", s.body, s.id)
    for t in answer.tables:
        cells = " ".join(" ".join(row) for row in t.rows)
        yield doc("table", t.title, " ".join(t.columns), f"{cells} {t.caption}", t.section)
    for d in answer.diagrams:
        yield doc("diagram", d.title, "", d.caption, d.section)
    for n in answer.numbers:
        yield doc("figure", n.figure, n.measures, n.note)
    for m in answer.misconceptions:
        yield doc("misconception", "", m.claim, m.correction)
    for term in answer.glossary:
        yield doc("glossary", term.term, "", term.definition)
    for item in answer.quiz:
        yield doc("quiz", "", item.prompt, item.explanation, item.section)
