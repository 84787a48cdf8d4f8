"""`export --format tsv`: Anki's header lines, five columns on every line whatever the
content holds, the .apkg's GUIDs, and (with Anki's library) an import that finds them."""

from __future__ import annotations

import html
import importlib.util
import re

from casestudy.render.anki import note_guid
from casestudy.render.tsv import render_tsv
from tests.helpers import require

HEADER = ["#separator:tab", "#html:true", "#notetype:Basic", "#guid column:1", "#deck column:2", "#tags column:3"]


def rows(text: str) -> list[list[str]]:
    lines = text.split("\n")
    assert lines[: len(HEADER)] == HEADER
    assert lines[-1] == ""  # ends with a newline
    return [line.split("\t") for line in lines[len(HEADER):-1]]


def shown(fragment: str) -> str:
    """The text of an HTML field, tags dropped, `<br>` a line break."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("<br>", "\n")))


def test_header_lines_and_five_columns_for_the_whole_bank(netflix):
    text = render_tsv(netflix, netflix.questions)
    table = rows(text)
    items = [(q, i) for q in netflix.questions if q.answer for i in q.answer.quiz]
    assert len(table) == len(items) == 193
    for row, (q, item) in zip(table, items):
        assert len(row) == 5, row
        guid, deck, tags, front, back = row
        assert guid == note_guid("netflix", item.id)
        assert re.fullmatch(r"[0-9A-Za-z]{11}", guid)
        assert deck == f"Case Study 2: Netflix System Design::Q{q.number}. {q.title}"
        assert tags == f"casestudy::netflix::{q.id} casestudy::kind::{item.kind}"
        assert item.prompt in shown(front)
        assert item.explanation in shown(back)
        assert f"Read more: casestudy show {q.id} --section " in shown(back)


def test_tabs_line_breaks_and_quotes_in_content_never_break_a_line(tricky_case, tricky):
    table = rows(render_tsv(tricky_case, tricky_case.questions))
    assert [len(row) for row in table] == [5, 5, 5, 5]
    wanted = tricky.replace("\r\n", "\n")
    for row in table:
        front, back = row[3], row[4]
        assert '"' not in front + back and "\n" not in front + back
        assert wanted in shown(front)
    mcq, tf, short, card = table
    assert shown(mcq[3]).startswith("Q1. Alpha · multiple choice[html] Tricky ~ = # { } : \\ \\n")
    assert "<b>bold</b>" not in mcq[3] and "&lt;b&gt;bold&lt;/b&gt;" in mcq[3]
    assert shown(mcq[4]).startswith("a) %50% Tricky")
    assert shown(tf[3]).startswith("Q1. Alpha · true or false" + "True or false? Tricky")
    assert shown(tf[4]).startswith("False")
    assert shown(short[4]).startswith("Model answer: " + wanted)
    assert shown(card[4]).startswith(wanted)


def test_a_deck_name_with_a_quote_is_quoted(quoted_case):
    assert {row[1] for row in rows(render_tsv(quoted_case, quoted_case.questions))} == {'"The ""quoted"" case::Q1. Alpha"'}


def test_anki_imports_every_line_once(tmp_path, quoted_case, tricky):
    require(importlib.util.find_spec("anki") is not None, "Anki's library is not installed (pip install -e '.[test]')")
    from anki.collection import Collection, ImportCsvRequest

    case = quoted_case
    path = tmp_path / "bank.txt"
    path.write_text(render_tsv(case, case.questions), encoding="utf-8")
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        for _ in range(2):
            metadata = col.get_csv_metadata(str(path), None)
            col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
            assert col.note_count() == 4
        notes = [col.get_note(n) for n in col.find_notes("")]
        assert sorted(n.guid for n in notes) == sorted(note_guid("mini", i) for i in ("x-mcq", "x-tf", "x-short", "x-card"))
        assert {n.note_type()["name"] for n in notes} == {"Basic"}
        assert all(tricky.replace("\r\n", "\n") in shown(n.fields[0]) for n in notes)
        assert sorted(col.decks.name(col.get_card(c).did) for c in col.find_cards("")) == ['The "quoted" case::Q1. Alpha'] * 4
        assert sorted(notes[0].tags) == ["casestudy::kind::mcq", "casestudy::mini::q1"]
    finally:
        col.close()
