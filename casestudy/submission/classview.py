"""The class view: which submissions share passages with each other.

What the course's similarity tool does across a class, run locally before hand-in: each
pair of files is compared sentence by sentence with the measure `originality.py` uses
against the model answers (fingerprints and sentence alignment over content words), on the
students' own answers only (not the skeleton's quoted questions, notes or references).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casestudy.content import model
from casestudy.submission.fingerprint import fingerprints
from casestudy.submission.originality import SHORTEST, Index, measure
from casestudy.submission.passages import Sentence, sentences, words_of
from casestudy.submission.reading import answer_lines, case_numbered, own_lines, read

MIN_SHARED = 12  # content words two files must share before they are listed as a pair


@dataclass(frozen=True)
class Shared:
    line: int  # in the first file
    text: str
    other_line: int | None  # in the second file, when one sentence matches
    other_text: str


@dataclass
class Pair:
    first: str
    second: str
    words: int = 0  # content words of the first file's answers found in the second
    shared: list[Shared] = field(default_factory=list)


def own_sentences(text: str, case: model.Case, variant: model.Variant) -> list[Sentence]:
    """The sentences of a submission's answers; the whole file's prose (references and
    quoted questions out) when it has no question headings."""
    count = len(variant.questions)
    numbers = tuple(case.question(qid).number for qid in variant.questions)
    doc = read(text, count, numbers if case_numbered(text, count, numbers) else ())
    if doc.answers:
        lines = [pair for n, qid in enumerate(variant.questions, 1) if n in doc.answers
                 for pair in answer_lines(doc, doc.answers[n], case.question(qid).text)]
    else:
        refs = doc.references()
        end = refs.line if refs else len(doc.prose) + 1
        lines = doc.lines(1, end)
        for qid in variant.questions:
            lines = own_lines(lines, case.question(qid).text)
    return sentences(lines)


def pairs(files: list[tuple[str, list[Sentence]]]) -> list[Pair]:
    """Every pair of files that share at least MIN_SHARED content words, most shared first."""
    out = []
    indexes = []
    for _, found in files:
        index = Index()
        for s in found:
            if len(s.words) >= SHORTEST:
                index.add(str(s.line), [s])
        indexes.append(index)
    for i, (first, found) in enumerate(files):
        prints = fingerprints(words_of(found))  # once a file, not once a pair
        for j in range(i + 1, len(files)):
            result = measure(found, indexes[j], prints=prints)
            if result.copied < MIN_SHARED:
                continue
            pair = Pair(first, files[j][0], result.copied)
            for m in result.matches:
                other_line = m.other.line if m.other else int(m.where)
                other_text = m.other.text if m.other else ""
                pair.shared.append(Shared(m.sentence.line, m.sentence.text, other_line, other_text))
            out.append(pair)
    return sorted(out, key=lambda p: -p.words)
