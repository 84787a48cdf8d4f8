"""The quiz bank as Moodle GIFT: every multiple-choice, true/false and short-answer item,
a `$CATEGORY` per question, the explanation as general feedback.

Moodle marks no free text, so a short answer becomes an essay question; GIFT has no way to
give an essay's information for graders, so the model answer and its key ideas go in the
general feedback (`####`). Flashcards have no place in a quiz and are left out.

Text is written as `[html]`: HTML-escaped (so content markup is shown, never obeyed; a line
break is `<br>`, so no item holds a blank line), then GIFT-escaped: a backslash before each
of `~ = # { } :` and before a backslash."""

from __future__ import annotations

from casestudy import __version__
from casestudy.content import model
from casestudy.render.anki import cards, html_list, html_text, nothing_to_export, one_line, read_more

KINDS = ("mcq", "tf", "short")
SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    """GIFT-escaped text: `\\` before a backslash and before each of `~ = # { } :`."""
    out = text.replace("\\", "\\\\")
    for char in SPECIAL:
        out = out.replace(char, "\\" + char)
    return out


def _html(content: str) -> str:
    """Content as HTML that Moodle shows as written: escaped as for Anki but for quotes
    (their entities hold a `#`), and a leading `[` or `%` as an entity, since GIFT would
    read `[html]` or `%50%` there as a format or a weight (after trimming white space, as
    Moodle does)."""
    out = html_text(content.strip(), quote=False)
    if out[:1] in ("[", "%"):
        out = f"&#{ord(out[0])};" + out[1:]
    return out


def text(content: str) -> str:
    """Content as GIFT text: HTML, then GIFT-escaped."""
    return escape(_html(content))


def category(case: model.Case, q: model.Question) -> str:
    """`$CATEGORY: $course$/top/<case>/<question>`. Moodle reads a category line before it
    undoes GIFT escapes, so only a backslash is doubled here; a `/` in a name is `//`, and
    a name that starts or ends with one is padded with a space (as Moodle's own export)."""
    parts = []
    for name in (case.meta.title, f"{q.id.upper()}. {q.title}"):
        part = one_line(name).replace("\\", "\\\\").replace("/", "//")
        if part.startswith("/"):
            part = " " + part
        if part.endswith("/"):
            part += " "
        parts.append(part)
    return "$CATEGORY: $course$/top/" + "/".join(parts)


def _feedback(q: model.Question, item: model.QuizItem) -> str:
    parts = []
    if isinstance(item, model.ShortAnswer):
        parts.append(f"<p><b>Model answer:</b> {_html(item.answer)}</p>")
        if item.key_ideas:
            parts.append(f"<p><b>Key ideas:</b></p>{html_list([k.idea for k in item.key_ideas], quote=False)}")
    if item.explanation:
        parts.append(f"<p>{_html(item.explanation)}</p>")
    parts.append(f"<p>Read more: {_html(read_more(q, item))}</p>")
    return escape("".join(parts))


def question(q: model.Question, item: model.QuizItem) -> str:
    """One item as a GIFT question (no blank line inside)."""
    lines = [f"// {one_line(item.id)} ({item.kind}): {one_line(read_more(q, item))}"]
    head = f"::{escape(item.id)}::[html]{text(item.prompt)}"
    if isinstance(item, model.MCQ):
        lines.append(head + "{")
        lines += [("=" if option == item.answer else "~") + text(option) for option in item.options]
        lines.append(f"####{_feedback(q, item)}")
        lines.append("}")
    elif isinstance(item, model.TrueFalse):
        lines.append(head + "{" + ("TRUE" if item.answer else "FALSE"))
        lines.append(f"####{_feedback(q, item)}")
        lines.append("}")
    else:
        lines.append(head + "{")
        lines.append(f"####{_feedback(q, item)}")
        lines.append("}")
    return "\n".join(lines)


def render_gift(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> str:
    """The whole file: a comment saying what made it, then per question a `$CATEGORY` and
    its items, blocks separated by a blank line; ends with a newline."""
    found = cards(case, questions, KINDS)
    if not found:
        raise nothing_to_export(questions, "GIFT (mcq, tf and short items)")
    wanted = {c.item_id for c in found}
    blocks = [
        f"// {one_line(case.meta.title)}: {len(found)} questions from casestudy {version} "
        f"(content {one_line(case.meta.version)}). Import in Moodle: Question bank > Import > GIFT format."
    ]
    for q in questions:
        items = [i for i in (q.answer.quiz if q.answer else []) if i.id in wanted]
        if items:
            blocks.append(category(case, q))
            blocks += [question(q, i) for i in items]
    return "\n\n".join(blocks) + "\n"

