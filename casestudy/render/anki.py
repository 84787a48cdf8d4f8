"""The quiz bank as Anki notes: stable ids, each item's fields as HTML, the note types, and
the .apkg package built with genanki (an optional extra, imported only when it is built).

Ids never depend on the wording: a note's GUID comes from the case id and the item id, a
deck's id from the case id and the question id, a note type's id from the case id and the
kind. Importing an updated deck therefore updates its notes instead of adding copies, and
two cases never share a deck, a note type or a note."""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import os
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from typing import Any

from casestudy.content import model
from casestudy.errors import CaseStudyError

KIND_TITLES = {"flashcard": "flashcard", "mcq": "multiple choice", "tf": "true or false", "short": "short answer"}

# Each note type's fields, in order; the first is the card's sort field. Never rename or
# reorder them: Anki matches an imported note type to the one it has by its fields.
FIELDS: dict[str, tuple[str, ...]] = {
    "flashcard": ("Prompt", "Answer", "Explanation", "Hint", "ReadMore", "Question", "Item"),
    "mcq": ("Prompt", "Options", "Answer", "Explanation", "Hint", "ReadMore", "Question", "Item"),
    "tf": ("Prompt", "Answer", "Explanation", "Hint", "ReadMore", "Question", "Item"),
    "short": ("Prompt", "ModelAnswer", "KeyIdeas", "Explanation", "Hint", "ReadMore", "Question", "Item"),
}

ID_RANGE = (1 << 30, 1 << 31)  # genanki's advice for model and deck ids
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


# --- stable ids --------------------------------------------------------------------


def _digest(*parts: str) -> int:
    """A 64-bit number from `parts` (NUL-separated, so ("ab", "c") and ("a", "bc") differ)."""
    data = "\0".join(("casestudy", *parts)).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def stable_id(*parts: str) -> int:
    """An id in ID_RANGE that depends only on `parts`."""
    low, high = ID_RANGE
    return low + _digest(*parts) % (high - low)


def model_id(case_id: str, kind: str) -> int:
    return stable_id("model", case_id, kind)


def deck_id(case_id: str, qid: str | None = None) -> int:
    """The case's deck (qid None) or the sub-deck of one of its questions."""
    return stable_id("deck", case_id) if qid is None else stable_id("deck", case_id, qid)


def note_guid(case_id: str, item_id: str) -> str:
    """The note's GUID: 11 letters and digits (never `#`, which starts a comment in a
    text file Anki imports)."""
    n, out = _digest("note", case_id, item_id), ""
    for _ in range(11):
        n, rest = divmod(n, 62)
        out += _BASE62[rest]
    return out


# --- names and text ------------------------------------------------------------------


def one_line(text: str) -> str:
    """Text for a name: whitespace runs (tabs and line breaks too) become one space."""
    return " ".join(text.split())


def deck_part(text: str) -> str:
    """One level of a deck name: `::` would start a new level, so it is broken up."""
    return one_line(text).replace("::", ": :")


def root_deck(case: model.Case) -> str:
    return deck_part(case.meta.title) or case.meta.id


def question_label(case: model.Case, q: model.Question) -> str:
    """`Q7. Consistency`; numbers padded so that Anki's alphabetical order is theirs."""
    width = len(str(max((x.number for x in case.questions), default=1)))
    return f"Q{q.number:0{width}d}. {one_line(q.title)}"


def sub_deck(case: model.Case, q: model.Question) -> str:
    return f"{root_deck(case)}::{deck_part(question_label(case, q))}"


def tag(text: str) -> str:
    """A tag holds no white space."""
    return "_".join(text.split())


def html_text(text: str, *, quote: bool = True) -> str:
    """Text shown as it is in HTML: `<`, `&` (and quotes, unless `quote` is false) escaped,
    line breaks as `<br>`, tabs as `&#9;`, so no field of a tab-separated line ever holds a
    tab, a line break or a quote."""
    escaped = html.escape(text, quote=quote)
    if quote:
        escaped = escaped.replace("\t", "&#9;")
    return _LINE_BREAK.sub("<br>", escaped)


_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")


def html_list(items: list[str], *, lettered: bool = False, quote: bool = True) -> str:
    """A bulleted list, or one lettered a), b), … as the options of a multiple choice."""
    if not items:
        return ""
    opening, closing = ("<ol type=a>", "</ol>") if lettered else ("<ul>", "</ul>")
    return opening + "".join(f"<li>{html_text(i, quote=quote)}</li>" for i in items) + closing


