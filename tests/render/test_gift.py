"""`export --format gift`: read back with a small GIFT reader that follows Moodle's own
importer (question/format/gift/format.php), every item comes back as it was written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from casestudy.content import model
from casestudy.render.gift import SPECIAL, category, escape, render_gift

# --- a GIFT reader, after Moodle's importer -------------------------------------------------

_ESCAPES = {":": "&&058;", "#": "&&035;", "=": "&&061;", "{": "&&123;", "}": "&&125;", "~": "&&126;", "n": "&&010"}


def _pre(text: str) -> str:
    """Moodle's escapedchar_pre: `\\\\` first, then each escaped character to a placeholder."""
    text = text.replace("\\\\", "&&092;")
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for char, placeholder in _ESCAPES.items():
        text = text.replace(placeholder, "\n" if char == "n" else char)
    return text


class _Text(HTMLParser):
    """HTML to the text a reader sees: `<br>` a line break, list items one per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "li", "p"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def shown(fragment: str) -> str:
    """What Moodle shows for an [html] fragment, as text."""
    reader = _Text()
    reader.feed(fragment)
    reader.close()
    return "".join(reader.parts)


def _format(text: str) -> tuple[str, str]:
    """parse_text_with_format: a leading `[html]` (or another known format) and the rest."""
    m = re.match(r"\[(html|moodle|plain|markdown)\]", text)
    return (m.group(1), text[m.end():].strip()) if m else ("moodle", text.strip())


@dataclass
class Gift:
    name: str
    kind: str  # multichoice, truefalse, essay, shortanswer, numerical, match, description
    text: str  # as Moodle stores it (HTML for [html])
    format: str
    category: str
    answers: list[tuple[str, float]] = field(default_factory=list)  # (text, fraction)
    truth: bool | None = None
    general_feedback: str = ""


def read_gift(source: str) -> list[Gift]:
    out: list[Gift] = []
    current_category = ""
    blocks, lines = [], []
    for line in source.split("\n"):
        if line.strip():
            lines.append(line)
        elif lines:
            blocks.append(lines)
            lines = []
    if lines:
        blocks.append(lines)
    for block in blocks:
        text = "\n".join(" " if line.strip().startswith("//") else line for line in block).strip()
        if not text:
            continue
        text = _pre(text)
        if text.startswith("$CATEGORY:"):
            current_category = text[10:].strip()
            continue
        assert text.startswith("::"), text
        end = text.index("::", 2)
        name, text = _post(text[2:end]), text[end + 2:].strip()
        start, finish = text.index("{"), text.index("}")
        assert text.count("{") == text.count("}") == 1, "an unescaped brace"
        answer_text = text[start + 1:finish].strip()
        question_text = text[:start] + text[finish + 1:]
        general = ""
        if "####" in answer_text:
            at = answer_text.rindex("####")
            general, answer_text = answer_text[at + 4:], answer_text[:at].strip()
        fmt, body = _format(question_text)
        item = Gift(name, "", _post(body), fmt, current_category, general_feedback=_post(_format(general)[1]))
        if answer_text == "":
            item.kind = "essay"
        elif answer_text[0] == "#":
            item.kind = "numerical"
        elif "~" in answer_text:
            item.kind = "multichoice"
            for answer in answer_text.replace("=", "~=").split("~"):
                answer = answer.strip()
                if not answer:
                    continue
                assert not re.match(r"%-*\d{1,2}\.?\d*%", answer), f"read as a weight: {answer}"
                right = answer.startswith("=")
                ans = answer[1:] if right else answer
                assert "#" not in ans, "an answer with feedback: none is written"
                ans_format, ans_text = _format(ans)
                assert ans_format == "moodle", f"read as a format: {ans}"
                item.answers.append((_post(ans_text), 1.0 if right else 0.0))
        elif "=" in answer_text and "->" in answer_text:
            item.kind = "match"
        elif answer_text.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
            item.kind = "truefalse"
            item.truth = answer_text.split("#")[0].strip() in ("T", "TRUE")
        else:
            item.kind = "shortanswer"
        out.append(item)
    return out


# --- the tests ------------------------------------------------------------------------------

KIND = {"mcq": "multichoice", "tf": "truefalse", "short": "essay"}


def items(case: model.Case) -> list[tuple[model.Question, model.QuizItem]]:
    return [(q, i) for q in case.questions if q.answer for i in q.answer.quiz]


def lines(text: str) -> str:
    """Content as Moodle shows it: a CR LF is one line break; white space around is trimmed."""
    return text.replace("\r\n", "\n").strip()


def check_item(read: Gift, item: model.QuizItem) -> None:
    """One item read back: its kind, text, options, the right one and its feedback."""
    assert read.name == item.id
    assert read.kind == KIND[item.kind]
    assert read.format == "html"
    assert shown(read.text) == lines(item.prompt)
    feedback = shown(read.general_feedback)
    assert lines(item.explanation) in feedback
    if isinstance(item, model.MCQ):
        assert [shown(text) for text, _ in read.answers] == [lines(o) for o in item.options]
        assert [shown(text) for text, fraction in read.answers if fraction == 1.0] == [lines(item.answer)]
    elif isinstance(item, model.TrueFalse):
        assert read.truth is item.answer
    elif isinstance(item, model.ShortAnswer):
        assert lines(f"Model answer: {item.answer}") in feedback
        for idea in item.key_ideas:
            assert "\n" + lines(idea.idea) in feedback


def test_every_special_character_comes_back_as_written(tricky_case, tricky):
    assert all(char in tricky for char in SPECIAL + "\\<>&\"'\t\n")
    text = render_gift(tricky_case, tricky_case.questions)
    read = read_gift(text)
    wanted = [(q, i) for q, i in items(tricky_case) if i.kind != "flashcard"]
    assert [r.name for r in read] == [i.id for _, i in wanted] == ["x-mcq", "x-tf", "x-short"]
    for r, (_, item) in zip(read, wanted):
        check_item(r, item)
    assert read[0].answers[0][0].startswith("&#37;50% Tricky")  # the weight-like start is an entity


def test_the_whole_netflix_bank_reads_back(netflix):
    read = read_gift(render_gift(netflix, netflix.questions))
    wanted = [(q, i) for q, i in items(netflix) if i.kind in KIND]
    assert len(read) == len(wanted) == 145
    for r, (q, item) in zip(read, wanted):
        check_item(r, item)
        assert r.category == f"$course$/top/Case Study 2: Netflix System Design/{q.id.upper()}. {q.title}"
        assert f"Read more: casestudy show {q.id} --section " in shown(r.general_feedback)


def test_short_answers_are_essays_with_the_model_answer_as_general_feedback(mini_case):
    text = render_gift(mini_case, mini_case.questions)
    (essay,) = [r for r in read_gift(text) if r.name == "t-04"]
    assert (essay.kind, essay.answers) == ("essay", [])
    assert shown(essay.general_feedback) == (
        "\nModel answer: Because it is the first letter of the Greek alphabet."
        "\nKey ideas:\nIt is the first letter\nIt is Greek"
        "\nOrder follows the alphabet.\nRead more: casestudy show q1 --section 2 — Use"
    )


def test_flashcards_are_left_out_and_a_category_opens_each_question(mini_case):
    text = render_gift(mini_case, mini_case.questions, version="9.9")
    assert text.startswith("// A tiny case: 3 questions from casestudy 9.9 (content test). ")
    assert [r.name for r in read_gift(text)] == ["t-01", "t-02", "t-04"]
    assert text.count("$CATEGORY:") == 1
    assert "\n\n$CATEGORY: $course$/top/A tiny case/Q1. Alpha\n\n" in text


def test_escape_puts_a_backslash_before_each_special_character():
    assert escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert _post(_pre(escape("\\n \\: ~"))) == "\\n \\: ~"


@pytest.mark.parametrize(
    ("title", "path"),
    [
        ("TCP/IP: a \\ b", "$course$/top/TCP//IP: a \\\\ b/Q1. Alpha"),
        ("/slashed/", "$course$/top/ //slashed// /Q1. Alpha"),
    ],
)
def test_category_names_keep_their_slashes_and_backslashes(mini_case, title, path):
    import msgspec

    case = msgspec.structs.replace(mini_case, meta=msgspec.structs.replace(mini_case.meta, title=title))
    line = category(case, case.questions[0])
    assert line == "$CATEGORY: " + path
    # as Moodle reads it: backslashes undone first, then split on single slashes
    names = [n.strip().replace("//", "/") for n in re.split(r"(?<!/)/(?!/)", _pre(line)[10:].strip())]
    assert names == ["$course$", "top", title, "Q1. Alpha"]
