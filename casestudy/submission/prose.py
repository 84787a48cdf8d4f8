"""What in an answer is not the student's prose: the skeleton's hidden checklist pasted as
visible text (it lists what to explain; it is not an answer), and answers that are mostly a
bare list of terms without sentences."""

from __future__ import annotations

import re
from collections.abc import Mapping

from casestudy.content import model
from casestudy.content.checklist import checklist
from casestudy.submission.passages import paragraphs

_LABEL = re.compile(r"^(?:terms to explain|key point \d+)\s*:\s*", re.I)
_MARKER = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
FRAGMENT = 7  # a paragraph or list item of fewer words is a term, not an explanation
MOSTLY_LIST = 0.5  # an answer with this share of its words in fragments is a bare list


def _plain(text: str) -> str:
    """`text` as compared with a checklist item: spacing collapsed, case folded, no final stop."""
    return " ".join(text.split()).casefold().rstrip(" .;")


def checklist_items(case: model.Case, variant: model.Variant) -> frozenset[str]:
    """Every item of the skeleton's checklists for `variant`, with and without its label
    (`Key point 2:`), as a student might paste it."""
    out: set[str] = set()
    for qid in variant.questions:
        for item in checklist(case.question(qid), case):
            out.add(_plain(item))
            out.add(_plain(_LABEL.sub("", item)))
    out.discard("")
    return frozenset(out)


def split_checklist(lines: list[tuple[int, str]], items: frozenset[str]) -> tuple[list[tuple[int, str]], list[int]]:
    """`lines` with those that are a checklist item, as written there (a list marker and
    spacing aside, commas kept: `Alpha comes first.` is a sentence, `alpha, comes, first`
    the item), blanked, and the numbers of those lines."""
    kept: list[tuple[int, str]] = []
    pasted: list[int] = []
    for n, line in lines:
        bare = _MARKER.sub("", line)
        if not bare.lstrip().startswith("#") and _plain(bare) in items:
            pasted.append(n)
            kept.append((n, ""))
        else:
            kept.append((n, line))
    return kept, pasted


def fragment_share(lines: list[tuple[int, str]], words: Mapping[int, int]) -> tuple[int, int]:
    """(words in fragments, all words), given the words on each line: a fragment is a
    paragraph or list item of fewer than FRAGMENT words, a term named rather than explained."""
    short = total = 0
    for para in paragraphs(lines):
        if para and para[0][1].lstrip().startswith("#"):
            continue  # a heading names, it need not explain
        count = sum(words.get(n, 0) for n, _ in para)
        total += count
        if count < FRAGMENT:
            short += count
    return short, total


def spans(numbers: list[int]) -> str:
    """Line numbers as spans: `12–14, 18`."""
    out: list[str] = []
    for n in numbers:
        if out and out[-1].split("–")[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('–')[0]}–{n}"
        else:
            out.append(str(n))
    return ", ".join(out)
