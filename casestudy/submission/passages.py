"""Sentences of prose, each with the line it starts on and its content words: the unit
that originality compares, in a submission and in the model answers alike.

A sentence keeps the student's own text (case and punctuation; line breaks become
spaces) so a match can be shown as written. Its *content words* are what is compared:
tokens (casestudy.text.words) without citations, link targets or function words, each
folded to one spelling and stemmed, so inserted fillers, dropped articles, British or
American spelling and plurals change nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casestudy.content.checklist import prose_words
from casestudy.text.words import FUNCTION_WORDS, folded

_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
_LIST = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_BOX = re.compile(r"[\u2500-\u257f]")  # box-drawing characters: a terminal page's borders
LONGEST = 40  # content words; a run-on "sentence" (a table row, a list) is cut into pieces


@dataclass(frozen=True)
class Sentence:
    text: str  # as written, whitespace collapsed
    line: int  # where it starts (1-based)
    words: tuple[str, ...]  # content words, folded and stemmed
    offset: int = 0  # index of its first content word in its passage


def content_words(text: str) -> list[str]:
    """The content words of `text`: prose tokens, function words out, spelling folded, stemmed."""
    return [folded(w) for w in prose_words(text) if w not in FUNCTION_WORDS]


def paragraphs(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Consecutive lines of prose as paragraphs: a blank line ends one, a list item or a
    heading starts one."""
    out: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for n, line in lines:
        bare = _BOX.sub(" ", line).strip()
        if not bare or bare.startswith("#") or _LIST.match(bare):
            if current:
                out.append(current)
            current = [(n, line)] if bare else []
            if bare.startswith("#"):
                out.append(current)
                current = []
            continue
        current.append((n, line))
    if current:
        out.append(current)
    return out


def sentences(lines: list[tuple[int, str]]) -> list[Sentence]:
    """The sentences of `lines` ((line number, text) pairs), with where each starts and the
    position of its first content word in the whole sequence (for fingerprints)."""
    out: list[Sentence] = []
    offset = 0
    for para in paragraphs(lines):
        joined = ""
        starts: list[tuple[int, int]] = []
        for n, line in para:
            starts.append((len(joined), n))
            joined += _BOX.sub(" ", line) + "\n"
        cut = 0
        pieces = [m.end() for m in _END.finditer(joined)] + [len(joined)]
        for end in pieces:
            chunk = joined[cut:end]
            at = cut + len(chunk) - len(chunk.lstrip())
            first = next(n for pos, n in reversed(starts) if pos <= at) if starts else 0
            cut = end
            shown = " ".join(_LIST.sub("", chunk.strip()).split())
            words = content_words(chunk)
            if not words:
                continue
            for i in range(0, len(words), LONGEST):
                part = tuple(words[i : i + LONGEST])
                out.append(Sentence(shown, first, part, offset))
                offset += len(part)
    return out


def words_of(found: list[Sentence]) -> list[str]:
    """Every content word of `found`, in order (positions match Sentence.offset)."""
    return [w for s in found for w in s.words]
