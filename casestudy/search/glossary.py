"""The case's glossary as one list: every term of every answer, found by name with small
typos and plurals forgiven, with the questions that use it and the terms it relates to."""

from __future__ import annotations

import re

import msgspec

from casestudy.content import model
from casestudy.errors import NoMatch, shorten
from casestudy.search.documents import plain
from casestudy.text import words


class Definition(msgspec.Struct, frozen=True):
    qid: str
    text: str


class Entry(msgspec.Struct, frozen=True):
    term: str
    definitions: list[Definition]  # one per answer that defines it, in question order
    used_in: list[str]  # question ids whose answers mention the term
    related: list[str]  # other terms named in its definitions, or whose definitions name it
    home: str  # of the questions that define it, the one whose answer says most about it


def key(term: str) -> str:
    """A term as it is looked up: case, punctuation and a plural ending do not matter (the
    shared tokeniser and stemmer of text/words.py, as quiz grading and the checker use)."""
    return " ".join(words.stem(t) for t in words.tokens(term))


def _as_words(text: str) -> str:
    """`text` as its looked-up words, with a space before and after each."""
    return f" {key(text)} "


def _mentions(text: str, wanted: str) -> int:
    """How often `text` (from `_as_words`) names the term whose key is `wanted`."""
    return text.count(f" {wanted} ") if wanted else 0


def _answer_text(a: model.AnswerFile) -> str:
    parts = [a.tldr, *a.key_points, *(s.heading + " " + s.body for s in a.sections)]
    parts += [" ".join(cell for row in t.rows for cell in row) for t in a.tables]
    return _as_words(plain(" ".join(parts)))


def entries(case: model.Case) -> list[Entry]:
    """Every term once, alphabetically; a term defined in two answers has two definitions."""
    defined: dict[str, tuple[str, list[Definition]]] = {}
    texts = {}
    for q in case.questions:
        if q.answer is None:
            continue
        texts[q.id] = _answer_text(q.answer)
        for t in q.answer.glossary:  # "Availability zone" and "Availability zone (AZ)" are one term
            k = key(re.sub(r"\([^)]*\)", " ", t.term)) or key(t.term)
            name, found = defined.get(k, (t.term, []))
            found.append(Definition(q.id, plain(t.definition)))
            defined[k] = (max(name, t.term, key=len), found)
    names_of = {k: key(name) for k, (name, _) in defined.items()}
    meanings = {k: _as_words(" ".join(d.text for d in definitions)) for k, (_, definitions) in defined.items()}
    out = []
    for k, (name, definitions) in defined.items():
        wanted = names_of[k]
        used = [qid for qid, text in texts.items() if _mentions(text, wanted) or qid in {d.qid for d in definitions}]
        own = _as_words(" ".join(d.text for d in definitions))
        related = sorted(
            (other for ok, (other, _) in defined.items() if ok != k
             and (_mentions(own, names_of[ok]) or _mentions(meanings[ok], wanted))),
            key=str.casefold,
        )
        home = max((d.qid for d in definitions), key=lambda qid: _mentions(texts[qid], wanted))
        out.append(Entry(name, definitions, used, related, home))
    return sorted(out, key=lambda e: e.term.casefold())


def names(term: str) -> list[str]:
    """The keys a term is found by: all of it, the part before a parenthesis, an acronym in
    it (`CDN`), and each side of a slash (`Region / Availability Zone`)."""
    found = [key(term)]
    outside = re.sub(r"\([^)]*\)", " ", term)
    found.append(key(outside))
    for inside in re.findall(r"\(([^)]*)\)", term):
        if inside.replace(" ", "").isupper():
            found.append(key(inside))
    if "/" in outside:
        found += [key(part) for part in outside.split("/")]
    return [k for k in dict.fromkeys(found) if k]


def define(case: model.Case, asked: str, every: list[Entry] | None = None) -> Entry:
    """The entry for `asked` (any of its `names`, in any case or number), else the one close
    match; raises NoMatch naming the nearest terms."""
    from rapidfuzz import fuzz, process

    every = entries(case) if every is None else every
    by_name: dict[str, Entry] = {}
    for e in every:
        for name in names(e.term):
            by_name.setdefault(name, e)
    wanted = key(asked)
    if not wanted:
        raise NoMatch(f"no glossary term '{shorten(asked)}'", hint="Give a term, e.g. casestudy define evcache.")
    if wanted in by_name:
        return by_name[wanted]
    close = process.extract(wanted, list(by_name), scorer=fuzz.ratio, limit=8, score_cutoff=80)
    matches = list(dict.fromkeys(by_name[name].term for name, _, _ in close))
    if len(matches) == 1:  # a small typo with one candidate: that term
        return next(e for e in every if e.term == matches[0])
    in_name = [  # every word asked is (nearly) a word of the term's name
        e.term for e in every
        if all(any(fuzz.ratio(w, v) >= 80 for v in key(e.term).split()) for w in wanted.split())
    ]
    nearest = list(dict.fromkeys(
        by_name[name].term for name, _, _ in process.extract(wanted, list(by_name), scorer=fuzz.WRatio, limit=8)
    ))
    suggested = list(dict.fromkeys([*matches, *in_name]))
    suggested = (suggested or nearest)[:4]  # far-fetched guesses only when nothing is close
    raise NoMatch(
        f"no glossary term '{shorten(asked)}'",
        hint=f"Near terms: {'; '.join(suggested)}. `casestudy glossary` lists them all; `casestudy search {_shell(asked) if shorten(asked) == asked else 'WORDS'}` searches the text.",
    )


def _shell(text: str) -> str:
    """`text` as words a shell passes on unchanged: bare when they need no quotes, else in
    double quotes (read the same way by search), else in single quotes."""
    import shlex

    words = text.split()
    if all(shlex.quote(w) == w for w in words):
        return " ".join(words)
    if not any(c in text for c in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)
