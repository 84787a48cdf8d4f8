"""The quiz bank as a text file Anki imports (File > Import): tab-separated, HTML fields,
with Anki's header lines naming the separator, the note type and the deck, tag and GUID
columns.

Each line is one note of Anki's own Basic type: GUID, deck, tags, Front, Back. The GUIDs
are those of the .apkg (render/anki.py), so importing an updated file updates the notes.
Fields are HTML-escaped, so they hold no tab, no line break and no quote: a line never
splits and a field is never read as quoted; the GUID, made of letters and digits, opens
every line, so no line is read as a `#` comment."""

from __future__ import annotations

from casestudy.content import model
from casestudy.render.anki import KIND_TITLES, Card, cards, nothing_to_export

COLUMNS = ("guid", "deck", "tags", "Front", "Back")
HEADER = (
    "#separator:tab",
    "#html:true",
    "#notetype:Basic",
    f"#guid column:{COLUMNS.index('guid') + 1}",
    f"#deck column:{COLUMNS.index('deck') + 1}",
    f"#tags column:{COLUMNS.index('tags') + 1}",
)


def front(card: Card) -> str:
    f = card.fields
    prompt = f"True or false? {f['Prompt']}" if card.kind == "tf" else f["Prompt"]
    out = f"<div><small>{f['Question']} · {KIND_TITLES[card.kind]}</small></div><div><b>{prompt}</b></div>"
    if card.kind == "mcq":
        out += f["Options"]
    if f["Hint"]:
        out += f"<details><summary>Hint</summary>{f['Hint']}</details>"
    return out


def back(card: Card) -> str:
    f = card.fields
    if card.kind == "short":
        out = f"<div><b>Model answer:</b> {f['ModelAnswer']}</div>"
        if f["KeyIdeas"]:
            out += f"<div><b>Key ideas:</b></div>{f['KeyIdeas']}"
    else:
        out = f"<div><b>{f['Answer']}</b></div>"
    if f["Explanation"]:
        out += f"<div>{f['Explanation']}</div>"
    return out + f"<div><small>Read more: {f['ReadMore']}</small></div>"


def _cell(text: str) -> str:
    """A deck name as a column: never a tab or a line break; quoted if it holds a quote."""
    text = " ".join(text.split())
    return '"' + text.replace('"', '""') + '"' if '"' in text else text


def render_tsv(case: model.Case, questions: list[model.Question]) -> str:
    """The whole file: header lines, then one line per quiz item, ending with a newline."""
    found = cards(case, questions)
    if not found:
        raise nothing_to_export(questions, "TSV")
    lines = list(HEADER)
    for card in found:
        row = {"guid": card.guid, "deck": _cell(card.deck), "tags": " ".join(card.tags),
               "Front": front(card), "Back": back(card)}
        lines.append("\t".join(row[name] for name in COLUMNS))
    return "\n".join(lines) + "\n"