# --- each item as a note's fields ----------------------------------------------------


@dataclass(frozen=True)
class Card:
    """One quiz item as a note: where it goes, how it is found again, its fields (HTML)."""

    guid: str
    kind: str
    qid: str
    item_id: str
    deck: str
    tags: tuple[str, ...]
    fields: dict[str, str]

    def values(self) -> list[str]:
        return [self.fields[name] for name in FIELDS[self.kind]]


def read_more(q: model.Question, item: model.QuizItem) -> str:
    """`casestudy show q7 --section 3 — Heading`: the command that opens where the item's
    answer is explained, and the section's heading."""
    assert q.answer is not None
    for n, section in enumerate(q.answer.sections, 1):
        if section.id == item.section:
            return f"casestudy show {q.id} --section {n} — {one_line(section.heading)}"
    return f"casestudy show {q.id}"


def mcq_answer(item: model.MCQ) -> str:
    """`b) the right option`, lettered as the options are on the front."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    at = item.options.index(item.answer) if item.answer in item.options else -1
    return f"{letters[at]}) {item.answer}" if 0 <= at < len(letters) else item.answer


def _fields(case: model.Case, q: model.Question, item: model.QuizItem) -> dict[str, str]:
    fields = {
        "Prompt": html_text(item.prompt),
        "Explanation": html_text(item.explanation),
        "Hint": html_text(item.hint),
        "ReadMore": html_text(read_more(q, item)),
        "Question": html_text(question_label(case, q)),
        "Item": html_text(item.id),
    }
    if isinstance(item, model.MCQ):
        fields["Options"] = html_list(item.options, lettered=True)
        fields["Answer"] = html_text(mcq_answer(item))
    elif isinstance(item, model.TrueFalse):
        fields["Answer"] = "True" if item.answer else "False"
    elif isinstance(item, model.ShortAnswer):
        fields["ModelAnswer"] = html_text(item.answer)
        fields["KeyIdeas"] = html_list([k.idea for k in item.key_ideas])
    else:
        fields["Answer"] = html_text(item.answer)
    return fields


def cards(case: model.Case, questions: list[model.Question], kinds: tuple[str, ...] = model.KINDS) -> list[Card]:
    """Every item of the written questions, of `kinds`, in content order."""
    out: list[Card] = []
    cid = case.meta.id
    for q in questions:
        if q.answer is None:
            continue
        for item in q.answer.quiz:
            if item.kind not in kinds:
                continue
            out.append(
                Card(
                    guid=note_guid(cid, item.id),
                    kind=item.kind,
                    qid=q.id,
                    item_id=item.id,
                    deck=sub_deck(case, q),
                    tags=(tag(f"casestudy::{cid}::{q.id}"), tag(f"casestudy::kind::{item.kind}")),
                    fields=_fields(case, q, item),
                )
            )
    return out


def nothing_to_export(questions: list[model.Question], what: str) -> CaseStudyError:
    names = ", ".join(q.id for q in questions) or "the case"
    return CaseStudyError(
        f"no quiz items to export as {what}: {names} {'has' if len(questions) == 1 else 'have'} none",
        hint="`casestudy list` shows which answers are written; export other questions.",
    )


# --- the note types: templates and style -----------------------------------------------

_HINT = '{{#Hint}}<div class="cs-hint">{{hint:Hint}}</div>{{/Hint}}\n'
_BACK_END = (
    '{{#Explanation}}<div class="cs-explanation">{{Explanation}}</div>{{/Explanation}}\n'
    '<div class="cs-read">Read more: {{ReadMore}}</div>\n'
)


def templates(kind: str) -> tuple[str, str]:
    """The front and back of a kind's card (Anki's {{Field}} templates)."""
    prompt = "True or false? {{Prompt}}" if kind == "tf" else "{{Prompt}}"
    front = (
        '<div class="cs-meta">{{Question}} · ' + KIND_TITLES[kind] + "</div>\n"
        '<div class="cs-prompt">' + prompt + "</div>\n"
    )
    if kind == "mcq":
        front += '<div class="cs-options">{{Options}}</div>\n'
    front += _HINT
    if kind == "short":
        answer = (
            '<div class="cs-answer"><div class="cs-label">Model answer</div>{{ModelAnswer}}</div>\n'
            '{{#KeyIdeas}}<div class="cs-ideas"><div class="cs-label">Key ideas</div>{{KeyIdeas}}</div>{{/KeyIdeas}}\n'
        )
    else:
        answer = '<div class="cs-answer">{{Answer}}</div>\n'
    return front, '{{FrontSide}}\n<hr id="answer">\n' + answer + _BACK_END


# Readable in light and dark mode: text and background are Anki's own (--fg, --canvas);
# accents have a light and a dark version; the rest is opacity, which works on both.
CSS = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px; line-height: 1.45; text-align: left;
  color: var(--fg, #1f2328); background-color: var(--canvas, #ffffff);
}
.card.nightMode, .night_mode .card { color: var(--fg, #e6edf3); background-color: var(--canvas, #1e1e1e); }
.cs-meta, .cs-read, .cs-label { font-size: 0.8em; opacity: 0.7; }
.cs-label { font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
.cs-prompt { font-weight: 600; margin: 0.4em 0 0.6em; }
.cs-options ol { margin: 0.2em 0; padding-left: 1.6em; }
.cs-options li { margin: 0.25em 0; }
.cs-hint { font-size: 0.9em; opacity: 0.85; }
.cs-answer, .cs-ideas { border-left: 4px solid #1a7f37; padding: 0.1em 0 0.1em 0.6em; margin: 0.6em 0; }
.card.nightMode .cs-answer, .night_mode .cs-answer, .card.nightMode .cs-ideas, .night_mode .cs-ideas {
  border-left-color: #3fb950;
}
.cs-explanation { margin: 0.6em 0; }
"""


