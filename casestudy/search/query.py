"""Searching the index: a student's query made safe for FTS5, ranked hits with snippets,
and close words from the index when nothing matches."""

from __future__ import annotations

import re
import sqlite3

import msgspec

from casestudy.errors import CaseStudyError, shorten

# bm25 weights of the columns heading, lead, body: a heading, key point or term outranks a
# passing mention in a paragraph.
WEIGHTS = (10.0, 4.0, 1.0)
START, END = "\x02", "\x03"  # snippet marks; documents.plain() keeps them out of the text
_PHRASE = re.compile(r'"([^"]*)"?')
_PIECE = re.compile(r"[^\W_]+")
MAX_WORDS = 32  # different words in one search (README, Search)


class Hit(msgspec.Struct, frozen=True):
    qid: str
    kind: str
    heading: str
    section: str
    section_number: int
    snippet: str  # with START/END around each matched word; see `marked`
    score: float


class Query(msgspec.Struct, frozen=True):
    match: str  # the FTS5 expression
    words: list[str]  # the words asked for, for suggestions
    prefixes: list[str] = []  # those of `words` asked for as a prefix (`cass*`), casefolded


def parse(text: str) -> Query:
    """`text` as an FTS5 expression: "quoted phrases" kept whole, `word*` a prefix, every
    other word required; punctuation and FTS5's own operators are taken literally. A term
    given again (in any case) is asked for once: every term is required anyway. More than
    MAX_WORDS different words is an error (a pasted paragraph: FTS5's time grows with each
    term, and every word must appear, so it would find nothing)."""
    parts: list[str] = []
    words: list[str] = []

    def add(part: str, pieces: list[str]) -> None:
        if part.casefold() not in seen:
            seen.add(part.casefold())
            parts.append(part)
        for piece in pieces:
            if piece.casefold() not in known:
                known.add(piece.casefold())
                words.append(piece)

    seen: set[str] = set()
    known: set[str] = set()
    prefixes: list[str] = []
    for phrase in _PHRASE.findall(text):
        pieces = _PIECE.findall(phrase)
        if pieces:
            add('"' + " ".join(pieces) + '"', pieces)
    rest = _PHRASE.sub(" ", text)
    for token in rest.split():
        pieces = _PIECE.findall(token)
        if not pieces:
            continue
        phrase = '"' + " ".join(pieces) + '"'
        add(phrase + " *" if token.endswith("*") else phrase, pieces)
        if token.endswith("*"):
            prefixes.append(pieces[-1].casefold())
    if not parts:
        raise CaseStudyError(
            f"nothing to search for in '{shorten(text)}'",
            hint='Give a word or two, e.g. casestudy search "circuit breaker".',
        )
    if len(words) > MAX_WORDS:
        raise CaseStudyError(
            f"the search has {len(words)} different words; at most {MAX_WORDS} are searched together",
            hint='Give the few words that matter, e.g. casestudy search "circuit breaker".',
        )
    return Query(" ".join(parts), words, prefixes)


class Results(msgspec.Struct, frozen=True):
    hits: list[Hit]  # the hits chosen, grouped by question (see `ranked`)
    total: int  # every hit there is for the query


ROWS = 500  # hits ranked at most; beyond, they are only counted


def ranked(conn: sqlite3.Connection, text: str, limit: int = 10, per_question: int = 3) -> Results:
    """The best `limit` hits for `text`, grouped by question: the questions that say most
    about it first (the sum of their best hits' scores, each counting half the one before),
    each question's hits together, best first. At most `per_question` hits of a question
    are chosen while other questions have hits too; when that leaves room, further hits of
    the same questions fill it. With the number of all hits there are."""
    query = parse(text)
    rows = conn.execute(
        f"""
        SELECT qid, kind, heading, section, section_number, bm25(docs, ?, ?, ?) AS rank,
               snippet(docs, 0, '{START}', '{END}', '…', 14),
               snippet(docs, 1, '{START}', '{END}', '…', 14),
               snippet(docs, 2, '{START}', '{END}', '…', 14)
        FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT {ROWS}
        """,
        (*WEIGHTS, query.match),
    ).fetchall()
    total = len(rows)
    if total >= ROWS:
        total = conn.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (query.match,)).fetchone()[0]
    hits = [Hit(r[0], r[1], r[2], r[3], int(r[4]), _snippet(*r[6:9]), -float(r[5])) for r in rows]
    by_question: dict[str, list[Hit]] = {}
    for hit in hits:  # best first already
        by_question.setdefault(hit.qid, []).append(hit)
    weight = {qid: sum(h.score / 2**n for n, h in enumerate(found[:5])) for qid, found in by_question.items()}
    order = sorted(by_question, key=lambda qid: (-weight[qid], qid))
    cap = per_question if len(order) > 1 else limit
    taken = {qid: min(cap, len(by_question[qid])) for qid in order}
    room = limit - sum(taken.values())
    for qid in order:  # few questions: fill up with their further hits, the first question's first
        more = max(0, min(room, len(by_question[qid]) - taken[qid]))
        taken[qid] += more
        room -= more
    chosen = [h for qid in order for h in by_question[qid][:taken[qid]]]
    return Results(chosen[:limit], total)


def search(conn: sqlite3.Connection, text: str, limit: int = 10, per_question: int = 3) -> list[Hit]:
    """The hits of `ranked`, without their count."""
    return ranked(conn, text, limit, per_question).hits


def _snippet(heading: str, lead: str, body: str) -> str:
    """The words around the match: from the text under a heading when they match there,
    else the matched heading followed by the start of its text (a term and its definition)."""
    for text in (lead, body):
        if START in text:
            return text
    rest = lead or body
    return f"{heading}: {rest}" if heading and rest else heading or rest


def marked(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, matched) pieces, for a renderer to style the matched ones."""
    pieces: list[tuple[str, bool]] = []
    for n, part in enumerate(re.split(f"[{START}{END}]", snippet)):
        if part:
            pieces.append((part, n % 2 == 1))
    return pieces


def missing(conn: sqlite3.Connection, text: str) -> list[str]:
    """The words of `text` (casefolded) that no passage has: the typos. A search can find
    nothing while every word is in the case, when no one passage has them all (or a
    phrase's words in its order)."""
    try:
        query = parse(text)
    except CaseStudyError:
        return []
    out = []
    for word in dict.fromkeys(w.casefold() for w in query.words):
        match = f'"{word}"' + (" *" if word in query.prefixes else "")
        if conn.execute("SELECT 1 FROM docs WHERE docs MATCH ? LIMIT 1", (match,)).fetchone() is None:
            out.append(word)
    return out


def suggestions(conn: sqlite3.Connection, text: str, limit: int = 5, *, typos: list[str] | None = None) -> list[str]:
    """Words of the index close to the words of `text` that no passage has (typos, or
    `typos` when the caller has them from `missing`), closest first; none for the words
    the case has."""
    from rapidfuzz import fuzz, process

    asked = missing(conn, text) if typos is None else typos
    if not asked:
        return []
    vocabulary = [row[0] for row in conn.execute("SELECT word FROM words")]
    scored: dict[str, float] = {}
    for word in asked:
        if len(word) < 3:
            continue
        for candidate, score, _ in process.extract(word, vocabulary, scorer=fuzz.ratio, limit=limit, score_cutoff=75):
            if candidate != word:
                scored[candidate] = max(score, scored.get(candidate, 0.0))
    return sorted(scored, key=lambda w: (-scored[w], w))[:limit]
