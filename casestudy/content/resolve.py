"""Finding a question from what a user typed: `q4`, `4`, a slug or an alias; did-you-mean."""

from __future__ import annotations

import re
from collections.abc import Iterable

from casestudy.content import model
from casestudy.errors import UnknownQuestion, shorten


def resolve(case: model.Case, ref: str) -> model.Question:
    """A question from what a user typed: `q4`, `Q4`, `4`, a slug or an alias."""
    wanted = ref.strip().lower()
    if wanted.isdecimal():  # isdigit() takes "²", which int() refuses
        wanted = f"q{int(wanted)}"
    for q in case.questions:
        if wanted in (q.id, q.slug, *q.outline.aliases):
            return q
    number = re.fullmatch(r"q0*([0-9]{1,9})", wanted)
    if number and case.questions:  # a number, not a name: name the range, no look-alikes
        numbers = [q.number for q in case.questions]
        ids = [q.id for q in case.questions]
        span = f"{ids[0]}–{ids[-1]}" if numbers == list(range(numbers[0], numbers[0] + len(numbers))) else ", ".join(ids)
        raise UnknownQuestion(
            f"there is no question {int(number.group(1))}; questions are {span}",
            hint="`casestudy list` shows them all.",
        )
    import difflib  # only for a did-you-mean: a question found needs none

    names = [n for q in case.questions for n in (q.id, q.slug, *q.outline.aliases)]
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    suggestion = f" Did you mean {' or '.join(close)}?" if close else ""
    valid = ", ".join(f"{q.id} ({q.slug})" for q in case.questions)
    raise UnknownQuestion(
        f"no question '{shorten(ref)}'.{suggestion}",
        hint=f"Valid questions: {valid}. `casestudy list` shows them all.",
    )


def resolve_many(case: model.Case, refs: Iterable[str]) -> list[model.Question]:
    """Several questions, in the order given, each once; `all` (or nothing) means every one."""
    refs = list(refs)
    if not refs or any(r.strip().lower() == "all" for r in refs):
        return list(case.questions)
    out: list[model.Question] = []
    for ref in refs:
        q = resolve(case, ref)
        if q not in out:
            out.append(q)
    return out