# --- the package --------------------------------------------------------------------

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the same bytes for the same content and timestamp


def _genanki() -> Any:
    try:
        import genanki
    except ImportError:
        raise CaseStudyError(
            "the anki format needs genanki", hint="Install it with: pip install 'casestudy[anki]'"
        ) from None
    return genanki


def render_anki(case: model.Case, questions: list[model.Question], *, timestamp: float) -> bytes:
    """The .apkg file: one deck for the case with a sub-deck per question, a note per item.

    `timestamp` (seconds) dates the notes: Anki updates a note it has when the imported one
    is newer. Raises CaseStudyError when genanki is missing or there is nothing to export."""
    genanki = _genanki()
    found = cards(case, questions)
    if not found:
        raise nothing_to_export(questions, "an Anki deck")
    cid = case.meta.id
    models = {}
    for kind in model.KINDS:
        front, back = templates(kind)
        models[kind] = genanki.Model(
            model_id(cid, kind),
            f"casestudy {cid}: {KIND_TITLES[kind]}",
            fields=[{"name": name} for name in FIELDS[kind]],
            templates=[{"name": KIND_TITLES[kind].capitalize(), "qfmt": front, "afmt": back}],
            css=CSS,
        )
    root = genanki.Deck(deck_id(cid), root_deck(case), description=_description(case))
    decks: dict[str, Any] = {}
    by_id = {q.id: q for q in questions}
    for card in found:
        if card.qid not in decks:
            decks[card.qid] = genanki.Deck(deck_id(cid, card.qid), card.deck, description=html_text(by_id[card.qid].text))
        decks[card.qid].add_note(
            genanki.Note(model=models[card.kind], fields=card.values(), tags=list(card.tags), guid=card.guid)
        )
    return _apkg(genanki.Package([root, *decks.values()]), timestamp)


def _description(case: model.Case) -> str:
    source = case.meta.source
    return (
        f"{html_text(case.meta.title)}: quiz items from casestudy (content {html_text(case.meta.version)}). "
        f"Source: {html_text(source.title)}, {html_text(source.author)}, {source.year}."
    )


def _apkg(package: Any, timestamp: float) -> bytes:
    """The package's collection, zipped in memory. genanki's own write_to_file leaves its
    temporary database behind; here it lives in a folder that is always removed."""
    with tempfile.TemporaryDirectory(prefix="casestudy-anki-") as folder:
        path = os.path.join(folder, "collection.anki2")
        db = sqlite3.connect(path)
        try:
            package.write_to_db(db.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            db.commit()
        finally:
            db.close()
        with open(path, "rb") as stream:
            collection = stream.read()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
